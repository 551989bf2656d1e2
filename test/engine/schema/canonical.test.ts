import { describe, expect, it } from 'vitest'
import { toAvroJson } from '../../../src/engine/schema/avro-json.js'
import { fingerprint64, toCanonicalForm } from '../../../src/engine/schema/canonical.js'
import { formatJavaDouble, parseJavaDouble } from '../../../src/engine/schema/java-double.js'
import type { RecordSchema } from '../../../src/engine/schema/model.js'
import { parseSchemaDocument } from '../../../src/engine/schema/parse.js'
import type { ParsedSchema } from '../../../src/engine/types.js'

function parsed(input: unknown): ParsedSchema {
  const result = parseSchemaDocument(input, { validateDefaults: false })
  if (!result.ok) throw new Error(result.errors[0].message)
  return result
}

/** Apache Avro's share/test/data/schema-tests.txt: input, canonical form, fingerprint as a signed 64-bit decimal. */
const AVRO_VECTORS: Array<[string, string, string?]> = [
  ['"null"', '"null"', '7195948357588979594'],
  ['{"type":"null"}', '"null"'],
  ['"boolean"', '"boolean"', '-6970731678124411036'],
  ['"int"', '"int"', '8247732601305521295'],
  ['{"type":"int"}', '"int"'],
  ['"long"', '"long"', '-3434872931120570953'],
  ['"float"', '"float"', '5583340709985441680'],
  ['"double"', '"double"', '-8181574048448539266'],
  ['"bytes"', '"bytes"', '5746618253357095269'],
  ['"string"', '"string"', '-8142146995180207161'],
  ['[  ]', '[]', '-1241056759729112623'],
  ['[ "int"  ]', '["int"]', '-5232228896498058493'],
  ['[ "int" , {"type":"boolean"} ]', '["int","boolean"]', '5392556393470105090'],
  ['{"fields":[], "type":"record", "name":"foo"}', '{"name":"foo","type":"record","fields":[]}', '-4824392279771201922'],
  ['{"fields":[], "type":"record", "name":"foo", "namespace":"x.y"}', '{"name":"x.y.foo","type":"record","fields":[]}', '5916914534497305771'],
  ['{"fields":[], "type":"record", "name":"a.b.foo", "namespace":"x.y"}', '{"name":"a.b.foo","type":"record","fields":[]}', '-4616218487480524110'],
  ['{"fields":[], "type":"record", "name":"foo", "doc":"Useful info"}', '{"name":"foo","type":"record","fields":[]}', '-4824392279771201922'],
  ['{"fields":[], "type":"record", "name":"foo", "aliases":["foo","bar"]}', '{"name":"foo","type":"record","fields":[]}', '-4824392279771201922'],
  [
    '{"fields":[{"type":{"type":"boolean"}, "name":"f1"}], "type":"record", "name":"foo"}',
    '{"name":"foo","type":"record","fields":[{"name":"f1","type":"boolean"}]}',
    '7843277075252814651',
  ],
  [
    '{ "fields":[{"type":"boolean", "aliases":[], "name":"f1", "default":"true"},\n {"order":"descending","name":"f2","doc":"Hello","type":"int"}],\n "type":"record", "name":"foo"}',
    '{"name":"foo","type":"record","fields":[{"name":"f1","type":"boolean"},{"name":"f2","type":"int"}]}',
    '-4860222112080293046',
  ],
  ['{"type":"enum", "name":"foo", "symbols":["A1"]}', '{"name":"foo","type":"enum","symbols":["A1"]}', '-6342190197741309591'],
  [
    '{"namespace":"x.y.z", "type":"enum", "name":"foo", "doc":"foo bar", "symbols":["A1", "A2"]}',
    '{"name":"x.y.z.foo","type":"enum","symbols":["A1","A2"]}',
    '-4448647247586288245',
  ],
  ['{"name":"foo","type":"fixed","size":15}', '{"name":"foo","type":"fixed","size":15}', '1756455273707447556'],
  ['{"namespace":"x.y.z", "type":"fixed", "name":"foo", "doc":"foo bar", "size":32}', '{"name":"x.y.z.foo","type":"fixed","size":32}', '-3064184465700546786'],
  ['{ "items":{"type":"null"}, "type":"array"}', '{"type":"array","items":"null"}', '-589620603366471059'],
  ['{ "values":"string", "type":"map"}', '{"type":"map","values":"string"}', '-8732877298790414990'],
  [
    '{"name":"PigValue","type":"record", "fields":[{"name":"value", "type":["null", "int", "long", "PigValue"]}]}',
    '{"name":"PigValue","type":"record","fields":[{"name":"value","type":["null","int","long","PigValue"]}]}',
    '-1759257747318642341',
  ],
]

