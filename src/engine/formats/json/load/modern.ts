/**
 * Reading a schema object of 2019-09 and 2020-12 as the registry does (json-sKema, translated to
 * the model of the older drafts): every keyword gives its own small schema, and they are joined
 * one by one, in document order with properties and the unevaluated keywords last. Two schemas of the same kind merge; a keyword of a kind `type: [...]`
 * lists joins that branch; anything else makes a synthetic `allOf`. `$ref` is a keyword like the
 * others, and `format`, `readOnly`, `writeOnly` are ignored.
 */
import type { ArrayNode, CombinedNode, Criterion, JsonSchemaNode, NumberNode, ObjectNode, StringNode } from '../model.js'
import { conditional } from './classic.js'
import { keywordsOf, type Keywords } from './keywords.js'
import { member, newArrayNode, newNode, newNumberNode, newObjectNode, newStringNode, type KeywordContext, type Pointer } from './nodes.js'
import { readArray, show } from './values.js'

const TYPES = new Set(['string', 'integer', 'number', 'boolean', 'null', 'array', 'object'])

/** The joined node of `json`'s keywords, or undefined when none gives a schema; `ref` makes `$ref` nodes. */
export function modernNode(
  ctx: KeywordContext,
  json: Record<string, unknown>,
  ref: (key: string, value: unknown) => JsonSchemaNode | undefined,
): JsonSchemaNode | undefined {
  const keywords = keywordsOf(ctx.dialect)
  let joined: JsonSchemaNode | undefined
  const add = (part: JsonSchemaNode | undefined) => {
    if (part) joined = joined ? join(ctx, joined, part) : part
  }
  // Keywords in document order first; then `properties`, `patternProperties` and the unevaluated
  // keywords, which the registry's loader keeps apart and joins last, in that order.
  for (const key of Object.keys(json)) {
    const value = json[key]
    switch (key) {
      case '$ref':
      case '$dynamicRef':
      case '$recursiveRef':
        add(ref(key, value))
        break
      case 'type':
        add(typeSchema(ctx, value))
        break
      case 'enum': {
        const values = readArray(ctx, 'enum', value)
        if (values) add(newNode(ctx, 'enum', { values }))
        break
      }
      case 'const':
        add(newNode(ctx, 'const', { value }))
        break
      case 'not':
        add(newNode(ctx, 'not', { schema: ctx.child(value, ctx.pointer, 'not') }))
        break
      case 'allOf':
      case 'anyOf':
      case 'oneOf':
        add(combined(ctx, key, value))
        break
      case 'if':
        add(conditional(ctx, json))
        break
      case 'properties':
      case 'patternProperties':
      case 'unevaluatedItems':
      case 'unevaluatedProperties':
        break
      default:
        if (keywords.object.has(key)) add(part(ctx, newObjectNode(ctx), keywords.object, key, json))
        else if (keywords.array.has(key)) add(part(ctx, newArrayNode(ctx), keywords.array, key, json))
        else if (keywords.string.has(key)) add(part(ctx, newStringNode(ctx), keywords.string, key, json))
        else if (keywords.number.has(key)) add(part(ctx, newNumberNode(ctx), keywords.number, key, json))
    }
  }
  for (const key of ['properties', 'patternProperties']) {
    const value = json[key]
    // An empty map gives no schema at all (the registry sees `{"properties": {}}` as `{}`).
    if (value === undefined || (value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0)) continue
    add(part(ctx, newObjectNode(ctx), keywords.object, key, json))
  }
  if (json.unevaluatedItems !== undefined) add(part(ctx, newArrayNode(ctx), keywords.array, 'unevaluatedItems', json))
  if (json.unevaluatedProperties !== undefined) add(part(ctx, newObjectNode(ctx), keywords.object, 'unevaluatedProperties', json))
  return joined
}

function part<N>(ctx: KeywordContext, node: N, keywords: Keywords<N>, key: string, json: Record<string, unknown>): N {
  keywords.get(key)!(ctx, node, json[key], json)
  return node
}

/** `type`: a bare schema of that kind, or for a list a synthetic `anyOf` of bare kinds. */
function typeSchema(ctx: KeywordContext, value: unknown): JsonSchemaNode | undefined {
  const bare = (type: unknown, pointer: Pointer): JsonSchemaNode | undefined => {
    if (typeof type !== 'string' || !TYPES.has(type)) {
      ctx.problem(pointer, `Unknown type ${show(type)}: expected one of ${[...TYPES].join(', ')}`)
      return undefined
    }
    switch (type) {
      case 'string':
        return newStringNode(ctx)
      case 'integer':
      case 'number':
        return newNumberNode(ctx, type === 'integer')
      case 'boolean':
        return newNode(ctx, 'boolean', {})
      case 'null':
        return newNode(ctx, 'null', {})
      case 'array':
        return newArrayNode(ctx)
      default:
        return newObjectNode(ctx)
    }
  }
  const pointer = member(ctx.pointer, 'type')
  if (!Array.isArray(value)) return bare(value, pointer)
  const subschemas: JsonSchemaNode[] = []
  value.forEach((type, i) => {
    const node = bare(type, member(pointer, i))
    if (node) subschemas.push(node)
  })
  return newNode(ctx, 'combined', { criterion: 'anyOf', subschemas, synthetic: true })
}

