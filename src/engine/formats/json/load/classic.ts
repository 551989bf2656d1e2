/**
 * Reading a schema object of drafts 4, 6 and 7 as the registry's loader (everit) does: `$ref`
 * replaces the whole object; otherwise each group of keywords found (enum, allOf/anyOf/oneOf, not,
 * const, type, then the object/array/number/string keywords `type` did not cover, then
 * if/then/else) gives one schema, and several become a synthetic `allOf`.
 */
import type { CombinedNode, Criterion, Dialect, JsonSchemaNode } from '../model.js'
import { fill, keywordsOf, type DialectKeywords } from './keywords.js'
import { member, newArrayNode, newNode, newNumberNode, newObjectNode, newStringNode, type KeywordContext } from './nodes.js'
import { readArray, readString, show } from './values.js'

/** The registry's order of the combining keywords (its HashMap's iteration order). */
export const CRITERIA: readonly Criterion[] = ['allOf', 'anyOf', 'oneOf']

const TYPES = new Set(['string', 'integer', 'number', 'boolean', 'null', 'array', 'object'])

// What each keyword of a draft 4–7 schema object brings in (one pass over its keys finds them all).
const ENUM = 1
const NOT = 2
const CONST = 4
const TYPE = 8
const ARRAY = 16
const OBJECT = 32
const NUMBER = 64
const STRING = 128
const CONDITIONAL = 256
const COMBINED = 512
/** `$ref`: the object is a reference and nothing else. */
export const REF = 1024
/** `$id` (`id` in draft 4): the object may change the base URI. */
export const ID = 2048
/** A keyword the loader's annotations read (title, description, default, connect.type, $id). */
export const ANNOTATION = 4096

const KEY_KINDS = new Map<Dialect, ReadonlyMap<string, number>>()

function keyKinds(dialect: Dialect): ReadonlyMap<string, number> {
  let kinds = KEY_KINDS.get(dialect)
  if (!kinds) {
    const keywords = keywordsOf(dialect)
    const map = new Map<string, number>([
      ['enum', ENUM],
      ['not', NOT],
      ['type', TYPE],
      ['allOf', COMBINED],
      ['anyOf', COMBINED],
      ['oneOf', COMBINED],
    ])
    map.set('$ref', REF)
    map.set(dialect === 'draft-04' ? 'id' : '$id', ID | ANNOTATION)
    for (const k of ['title', 'description', 'default', 'connect.type']) map.set(k, ANNOTATION)
    if (dialect !== 'draft-04') map.set('const', CONST)
    if (dialect === 'draft-07') for (const k of ['if', 'then', 'else']) map.set(k, CONDITIONAL)
    for (const k of keywords.array.keys()) map.set(k, (map.get(k) ?? 0) | ARRAY)
    for (const k of keywords.object.keys()) map.set(k, (map.get(k) ?? 0) | OBJECT)
    for (const k of keywords.number.keys()) map.set(k, (map.get(k) ?? 0) | NUMBER)
    for (const k of keywords.string.keys()) map.set(k, (map.get(k) ?? 0) | STRING)
    KEY_KINDS.set(dialect, (kinds = map))
  }
  return kinds
}

/** Which groups of keywords `json` holds (one pass over its keys): the bits above, for drafts 4–7. */
export function classicKeywords(dialect: Dialect, json: Record<string, unknown>): number {
  const kinds = keyKinds(dialect)
  let present = 0
  for (const key in json) present |= kinds.get(key) ?? 0
  return present
}

