/** The library API for JSON Schema: schemaDifferences and checkCompatibility({ schemaType: 'JSON' }). */
import { describe, expect, it } from 'vitest'
import { checkCompatibility, schemaDifferences } from '../../../../src/index.js'

const v1 = '{"type": "object", "properties": {"name": {"type": "string", "maxLength": 20}}}'
const v2Narrower = '{"type": "object", "properties": {"name": {"type": "string", "maxLength": 10}}}'
const v2Wider = '{"type": "object", "properties": {"name": {"type": "string", "maxLength": 40}}}'
const v2Optional = '{"type": "object", "properties": {"name": {"type": "string", "maxLength": 20}, "email": {"type": "string"}}}'

const TRAILER = (level: string) => `{validateFields: 'false', compatibility: '${level}'}`
const OLD_SCHEMA = '{"type":"object","properties":{"name":{"type":"string","maxLength":20}}}'

describe('schemaDifferences', () => {
  it('lists every difference with its type, path and verdict', () => {
    const differences = schemaDifferences('JSON', v1, v2Wider)
    expect([...differences]).toEqual([{ type: 'MAX_LENGTH_INCREASED', path: '#/properties/name/maxLength', compatible: true }])
    expect(differences.errors).toEqual([])
  })

  it('takes parsed JSON and { schema, dependencies }', () => {
    const original = {
      schema: { properties: { customer: { $ref: 'customer.json' } } },
      dependencies: { 'customer.json': '{"type": "object", "properties": {"id": {"type": "string"}}}' },
    }
    const update = {
      schema: { properties: { customer: { $ref: 'customer.json' } } },
      dependencies: { 'customer.json': '{"type": "object", "properties": {"id": {"type": "integer"}}}' },
    }
    expect([...schemaDifferences('JSON', original, update)]).toEqual([{ type: 'TYPE_CHANGED', path: '#/properties/customer/properties/id', compatible: false }])
  })

  it('marks differences under the policy', () => {
    expect(schemaDifferences('JSON', v1, v2Optional).map((d) => d.compatible)).toEqual([false])
    expect(schemaDifferences('JSON', v1, v2Optional, { policy: 'LENIENT' }).map((d) => d.compatible)).toEqual([true])
  })

  it('reports invalid input as errors, naming the side, with an empty list', () => {
    const result = schemaDifferences('JSON', '{"type": "strin"}', v1)
    expect([...result]).toEqual([])
    expect(result.errors[0]).toMatchObject({ path: '/type', line: 1, column: 2 })
    expect(result.errors[0].message).toMatch(/^Invalid original schema: Unknown type/)
    expect(schemaDifferences('XML' as never, v1, v1).errors[0].message).toContain("Unknown schema type 'XML'")
    expect(schemaDifferences('AVRO', v1, v1).errors[0].message).toContain('Invalid original schema')
  })
})

describe("checkCompatibility({ schemaType: 'JSON' })", () => {
  it('BACKWARD: the registry messages, the old schema and the level trailer', () => {
    const result = checkCompatibility('BACKWARD', v2Narrower, [v1], { schemaType: 'JSON' })
    expect(result.compatible).toBe(false)
    expect(result.failedAgainst).toBe(0)
    expect(result.messages).toEqual([
      `{errorType:"MAX_LENGTH_DECREASED", description:"The value at path '#/properties/name/maxLength' in the new schema is less than its value in the old schema"}`,
      '{oldSchemaVersion: 1}',
      `{oldSchema: '${OLD_SCHEMA}'}`,
      TRAILER('BACKWARD'),
    ])
    expect(result.differences).toEqual([{ type: 'MAX_LENGTH_DECREASED', path: '#/properties/name/maxLength', compatible: false, direction: 'backward' }])
  })

  it('FORWARD swaps the schemas and the words', () => {
    expect(checkCompatibility('FORWARD', v2Narrower, [v1], { schemaType: 'JSON' }).compatible).toBe(true)
    const result = checkCompatibility('FORWARD', v2Wider, [v1], { schemaType: 'JSON', versions: [7] })
    expect(result.messages).toEqual([
      `{errorType:"MAX_LENGTH_DECREASED", description:"The value at path '#/properties/name/maxLength' in the old schema is less than its value in the new schema"}`,
      '{oldSchemaVersion: 7}',
      `{oldSchema: '${OLD_SCHEMA}'}`,
      TRAILER('FORWARD'),
    ])
  })

  it('FULL needs both directions', () => {
    expect(checkCompatibility('FULL', v2Narrower, [v1], { schemaType: 'JSON' }).compatible).toBe(false)
    expect(checkCompatibility('FULL', v2Wider, [v1], { schemaType: 'JSON' }).compatible).toBe(false)
    expect(checkCompatibility('FULL', v1, [v1], { schemaType: 'JSON' }).compatible).toBe(true)
  })

  it('transitive levels walk newest to oldest and stop at the first failure', () => {
    const v0 = '{"type": "object", "properties": {"name": {"type": "string", "maxLength": 50}}}'
    expect(checkCompatibility('BACKWARD', v1, [v0, v2Wider], { schemaType: 'JSON' }).compatible).toBe(false)
    const result = checkCompatibility('BACKWARD_TRANSITIVE', v2Wider, [v0, v1, v2Wider], { schemaType: 'JSON' })
    expect(result.compatible).toBe(false)
    expect(result.failedAgainst).toBe(0)
    expect(checkCompatibility('BACKWARD', v2Wider, [v0, v1, v2Wider], { schemaType: 'JSON' }).compatible).toBe(true)
  })

  it('honours the policy: an optional property added to an open model', () => {
    expect(checkCompatibility('BACKWARD', v2Optional, [v1], { schemaType: 'JSON' }).compatible).toBe(false)
    expect(checkCompatibility('BACKWARD', v2Optional, [v1], { schemaType: 'JSON', policy: 'LENIENT' }).compatible).toBe(true)
  })

  it('invalid input gives errors, not a throw', () => {
    const result = checkCompatibility('BACKWARD', '{"type": 7}', [v1], { schemaType: 'JSON' })
    expect(result.compatible).toBe(false)
    expect(result.errors?.[0].message).toMatch(/^Invalid candidate schema: /)
    expect(checkCompatibility('BACKWARD', v1, ['not json'], { schemaType: 'JSON' }).errors?.[0].message).toMatch(/^Invalid previous schema 1: Invalid JSON/)
    expect(checkCompatibility('SIDEWAYS' as never, v1, [v1], { schemaType: 'JSON' }).errors?.[0].message).toContain('Invalid compatibility level')
  })

  it('without schemaType it is still the Avro engine', () => {
    const avro = '{"type": "record", "name": "R", "fields": [{"name": "a", "type": "int"}]}'
    const result = checkCompatibility('BACKWARD', '{"type": "record", "name": "R", "fields": [{"name": "a", "type": "int"}, {"name": "b", "type": "int"}]}', [
      avro,
    ])
    expect(result.compatible).toBe(false)
    expect(result.incompatibilities[0].type).toBe('READER_FIELD_MISSING_DEFAULT_VALUE')
  })
})
