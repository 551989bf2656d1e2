/** Creating model nodes, and the context every keyword reader gets. */
import type { ArrayNode, Dialect, JsonSchemaNode, NumberNode, ObjectNode, StringNode } from '../model.js'
import type { SchemaDocument } from './resources.js'

/**
 * A JSON Pointer built as the loader walks down, turned into text only when needed (a problem to
 * report): most schemas have none, and their thousands of pointers are never written out.
 */
export class PointerRef {
  private text?: string

  /** `segment` undefined: the parent itself. */
  constructor(
    private readonly parent: Pointer,
    private readonly segment?: string | number,
  ) {}

  toString(): string {
    if (this.text === undefined) {
      if (this.segment === undefined) return (this.text = String(this.parent))
      const segment = String(this.segment)
      const escaped = segment.indexOf('~') === -1 && segment.indexOf('/') === -1 ? segment : segment.replace(/~/g, '~0').replace(/\//g, '~1')
      this.text = `${String(this.parent)}/${escaped}`
    }
    return this.text
  }
}

/** A JSON Pointer as text, or built lazily. */
export type Pointer = string | PointerRef

/** Where a schema object is being read, and how to load its subschemas and report problems. */
export interface KeywordContext {
  readonly doc: SchemaDocument
  readonly dialect: Dialect
  /** The base URI in effect (for `$ref`). */
  readonly base: string
  /** JSON Pointer of the schema object. */
  readonly pointer: Pointer
  readonly depth: number
  /** Loads the subschema `value` found at member `key` of `parent` (in the same document). */
  child(value: unknown, parent: Pointer, key: string | number): JsonSchemaNode
  /** Records a problem with the value at `pointer`. */
  problem(pointer: Pointer, message: string): void
}

type NodeOf<K extends JsonSchemaNode['kind']> = Extract<JsonSchemaNode, { kind: K }>

/**
 * A node with every field of every kind, unset: all nodes share one object layout, so the diff's
 * property reads stay monomorphic however many kinds a schema mixes (a measured speed-up).
 */
function blank(kind: JsonSchemaNode['kind']): Record<string, unknown> {
  return {
    kind,
    hasDefault: false,
    id: undefined,
    title: undefined,
    description: undefined,
    defaultValue: undefined,
    connectType: undefined,
    minLength: undefined,
    maxLength: undefined,
    pattern: undefined,
    requiresInteger: false,
    minimum: undefined,
    maximum: undefined,
    exclusiveMinimum: undefined,
    exclusiveMaximum: undefined,
    multipleOf: undefined,
    properties: undefined,
    required: undefined,
    additionalProperties: true,
    additionalSchema: undefined,
    patternProperties: undefined,
    propertyDependencies: undefined,
    schemaDependencies: undefined,
    minProperties: undefined,
    maxProperties: undefined,
    propertyNames: undefined,
    unevaluated: undefined,
    allItems: undefined,
    itemSchemas: undefined,
    additionalItems: true,
    additionalItemsSchema: undefined,
    minItems: undefined,
    maxItems: undefined,
    uniqueItems: false,
    contains: undefined,
    minContains: undefined,
    maxContains: undefined,
    values: undefined,
    value: undefined,
    criterion: undefined,
    subschemas: undefined,
    synthetic: false,
    schema: undefined,
    ref: undefined,
    target: undefined,
  }
}

/** A node of `kind` with `fields`, no annotations yet. */
export function newNode<K extends JsonSchemaNode['kind']>(_ctx: KeywordContext, kind: K, fields: Omit<NodeOf<K>, 'kind' | 'hasDefault'>): NodeOf<K> {
  return Object.assign(blank(kind), fields) as unknown as NodeOf<K>
}

export function newObjectNode(_ctx: KeywordContext): ObjectNode {
  const node = blank('object') as unknown as ObjectNode
  node.properties = new Map()
  node.required = []
  node.patternProperties = []
  node.propertyDependencies = new Map()
  node.schemaDependencies = new Map()
  return node
}

export function newArrayNode(_ctx: KeywordContext): ArrayNode {
  return blank('array') as unknown as ArrayNode
}

export function newStringNode(_ctx: KeywordContext): StringNode {
  return blank('string') as unknown as StringNode
}

export function newNumberNode(_ctx: KeywordContext, requiresInteger = false): NumberNode {
  const node = blank('number') as unknown as NumberNode
  node.requiresInteger = requiresInteger
  return node
}

/** JSON Pointer of member `key` of the value at `pointer`. */
export function member(pointer: Pointer, key: string | number): PointerRef {
  return new PointerRef(pointer, key)
}
