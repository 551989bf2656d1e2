/**
 * The registry's JSON Schema diff on cases of our own, one or more per rule the public fixtures
 * imply but do not cover: the open-model additions split by required-ness, LENIENT, 2020-12
 * keywords, the order of differences, combined schemas, recursion, and the registry's messages.
 */
import { describe, expect, it } from 'vitest'
import type { CompatibilityPolicy } from '../../../../src/engine/formats/format.js'
import { jsonSchemaFormat } from '../../../../src/engine/formats/json/index.js'

const DRAFT_2020 = 'https://json-schema.org/draft/2020-12/schema'

function parse(schema: unknown) {
  const result = jsonSchemaFormat.parse(schema)
  if (!result.ok) throw new Error(JSON.stringify(result.errors))
  return result.value
}

function differences(original: unknown, update: unknown, policy?: CompatibilityPolicy) {
  return jsonSchemaFormat.differences(parse(original), parse(update), { policy })
}

const listed = (original: unknown, update: unknown, policy?: CompatibilityPolicy) => differences(original, update, policy).map((d) => `${d.type} ${d.path}`)
const compatible = (original: unknown, update: unknown, policy?: CompatibilityPolicy) => differences(original, update, policy).every((d) => d.compatible)

interface Case {
  name: string
  original: unknown
  update: unknown
  errors: string[]
  strict: boolean
  lenient?: boolean
}

const object = (properties: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ type: 'object', properties, ...extra })
const str = { type: 'string' }