/** The nodes the keywords of `json` give, in the registry's order; `$ref` is handled by the caller. `present`: its `classicKeywords`. */
export function classicParts(ctx: KeywordContext, json: Record<string, unknown>, present: number = classicKeywords(ctx.dialect, json)): JsonSchemaNode[] {
  const parts: JsonSchemaNode[] = []
  if ((present & (ANNOTATION - 1 - REF - ID)) === 0) return parts
  const keywords = keywordsOf(ctx.dialect)
  if (present & ENUM) {
    const values = readArray(ctx, 'enum', json.enum)
    if (values) parts.push(newNode(ctx, 'enum', { values }))
  }
  if (present & COMBINED) for (const criterion of CRITERIA) if (criterion in json) parts.push(combined(ctx, criterion, json[criterion]))
  if (present & NOT) parts.push(newNode(ctx, 'not', { schema: ctx.child(json.not, ctx.pointer, 'not') }))
  if (present & CONST) parts.push(newNode(ctx, 'const', { value: json.const }))
  // `type` reads the keywords of the kinds it names; keywords of other kinds still make schemas of those kinds ("sniffed").
  let typed = 0
  if (present & TYPE) {
    const found = typeBased(ctx, json, keywords)
    if (found.node) parts.push(found.node)
    typed = found.kinds
  }
  const sniffed = present & ~typed & (ARRAY | OBJECT | NUMBER | STRING)
  if (sniffed & ARRAY) parts.push(fill(ctx, newArrayNode(ctx), json, keywords.array))
  if (sniffed & OBJECT) parts.push(fill(ctx, newObjectNode(ctx), json, keywords.object))
  if (sniffed & NUMBER) parts.push(fill(ctx, newNumberNode(ctx), json, keywords.number))
  if (sniffed & STRING) parts.push(fill(ctx, newStringNode(ctx), json, keywords.string))
  if (present & CONDITIONAL) parts.push(conditional(ctx, json))
  return parts
}

/** `type`: one kind, or `anyOf` the kinds listed, each reading its own keywords; `kinds` tells which kinds were read. */
function typeBased(ctx: KeywordContext, json: Record<string, unknown>, keywords: DialectKeywords): { node: JsonSchemaNode | undefined; kinds: number } {
  if (!Array.isArray(json.type)) {
    const node = explicitType(ctx, json, keywords, json.type, undefined)
    return { node, kinds: node ? kindOf(node) : 0 }
  }
  const subschemas: JsonSchemaNode[] = []
  let kinds = 0
  json.type.forEach((type, i) => {
    const node = explicitType(ctx, json, keywords, type, i)
    if (node) {
      subschemas.push(node)
      kinds |= kindOf(node)
    }
  })
  return { node: newNode(ctx, 'combined', { criterion: 'anyOf', subschemas, synthetic: false }), kinds }
}

/** The keyword group a node of an explicit type has read. */
function kindOf(node: JsonSchemaNode): number {
  switch (node.kind) {
    case 'string':
      return STRING
    case 'number':
      return NUMBER
    case 'array':
      return ARRAY
    case 'object':
      return OBJECT
    default:
      return 0
  }
}

/** The schema of one explicit type, reading that type's keywords from `json`; `index`: its place in a list of types. */
function explicitType(
  ctx: KeywordContext,
  json: Record<string, unknown>,
  keywords: DialectKeywords,
  type: unknown,
  index: number | undefined,
): JsonSchemaNode | undefined {
  switch (type) {
    case 'string':
      return fill(ctx, newStringNode(ctx), json, keywords.string)
    case 'integer':
    case 'number':
      return fill(ctx, newNumberNode(ctx, type === 'integer'), json, keywords.number)
    case 'boolean':
      return newNode(ctx, 'boolean', {})
    case 'null':
      return newNode(ctx, 'null', {})
    case 'array':
      return fill(ctx, newArrayNode(ctx), json, keywords.array)
    case 'object':
      return fill(ctx, newObjectNode(ctx), json, keywords.object)
    default: {
      const pointer = member(ctx.pointer, 'type')
      ctx.problem(index === undefined ? pointer : member(pointer, index), `Unknown type ${show(type)}: expected one of ${[...TYPES].join(', ')}`)
      return undefined
    }
  }
}

function combined(ctx: KeywordContext, criterion: Criterion, value: unknown): CombinedNode {
  const list = readArray(ctx, criterion, value) ?? []
  const pointer = member(ctx.pointer, criterion)
  return newNode(ctx, 'combined', { criterion, subschemas: list.map((item, i) => ctx.child(item, pointer, i)), synthetic: false })
}

/** if/then/else: the registry keeps it but its diff compares only the annotations of such a schema. */
export function conditional(ctx: KeywordContext, json: Record<string, unknown>): JsonSchemaNode {
  for (const key of ['if', 'then', 'else']) if (key in json) ctx.child(json[key], ctx.pointer, key)
  return newNode(ctx, 'conditional', {})
}

/** `$ref`'s value, checked. */
export function refValue(ctx: KeywordContext, key: string, value: unknown): string | undefined {
  return readString(ctx, key, value)
}
