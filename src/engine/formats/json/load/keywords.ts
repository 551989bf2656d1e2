/**
 * The keywords of each kind of schema (string, number, object, array) and how each one fills its
 * node. Drafts 4–7 read a kind's keywords into one node; 2019-09/2020-12 read each keyword into its
 * own node and merge them (see modern.ts), so every reader works on one keyword.
 */
import type { ArrayNode, NumberNode, ObjectNode, StringNode } from '../model.js'
import { member, type KeywordContext } from './nodes.js'
import { readBoolean, readCount, readNumber, readObject, readPattern, readString, readStringList, readArray, show } from './values.js'

export type Reader<N> = (ctx: KeywordContext, node: N, value: unknown, json: Record<string, unknown>) => void

export const STRING_KEYWORDS: Readonly<Record<string, Reader<StringNode>>> = {
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

export const NUMBER_KEYWORDS: Readonly<Record<string, Reader<NumberNode>>> = {
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
      node.schemaDependencies.set(name, ctx.child(dep, member(pointer, name)))
    } else {
      ctx.problem(member(pointer, name), `a dependency must be an array of property names or a schema, not ${show(dep)}`)
    }
  }
}

/** Object keywords common to every draft; the draft-specific ones are added below. */
const OBJECT_COMMON: Readonly<Record<string, Reader<ObjectNode>>> = {
  properties: (ctx, node, value) => {
    const properties = readObject(ctx, 'properties', value)
    if (!properties) return
    const pointer = member(ctx.pointer, 'properties')
    for (const [name, schema] of Object.entries(properties)) node.properties.set(name, ctx.child(schema, member(pointer, name)))
  },
  patternProperties: (ctx, node, value) => {
    const patterns = readObject(ctx, 'patternProperties', value)
    if (!patterns) return
    const pointer = member(ctx.pointer, 'patternProperties')
    for (const [pattern, schema] of Object.entries(patterns)) {
      const regex = readPattern(ctx, member(pointer, pattern), pattern)
      const child = ctx.child(schema, member(pointer, pattern))
      if (regex) node.patternProperties.push({ pattern, regex, schema: child })
    }
  },
  additionalProperties: (ctx, node, value) => {
    if (value === false) node.additionalProperties = false
    else if (value !== true) {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        ctx.problem(member(ctx.pointer, 'additionalProperties'), `'additionalProperties' must be a boolean or a schema, not ${show(value)}`)
      } else node.additionalSchema = ctx.child(value, member(ctx.pointer, 'additionalProperties'))
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
    node.propertyNames = ctx.child(value, member(ctx.pointer, 'propertyNames'))
  },
}

/** Object keywords of drafts 4–7, by draft. */
export function classicObjectKeywords(draft4: boolean): Readonly<Record<string, Reader<ObjectNode>>> {
  const { propertyNames, ...draft4Keywords } = OBJECT_COMMON
  return draft4 ? { ...draft4Keywords, dependencies: readDependencies } : { ...OBJECT_COMMON, dependencies: readDependencies }
}

/** Object keywords of 2019-09 and 2020-12. */
export const MODERN_OBJECT_KEYWORDS: Readonly<Record<string, Reader<ObjectNode>>> = {
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
    for (const [name, schema] of Object.entries(deps)) node.schemaDependencies.set(name, ctx.child(schema, member(member(ctx.pointer, 'dependentSchemas'), name)))
  },
  unevaluatedProperties: (ctx, node, value) => {
    node.unevaluated = ctx.child(value, member(ctx.pointer, 'unevaluatedProperties'))
  },
}

/** Array keywords common to every draft. */
const ARRAY_COMMON: Readonly<Record<string, Reader<ArrayNode>>> = {
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
  const pointer = member(ctx.pointer, 'items')
  if (Array.isArray(value)) node.itemSchemas = value.map((item, i) => ctx.child(item, member(pointer, i)))
  else node.allItems = ctx.child(value, pointer)
}

/** `additionalItems`: `false` closes a tuple, a schema types the items after it. */
function readAdditionalItems(ctx: KeywordContext, node: ArrayNode, value: unknown): void {
  if (value === false) node.additionalItems = false
  else if (value !== true) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      ctx.problem(member(ctx.pointer, 'additionalItems'), `'additionalItems' must be a boolean or a schema, not ${show(value)}`)
    } else node.additionalItemsSchema = ctx.child(value, member(ctx.pointer, 'additionalItems'))
  }
}

/** Array keywords of drafts 4–7, by draft. */
export function classicArrayKeywords(draft4: boolean): Readonly<Record<string, Reader<ArrayNode>>> {
  const keywords: Record<string, Reader<ArrayNode>> = { items: readItems, additionalItems: readAdditionalItems, ...ARRAY_COMMON }
  if (!draft4) {
    keywords.contains = (ctx, node, value) => {
      node.contains = ctx.child(value, member(ctx.pointer, 'contains'))
    }
  }
  return keywords
}

/** Array keywords of 2019-09 and 2020-12. */
export function modernArrayKeywords(draft2019: boolean): Readonly<Record<string, Reader<ArrayNode>>> {
  const keywords: Record<string, Reader<ArrayNode>> = {
    ...ARRAY_COMMON,
    // 2020-12 `items` types the items after `prefixItems` (all items when there is none); `true` says nothing.
    items: (ctx, node, value, json) => {
      if (draft2019 && Array.isArray(value)) return readItems(ctx, node, value)
      const prefixCount = Array.isArray(json.prefixItems) ? json.prefixItems.length : 0
      if (value === true) return
      if (value === false) node.additionalItems = false
      else if (prefixCount === 0) node.allItems = ctx.child(value, member(ctx.pointer, 'items'))
      else node.additionalItemsSchema = ctx.child(value, member(ctx.pointer, 'items'))
    },
    prefixItems: (ctx, node, value) => {
      const list = readArray(ctx, 'prefixItems', value)
      if (list) node.itemSchemas = list.map((item, i) => ctx.child(item, member(member(ctx.pointer, 'prefixItems'), i)))
    },
    // The contains keyword carries `minContains` (1 unless stated) and `maxContains`.
    contains: (ctx, node, value, json) => {
      node.contains = ctx.child(value, member(ctx.pointer, 'contains'))
      node.minContains = json.minContains === undefined ? 1 : readCount(ctx, 'minContains', json.minContains)
      if (json.maxContains !== undefined) node.maxContains = readCount(ctx, 'maxContains', json.maxContains)
    },
    unevaluatedItems: (ctx, node, value) => {
      node.unevaluated = ctx.child(value, member(ctx.pointer, 'unevaluatedItems'))
    },
  }
  if (draft2019) keywords.additionalItems = readAdditionalItems
  return keywords
}

/** Whether `json` has any of `keywords`, skipping those in `consumed`. */
export function hasAny(json: Record<string, unknown>, keywords: Readonly<Record<string, unknown>>, consumed?: ReadonlySet<string>): boolean {
  for (const key in keywords) if (key in json && !consumed?.has(key)) return true
  return false
}
