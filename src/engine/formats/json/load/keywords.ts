/**
 * The keywords of each kind of schema (string, number, object, array) and how each one fills its
 * node. Drafts 4–7 read a kind's keywords into one node; 2019-09/2020-12 read each keyword into its
 * own node and merge them (see modern.ts), so every reader works on one keyword.
 */
import type { ArrayNode, Dialect, NumberNode, ObjectNode, StringNode } from '../model.js'
import { member, type KeywordContext } from './nodes.js'
import { readBoolean, readCount, readNumber, readObject, readPattern, readString, readStringList, readArray, show } from './values.js'

export type Reader<N> = (ctx: KeywordContext, node: N, value: unknown, json: Record<string, unknown>) => void

/** A kind's keywords and their readers (a Map: a schema's keys are looked up, never the prototype's). */
export type Keywords<N> = ReadonlyMap<string, Reader<N>>

function keywords<N>(table: Record<string, Reader<N>>): Keywords<N> {
  return new Map(Object.entries(table))
}

const STRING_TABLE: Record<string, Reader<StringNode>> = {
  minLength: (ctx, node, value) => {
    node.minLength = readCount(ctx, 'minLength', value)
  },
  maxLength: (ctx, node, value) => {
    node.maxLength = readCount(ctx, 'maxLength', value)
  },
  pattern: (ctx, node, value) => {
    const pattern = readString(ctx, 'pattern', value)
    if (pattern !== undefined && readPattern(ctx, member(ctx.pointer, 'pattern'), pattern)) node.pattern = pattern
  },
  format: (ctx, _node, value) => {
    readString(ctx, 'format', value)
  },
}

const NUMBER_TABLE: Record<string, Reader<NumberNode>> = {
  minimum: (ctx, node, value) => {
    node.minimum = readNumber(ctx, 'minimum', value)
  },
  maximum: (ctx, node, value) => {
    node.maximum = readNumber(ctx, 'maximum', value)
  },
  // Draft 4's boolean form only flags `minimum`/`maximum` as exclusive; the registry does not compare the flag.
  exclusiveMinimum: (ctx, node, value) => {
    if (ctx.dialect === 'draft-04') readBoolean(ctx, 'exclusiveMinimum', value)
    else node.exclusiveMinimum = readNumber(ctx, 'exclusiveMinimum', value)
  },
  exclusiveMaximum: (ctx, node, value) => {
    if (ctx.dialect === 'draft-04') readBoolean(ctx, 'exclusiveMaximum', value)
    else node.exclusiveMaximum = readNumber(ctx, 'exclusiveMaximum', value)
  },
  multipleOf: (ctx, node, value) => {
    const n = readNumber(ctx, 'multipleOf', value)
    if (n === undefined) return
    if (n <= 0) ctx.problem(member(ctx.pointer, 'multipleOf'), `'multipleOf' must be greater than 0, not ${n}`)
    else node.multipleOf = String(n)
  },
}

/** `dependencies` (drafts 4–7): a list of property names, or a schema. */
function readDependencies(ctx: KeywordContext, node: ObjectNode, value: unknown): void {
  const deps = readObject(ctx, 'dependencies', value)
  if (!deps) return
  const pointer = member(ctx.pointer, 'dependencies')
  for (const [name, dep] of Object.entries(deps)) {
    if (Array.isArray(dep)) {
      const list = readStringList(ctx, 'dependencies', dep, member(pointer, name))
      if (list) node.propertyDependencies.set(name, list)
    } else if (typeof dep === 'boolean' || (dep !== null && typeof dep === 'object')) {
      node.schemaDependencies.set(name, ctx.child(dep, pointer, name))
    } else {
      ctx.problem(member(pointer, name), `a dependency must be an array of property names or a schema, not ${show(dep)}`)
    }
  }
}

