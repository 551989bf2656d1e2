/** Creating model nodes, and the context every keyword reader gets. */
import type { ArrayNode, Dialect, JsonSchemaNode, NumberNode, ObjectNode, StringNode } from '../model.js'
import type { SchemaDocument } from './resources.js'

/** Where a schema object is being read, and how to load its subschemas and report problems. */
export interface KeywordContext {
  readonly doc: SchemaDocument
  readonly dialect: Dialect
  /** The base URI in effect (for `$ref`). */
  readonly base: string
  /** JSON Pointer of the schema object. */
  readonly pointer: string
  readonly depth: number
  /** Loads the subschema `value` found at `pointer` (a JSON Pointer in the same document). */
  child(value: unknown, pointer: string): JsonSchemaNode
  /** Records a problem with the value at `pointer`. */
  problem(pointer: string, message: string): void
}

type NodeOf<K extends JsonSchemaNode['kind']> = Extract<JsonSchemaNode, { kind: K }>

/** A node of `kind` for the schema object at `ctx`, with no annotations yet. */
export function newNode<K extends JsonSchemaNode['kind']>(ctx: KeywordContext, kind: K, fields: Omit<NodeOf<K>, 'kind' | 'source' | 'pointer' | 'hasDefault'>): NodeOf<K> {
  return { kind, source: ctx.doc.name, pointer: ctx.pointer, hasDefault: false, ...fields } as unknown as NodeOf<K>
}

export function newObjectNode(ctx: KeywordContext): ObjectNode {
  return newNode(ctx, 'object', {
    properties: new Map(),
    required: [],
    additionalProperties: true,
    patternProperties: [],
    propertyDependencies: new Map(),
    schemaDependencies: new Map(),
  })
}

export function newArrayNode(ctx: KeywordContext): ArrayNode {
  return newNode(ctx, 'array', { additionalItems: true, uniqueItems: false })
}

export function newStringNode(ctx: KeywordContext): StringNode {
  return newNode(ctx, 'string', {})
}

export function newNumberNode(ctx: KeywordContext, requiresInteger = false): NumberNode {
  return newNode(ctx, 'number', { requiresInteger })
}

/** JSON Pointer of member `key` of the object at `pointer`. */
export function member(pointer: string, key: string | number): string {
  const segment = String(key)
  return `${pointer}/${segment.indexOf('~') === -1 && segment.indexOf('/') === -1 ? segment : segment.replace(/~/g, '~0').replace(/\//g, '~1')}`
}
