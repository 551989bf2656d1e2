import { describe, expect, it } from 'vitest'
import { checkCompatibility, parseSchema, schemaDifferences } from '../../../../src/engine/index.js'
import { parseProtobuf, protobufCanonical } from '../../../../src/engine/formats/protobuf/index.js'

const V1 = 'syntax = "proto3";\npackage foo;\nmessage TestMessage {\n  string test_string = 1;\n  int32 count = 2;\n}\n'
const V2_ADD = 'syntax = "proto3";\npackage foo;\nmessage TestMessage {\n  string test_string = 1;\n  int32 count = 2;\n  float ratio = 3;\n}\n'
const V2_PACKAGE = V1.replace('package foo', 'package bar')
const V2_SCALAR = V1.replace('int32 count', 'string count')

const canonical = (text: string) => {
  const parsed = parseProtobuf(text)
  if (!parsed.ok) throw new Error('invalid')
  return protobufCanonical(parsed.value)
}
const PROTOBUF = { schemaType: 'PROTOBUF' } as const

describe("checkCompatibility with schemaType 'PROTOBUF': the registry's verdicts and messages", () => {
  it('a compatible change passes every level that allows it', () => {
    expect(checkCompatibility('BACKWARD', V2_ADD, [V1], PROTOBUF)).toEqual({
      compatible: true,
      messages: [],
      failedAgainst: null,
      differences: [],
      incompatibilities: [],
    })
    // Adding a field is compatible both ways for Protobuf (FIELD_ADDED and FIELD_REMOVED are compatible).
    expect(checkCompatibility('FULL_TRANSITIVE', V2_ADD, [V1, V1], PROTOBUF).compatible).toBe(true)
  })

  it('BACKWARD: the incompatible difference, then the old version and schema, then the level', () => {
    const result = checkCompatibility('BACKWARD', V2_PACKAGE, [V1], PROTOBUF)
    expect(result).toEqual({
      compatible: false,
      failedAgainst: 0,
      incompatibilities: [],
      differences: [{ type: 'PACKAGE_CHANGED', path: '#/', compatible: false, direction: 'backward' }],
      messages: [
        `{errorType:"PACKAGE_CHANGED", description:"The package at '#/' in the new schema does not match the package in the old schema"}`,
        '{oldSchemaVersion: 1}',
        `{oldSchema: '${canonical(V1)}'}`,
        "{validateFields: 'false', compatibility: 'BACKWARD'}",
      ],
    })
  })

  it('FORWARD swaps the schemas and the words new/old; FULL reports the forward part first', () => {
    const forward = checkCompatibility('FORWARD', V2_SCALAR, [V1], PROTOBUF)
    expect(forward.messages).toEqual([
      `{errorType:"FIELD_SCALAR_KIND_CHANGED", description:"The kind of a SCALAR field at path '#/TestMessage/2' in the old schema does not match its kind in the new schema"}`,
      '{oldSchemaVersion: 1}',
      `{oldSchema: '${canonical(V1)}'}`,
      "{validateFields: 'false', compatibility: 'FORWARD'}",
    ])
    const full = checkCompatibility('FULL', V2_SCALAR, [V1], PROTOBUF)
    expect(full.messages).toEqual([
      `{errorType:"FIELD_SCALAR_KIND_CHANGED", description:"The kind of a SCALAR field at path '#/TestMessage/2' in the old schema does not match its kind in the new schema"}`,
      `{errorType:"FIELD_SCALAR_KIND_CHANGED", description:"The kind of a SCALAR field at path '#/TestMessage/2' in the new schema does not match its kind in the old schema"}`,
      '{oldSchemaVersion: 1}',
      `{oldSchema: '${canonical(V1)}'}`,
      "{validateFields: 'false', compatibility: 'FULL'}",
    ])
  })

  it('transitive levels walk newest to oldest and name the failing version; non-transitive ones read only the newest', () => {
    const result = checkCompatibility('BACKWARD_TRANSITIVE', V2_ADD, [V2_PACKAGE, V1], { ...PROTOBUF, versions: [4, 7] })
    expect(result.failedAgainst).toBe(0)
    expect(result.messages).toContain('{oldSchemaVersion: 4}')
    // BACKWARD compares with the newest only, so an invalid older version is not read.
    expect(checkCompatibility('BACKWARD', V2_ADD, ['not proto', V1], PROTOBUF).compatible).toBe(true)
    expect(checkCompatibility('NONE', 'not proto', [], PROTOBUF).compatible).toBe(false)
  })

  it('an already parsed schema is taken as is', () => {
    const v1 = parseProtobuf(V1)
    const v2 = parseProtobuf(V2_PACKAGE)
    if (!v1.ok || !v2.ok) throw new Error('invalid')
    expect(checkCompatibility('BACKWARD', v2.value, [v1.value], PROTOBUF).differences).toEqual([
      { type: 'PACKAGE_CHANGED', path: '#/', compatible: false, direction: 'backward' },
    ])
  })

  it('each side may be { schema, dependencies }; well-known imports need none', () => {
    const dep = 'syntax = "proto3";\npackage acme;\nmessage Address {\n  string city = 1;\n}\n'
    const depChanged = 'syntax = "proto3";\npackage acme;\nmessage Address {\n  int64 city = 1;\n}\n'
    const main =
      'syntax = "proto3";\nimport "acme/address.proto";\nimport "google/protobuf/timestamp.proto";\nmessage Customer {\n  acme.Address home = 1;\n  google.protobuf.Timestamp since = 2;\n}\n'
    const result = checkCompatibility(
      'BACKWARD',
      { schema: main, dependencies: { 'acme/address.proto': depChanged } },
      [{ schema: main, dependencies: { 'acme/address.proto': dep } }],
      PROTOBUF,
    )
    expect(result.differences).toEqual([
      { type: 'FIELD_SCALAR_KIND_CHANGED', path: '#/Address/1', compatible: false, direction: 'backward' },
      { type: 'FIELD_NAMED_TYPE_CHANGED', path: '#/Customer/1', compatible: false, direction: 'backward' },
    ])
  })

  it('invalid input is a located error naming the side, never a throw', () => {
    const result = checkCompatibility('BACKWARD', 'syntax = "proto3";\nmessage A {\n  int32 a = 1\n}', [V1], PROTOBUF)
    expect(result).toMatchObject({
      compatible: false,
      failedAgainst: null,
      errors: [{ message: "Invalid candidate schema: expected ';' after the field 'a' but found '}'", line: 4, column: 1 }],
    })
    expect(checkCompatibility('BACKWARD', V1, [{ schema: 'syntax = "proto3";\nimport "x.proto";', dependencies: {} }], PROTOBUF).errors?.[0]?.message).toBe(
      'Invalid previous schema 1: Import "x.proto" cannot be resolved: give it as a dependency (a schema reference named "x.proto")',
    )
  })

  it('Avro keeps its own engine when no schema type (or AVRO) is given', () => {
    const avro = '{"type":"record","name":"R","fields":[{"name":"a","type":"int"}]}'
    expect(checkCompatibility('BACKWARD', avro, [avro]).compatible).toBe(true)
    expect(checkCompatibility('BACKWARD', avro, [avro], { schemaType: 'AVRO' }).compatible).toBe(true)
    expect(parseSchema(avro).ok).toBe(true)
  })
})

describe("schemaDifferences('PROTOBUF', original, update)", () => {
  it('lists every difference, compatible ones included, in the registry order', () => {
    expect([...schemaDifferences('PROTOBUF', V1, V2_ADD)]).toEqual([{ type: 'FIELD_ADDED', path: '#/TestMessage/3', compatible: true }])
    expect([...schemaDifferences('PROTOBUF', V2_ADD, V1)]).toEqual([{ type: 'FIELD_REMOVED', path: '#/TestMessage/3', compatible: true }])
    expect(schemaDifferences('PROTOBUF', V1, V2_ADD).errors).toEqual([])
  })

  it('reports invalid sides as errors', () => {
    const result = schemaDifferences('PROTOBUF', V1, 'message {')
    expect([...result]).toEqual([])
    expect(result.errors).toMatchObject([{ message: "Invalid update schema: expected a message name but found '{'", line: 1, column: 9 }])
    expect(schemaDifferences('AVRO', V1, V1).errors[0]!.message).toContain('Invalid original schema')
  })
})