/** Object keywords common to every draft; the draft-specific ones are added below. */
const OBJECT_COMMON: Record<string, Reader<ObjectNode>> = {
  properties: (ctx, node, value) => {
    const properties = readObject(ctx, 'properties', value)
    if (!properties) return
    const pointer = member(ctx.pointer, 'properties')
    for (const name in properties) node.properties.set(name, ctx.child(properties[name], pointer, name))
  },
  patternProperties: (ctx, node, value) => {
    const patterns = readObject(ctx, 'patternProperties', value)
    if (!patterns) return
    const pointer = member(ctx.pointer, 'patternProperties')
    for (const [pattern, schema] of Object.entries(patterns)) {
      const regex = readPattern(ctx, member(pointer, pattern), pattern)
      const child = ctx.child(schema, pointer, pattern)
      if (regex) node.patternProperties.push({ pattern, regex, schema: child })
    }
  },
  additionalProperties: (ctx, node, value) => {
    if (value === false) node.additionalProperties = false
    else if (value !== true) {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        ctx.problem(member(ctx.pointer, 'additionalProperties'), `'additionalProperties' must be a boolean or a schema, not ${show(value)}`)
      } else node.additionalSchema = ctx.child(value, ctx.pointer, 'additionalProperties')
    }
  },
  required: (ctx, node, value) => {
    const required = readStringList(ctx, 'required', value)
    if (required) for (const name of required) if (!node.required.includes(name)) node.required.push(name)
  },
  minProperties: (ctx, node, value) => {
    node.minProperties = readCount(ctx, 'minProperties', value)
  },
  maxProperties: (ctx, node, value) => {
    node.maxProperties = readCount(ctx, 'maxProperties', value)
  },
  propertyNames: (ctx, node, value) => {
    node.propertyNames = ctx.child(value, ctx.pointer, 'propertyNames')
  },
}

const { propertyNames: _propertyNames, ...OBJECT_DRAFT4 } = OBJECT_COMMON

const MODERN_OBJECT_TABLE: Record<string, Reader<ObjectNode>> = {
  ...OBJECT_COMMON,
  dependentRequired: (ctx, node, value) => {
    const deps = readObject(ctx, 'dependentRequired', value)
    if (!deps) return
    for (const [name, list] of Object.entries(deps)) {
      const names = readStringList(ctx, 'dependentRequired', list, member(member(ctx.pointer, 'dependentRequired'), name))
      if (names) node.propertyDependencies.set(name, names)
    }
  },
  dependentSchemas: (ctx, node, value) => {
    const deps = readObject(ctx, 'dependentSchemas', value)
    if (!deps) return
    for (const [name, schema] of Object.entries(deps)) node.schemaDependencies.set(name, ctx.child(schema, member(ctx.pointer, 'dependentSchemas'), name))
  },
  unevaluatedProperties: (ctx, node, value) => {
    node.unevaluated = ctx.child(value, ctx.pointer, 'unevaluatedProperties')
  },
}

/** Array keywords common to every draft. */
const ARRAY_COMMON: Record<string, Reader<ArrayNode>> = {
  minItems: (ctx, node, value) => {
    node.minItems = readCount(ctx, 'minItems', value)
  },
  maxItems: (ctx, node, value) => {
    node.maxItems = readCount(ctx, 'maxItems', value)
  },
  uniqueItems: (ctx, node, value) => {
    node.uniqueItems = readBoolean(ctx, 'uniqueItems', value) ?? false
  },
}

/** `items` as one schema or a list of schemas (drafts 4–7, and 2019-09). */
function readItems(ctx: KeywordContext, node: ArrayNode, value: unknown): void {
  if (Array.isArray(value)) {
    const pointer = member(ctx.pointer, 'items')
    node.itemSchemas = value.map((item, i) => ctx.child(item, pointer, i))
  } else node.allItems = ctx.child(value, ctx.pointer, 'items')
}

/** `additionalItems`: `false` closes a tuple, a schema types the items after it. */
function readAdditionalItems(ctx: KeywordContext, node: ArrayNode, value: unknown): void {
  if (value === false) node.additionalItems = false
  else if (value !== true) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      ctx.problem(member(ctx.pointer, 'additionalItems'), `'additionalItems' must be a boolean or a schema, not ${show(value)}`)
    } else node.additionalItemsSchema = ctx.child(value, ctx.pointer, 'additionalItems')
  }
}