const CASES: Case[] = [
  // Properties added to an open content model: the split by required-ness of the registry's 8.x.
  {
    name: 'optional property added to an open model',
    original: object({ a: str }),
    update: object({ a: str, b: str }),
    errors: ['OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL #/properties/b'],
    strict: false,
    lenient: true,
  },
  {
    name: 'required property added to an open model',
    original: object({ a: str }),
    update: object({ a: str, b: str }, { required: ['b'] }),
    errors: ['REQUIRED_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL #/properties/b'],
    strict: false,
    lenient: false,
  },
  {
    name: 'required property with a default added to an open model',
    original: object({ a: str }),
    update: object({ a: str, b: { type: 'string', default: 'x' } }, { required: ['b'] }),
    errors: ['REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_OPEN_CONTENT_MODEL #/properties/b'],
    strict: false,
    lenient: true,
  },
  {
    name: 'empty-schema property added to an open model',
    original: object({ a: str }),
    update: object({ a: str, b: {} }),
    errors: ['PROPERTY_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL #/properties/b'],
    strict: true,
  },
  {
    name: 'required property added to a closed model',
    original: object({ a: str }, { additionalProperties: false }),
    update: object({ a: str, b: str }, { additionalProperties: false, required: ['b'] }),
    errors: ['REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL #/properties/b'],
    strict: false,
    lenient: false,
  },
  {
    name: 'required property with a default added to a closed model',
    original: object({ a: str }, { additionalProperties: false }),
    update: object({ a: str, b: { type: 'string', default: 'x' } }, { additionalProperties: false, required: ['b'] }),
    errors: ['REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_UNOPEN_CONTENT_MODEL #/properties/b'],
    strict: true,
  },
  // Removals: only the update's content model matters.
  {
    name: 'property removed from an open model',
    original: object({ a: str, b: str }),
    update: object({ a: str }),
    errors: ['PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL #/properties/b'],
    strict: true,
  },
  {
    name: 'property removed from a closed model',
    original: object({ a: str, b: str }, { additionalProperties: false }),
    update: object({ a: str }, { additionalProperties: false }),
    errors: ['PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL #/properties/b'],
    strict: false,
    lenient: true,
  },
  {
    name: 'property removed and covered by additionalProperties',
    original: object({ a: str, b: str }, { additionalProperties: false }),
    update: object({ a: str }, { additionalProperties: { type: 'string' } }),
    errors: ['PROPERTY_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL #/properties/b', 'ADDITIONAL_PROPERTIES_ADDED #/additionalProperties'],
    strict: true,
  },
  {
    name: 'property added, not covered by a pattern of the original',
    original: object({ a: str }, { patternProperties: { '^n_': { type: 'number' } }, additionalProperties: false }),
    update: object({ a: str, n_count: str }, { patternProperties: { '^n_': { type: 'number' } }, additionalProperties: false }),
    errors: [
      'TYPE_CHANGED #/properties/n_count',
      'PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL #/properties/n_count',
      'OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL #/properties/n_count',
    ],
    strict: false,
    lenient: false,
  },
  // Required.
  {
    name: 'required with a default added',
    original: object({ a: str }),
    update: object({ a: { type: 'string', default: 'x' } }, { required: ['a'] }),
    errors: ['DEFAULT_CHANGED #/properties/a', 'REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED #/required/a'].reverse(),
    strict: true,
  },
  // Strings and numbers.
  { name: 'maxLength added', original: str, update: { type: 'string', maxLength: 5 }, errors: ['MAX_LENGTH_ADDED #/maxLength'], strict: false },
  {
    name: 'maxLength increased',
    original: { type: 'string', maxLength: 5 },
    update: { type: 'string', maxLength: 9 },
    errors: ['MAX_LENGTH_INCREASED #/maxLength'],
    strict: true,
  },
  {
    name: 'minLength increased',
    original: { type: 'string', minLength: 1 },
    update: { type: 'string', minLength: 2 },
    errors: ['MIN_LENGTH_INCREASED #/minLength'],
    strict: false,
  },
  { name: 'pattern added', original: str, update: { type: 'string', pattern: '^a' }, errors: ['PATTERN_ADDED #/pattern'], strict: false },
  { name: 'integer widened to number', original: { type: 'integer' }, update: { type: 'number' }, errors: ['TYPE_EXTENDED #/'], strict: true },
  {
    name: 'exclusiveMinimum added',
    original: { type: 'number' },
    update: { type: 'number', exclusiveMinimum: 0 },
    errors: ['EXCLUSIVE_MINIMUM_ADDED #/exclusiveMinimum'],
    strict: false,
  },
  {
    name: 'exclusiveMaximum increased',
    original: { type: 'number', exclusiveMaximum: 5 },
    update: { type: 'number', exclusiveMaximum: 6 },
    errors: ['EXCLUSIVE_MAXIMUM_INCREASED #/exclusiveMaximum'],
    strict: true,
  },
  {
    name: 'multipleOf to a multiple (fewer values)',
    original: { type: 'number', multipleOf: 0.5 },
    update: { type: 'number', multipleOf: 10 },
    errors: ['MULTIPLE_OF_EXPANDED #/multipleOf'],
    strict: false,
  },
  {
    name: 'multipleOf to a divisor (more values)',
    original: { type: 'number', multipleOf: 0.3 },
    update: { type: 'number', multipleOf: 0.1 },
    errors: ['MULTIPLE_OF_REDUCED #/multipleOf'],
    strict: true,
  },
  {
    name: 'multipleOf written differently, same value',
    original: { type: 'number', multipleOf: 0.5 },
    update: '{"type": "number", "multipleOf": 0.50}',
    errors: [],
    strict: true,
  },
  // Enums, const, not.
  { name: 'enum value removed', original: { enum: ['a', 'b'] }, update: { enum: ['a'] }, errors: ['ENUM_ARRAY_NARROWED #/enum'], strict: false },
  { name: 'enum reordered', original: { enum: ['a', 'b'] }, update: { enum: ['b', 'a'] }, errors: [], strict: true },
  {
    name: 'not widened to a subtype',
    original: { not: { type: 'number' } },
    update: { not: { type: 'integer' } },
    errors: ['NOT_TYPE_NARROWED #/not'],
    strict: true,
  },
  // Arrays.
  {
    name: 'uniqueItems added',
    original: { type: 'array' },
    update: { type: 'array', uniqueItems: true },
    errors: ['UNIQUE_ITEMS_ADDED #/uniqueItems'],
    strict: false,
  },
  { name: 'maxItems removed', original: { type: 'array', maxItems: 3 }, update: { type: 'array' }, errors: ['MAX_ITEMS_REMOVED #/maxItems'], strict: true },
  {
    name: 'items schema narrowed',
    original: { type: 'array', items: { type: 'number' } },
    update: { type: 'array', items: { type: 'integer' } },
    errors: ['TYPE_NARROWED #/items'],
    strict: false,
  },
  {
    name: 'item added to an open tuple',
    original: { type: 'array', items: [str] },
    update: { type: 'array', items: [str, { type: 'number' }] },
    errors: ['ITEM_ADDED_TO_OPEN_CONTENT_MODEL #/items/1'],
    strict: false,
  },
  {
    name: 'item removed from a closed tuple',
    original: { type: 'array', items: [str, str], additionalItems: false },
    update: { type: 'array', items: [str], additionalItems: false },
    errors: ['ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL #/items/1'],
    strict: false,
  },
  // 2020-12.
  {
    name: '2020-12: unevaluatedProperties closed',
    original: { $schema: DRAFT_2020, ...object({ a: str }) },
    update: { $schema: DRAFT_2020, ...object({ a: str }), unevaluatedProperties: false },
    errors: ['UNEVALUATED_PROPERTIES_REMOVED #/unevaluatedProperties'],
    strict: false,
    lenient: true,
  },
  {
    name: '2020-12: unevaluatedProperties opened',
    original: { $schema: DRAFT_2020, ...object({ a: str }), unevaluatedProperties: false },
    update: { $schema: DRAFT_2020, ...object({ a: str }) },
    errors: ['UNEVALUATED_PROPERTIES_ADDED #/unevaluatedProperties'],
    strict: true,
  },
  {
    name: '2020-12: property removed from an unevaluatedProperties-closed model',
    original: { $schema: DRAFT_2020, ...object({ a: str, b: str }), unevaluatedProperties: false },
    update: { $schema: DRAFT_2020, ...object({ a: str }), unevaluatedProperties: false },
    errors: ['PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL #/properties/b'],
    strict: false,
    lenient: true,
  },
  {
    name: '2020-12: maxContains lowered',
    original: { $schema: DRAFT_2020, type: 'array', contains: str, maxContains: 3 },
    update: { $schema: DRAFT_2020, type: 'array', contains: str, maxContains: 2 },
    errors: ['MAX_CONTAINS_DECREASED #/maxContains'],
    strict: false,
  },
  {
    name: '2020-12: prefixItems closed by items: false',
    original: { $schema: DRAFT_2020, type: 'array', prefixItems: [str] },
    update: { $schema: DRAFT_2020, type: 'array', prefixItems: [str], items: false },
    errors: ['ADDITIONAL_ITEMS_REMOVED #/additionalItems'],
    strict: false,
  },
  {
    name: '2020-12: $ref beside other keywords is kept as an allOf',
    original: { $schema: DRAFT_2020, $defs: { s: str }, $ref: '#/$defs/s', maxLength: 5 },
    update: { $schema: DRAFT_2020, $defs: { s: str }, $ref: '#/$defs/s', maxLength: 4 },
    // The narrowed branch matches no branch of the update, so only the failed matching is reported.
    errors: ['COMBINED_TYPE_SUBSCHEMAS_CHANGED #/'],
    strict: false,
  },
  // Dependencies (draft 7).
  {
    name: 'dependency list extended',
    original: { dependencies: { a: ['b'] } },
    update: { dependencies: { a: ['b', 'c'] } },
    errors: ['DEPENDENCY_ARRAY_EXTENDED #/dependencies/a'],
    strict: false,
  },
  {
    name: 'dependency list narrowed',
    original: { dependencies: { a: ['b', 'c'] } },
    update: { dependencies: { a: ['c'] } },
    errors: ['DEPENDENCY_ARRAY_NARROWED #/dependencies/a'],
    strict: true,
  },
  // Combined.
  {
    name: 'oneOf branch changed compatibly keeps its differences',
    original: { oneOf: [{ type: 'string', maxLength: 5 }, { type: 'null' }] },
    update: { oneOf: [{ type: 'null' }, { type: 'string', maxLength: 9 }] },
    errors: ['MAX_LENGTH_INCREASED #/oneOf/0/maxLength'],
    strict: true,
  },
  { name: 'nullable type dropped', original: { type: ['null', 'string'] }, update: { type: 'string' }, errors: ['TYPE_CHANGED #/'], strict: false },
  { name: 'type made nullable', original: { type: 'string' }, update: { type: ['null', 'string'] }, errors: ['SUM_TYPE_EXTENDED #/'], strict: true },
  // Kafka Connect decimals.
  {
    name: 'connect.type bytes may change kind',
    original: { type: 'string', 'connect.type': 'bytes' },
    update: { type: 'number', 'connect.type': 'bytes' },
    errors: [],
    strict: true,
  },
  // Annotations.
  { name: '$id changed', original: { $id: 'a.json', type: 'string' }, update: { $id: 'b.json', type: 'string' }, errors: ['ID_CHANGED #/'], strict: true },
  {
    name: 'object default always differs (org.json identity)',
    original: { type: 'object', default: {} },
    update: { type: 'object', default: {} },
    errors: ['DEFAULT_CHANGED #/'],
    strict: true,
  },
]

