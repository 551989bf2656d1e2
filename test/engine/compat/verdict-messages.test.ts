import { describe, expect, it } from 'vitest'
import { readVerdictMessages } from '../../../src/engine/compat/index.js'
import { checkCompatibility } from '../../../src/engine/index.js'

describe('readVerdictMessages', () => {
  it("reads Avro's verbose messages: type, path, a sentence without the path, the reader's side and the version compared", () => {
    const read = readVerdictMessages([
      "{errorType:'READER_FIELD_MISSING_DEFAULT_VALUE', description:'The field 'f2' at path '/fields/1' in the new schema has no default value and is missing in the old schema', additionalInfo:'f2'}",
      "{errorType:'TYPE_MISMATCH', description:'The type (path '/fields/0/type') of a field in the old schema does not match with the new schema', additionalInfo:'reader type: INT not compatible with writer type: STRING'}",
      '{oldSchemaVersion: 3}',
      `{oldSchema: '{"type":"record","name":"r","fields":[]}'}`,
      "{validateFields: 'false', compatibility: 'FULL'}",
    ])
    expect(read.differences).toEqual([
      {
        type: 'READER_FIELD_MISSING_DEFAULT_VALUE',
        path: '/fields/1',
        description: "The field 'f2' in the new schema has no default value and is missing in the old schema.",
        pathIn: 'new',
        againstVersion: 3,
      },
      {
        type: 'TYPE_MISMATCH',
        path: '/fields/0/type',
        description: 'The type of a field in the old schema does not match with the new schema (reader type: INT not compatible with writer type: STRING).',
        pathIn: 'old',
        againstVersion: 3,
      },
    ])
    expect(read.oldSchemas.get(3)).toBe('{"type":"record","name":"r","fields":[]}')
    expect(read.level).toBe('FULL')
    expect(read.other).toEqual([])
  })

  it('reads JSON Schema and Protobuf messages, and names a type without a description in words', () => {
    const read = readVerdictMessages([
      `{errorType:"MAX_LENGTH_DECREASED", description:"The value at path '#/properties/name/maxLength' in the new schema is less than its value in the old schema"}`,
      `{errorType:"REQUIRED_FIELD_ADDED", description:"A required field  at path '#/Order/3' in the new schema is missing in the old schema"}`,
      `{errorType:"SUM_TYPE_EXTENDED", description:""}`,
      '{oldSchemaVersion: 1}',
    ])
    expect(read.differences).toEqual([
      {
        type: 'MAX_LENGTH_DECREASED',
        path: '#/properties/name/maxLength',
        description: 'The value in the new schema is less than its value in the old schema.',
        againstVersion: 1,
      },
      { type: 'REQUIRED_FIELD_ADDED', path: '#/Order/3', description: 'A required field in the new schema is missing in the old schema.', againstVersion: 1 },
      { type: 'SUM_TYPE_EXTENDED', description: 'Sum type extended.', againstVersion: 1 },
    ])
  })

  it("splits a 409's details list (whose items hold commas and braces) into its items", () => {
    const read = readVerdictMessages([
      `Schema being registered is incompatible with an earlier schema for subject "orders-value", details: [{errorType:'NAME_MISMATCH', description:'The name of the schema has changed (path '/name')', additionalInfo:'expected: acme.Order'}, {oldSchemaVersion: 2}, {oldSchema: '{"type":"record","name":"Order","fields":[{"name":"a","type":"int"}, {"name":"b","type":"int"}]}'}, {validateFields: 'false', compatibility: 'BACKWARD'}]`,
    ])
    expect(read.differences).toEqual([
      { type: 'NAME_MISMATCH', path: '/name', description: 'The name of the schema has changed (expected: acme.Order).', againstVersion: 2 },
    ])
    expect(read.oldSchemas.get(2)).toBe('{"type":"record","name":"Order","fields":[{"name":"a","type":"int"}, {"name":"b","type":"int"}]}')
    expect(read.level).toBe('BACKWARD')
    expect(read.other).toEqual([])
  })

  it("reads CP 7.0–7.3's Incompatibility{…} form and keeps messages of no known form as they are", () => {
    const read = readVerdictMessages([
      'Incompatibility{type:TYPE_MISMATCH, location:/fields/2/type, message:reader type: DOUBLE not compatible with writer type: STRING, reader:"double", writer:"string"}',
      'Incompatible because of different schema type',
      '{oldSchema: <truncated> \'{"type":"rec...\'}',
      'Schema being registered is incompatible with an earlier schema',
    ])
    expect(read.differences).toEqual([
      { type: 'TYPE_MISMATCH', path: '/fields/2/type', description: 'Reader type: DOUBLE not compatible with writer type: STRING.' },
    ])
    expect(read.other).toEqual(['Incompatible because of different schema type', 'Schema being registered is incompatible with an earlier schema'])
    expect(read.oldSchemas.size).toBe(0)
  })

  it('reads back every message the engine words as the registry does, one difference per incompatibility', () => {
    const v1 = {
      type: 'record',
      name: 'R',
      fields: [
        { name: 'a', type: 'string' },
        { name: 'e', type: { type: 'enum', name: 'E', symbols: ['X', 'Y'] } },
      ],
    }
    const v2 = {
      type: 'record',
      name: 'R',
      fields: [
        { name: 'a', type: 'int' },
        { name: 'e', type: { type: 'enum', name: 'E', symbols: ['X'] } },
        { name: 'b', type: 'int' },
      ],
    }
    const result = checkCompatibility('FULL', JSON.stringify(v2), [JSON.stringify(v1)])
    const read = readVerdictMessages(result.messages)
    expect(read.differences.map((d) => d.type).sort()).toEqual(result.incompatibilities.map((i) => i.type).sort())
    expect(read.differences.every((d) => d.path !== undefined && d.pathIn !== undefined && d.againstVersion === 1 && !d.description.includes('{'))).toBe(true)
    expect(read.other).toEqual([])
  })
})
