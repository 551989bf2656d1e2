import { describe, expect, it } from 'vitest'
import type { EnumSchema, RecordSchema, UnionSchema } from '../../../src/engine/schema/model.js'
import { MAX_SCHEMA_DEPTH, parseSchemaDocument } from '../../../src/engine/schema/parse.js'
import type { ParseOptions, ParseResult } from '../../../src/engine/types.js'

function parsed(input: unknown, options?: ParseOptions) {
  const result = parseSchemaDocument(input, options)
  if (!result.ok) throw new Error(`expected a valid schema, got: ${result.errors[0].message}`)
  return result
}

function firstError(input: unknown, options?: ParseOptions) {
  const result: ParseResult = parseSchemaDocument(input, options)
  if (result.ok) throw new Error(`expected an invalid schema: ${JSON.stringify(input)}`)
  expect(result.errors).toHaveLength(1)
  return result.errors[0]
}

const record = (fields: unknown[], extra: Record<string, unknown> = {}) => ({ type: 'record', name: 'R', fields, ...extra })

describe('parseSchemaDocument: the model', () => {
  it('builds primitives from names and objects, keeping custom properties and logicalType', () => {
    expect(parsed('"int"').schema).toMatchObject({ kind: 'primitive', type: 'int', pointer: '' })
    const ts = parsed({ type: 'long', logicalType: 'timestamp-millis', 'x-owner': 'team' }).schema
    expect(ts).toMatchObject({ kind: 'primitive', type: 'long', logicalType: 'timestamp-millis' })
    expect(ts.props).toEqual({ logicalType: 'timestamp-millis', 'x-owner': 'team' })
  })

  it('keeps invalid logical types as plain properties, as Avro 1.12.1 does', () => {
    const decimal = parsed({ type: 'string', logicalType: 'decimal', precision: -1 }).schema
    expect(decimal).toMatchObject({ kind: 'primitive', type: 'string', logicalType: 'decimal', props: { precision: -1 } })
  })

  it('resolves namespaces: inherited, explicit, dotted names, and the null namespace', () => {
    const schema = parsed({
      type: 'record',
      name: 'Outer',
      namespace: 'com.acme',
      fields: [
        { name: 'a', type: { type: 'fixed', name: 'Hash', size: 16 } },
        { name: 'b', type: { type: 'enum', name: 'org.other.Kind', symbols: ['X'] } },
        { name: 'c', type: { type: 'record', name: 'Local', namespace: '', fields: [] } },
        { name: 'd', type: 'Hash' },
      ],
    })
    const outer = schema.schema as RecordSchema
    expect(outer.fullName).toBe('com.acme.Outer')
    expect(outer.fields.map((f) => (f.type as { fullName: string }).fullName)).toEqual(['com.acme.Hash', 'org.other.Kind', 'Local', 'com.acme.Hash'])
    expect(outer.fields[3].type).toBe(outer.fields[0].type)
    expect([...schema.definedTypes.keys()].sort()).toEqual(['Local', 'com.acme.Hash', 'com.acme.Outer', 'org.other.Kind'])
  })

  it('finds a null-namespace type from inside a namespace (Avro fallback)', () => {
    const schema = parsed([
      { type: 'fixed', name: 'Id', size: 4 },
      { type: 'record', name: 'R', namespace: 'a.b', fields: [{ name: 'id', type: 'Id' }] },
    ])
    const union = schema.schema as UnionSchema
    expect((union.types[1] as RecordSchema).fields[0].type).toBe(union.types[0])
  })

  it('builds recursive and mutually recursive records as cyclic graphs', () => {
    const list = parsed(
      record([
        { name: 'value', type: 'int' },
        { name: 'next', type: ['null', 'R'], default: null },
      ]),
    ).schema as RecordSchema
    expect((list.fields[1].type as UnionSchema).types[1]).toBe(list)
    const tree = parsed({
      type: 'record',
      name: 'A',
      fields: [{ name: 'b', type: { type: 'record', name: 'B', fields: [{ name: 'a', type: ['null', 'A'] }] } }],
    }).schema as RecordSchema
    const b = tree.fields[0].type as RecordSchema
    expect((b.fields[0].type as UnionSchema).types[1]).toBe(tree)
  })

  it('resolves forward references to types defined later in the document (Avro 1.12)', () => {
    const schema = parsed(
      record([
        { name: 'later', type: 'E' },
        { name: 'e', type: { type: 'enum', name: 'E', symbols: ['A'] } },
      ]),
    ).schema as RecordSchema
    expect(schema.fields[0].type).toBe(schema.fields[1].type)
  })

  it('reads enums with a default symbol, fixed sizes, arrays, maps, aliases, doc and order', () => {
    const schema = parsed({
      type: 'record',
      name: 'R',
      namespace: 'n',
      aliases: ['Old', 'x.Older'],
      doc: 'a record',
      fields: [
        { name: 'e', type: { type: 'enum', name: 'E', symbols: ['A', 'B'], default: 'B' }, aliases: ['ee'], doc: 'an enum', order: 'DESCENDING' },
        { name: 'm', type: { type: 'map', values: { type: 'array', items: 'string' } }, default: {} },
        { name: 'x', type: 'int', 'x-prop': [1] },
      ],
    }).schema as RecordSchema
    expect(schema.aliases).toEqual(['n.Old', 'x.Older'])
    expect(schema.doc).toBe('a record')
    expect(schema.fields[0]).toMatchObject({ name: 'e', aliases: ['ee'], doc: 'an enum', order: 'descending', index: 0, pointer: '/fields/0' })
    expect((schema.fields[0].type as EnumSchema).default).toBe('B')
    expect(schema.fields[1].type).toMatchObject({ kind: 'map', values: { kind: 'array', items: { kind: 'primitive', type: 'string' } } })
    expect(schema.fields[1].default).toEqual({ value: {} })
    expect(schema.fields[2].default).toBeUndefined()
    expect(schema.fields[2].props).toEqual({ 'x-prop': [1] })
  })

  it('treats "error" types as records', () => {
    expect(parsed({ type: 'error', name: 'Oops', fields: [] }).schema).toMatchObject({ kind: 'record', type: 'error' })
  })

  it('uses named types given in options.namedTypes and lists the ones used', () => {
    const address = parsed({ type: 'record', name: 'Address', namespace: 'com.acme', fields: [{ name: 'street', type: 'string' }] })
    const user = parsed(
      { type: 'record', name: 'User', namespace: 'com.acme', fields: [{ name: 'home', type: 'Address' }] },
      { namedTypes: address.definedTypes.values() },
    )
    expect((user.schema as RecordSchema).fields[0].type).toBe(address.schema)
    expect(user.referencedTypes).toEqual(['com.acme.Address'])
    expect([...user.definedTypes.keys()]).toEqual(['com.acme.User'])
  })

  it('accepts a second definition equal to the first, as Avro does', () => {
    const e = { type: 'enum', name: 'E', symbols: ['A'] }
    const schema = parsed(
      record([
        { name: 'a', type: e },
        { name: 'b', type: e },
      ]),
    ).schema as RecordSchema
    expect(schema.fields[1].type).toBe(schema.fields[0].type)
  })

  it('accepts an equal record defined twice (doc may differ) and rejects a different one', () => {
    const point = (doc: string, y = 'int') => ({
      type: 'record',
      name: 'P',
      doc,
      fields: [
        { name: 'x', type: 'int' },
        { name: 'y', type: y },
      ],
    })
    const same = parsed(
      record([
        { name: 'a', type: point('one') },
        { name: 'b', type: point('two') },
      ]),
    ).schema as RecordSchema
    expect(same.fields[1].type).toBe(same.fields[0].type)
    expect(
      firstError(
        record([
          { name: 'a', type: point('one') },
          { name: 'b', type: point('one', 'long') },
        ]),
      ).message,
    ).toMatch(/Can't redefine 'P'/)
  })

  it('accepts Unicode letters in names, as Avro Java does', () => {
    expect(parsed(record([{ name: 'prénom', type: 'string' }])).ok).toBe(true)
  })

  it('passes an already parsed schema through unchanged', () => {
    const first = parsed('"string"')
    expect(parseSchemaDocument(first)).toBe(first)
  })

  it('accepts a bare type name as text', () => {
    expect(parsed('long').schema).toMatchObject({ kind: 'primitive', type: 'long' })
  })

  it('reads JSON with // and /* */ comments', () => {
    const text = '// a user\n{ /* the type */ "type": "record", "name": "U", "fields": [\n  {"name": "id", "type": "long"} // key\n]}'
    expect((parsed(text).schema as RecordSchema).fields[0].name).toBe('id')
  })
})

describe('parseSchemaDocument: rejects what Avro 1.12.1 rejects', () => {
  it.each([
    ['an undefined name', record([{ name: 'a', type: 'com.acme.Addr' }]), /Undefined name 'com.acme.Addr'/, '/fields/0/type'],
    ['an undefined name in an object', record([{ name: 'a', type: { type: 'Nope' } }]), /Undefined name 'Nope'/, '/fields/0/type/type'],
    ['a name that cannot be a type', record([{ name: 'a', type: 'not a name' }]), /Undefined name/, '/fields/0/type'],
    [
      'a duplicate field',
      record([
        { name: 'a', type: 'int' },
        { name: 'a', type: 'string' },
      ]),
      /Duplicate field 'a' in record 'R'/,
      '/fields/1',
    ],
    ['a duplicate symbol', { type: 'enum', name: 'E', symbols: ['A', 'A'] }, /Duplicate enum symbol 'A'/, '/symbols/1'],
    ['an enum default that is not a symbol', { type: 'enum', name: 'E', symbols: ['A'], default: 'B' }, /Enum default 'B'/, '/default'],
    ['an invalid symbol', { type: 'enum', name: 'E', symbols: ['1A'] }, /Invalid enum symbol "1A"/, '/symbols/0'],
    ['enum without symbols', { type: 'enum', name: 'E' }, /has no 'symbols'/, ''],
    [
      'a redefined name',
      record([
        { name: 'a', type: { type: 'fixed', name: 'F', size: 1 } },
        { name: 'b', type: { type: 'fixed', name: 'F', size: 2 } },
      ]),
      /Can't redefine 'F'/,
      '/fields/1/type',
    ],
    ['an invalid name', { type: 'fixed', name: 'my-fixed', size: 1 }, /Invalid name 'my-fixed'/, '/name'],
    ['a name starting with a digit', record([], { name: '1R' }), /Invalid name '1R' \(illegal initial character\)/, '/name'],
    ['a hyphen in a namespace', record([], { namespace: 'com.my-org' }), /Invalid namespace 'com.my-org': 'my-org'/, '/namespace'],
    ['an empty namespace segment', record([], { name: 'a..R' }), /Invalid namespace 'a.': '' is not a valid name/, '/name'],
    ['an invalid field name', record([{ name: 'a b', type: 'int' }]), /Invalid field name 'a b'/, '/fields/0/name'],
    ['a type named after a primitive', { type: 'fixed', name: 'int', size: 1 }, /named after primitives/, '/name'],
    ['a record without fields', { type: 'record', name: 'R' }, /has no 'fields'/, ''],
    ['a record whose fields are not an array', { type: 'record', name: 'R', fields: 5 }, /has no 'fields' array at \/fields$/, '/fields'],
    ['enum symbols that are not an array', { type: 'enum', name: 'E', symbols: 'A' }, /has no 'symbols' array at \/symbols$/, '/symbols'],
    ['a name that is not a string', { type: 'enum', name: 5, symbols: [] }, /Invalid name in schema at \/name$/, '/name'],
    ['a field name that is not a string', record([{ name: 1, type: 'int' }]), /Invalid field name at \/fields\/0\/name$/, '/fields/0/name'],
    ['a fixed size that is a string', { type: 'fixed', name: 'F', size: '16' }, /Invalid or no size/, '/size'],
    ['a field without type', record([{ name: 'a' }]), /No type for field 'a'/, '/fields/0'],
    ['a field without name', record([{ type: 'int' }]), /No field name/, '/fields/0'],
    ['a schema without type', { name: 'x' }, /No type/, ''],
    ['a schema without name', { type: 'record', fields: [] }, /No name/, ''],
    [
      'a type wrapped in {"type": {...}}',
      record([{ name: 'a', type: { type: { type: 'int' } } }]),
      /No type: 'type' must be a type name/,
      '/fields/0/type/type',
    ],
    ['a fixed without size', { type: 'fixed', name: 'F' }, /Invalid or no size/, ''],
    ['a fixed with a fractional size', { type: 'fixed', name: 'F', size: 1.5 }, /Invalid or no size/, '/size'],
    ['an array without items', { type: 'array' }, /Array has no 'items'/, ''],
    ['a map without values', { type: 'map' }, /Map has no 'values'/, ''],
    ['a directly nested union', ['null', ['int', 'string']], /Nested union/, '/1'],
    ['a duplicate primitive in a union', ['int', 'string', 'int'], /Duplicate in union: 'int'/, '/2'],
    [
      'two arrays in a union',
      [
        { type: 'array', items: 'int' },
        { type: 'array', items: 'long' },
      ],
      /Duplicate in union: 'array'/,
      '/1',
    ],
    ['the same named type twice in a union', [{ type: 'fixed', name: 'F', size: 1 }, 'F'], /Duplicate in union: 'F'/, '/1'],
    ['an unknown order', record([{ name: 'a', type: 'int', order: 'up' }]), /Invalid order "up"/, '/fields/0/order'],
    ['aliases that are not an array', record([], { aliases: 'Old' }), /'aliases' is not an array/, '/aliases'],
    ['an alias that is not a string', record([{ name: 'a', type: 'int', aliases: [1] }]), /Alias is not a string/, '/fields/0/aliases/0'],
    ['a number as schema', 42, /Not a schema: 42/, ''],
  ])('%s', (_what, schema, message, path) => {
    const error = firstError(schema)
    expect(error.message).toMatch(message)
    expect(error.path).toBe(path)
  })

  it('rejects invalid JSON with one error at its line and column', () => {
    const error = firstError('{\n  "type": "record",\n  "name": "R",\n  "fields": [,]\n}')
    expect(error).toMatchObject({ path: '', line: 4, column: 14 })
    expect(error.message).toMatch(/^Invalid JSON/)
  })

  it("places an invalid value at its own line and column, not at the schema's start", () => {
    const error = firstError('{\n  "type": "record", "name": "X",\n  "fields": 5\n}')
    expect(error).toMatchObject({ path: '/fields', line: 3, column: 3 })
  })

  it('rejects a fixed size written as 16.0 in text', () => {
    expect(firstError('{"type": "fixed", "name": "F", "size": 16.0}').message).toMatch(/Invalid or no size/)
  })

  it('rejects content after the schema, like Avro ("dangling content")', () => {
    expect(firstError('{"type": "enum", "name": "E", "symbols": ["A"]},\n').message).toMatch(/after the end of the schema/)
  })

  it('rejects a comment after the schema, as Avro reports dangling content', () => {
    const error = firstError('{"type": "enum", "name": "E", "symbols": ["A"]}\n// the end\n')
    expect(error.message).toMatch(/Content after the end of the schema: '\/\/ the end'/)
    expect(error).toMatchObject({ line: 2, column: 1 })
  })

  it(`stops cleanly on a schema nested deeper than ${MAX_SCHEMA_DEPTH} levels`, () => {
    let text = '"int"'
    for (let i = 0; i < 10_000; i++) text = `{"type":"array","items":${text}}`
    const error = firstError(text)
    expect(error.message).toMatch(/nested too deeply/)
    expect(error.message.length).toBeLessThan(200)
    expect(error.path.startsWith('/items/items/')).toBe(true)
    expect(error.line).toBe(1)
  })

  it('stops cleanly on a deeply nested parsed object too', () => {
    let schema: unknown = 'int'
    for (let i = 0; i < 10_000; i++) schema = [schema === 'int' ? 'int' : { type: 'map', values: schema }]
    expect(firstError(schema).message).toMatch(/nested too deeply/)
  })
})

describe('parseSchemaDocument: field defaults (Avro 1.12.1 isValidDefault)', () => {
  const withDefault = (type: unknown, value: unknown) => record([{ name: 'f', type, default: value }])

  it.each([
    ['null', null],
    ['boolean', false],
    ['int', -2147483648],
    // eslint-disable-next-line no-loss-of-precision -- the point: a long beyond 2^53, as JSON.parse reads it
    ['long', 9007199254740993],
    ['float', 1.5],
    ['double', 'NaN'],
    ['double', 'Infinity'],
    ['float', '0.0'],
    ['double', ' -1e3d '],
    ['string', ''],
    ['bytes', '\u00ff'],
    [{ type: 'fixed', name: 'F', size: 2 }, 'ab'],
    [{ type: 'enum', name: 'E', symbols: ['A'] }, 'Z'],
    [{ type: 'array', items: 'int' }, [1, 2]],
    [{ type: 'map', values: 'string' }, { a: 'x' }],
    [['null', 'string'], null],
    [['null', 'string'], 'any branch matches'],
    [
      {
        type: 'record',
        name: 'P',
        fields: [
          { name: 'x', type: 'int' },
          { name: 'y', type: 'int', default: 0 },
        ],
      },
      { x: 1 },
    ],
  ])('accepts %j default %j', (type, value) => {
    expect(parsed(withDefault(type, value)).ok).toBe(true)
  })

  it.each([
    ['int', 'x', /"x" is not an int/],
    ['int', 3000000000, /3000000000 is not an int/],
    ['int', 1.5, /is not an int/],
    ['long', '1', /"1" is not a long/],
    ['boolean', 'true', /is not a boolean/],
    ['string', null, /null is not a string/],
    [['null', 'string'], 1, /1 matches none of the union's types \(null, string\)/],
    [{ type: 'array', items: 'int' }, ['a'], /\["a"\] is not a valid array of int/],
    [{ type: 'map', values: 'int' }, { a: 'x' }, /is not a valid map of int/],
    [{ type: 'record', name: 'P', fields: [{ name: 'x', type: 'int' }] }, {}, /is not a valid record 'P'/],
  ])('rejects %j default %j', (type, value, message) => {
    const error = firstError(withDefault(type, value))
    expect(error.message).toMatch(/^Invalid default for field 'f' in 'R': /)
    expect(error.message).toMatch(message)
    expect(error.path).toBe('/fields/0/default')
  })

  it('rejects a string default for a double inside a union: only a float or double field converts strings', () => {
    expect(firstError(withDefault(['double', 'null'], '0.0')).message).toMatch(/"0.0" matches none of the union's types \(double, null\)/)
  })

  it('rejects an int default written as 1.0 or 1e3 in text, as Jackson reads it as a double', () => {
    const text = (literal: string, type = '"int"') => `{"type":"record","name":"R","fields":[{"name":"f","type":${type},"default":${literal}}]}`
    expect(firstError(text('1.0')).message).toMatch(/1 is not an int/)
    expect(firstError(text('1e3', '"long"')).message).toMatch(/1000 is not a long/)
    expect(parsed(text('1.0', '["int","double"]')).ok).toBe(true)
    expect(parsed(text('1')).ok).toBe(true)
    expect(parsed(text('1.0'), { validateDefaults: false }).ok).toBe(true)
    expect(firstError(text('[1, 2.0]', '{"type":"array","items":"int"}')).message).toMatch(/\[1,2\] is not a valid array of int/)
  })

  it('accepts Long.MAX_VALUE as a long default', () => {
    expect(parsed('{"type":"record","name":"R","fields":[{"name":"f","type":"long","default":9223372036854775807}]}').ok).toBe(true)
  })

  it('accepts bad defaults with validateDefaults: false', () => {
    const schema = parsed(withDefault('int', 'x'), { validateDefaults: false }).schema as RecordSchema
    expect(schema.fields[0].default).toEqual({ value: 'x' })
  })

  it('converts string defaults of float and double fields like Double.parseDouble, even without validation', () => {
    const schema = parsed(withDefault('double', '2.5'), { validateDefaults: false }).schema as RecordSchema
    expect(schema.fields[0].default).toEqual({ value: 2.5 })
    expect(firstError(withDefault('float', 'abc'), { validateDefaults: false }).message).toMatch(/"abc" is not a number/)
  })
})