describe('JSON Schema differences (our cases)', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    expect(listed(c.original, c.update)).toEqual(c.errors)
    expect(compatible(c.original, c.update)).toBe(c.strict)
    expect(compatible(c.original, c.update, 'LENIENT')).toBe(c.lenient ?? c.strict)
  })
})

describe('order of differences', () => {
  it('follows Java hash order of property names, not document or alphabetical order', () => {
    // "aa" hashes to bucket 0 and "a" to bucket 1 of the registry's table.
    expect(listed(object({}), object({ a: str, aa: str }))).toEqual([
      'OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL #/properties/aa',
      'OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL #/properties/a',
    ])
    expect(listed(object({ id: str, b: str }), object({ id: { type: 'integer' }, b: { type: 'integer' } }))).toEqual([
      'TYPE_CHANGED #/properties/b',
      'TYPE_CHANGED #/properties/id',
    ])
  })

  it('reports required, then properties, then additionalProperties, then property counts', () => {
    const original = object({ a: str }, { maxProperties: 3 })
    const update = object({ a: { type: 'integer' } }, { required: ['a'], additionalProperties: false, maxProperties: 2 })
    expect(listed(original, update)).toEqual([
      'REQUIRED_ATTRIBUTE_ADDED #/required/a',
      'TYPE_CHANGED #/properties/a',
      'ADDITIONAL_PROPERTIES_REMOVED #/additionalProperties',
      'MAX_PROPERTIES_DECREASED #/maxProperties',
    ])
  })
})