/** allOf/anyOf/oneOf; a subschema that is itself a synthetic `allOf` is spread into the list. */
function combined(ctx: KeywordContext, criterion: Criterion, value: unknown): CombinedNode {
  const list = readArray(ctx, criterion, value) ?? []
  const pointer = member(ctx.pointer, criterion)
  const subschemas = list.flatMap((item, i) => {
    const child = ctx.child(item, pointer, i)
    return isSynthetic(child, 'allOf') ? child.subschemas : [child]
  })
  return newNode(ctx, 'combined', { criterion, subschemas, synthetic: false })
}

function isSynthetic(node: JsonSchemaNode, criterion: Criterion): node is CombinedNode {
  return node.kind === 'combined' && node.synthetic && node.criterion === criterion
}

const MERGEABLE = new Set(['array', 'number', 'object', 'string'])

/** Joins the next keyword's schema into what the previous keywords gave. */
function join(ctx: KeywordContext, previous: JsonSchemaNode, current: JsonSchemaNode): JsonSchemaNode {
  if (previous.kind === current.kind && MERGEABLE.has(current.kind)) return merge(previous, current)
  if (isSynthetic(previous, 'anyOf') && previous.subschemas.some((s) => s.kind === current.kind)) {
    return { ...previous, subschemas: accumulate([...previous.subschemas], current) }
  }
  if (isSynthetic(current, 'anyOf') && current.subschemas.some((s) => s.kind === previous.kind)) {
    return { ...current, subschemas: accumulate([...current.subschemas], previous) }
  }
  const all = [...flatten(previous), ...flatten(current)].reduce<JsonSchemaNode[]>((list, node) => accumulate(list, node), [])
  return newNode(ctx, 'combined', { criterion: 'allOf', subschemas: all, synthetic: true })
}

function flatten(node: JsonSchemaNode): JsonSchemaNode[] {
  return isSynthetic(node, 'allOf') ? node.subschemas : [node]
}

/** Adds `node` to `list`, merged into the first schema of the same kind when that kind merges. */
function accumulate(list: JsonSchemaNode[], node: JsonSchemaNode): JsonSchemaNode[] {
  if (MERGEABLE.has(node.kind)) {
    const i = list.findIndex((s) => s.kind === node.kind)
    if (i !== -1) {
      list[i] = merge(list[i], node)
      return list
    }
  }
  list.push(node)
  return list
}

/** Two schemas of one mergeable kind as one: the later one's keywords win, lists and maps add up. */
function merge(a: JsonSchemaNode, b: JsonSchemaNode): JsonSchemaNode {
  switch (a.kind) {
    case 'string':
      return { ...a, ...defined(b as StringNode) }
    case 'number': {
      const n = b as NumberNode
      return { ...a, ...defined(n), requiresInteger: a.requiresInteger || n.requiresInteger }
    }
    case 'object': {
      const o = b as ObjectNode
      const required = [...a.required]
      for (const r of o.required) if (!required.includes(r)) required.push(r)
      return {
        ...a,
        ...defined(o),
        properties: new Map([...a.properties, ...o.properties]),
        required,
        additionalProperties: a.additionalProperties && o.additionalProperties,
        patternProperties: [...a.patternProperties, ...o.patternProperties],
        propertyDependencies: new Map([...a.propertyDependencies, ...o.propertyDependencies]),
        schemaDependencies: new Map([...a.schemaDependencies, ...o.schemaDependencies]),
      }
    }
    default: {
      const x = a as ArrayNode
      const y = b as ArrayNode
      return {
        ...x,
        ...defined(y),
        itemSchemas: x.itemSchemas || y.itemSchemas ? [...(x.itemSchemas ?? []), ...(y.itemSchemas ?? [])] : undefined,
        additionalItems: x.additionalItems && y.additionalItems,
        uniqueItems: x.uniqueItems || y.uniqueItems,
      }
    }
  }
}

/** The fields of `node` that hold a value (so merging never erases one with `undefined`). */
function defined<T extends object>(node: T): Partial<T> {
  const out: Partial<T> = {}
  for (const key of Object.keys(node) as Array<keyof T>) if (node[key] !== undefined) out[key] = node[key]
  return out
}
