/**
 * Reading a schema object of drafts 4, 6 and 7 as the registry's loader (everit) does: `$ref`
 * replaces the whole object; otherwise each group of keywords found (enum, allOf/anyOf/oneOf, not,
 * const, type, then the object/array/number/string keywords `type` did not cover, then
 * if/then/else) gives one schema, and several become a synthetic `allOf`.
 */
import type { ArrayNode, CombinedNode, Criterion, JsonSchemaNode, ObjectNode } from '../model.js'
import { classicArrayKeywords, classicObjectKeywords, hasAny, NUMBER_KEYWORDS, STRING_KEYWORDS, type Reader } from './keywords.js'
import { member, newArrayNode, newNode, newNumberNode, newObjectNode, newStringNode, type KeywordContext } from './nodes.js'
import { readArray, readString, show } from './values.js'

/** The registry's order of the combining keywords (its HashMap's iteration order). */
export const CRITERIA: readonly Criterion[] = ['allOf', 'anyOf', 'oneOf']

const TYPES = new Set(['string', 'integer', 'number', 'boolean', 'null', 'array', 'object'])

/** The nodes the keywords of `json` give, in the registry's order; `$ref` is handled by the caller. */
export function classicParts(ctx: KeywordContext, json: Record<string, unknown>): JsonSchemaNode[] {
  const draft4 = ctx.dialect === 'draft-04'
  const objectKeywords = classicObjectKeywords(draft4)
  const arrayKeywords = classicArrayKeywords(draft4)
  const parts: JsonSchemaNode[] = []
  if ('enum' in json) {
    const values = readArray(ctx, 'enum', json.enum)
    if (values) parts.push(newNode(ctx, 'enum', { values }))
  }
  for (const criterion of CRITERIA) if (criterion in json) parts.push(combined(ctx, criterion, json[criterion]))
  if ('not' in json) parts.push(newNode(ctx, 'not', { schema: ctx.child(json.not, member(ctx.pointer, 'not')) }))
  if (!draft4 && 'const' in json) parts.push(newNode(ctx, 'const', { value: json.const }))
  const consumed = new Set<string>()
  if ('type' in json) {
    const typed = typeBased(ctx, json, consumed, objectKeywords, arrayKeywords)
    if (typed) parts.push(typed)
  }
  // Keywords of kinds `type` did not name still make schemas of those kinds ("sniffed").
  if (hasAny(json, arrayKeywords, consumed)) parts.push(fill(ctx, newArrayNode(ctx), json, arrayKeywords))
  if (hasAny(json, objectKeywords, consumed)) parts.push(fill(ctx, newObjectNode(ctx), json, objectKeywords))
  if (hasAny(json, NUMBER_KEYWORDS, consumed)) parts.push(fill(ctx, newNumberNode(ctx), json, NUMBER_KEYWORDS))
  if (hasAny(json, STRING_KEYWORDS, consumed)) parts.push(fill(ctx, newStringNode(ctx), json, STRING_KEYWORDS))
  if (ctx.dialect === 'draft-07' && ('if' in json || 'then' in json || 'else' in json)) parts.push(conditional(ctx, json))
  return parts
}

/** `type`: one kind, or `anyOf` the kinds listed, each reading its own keywords. */
function typeBased(
  ctx: KeywordContext,
  json: Record<string, unknown>,
  consumed: Set<string>,
  objectKeywords: Readonly<Record<string, Reader<ObjectNode>>>,
  arrayKeywords: Readonly<Record<string, Reader<ArrayNode>>>,
): JsonSchemaNode | undefined {
  const explicit = (type: unknown, pointer: string): JsonSchemaNode | undefined => {
    if (typeof type !== 'string' || !TYPES.has(type)) {
      ctx.problem(pointer, `Unknown type ${show(type)}: expected one of ${[...TYPES].join(', ')}`)
      return undefined
    }
    switch (type) {
      case 'string':
        return fill(ctx, newStringNode(ctx), json, STRING_KEYWORDS, consumed)
      case 'integer':
      case 'number':
        return fill(ctx, newNumberNode(ctx, type === 'integer'), json, NUMBER_KEYWORDS, consumed)
      case 'boolean':
        return newNode(ctx, 'boolean', {})
      case 'null':
        return newNode(ctx, 'null', {})
      case 'array':
        return fill(ctx, newArrayNode(ctx), json, arrayKeywords, consumed)
      default:
        return fill(ctx, newObjectNode(ctx), json, objectKeywords, consumed)
    }
  }
  const pointer = member(ctx.pointer, 'type')
  if (!Array.isArray(json.type)) return explicit(json.type, pointer)
  const subschemas: JsonSchemaNode[] = []
  json.type.forEach((type, i) => {
    const node = explicit(type, member(pointer, i))
    if (node) subschemas.push(node)
  })
  return newNode(ctx, 'combined', { criterion: 'anyOf', subschemas, synthetic: false })
}

/** Applies every keyword of `keywords` present in `json` to `node`, marking them consumed. */
export function fill<N>(ctx: KeywordContext, node: N, json: Record<string, unknown>, keywords: Readonly<Record<string, Reader<N>>>, consumed?: Set<string>): N {
  for (const key in keywords) {
    if (!(key in json)) continue
    consumed?.add(key)
    keywords[key](ctx, node, json[key], json)
  }
  return node
}

function combined(ctx: KeywordContext, criterion: Criterion, value: unknown): CombinedNode {
  const list = readArray(ctx, criterion, value) ?? []
  const pointer = member(ctx.pointer, criterion)
  return newNode(ctx, 'combined', { criterion, subschemas: list.map((item, i) => ctx.child(item, member(pointer, i))), synthetic: false })
}

/** if/then/else: the registry keeps it but its diff compares only the annotations of such a schema. */
export function conditional(ctx: KeywordContext, json: Record<string, unknown>): JsonSchemaNode {
  for (const key of ['if', 'then', 'else']) if (key in json) ctx.child(json[key], member(ctx.pointer, key))
  return newNode(ctx, 'conditional', {})
}

/** `$ref`'s value, checked. */
export function refValue(ctx: KeywordContext, key: string, value: unknown): string | undefined {
  return readString(ctx, key, value)
}
