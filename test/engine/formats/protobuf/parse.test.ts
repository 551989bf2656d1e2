import { describe, expect, it } from 'vitest'
import { parseProtobuf } from '../../../../src/engine/formats/protobuf/index.js'
import { MAX_NESTING_DEPTH } from '../../../../src/engine/formats/protobuf/parser.js'

/** The errors of an invalid schema (fails the test when it parses). */
function errorsOf(text: string, dependencies?: Record<string, string>) {
  const result = parseProtobuf(text, dependencies)
  if (result.ok) throw new Error('expected the schema to be rejected')
  return result.errors
}

const p3 = (body: string) => `syntax = "proto3";\n${body}`

describe('Protobuf parsing: bad input gives one clear located error', () => {
  it('a syntax error, at the token that is wrong', () => {
    expect(errorsOf('syntax = "proto3"\nmessage A {}')).toEqual([
      { message: "expected ';' after the syntax but found 'message'", path: '', line: 2, column: 1 },
    ])
    expect(errorsOf(p3('message A {\n  int32 a = ;\n}'))[0]).toMatchObject({ message: "expected the field number but found ';'", line: 3, column: 13 })
    expect(errorsOf(p3('message A {\n  int32 a = 1;\n'))[0]).toMatchObject({ message: "message 'A' is not closed: expected '}'", line: 2, column: 1 })
    expect(errorsOf('syntax = "proto4";')[0]).toMatchObject({ message: 'unknown syntax "proto4" (expected "proto2" or "proto3")', line: 1, column: 10 })
    expect(errorsOf(p3('message A {\n  required int32 a = 1;\n}'))[0]).toMatchObject({
      message: "'required' label forbidden in proto3 field declarations",
      line: 3,
      column: 3,
    })
    expect(errorsOf('syntax = "proto2";\nmessage A {\n  int32 a = 1;\n}')[0]).toMatchObject({ line: 3, column: 3 })
    expect(errorsOf(p3('message A {\n  string s = 1 [default = "x"];\n}'))[0]).toMatchObject({
      message: 'Field "s": explicit default values are not allowed in proto3',
      line: 3,
    })
    expect(errorsOf(p3('message A {\n  string s = 1; /* never closed\n}'))[0]).toMatchObject({
      message: 'unterminated comment (a "/*" without "*/")',
      line: 3,
      column: 17,
    })
  })

  it('an unresolved import, at the import', () => {
    expect(errorsOf(p3('import "acme/address.proto";\nmessage A {\n  int32 a = 1;\n}'))).toEqual([
      {
        message: 'Import "acme/address.proto" cannot be resolved: give it as a dependency (a schema reference named "acme/address.proto")',
        path: '#/',
        line: 2,
        column: 8,
      },
    ])
  })

  it('a vendored copy of a bundled file (a path ending in confluent/meta.proto) resolves to the bundled one', () => {
    const text = p3('import "third_party/confluent/meta.proto";\nmessage A {\n  int32 a = 1 [(confluent.field_meta).doc = "x"];\n}')
    expect(parseProtobuf(text).ok).toBe(true)
  })

  it('an import cycle, naming the chain', () => {
    const deps = { 'a.proto': p3('import "b.proto";'), 'b.proto': p3('import "a.proto";') }
    expect(errorsOf(p3('import "a.proto";\nmessage M {\n  int32 x = 1;\n}'), deps)).toEqual([
      { message: 'Import cycle: a.proto → b.proto → a.proto', path: '#/', line: 2, column: 8 },
    ])
  })

  it('an invalid dependency, with its own position', () => {
    const errors = errorsOf(p3('import "a.proto";\nmessage M {\n  int32 x = 1;\n}'), { 'a.proto': p3('message {') })
    expect(errors[0]!.message).toBe(`Import "a.proto" is not valid Protobuf: 2:9: expected a message name but found '{'`)
    expect(errors[0]).toMatchObject({ line: 2, column: 8 })
  })

  it('a duplicate field number, a oneof member included', () => {
    expect(errorsOf(p3('message A {\n  int32 a = 1;\n  oneof o {\n    string b = 1;\n  }\n}'))).toEqual([
      { message: 'Field number 1 has already been used in "A" by field "a"', path: '#/A/1', line: 5, column: 5 },
    ])
  })

  it('a reserved number or name reused', () => {
    expect(errorsOf(p3('message A {\n  reserved 2, 5 to 7;\n  reserved "old";\n  int32 a = 6;\n  string old = 3;\n}'))).toEqual([
      { message: 'Field "a" uses reserved number 6', path: '#/A/6', line: 5, column: 3 },
      { message: 'Field name "old" is reserved', path: '#/A/3', line: 6, column: 3 },
    ])
    expect(errorsOf(p3('enum E {\n  reserved 1;\n  Z = 0;\n  ONE = 1;\n}'))[0]).toMatchObject({
      message: 'Enum value "ONE" uses reserved number 1',
      line: 5,
      column: 3,
    })
  })

  it('a map with an invalid key type', () => {
    expect(errorsOf(p3('message A {\n  map<double, string> m = 1;\n}'))).toEqual([
      { message: 'Field "m": map key type double is not allowed (use an integer type, bool or string)', path: '#/A/1', line: 3, column: 3 },
    ])
    expect(errorsOf(p3('message A {\n  map<B, string> m = 1;\n}\nmessage B {\n  int32 x = 1;\n}'))[0]!.message).toContain('map key type B is not allowed')
  })

  it('an unknown type, at the field', () => {
    expect(errorsOf(p3('message A {\n  Missing a = 1;\n}'))).toEqual([
      { message: 'Type "Missing" is not defined (not in this file or its imports)', path: '#/A/1', line: 3, column: 3 },
    ])
  })

  it('enum rules: zero first in proto3, aliases only with allow_alias', () => {
    expect(errorsOf(p3('enum E {\n  ONE = 1;\n}'))[0]).toMatchObject({ message: 'Enum "E": the first enum value must be zero in proto3', line: 3 })
    expect(errorsOf(p3('enum E {\n  A = 0;\n  B = 0;\n}'))[0]!.message).toBe(
      '"B" uses the same enum value 0 as "A"; set option allow_alias = true to allow aliases',
    )
    expect(parseProtobuf(p3('enum E {\n  option allow_alias = true;\n  A = 0;\n  B = 0;\n}')).ok).toBe(true)
  })

  it(`a message nested 10,000 levels deep is refused past ${MAX_NESTING_DEPTH} levels, without overflowing the stack`, () => {
    const text = `${p3('')}${Array.from({ length: 10_000 }, (_, i) => `message M${i} {\n`).join('')}${'}\n'.repeat(10_000)}`
    expect(errorsOf(text)).toEqual([{ message: `nested more than ${MAX_NESTING_DEPTH} levels deep`, path: '', line: MAX_NESTING_DEPTH + 2, column: 1 }])
  })

  it('a 50 MB file is read to its end and its error located', () => {
    const text = `${p3('')}${'// filler comment line\n'.repeat(2_300_000)}message A { int32 a = 1 }`
    expect(text.length).toBeGreaterThan(50_000_000)
    expect(errorsOf(text)).toEqual([{ message: "expected ';' after the field 'a' but found '}'", path: '', line: 2_300_002, column: 25 }])
  })

  it('a value that is not text is refused', () => {
    expect(errorsOf(42 as unknown as string)).toEqual([{ message: 'A Protobuf schema must be .proto text (a string)', path: '' }])
  })
})

describe('Protobuf parsing: what the registry reads', () => {
  it('reads proto2, proto3 and edition 2023 files with every construct', () => {
    const proto2 = `syntax = "proto2";
package acme.v1;
import public "other.proto";
import weak "google/protobuf/empty.proto";
option java_package = "com.acme";
option (custom.file) = { a: 1 b: "x" c { d: true } list: [1, 2] };
message Order {
  option deprecated = true;
  required string id = 1 [default = "none", json_name = "ID"];
  optional int32 qty = 2 [(custom.field).sub = 3];
  repeated group Line = 3 {
    optional string sku = 1;
  }
  extensions 100 to max;
  reserved 10, 12 to 14, "legacy";
  oneof pay {
    string card = 4;
    int64 cash = 5;
  }
  map<string, Order> children = 6;
  enum Kind { NONE = 0; RUSH = -1; }
  extend Order { optional int32 ext = 100; }
}
service Orders {
  rpc Watch (stream Order) returns (stream Order) { option deprecated = true; }
}
`
    const parsed = parseProtobuf(proto2, { 'other.proto': 'syntax = "proto2";\npackage custom;' })
    expect(parsed.ok).toBe(true)
    if (!parsed.ok) return
    const order = parsed.value.file.types[0]!
    expect(order.kind).toBe('message')
    if (order.kind !== 'message') return
    expect(order.fields.map((f) => [f.label, f.type, f.name, f.tag, f.defaultValue, f.jsonName])).toEqual([
      ['required', 'string', 'id', 1, 'none', 'ID'],
      ['optional', 'int32', 'qty', 2, null, null],
      [null, 'map<string, Order>', 'children', 6, null, null],
    ])
    expect(order.groups.map((g) => [g.label, g.name, g.tag])).toEqual([['repeated', 'Line', 3]])
    expect(order.oneOfs[0]!.fields.map((f) => [f.label, f.name])).toEqual([
      [null, 'card'],
      [null, 'cash'],
    ])
    expect(order.reserveds[0]!.values).toEqual([10, { start: 12, end: 14 }, 'legacy'])
    expect(order.extensions[0]!.values).toEqual([{ start: 100, end: 536_870_911 }])
    expect(parsed.value.references).toEqual(['other.proto'])
    expect(parsed.value.file.services[0]!.rpcs[0]).toMatchObject({ requestStreaming: true, responseStreaming: true })

    expect(parseProtobuf('edition = "2023";\nmessage A {\n  int32 a = 1;\n  repeated string b = 2;\n}').ok).toBe(true)
    expect(parseProtobuf('edition = "2023";\nmessage A {\n  optional int32 a = 1;\n}')).toMatchObject({ ok: false, errors: [{ line: 3, column: 3 }] })
  })

  it('accepts a base64 FileDescriptorProto where text is expected, as the registry does', () => {
    // A file with one message A { int32 a = 1; } in proto3.
    const base64 = 'CgdkZWZhdWx0Ig4KAUESCQoBYRgBIAEoBWIGcHJvdG8z'
    const parsed = parseProtobuf(base64)
    expect(parsed.ok && parsed.value.fromDescriptor).toBe(true)
  })
})