const readContains: Reader<ArrayNode> = (ctx, node, value) => {
  node.contains = ctx.child(value, ctx.pointer, 'contains')
}

const MODERN_ARRAY_TABLE: Record<string, Reader<ArrayNode>> = {
  ...ARRAY_COMMON,
  // 2020-12 `items` types the items after `prefixItems` (all items when there is none); `true` says nothing.
  items: (ctx, node, value, json) => {
    if (ctx.dialect === '2019-09' && Array.isArray(value)) return readItems(ctx, node, value)
    const prefixCount = Array.isArray(json.prefixItems) ? json.prefixItems.length : 0
    if (value === true) return
    if (value === false) node.additionalItems = false
    else if (prefixCount === 0) node.allItems = ctx.child(value, ctx.pointer, 'items')
    else node.additionalItemsSchema = ctx.child(value, ctx.pointer, 'items')
  },
  prefixItems: (ctx, node, value) => {
    const list = readArray(ctx, 'prefixItems', value)
    if (list) node.itemSchemas = list.map((item, i) => ctx.child(item, member(ctx.pointer, 'prefixItems'), i))
  },
  // The contains keyword carries `minContains` (1 unless stated) and `maxContains`.
  contains: (ctx, node, value, json) => {
    node.contains = ctx.child(value, ctx.pointer, 'contains')
    node.minContains = json.minContains === undefined ? 1 : readCount(ctx, 'minContains', json.minContains)
    if (json.maxContains !== undefined) node.maxContains = readCount(ctx, 'maxContains', json.maxContains)
  },
  unevaluatedItems: (ctx, node, value) => {
    node.unevaluated = ctx.child(value, ctx.pointer, 'unevaluatedItems')
  },
}

/** The keywords of each kind in one dialect. */
export interface DialectKeywords {
  readonly string: Keywords<StringNode>
  readonly number: Keywords<NumberNode>
  readonly object: Keywords<ObjectNode>
  readonly array: Keywords<ArrayNode>
}

const NUMBER_KEYWORDS = keywords(NUMBER_TABLE)
const STRING_KEYWORDS = keywords(STRING_TABLE)
const { format: _format, ...MODERN_STRING_TABLE } = STRING_TABLE

const DRAFT4: DialectKeywords = {
  string: STRING_KEYWORDS,
  number: NUMBER_KEYWORDS,
  object: keywords({ ...OBJECT_DRAFT4, dependencies: readDependencies }),
  array: keywords({ items: readItems, additionalItems: readAdditionalItems, ...ARRAY_COMMON }),
}
const DRAFT6: DialectKeywords = {
  string: STRING_KEYWORDS,
  number: NUMBER_KEYWORDS,
  object: keywords({ ...OBJECT_COMMON, dependencies: readDependencies }),
  array: keywords({ items: readItems, additionalItems: readAdditionalItems, ...ARRAY_COMMON, contains: readContains }),
}
// 2020-12 `format` says nothing the registry compares, and it no longer makes a string schema.
const DRAFT2020: DialectKeywords = {
  string: keywords(MODERN_STRING_TABLE),
  number: NUMBER_KEYWORDS,
  object: keywords(MODERN_OBJECT_TABLE),
  array: keywords(MODERN_ARRAY_TABLE),
}
const DRAFT2019: DialectKeywords = { ...DRAFT2020, array: keywords({ ...MODERN_ARRAY_TABLE, additionalItems: readAdditionalItems }) }

/** The keywords of `dialect`. */
export function keywordsOf(dialect: Dialect): DialectKeywords {
  switch (dialect) {
    case 'draft-04':
      return DRAFT4
    case 'draft-06':
    case 'draft-07':
      return DRAFT6
    case '2019-09':
      return DRAFT2019
    default:
      return DRAFT2020
  }
}

/** Applies the readers of `keywords` to the keys of `json` they know. */
export function fill<N>(ctx: KeywordContext, node: N, json: Record<string, unknown>, keywords: Keywords<N>): N {
  for (const key in json) {
    const reader = keywords.get(key)
    if (reader) reader(ctx, node, json[key], json)
  }
  return node
}