const hex = (signed: string) => BigInt.asUintN(64, BigInt(signed)).toString(16).padStart(16, '0')

describe('Parsing Canonical Form and CRC-64-AVRO fingerprint', () => {
  it.each(AVRO_VECTORS)('%s', (input, canonical, fingerprint) => {
    const schema = parsed(input)
    expect(schema.canonical).toBe(canonical)
    expect(toCanonicalForm(schema.schema)).toBe(canonical)
    if (fingerprint) expect(schema.fingerprint).toBe(hex(fingerprint))
  })

  it('gives the well-known fingerprint of "null"', () => {
    expect(fingerprint64('"null"')).toBe('63dd24e7cc258f8a')
  })

  it('writes error types as records and named types once', () => {
    const schema = parsed({
      type: 'error',
      name: 'E',
      namespace: 'n',
      fields: [
        { name: 'a', type: { type: 'fixed', name: 'F', size: 2 } },
        { name: 'b', type: 'F' },
      ],
    })
    expect(schema.canonical).toBe(
      '{"name":"n.E","type":"record","fields":[{"name":"a","type":{"name":"n.F","type":"fixed","size":2}},{"name":"b","type":"n.F"}]}',
    )
  })
})

describe('normalized text (Avro Java Schema.toString())', () => {
  it('orders keys as Avro does and drops whitespace', () => {
    const text = `{
      "fields": [
        {"default": null, "type": ["null", "string"], "doc": "the email", "name": "email", "order": "ignore", "aliases": ["mail"], "x-pii": true},
        {"name": "ts", "type": {"logicalType": "timestamp-millis", "type": "long"}}
      ],
      "doc": "A user", "namespace": "com.acme", "name": "User", "type": "record", "aliases": ["Person"], "x-owner": "team-a"
    }`
    expect(parsed(text).normalized).toBe(
      '{"type":"record","name":"User","namespace":"com.acme","doc":"A user","fields":[' +
        '{"name":"email","type":["null","string"],"doc":"the email","default":null,"order":"ignore","aliases":["mail"],"x-pii":true},' +
        '{"name":"ts","type":{"type":"long","logicalType":"timestamp-millis"}}],"x-owner":"team-a","aliases":["Person"]}',
    )
  })

  it('writes namespaces only where they change, and "" for the null namespace inside another', () => {
    const schema = parsed({
      type: 'record',
      name: 'a.R',
      fields: [
        { name: 's', type: { type: 'enum', name: 'S', symbols: ['X', 'Y'], default: 'X', doc: 'd' } },
        { name: 'o', type: { type: 'fixed', name: 'b.O', size: 1 } },
        { name: 'n', type: { type: 'record', name: 'N', namespace: '', fields: [] } },
        { name: 's2', type: 'S' },
        { name: 'o2', type: 'b.O' },
        { name: 'm', type: { type: 'map', values: 'N' } },
      ],
    })
    expect(schema.normalized).toBe(
      '{"type":"record","name":"R","namespace":"a","fields":[' +
        '{"name":"s","type":{"type":"enum","name":"S","doc":"d","symbols":["X","Y"],"default":"X"}},' +
        '{"name":"o","type":{"type":"fixed","name":"O","namespace":"b","size":1}},' +
        '{"name":"n","type":{"type":"record","name":"N","namespace":"","fields":[]}},' +
        '{"name":"s2","type":"S"},{"name":"o2","type":"b.O"},{"name":"m","type":{"type":"map","values":"N"}}]}',
    )
  })

  it('is the same for texts that differ only in whitespace and comments', () => {
    const a = parsed('{"type":"record","name":"R","fields":[{"name":"a","type":"int"}]}')
    const b = parsed('{\n  // R\n  "type" : "record", "name" : "R",\n  "fields" : [ { "name" : "a", "type" : { "type": "int" } } ]\n}')
    expect(b.normalized).toBe(a.normalized)
    expect(b.fingerprint).toBe(a.fingerprint)
  })

  it('writes converted float defaults as Jackson does for special values', () => {
    expect(parsed({ type: 'record', name: 'R', fields: [{ name: 'x', type: 'double', default: 'NaN' }] }).normalized).toBe(
      '{"type":"record","name":"R","fields":[{"name":"x","type":"double","default":"NaN"}]}',
    )
  })

  it('writes numbers as Jackson does: doubles Java-style, integers in full', () => {
    const text = `{"type":"record","name":"R","fields":[
      {"name":"a","type":"double","default":0.0},
      {"name":"b","type":"double","default":0.0001},
      {"name":"c","type":"float","default":"3"},
      {"name":"d","type":"long","default":12345678901},
      {"name":"e","type":{"type":"array","items":"double"},"default":[1.0,2,2.5e7]},
      {"name":"f","type":"int","x-range":{"min":0.0,"max":100}}]}`
    expect(parsed(text).normalized).toBe(
      '{"type":"record","name":"R","fields":[{"name":"a","type":"double","default":0.0},{"name":"b","type":"double","default":1.0E-4},' +
        '{"name":"c","type":"float","default":3.0},{"name":"d","type":"long","default":12345678901},' +
        '{"name":"e","type":{"type":"array","items":"double"},"default":[1.0,2,2.5E7]},{"name":"f","type":"int","x-range":{"min":0.0,"max":100}}]}',
    )
  })

  it('renders any node, e.g. a field type, with toAvroJson', () => {
    const record = parsed({ type: 'record', name: 'R', namespace: 'n', fields: [{ name: 'a', type: { type: 'array', items: 'R' } }] }).schema as RecordSchema
    expect(toAvroJson(record.fields[0].type)).toBe(
      '{"type":"array","items":{"type":"record","name":"R","namespace":"n","fields":[{"name":"a","type":{"type":"array","items":"R"}}]}}',
    )
    expect(toAvroJson(record.fields[0].type, 'n')).toBe(
      '{"type":"array","items":{"type":"record","name":"R","fields":[{"name":"a","type":{"type":"array","items":"R"}}]}}',
    )
  })

  it('serializes a parse result to JSON with its identity', () => {
    const json = JSON.parse(JSON.stringify(parsed('"string"')))
    expect(json).toEqual({
      ok: true,
      canonical: '"string"',
      fingerprint: parsed('"string"').fingerprint,
      normalized: '"string"',
      definedTypes: [],
      referencedTypes: [],
    })
  })
})

describe('Java doubles', () => {
  it.each([
    [0, '0.0'],
    [-0, '-0.0'],
    [1, '1.0'],
    [1.5, '1.5'],
    [0.001, '0.001'],
    [0.0001, '1.0E-4'],
    [1234567, '1234567.0'],
    [12345678, '1.2345678E7'],
    [-2.5e-7, '-2.5E-7'],
    [1e21, '1.0E21'],
  ])('formats %d as %s', (value, text) => {
    expect(formatJavaDouble(value)).toBe(text)
  })

  it.each([
    ['1', 1],
    [' 2.5 ', 2.5],
    ['-1e3', -1000],
    ['1f', 1],
    ['.5', 0.5],
    ['5.', 5],
    ['0x1.8p1', 3],
    ['-Infinity', -Infinity],
  ])('parses %j like Double.parseDouble', (text, value) => {
    expect(parseJavaDouble(text)).toBe(value)
  })

  it.each(['', 'abc', '1.2.3', 'NaNx', 'e5', '0x'])('rejects %j like Double.parseDouble', (text) => {
    expect(parseJavaDouble(text)).toBeUndefined()
  })

  it('parses NaN', () => {
    expect(parseJavaDouble('NaN')).toBeNaN()
  })
})