describe('recursive schemas', () => {
  const tree = (leaf: string) => ({
    $ref: '#/definitions/node',
    definitions: { node: { type: 'object', properties: { value: { type: leaf }, children: { type: 'array', items: { $ref: '#/definitions/node' } } } } },
  })

  it('a recursive schema compared with itself has no differences', () => {
    expect(listed(tree('string'), tree('string'))).toEqual([])
  })

  it('a change inside a recursive schema is found once, at its first path', () => {
    expect(listed(tree('integer'), tree('number'))).toEqual(['TYPE_EXTENDED #/properties/value'])
    expect(compatible(tree('number'), tree('integer'))).toBe(false)
  })

  // Unions of many mutually recursive types: polynomial, and a change behind a cycle is not masked.
  function trade(idOfFirst: string, count = 12) {
    const types = Array.from({ length: count }, (_, i) => `T${i}`)
    const union = () => ({ oneOf: types.map((t) => ({ $ref: `#/definitions/${t}` })) })
    const definitions = Object.fromEntries(
      types.map((t, i) => [
        t,
        { type: 'object', properties: { id: { type: i === 0 ? idOfFirst : 'string' }, underlying: union(), referenceProduct: union() } },
      ]),
    )
    return { type: 'object', definitions, properties: { tradeId: str, product: union() } }
  }

  it('recursive oneOf unions finish and agree with themselves', () => {
    expect(listed(trade('string'), trade('string'))).toEqual([])
  })

  it('an incompatible change deep in a recursive union is reported', () => {
    expect(compatible(trade('string', 4), trade('number', 4))).toBe(false)
  })

  it('a cycle assumed compatible is corrected when it is not (greatest fixed point)', () => {
    const schema = (t0: string, t1: string) => {
      const node = (id: string, next: string) => ({
        type: 'object',
        additionalProperties: true,
        properties: { id: { type: id }, ref: { oneOf: [{ $ref: `#/definitions/${next}` }] } },
      })
      return {
        type: 'object',
        additionalProperties: true,
        definitions: { T0: node(t0, 'T2'), T1: node(t1, 'T2'), T2: node('integer', 'T0') },
        properties: { root: { oneOf: [{ $ref: '#/definitions/T0' }, { $ref: '#/definitions/T1' }] } },
      }
    }
    expect(compatible(schema('integer', 'boolean'), schema('boolean', 'number'))).toBe(false)
  })
})

describe('registry messages', () => {
  const describeFirst = (original: unknown, update: unknown, direction: 'backward' | 'forward') =>
    jsonSchemaFormat.describe(
      differences(original, update).find((d) => !d.compatible)!,
      direction,
    )

  it('fills "new" and "old" in the order the check reads them', () => {
    expect(describeFirst({ type: 'string', maxLength: 5 }, { type: 'string', maxLength: 4 }, 'backward')).toBe(
      `{errorType:"MAX_LENGTH_DECREASED", description:"The value at path '#/maxLength' in the new schema is less than its value in the old schema"}`,
    )
    expect(describeFirst({ type: 'string', maxLength: 5 }, { type: 'string', maxLength: 4 }, 'forward')).toBe(
      `{errorType:"MAX_LENGTH_DECREASED", description:"The value at path '#/maxLength' in the old schema is less than its value in the new schema"}`,
    )
  })

  it('words each family of types', () => {
    expect(describeFirst(object({ a: str }), object({ a: str, b: str }), 'backward')).toBe(
      `{errorType:"OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL", description:"The new schema has an open content model and has a property or item at path '#/properties/b' which is missing in the old schema"}`,
    )
    expect(describeFirst({ type: 'object' }, { type: 'array' }, 'backward')).toBe(
      `{errorType:"TYPE_CHANGED", description:"A type at path '#/' is different between the new schema and the old schema"}`,
    )
    expect(describeFirst(str, { type: 'string', pattern: '^a' }, 'backward')).toBe(
      `{errorType:"PATTERN_ADDED", description:"The keyword at path '#/pattern' in the new schema is not present in the old schema"}`,
    )
  })
})
