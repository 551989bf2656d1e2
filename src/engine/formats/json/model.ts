/**
 * The JSON Schema model the diff works on. It mirrors how the registry's loader sees a schema: one
 * node per JSON object, typed by the keywords present (string, number, object, array…), several
 * kinds at once becoming a synthetic `allOf`, `$ref` kept as a node pointing at its target.
 */

/** The drafts the registry supports. */
export type Dialect = 'draft-04' | 'draft-06' | 'draft-07' | '2019-09' | '2020-12'

/** Annotations every node may carry; the diff reports their changes. */
export interface Annotations {
  id?: string
  title?: string
  description?: string
  /** Whether the schema states a default (the registry's `hasDefaultValue()`). */
  hasDefault: boolean
  defaultValue?: unknown
  /** `connect.type` (Kafka Connect's JSON converter): two `bytes` types of different kinds are equal. */
  connectType?: string
}

type Base = Annotations

export interface EmptyNode extends Base {
  kind: 'empty'
}
/** The boolean schema `true` (the registry treats it as a kind of empty schema). */
export interface TrueNode extends Base {
  kind: 'true'
}
/** The boolean schema `false`. */
export interface FalseNode extends Base {
  kind: 'false'
}
export interface StringNode extends Base {
  kind: 'string'
  minLength?: number
  maxLength?: number
  pattern?: string
}
export interface NumberNode extends Base {
  kind: 'number'
  requiresInteger: boolean
  minimum?: number
  maximum?: number
  exclusiveMinimum?: number
  exclusiveMaximum?: number
  /** The literal as written, for exact decimal arithmetic. */
  multipleOf?: string
}
export interface BooleanNode extends Base {
  kind: 'boolean'
}
export interface NullNode extends Base {
  kind: 'null'
}
export interface PatternProperty {
  pattern: string
  regex: RegExp
  schema: JsonSchemaNode
}
export interface ObjectNode extends Base {
  kind: 'object'
  /** Property schemas in document order. */
  properties: Map<string, JsonSchemaNode>
  required: string[]
  /** False for `additionalProperties: false`. */
  additionalProperties: boolean
  additionalSchema?: JsonSchemaNode
  patternProperties: PatternProperty[]
  propertyDependencies: Map<string, string[]>
  schemaDependencies: Map<string, JsonSchemaNode>
  minProperties?: number
  maxProperties?: number
  propertyNames?: JsonSchemaNode
  unevaluated?: JsonSchemaNode
}
export interface ArrayNode extends Base {
  kind: 'array'
  /** `items` as one schema for every item. */
  allItems?: JsonSchemaNode
  /** `items` as a list (tuple) or `prefixItems`. */
  itemSchemas?: JsonSchemaNode[]
  /** False for `additionalItems: false` (or 2020-12 `items: false`). */
  additionalItems: boolean
  additionalItemsSchema?: JsonSchemaNode
  minItems?: number
  maxItems?: number
  uniqueItems: boolean
  contains?: JsonSchemaNode
  minContains?: number
  maxContains?: number
  unevaluated?: JsonSchemaNode
}
export interface EnumNode extends Base {
  kind: 'enum'
  values: unknown[]
}
export interface ConstNode extends Base {
  kind: 'const'
  value: unknown
}
export type Criterion = 'allOf' | 'anyOf' | 'oneOf'
export interface CombinedNode extends Base {
  kind: 'combined'
  criterion: Criterion
  subschemas: JsonSchemaNode[]
  /** Made by the loader (several kinds in one object, a list of types), not written by the author. */
  synthetic: boolean
}
export interface NotNode extends Base {
  kind: 'not'
  schema: JsonSchemaNode
}
export interface RefNode extends Base {
  kind: 'ref'
  ref: string
  /** Set once the reference is resolved (targets may come later in the document, or be the node's own ancestor). */
  target?: JsonSchemaNode
}
export interface ConditionalNode extends Base {
  kind: 'conditional'
}

export type JsonSchemaNode =
  | EmptyNode
  | TrueNode
  | FalseNode
  | StringNode
  | NumberNode
  | BooleanNode
  | NullNode
  | ObjectNode
  | ArrayNode
  | EnumNode
  | ConstNode
  | CombinedNode
  | NotNode
  | RefNode
  | ConditionalNode

/** A parsed JSON Schema: its root node and what the rest of schemactl needs. */
export interface ParsedJsonSchema {
  readonly root: JsonSchemaNode
  readonly dialect: Dialect
  /** The registry's stored form: compact JSON, keys in document order. */
  readonly canonical: string
  /** Reference names (dependency keys) this schema uses, directly or through other references. */
  readonly references: readonly string[]
}
