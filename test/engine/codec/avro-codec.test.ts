import avsc from 'avsc'
import { describe, expect, it } from 'vitest'
import { parseSchema, type ParsedSchema } from '../../../src/engine/index.js'
import { ByteSink, createDecoder, createEncoder, type DatumDecoder } from '../../../src/engine/codec/index.js'
import { compileType, nodeOf } from '../../../src/engine/codec/avsc-types.js'
import { createTranscoder } from '../../../src/engine/codec/json-transcode.js'

function parsed(schema: unknown): ParsedSchema {
  const result = parseSchema(schema)
  if (!result.ok) throw new Error(JSON.stringify(result.errors))
  return result
}

function decoderFor(writer: unknown, reader?: unknown): DatumDecoder {
  const result = createDecoder(parsed(writer), reader === undefined ? undefined : parsed(reader))
  if (!result.ok) throw new Error(result.message)
  return result.decoder
}

function encoderFor(schema: unknown) {
  const created = createEncoder(parsed(schema))
  if (!created.ok) throw new Error(created.message)
  return created.encoder
}

function encode(schema: unknown, json: unknown): Buffer {
  const result = encoderFor(schema).encode(json)
  if (!result.ok) throw new Error(`${result.error.path}: ${result.error.message}`)
  return result.bytes
}

function encodeError(schema: unknown, json: unknown): { path: string; message: string } {
  const result = encoderFor(schema).encode(json)
  if (result.ok) throw new Error('expected an error')
  return result.error
}

function roundTrip(writer: unknown, json: unknown, reader?: unknown): string {
  const bytes = encode(writer, json)
  const decoder = decoderFor(writer, reader)
  const outcome = decoder.decode(bytes, 0, bytes.length)
  if (!outcome.ok) throw new Error(outcome.error.message)
  return sameFromFastPath(decoder, bytes, decoder.toJson(outcome.value))
}

/** Checks that the fast path (decodeJson, straight to bytes) prints what decode + toJson print. */
function sameFromFastPath(decoder: DatumDecoder, bytes: Buffer, json: string): string {
  const sink = new ByteSink()
  sink.text('prefix:')
  const fast = decoder.decodeJson(bytes, 0, bytes.length, sink)
  expect(fast).toEqual({ ok: true })
  expect(Buffer.from(sink.take()).toString('utf8')).toBe('prefix:' + json)
  return json
}

const user = {
  type: 'record',
  name: 'User',
  namespace: 'com.acme',
  fields: [
    { name: 'id', type: 'long' },
    { name: 'name', type: 'string' },
    { name: 'email', type: ['null', 'string'], default: null },
    { name: 'tags', type: { type: 'array', items: 'string' }, default: [] },
  ],
}

describe('encoding JSON records', () => {
  it('writes the same bytes as avsc for plain JSON', () => {
    const record = { id: 7, name: 'Ada', email: 'ada@example.com', tags: ['a'] }
    expect(encode(user, record)).toEqual(avsc.Type.forSchema(user as avsc.Schema).toBuffer(record))
  })

  it('accepts the Avro JSON encoding of unions', () => {
    const plain = encode(user, { id: 1, name: 'x', email: 'e', tags: [] })
    expect(encode(user, { id: 1, name: 'x', email: { string: 'e' }, tags: [] })).toEqual(plain)
  })

  it('fills missing fields with their defaults', () => {
    expect(encode(user, { id: 1, name: 'x' })).toEqual(encode(user, { id: 1, name: 'x', email: null, tags: [] }))
  })

  it('names the field path of a value that does not fit', () => {
    expect(encodeError(user, { id: 1, name: 'x', tags: ['a', 5] })).toEqual({ path: 'tags[1]', message: 'expected string, got 5' })
    expect(encodeError(user, { id: 'one', name: 'x' }).path).toBe('id')
    expect(encodeError(user, { id: 1 })).toEqual({ path: 'name', message: 'missing field of record com.acme.User (it has no default)' })
    expect(encodeError(user, { id: 1, name: 'x', nmae: 'y' }).message).toMatch(/unknown field/)
    expect(encodeError(user, [1]).path).toBe('$')
  })

  it('reports a union value several branches accept as ambiguous, and accepts it wrapped', () => {
    const schema = { type: 'record', name: 'N', fields: [{ name: 'n', type: ['int', 'long'] }] }
    expect(encodeError(schema, { n: 5 })).toEqual({ path: 'n', message: 'ambiguous union value 5: it fits int, long; wrap it, e.g. {"int": 5}' })
    expect(encode(schema, { n: { long: 5 } })).toEqual(Buffer.from([2, 10]))
    expect(encode(schema, { n: 2 ** 40 })).toEqual(encode(schema, { n: { long: 2 ** 40 } }))
  })

  it('reports an object that is both a wrapped value and a plain map as ambiguous', () => {
    const schema = { type: 'record', name: 'M', fields: [{ name: 'm', type: ['string', { type: 'map', values: 'string' }] }] }
    expect(encodeError(schema, { m: { string: 'x' } }).message).toMatch(/^ambiguous union value: it reads as a wrapped string and as a plain map/)
    expect(encode(schema, { m: { map: { string: 'x' } } })).toEqual(Buffer.from([2, 2, 12, ...Buffer.from('string'), 2, ...Buffer.from('x'), 0]))
    // A wrapped value that does not fit falls back to the plain reading.
    expect(encode(schema, { m: { map: 'y' } })).toEqual(encode(schema, { m: { map: { map: 'y' } } }))
  })

  it('accepts named branches by full or unique short name', () => {
    const schema = {
      type: 'record',
      name: 'R',
      namespace: 'ns',
      fields: [
        {
          name: 'u',
          type: [
            { type: 'record', name: 'A', fields: [{ name: 'a', type: 'int' }] },
            { type: 'record', name: 'B', fields: [{ name: 'a', type: 'int' }] },
          ],
        },
      ],
    }
    expect(encodeError(schema, { u: { a: 1 } }).message).toMatch(/fits ns.A, ns.B/)
    expect(encode(schema, { u: { 'ns.B': { a: 1 } } })).toEqual(Buffer.from([2, 2]))
    expect(encode(schema, { u: { B: { a: 1 } } })).toEqual(Buffer.from([2, 2]))
  })

  it('reads bytes and fixed as strings of code points 0-255', () => {
    const schema = {
      type: 'record',
      name: 'B',
      fields: [
        { name: 'b', type: 'bytes' },
        { name: 'f', type: { type: 'fixed', name: 'F', size: 2 } },
      ],
    }
    expect(encode(schema, { b: '\u00ff\u0000', f: 'ab' })).toEqual(Buffer.from([4, 0xff, 0, 0x61, 0x62]))
    expect(encodeError(schema, { b: '\u0100', f: 'ab' }).message).toMatch(/above \\u00ff/)
    expect(encodeError(schema, { b: '', f: 'abc' })).toEqual({ path: 'f', message: 'expected 2 bytes for fixed F, got 3' })
  })

  it('rejects ints out of range, unknown enum symbols and longs that lost precision', () => {
    const schema = {
      type: 'record',
      name: 'I',
      fields: [
        { name: 'i', type: 'int' },
        { name: 'e', type: { type: 'enum', name: 'E', symbols: ['A', 'B'] } },
        { name: 'l', type: 'long' },
      ],
    }
    expect(encodeError(schema, { i: 2 ** 31, e: 'A', l: 1 }).path).toBe('i')
    expect(encodeError(schema, { i: 1, e: 'C', l: 1 }).message).toBe('expected a symbol of enum E (A, B), got "C"')
    expect(encodeError(schema, { i: 1, e: 'A', l: 2 ** 60 }).message).toMatch(/beyond ±2\^53/)
  })
})

describe('decoding datums to JSON', () => {
  it('prints plain JSON for unambiguous unions and wraps ambiguous ones', () => {
    expect(roundTrip(user, { id: 1, name: 'x', email: 'e' })).toBe('{"id":1,"name":"x","email":"e","tags":[]}')
    const schema = { type: 'record', name: 'N', fields: [{ name: 'n', type: ['null', 'int', 'long'] }] }
    expect(roundTrip(schema, { n: { long: 5 } })).toBe('{"n":{"long":5}}')
    expect(roundTrip(schema, { n: null })).toBe('{"n":null}')
  })

  it('prints every union wrapped when asked (the full Avro JSON encoding)', () => {
    const bytes = encode(user, { id: 1, name: 'x', email: 'e' })
    const created = createDecoder(parsed(user), undefined, { wrapUnions: true })
    const outcome = created.ok ? created.decoder.decode(bytes, 0, bytes.length) : undefined
    expect(created.ok && outcome?.ok && created.decoder.toJson(outcome.value)).toBe('{"id":1,"name":"x","email":{"string":"e"},"tags":[]}')
  })

  it('prints bytes and fixed as Avro JSON strings', () => {
    const schema = {
      type: 'record',
      name: 'B',
      fields: [
        { name: 'b', type: 'bytes' },
        { name: 'o', type: ['null', 'bytes'] },
      ],
    }
    expect(roundTrip(schema, { b: '\u00ff\u0001', o: 'z' })).toBe('{"b":"\\u00ff\\u0001","o":"z"}'.replace('\\u00ff', '\u00ff'))
  })

  it('writes and reads back every safe integer long (avsc alone stops at 2^52)', () => {
    const schema = { type: 'record', name: 'L', fields: [{ name: 'l', type: 'long' }] }
    expect(roundTrip(schema, { l: Number.MAX_SAFE_INTEGER })).toBe('{"l":9007199254740991}')
    for (const l of [-(2 ** 52) - 3, -(2 ** 53) + 1, 2 ** 53 - 2, -1, 0, 63, -64, 64, 2 ** 31]) expect(roundTrip(schema, { l })).toBe(`{"l":${l}}`)
  })

  it('prints longs beyond 2^53 exactly', () => {
    const schema = {
      type: 'record',
      name: 'L',
      fields: [
        { name: 'l', type: 'long' },
        { name: 'm', type: 'long' },
      ],
    }
    const bytes = Buffer.from([0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01, 0x02]) // Long.MAX_VALUE, 1
    const decoder = decoderFor(schema)
    const outcome = decoder.decode(bytes, 0, bytes.length)
    expect(outcome.ok && sameFromFastPath(decoder, bytes, decoder.toJson(outcome.value))).toBe('{"l":9223372036854775807,"m":1}')
    const min = Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01, 0x03]) // Long.MIN_VALUE, -2
    const low = decoder.decode(min, 0, min.length)
    expect(low.ok && sameFromFastPath(decoder, min, decoder.toJson(low.value))).toBe('{"l":-9223372036854775808,"m":-2}')
  })

  it('reports truncated payloads, trailing bytes and invalid datums (also on the fast path, leaving its output as it was)', () => {
    const decoder = decoderFor(user)
    const bytes = encode(user, { id: 1, name: 'hello' })
    const sink = new ByteSink()
    expect(decoder.decodeJson(bytes, 0, bytes.length - 3, sink)).toMatchObject({ ok: false, error: { code: 'TRUNCATED_PAYLOAD' } })
    expect(decoder.decodeJson(Buffer.concat([bytes, Buffer.from([1])]), 0, bytes.length + 1, sink)).toMatchObject({
      ok: false,
      error: { code: 'TRAILING_BYTES' },
    })
    expect(sink.length).toBe(0)
    expect(decoder.decode(bytes, 0, bytes.length - 3)).toMatchObject({ ok: false, error: { code: 'TRUNCATED_PAYLOAD' } })
    const longer = Buffer.concat([bytes, Buffer.from([1, 2])])
    expect(decoder.decode(longer, 0, longer.length)).toEqual({
      ok: false,
      error: { code: 'TRAILING_BYTES', message: '2 trailing bytes after the datum (9 bytes): wrong schema id, or more than one datum' },
    })
    const badUnion = Buffer.from([2, 2, 0x61, 8, 0]) // union index 4
    expect(decoder.decode(badUnion, 0, badUnion.length)).toMatchObject({ ok: false, error: { code: 'INVALID_DATUM' } })
  })

  it('refuses array and map block counts longer than the data instead of allocating them', () => {
    const arrays = decoderFor({ type: 'array', items: 'int' })
    const huge = Buffer.from([0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f, 0x02]) // count ~2^55, one int
    expect(arrays.decode(huge, 0, huge.length)).toEqual({
      ok: false,
      error: { code: 'INVALID_DATUM', message: expect.stringMatching(/^invalid datum for the schema: block of \d+ items is longer than the data$/) },
    })
    const maps = decoderFor({ type: 'map', values: 'null' })
    expect(maps.decode(huge, 0, huge.length)).toMatchObject({ ok: false, error: { code: 'INVALID_DATUM' } })
    const nulls = decoderFor({ type: 'array', items: 'null' })
    const three = Buffer.from([6, 0]) // three nulls take no bytes
    expect(nulls.decode(three, 0, three.length)).toEqual({ ok: true, value: [null, null, null] })
    const resolved = decoderFor({ type: 'array', items: 'int' }, { type: 'array', items: 'long' })
    expect(resolved.decode(huge, 0, huge.length)).toMatchObject({ ok: false, error: { code: 'INVALID_DATUM' } })
    const cut = encode({ type: 'array', items: 'int' }, [1, 2, 3]).subarray(0, 2) // a block of 3, one item left
    expect(arrays.decode(cut, 0, cut.length)).toEqual({
      ok: false,
      error: { code: 'TRUNCATED_PAYLOAD', message: 'truncated payload: a block of 3 items needs at least 3 bytes, only 1 left' },
    })
    expect(arrays.decodeJson(cut, 0, cut.length, new ByteSink())).toMatchObject({ ok: false, error: { code: 'TRUNCATED_PAYLOAD' } })
    const negativeBlock = Buffer.from([1, 2, 8, 0]) // a block of -1 (one item, with its byte size 1), then 4
    expect(arrays.decode(negativeBlock, 0, negativeBlock.length)).toEqual({ ok: true, value: [4] })
  })

  it('prints the same on the fast path for every kind of value', () => {
    const all = {
      type: 'record',
      name: 'All',
      fields: [
        { name: 's', type: { type: 'array', items: 'string' } },
        { name: 'i', type: { type: 'array', items: 'int' } },
        { name: 'l', type: { type: 'array', items: 'long' } },
        { name: 'd', type: { type: 'array', items: 'double' } },
        { name: 'f', type: { type: 'array', items: 'float' } },
        { name: 'b', type: 'bytes' },
        { name: 'x', type: { type: 'fixed', name: 'X', size: 2 } },
        { name: 'e', type: { type: 'enum', name: 'E', symbols: ['A', 'B'] } },
        { name: 'm', type: { type: 'map', values: ['null', 'boolean'] } },
        { name: 'u', type: ['null', 'int', 'string'] },
        { name: 'n', type: ['null', 'All'], default: null },
        { name: 'empty', type: { type: 'record', name: 'Empty', fields: [] } },
        { name: 'o1', type: ['null', 'double'] },
        { name: 'o2', type: ['string', 'null'] },
        { name: 'o3', type: ['string', 'null'] },
      ],
    }
    const value = {
      s: ['', 'plain', 'quote " back \\ slash', 'tab\tnl\n', 'é ü 日本 😀', '\u0001', '\u007f'],
      i: [0, 9, 10, -1, 2147483647, -2147483648],
      l: [4294967295, 4294967296, -(2 ** 53) + 1, 2 ** 53 - 1],
      d: [0, -0, 1.5, -2.25, 1e21, 1e-7, 123456789.125, 2 ** 32, 'NaN', 'Infinity'],
      f: [0.1, -3, 3.4028234663852886e38, '-Infinity'],
      b: '\u0000\u00ff"',
      x: 'ab',
      e: 'B',
      m: { k: true, 'q"': null },
      u: { string: 'x' },
      n: { All: { s: [], i: [], l: [], d: [], f: [], b: '', x: 'zz', e: 'A', m: {}, u: { int: 3 }, n: null, empty: {}, o1: null, o2: 'x', o3: null } },
      empty: {},
      o1: 1.5,
      o2: null,
      o3: 'o',
    }
    const json = roundTrip(all, value)
    expect(json).toContain('"s":["","plain","quote \\" back \\\\ slash"')
    // The transcoder itself, not the avsc fallback, printed it.
    const bytes = encode(all, value)
    const transcode = createTranscoder(nodeOf(compileType(parsed(all), 'auto', 'decode')))!
    const reader = { buf: bytes, pos: 0, end: bytes.length, emptyItemsLeft: 0 }
    const sink = new ByteSink()
    transcode(reader, sink)
    expect(reader.pos).toBe(bytes.length)
    expect(Buffer.from(sink.take()).toString('utf8')).toBe(json)
  })

  it('decodes from an offset up to an end inside a larger buffer', () => {
    const bytes = encode(user, { id: 3, name: 'y' })
    const padded = Buffer.concat([Buffer.from([9, 9]), bytes, Buffer.alloc(10)])
    const decoder = decoderFor(user)
    const outcome = decoder.decode(padded, 2, 2 + bytes.length)
    expect(outcome.ok && decoder.toJson(outcome.value)).toBe('{"id":3,"name":"y","email":null,"tags":[]}')
  })
})

describe('schema evolution on read', () => {
  const v1 = {
    type: 'record',
    name: 'E',
    fields: [
      { name: 'a', type: 'int' },
      { name: 'gone', type: 'string', default: '' },
    ],
  }
  const v2 = {
    type: 'record',
    name: 'E',
    fields: [
      { name: 'a', type: 'long' },
      { name: 'added', type: ['null', 'string'], default: null },
      { name: 'count', type: 'double', default: 1.5 },
    ],
  }

  it('reads v1 data with v2: added fields take defaults, removed fields disappear, promotions apply', () => {
    expect(roundTrip(v1, { a: 5, gone: 'x' }, v2)).toBe('{"a":5,"added":null,"count":1.5}')
  })

  it('matches avsc resolver output', () => {
    const w = avsc.Type.forSchema(v1 as avsc.Schema)
    const r = avsc.Type.forSchema(v2 as avsc.Schema)
    const expected = r.fromBuffer(w.toBuffer({ a: 9, gone: 'g' }), r.createResolver(w))
    expect(roundTrip(v1, { a: 9, gone: 'g' }, v2)).toBe(JSON.stringify(expected))
  })

  it('reports an unresolvable pair with the engine incompatibilities (v2 data read with v1: long into int)', () => {
    const result = createDecoder(parsed(v2), parsed(v1))
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.incompatibilities.map((i) => [i.type, i.location])).toEqual([['TYPE_MISMATCH', '/fields/0/type']])
    expect(result.message).toMatch(
      /^the reader schema cannot read data written with this schema: TYPE_MISMATCH at \/fields\/0\/type: reader type: INT not compatible with writer type: LONG/,
    )
  })

  it('reads v2 data with a v1 that dropped the promotion: removed and added fields', () => {
    const v1long = {
      type: 'record',
      name: 'E',
      fields: [
        { name: 'a', type: 'long' },
        { name: 'gone', type: 'string', default: 'dflt' },
      ],
    }
    expect(roundTrip(v2, { a: 5, added: 'x', count: 2 }, v1long)).toBe('{"a":5,"gone":"dflt"}')
  })

  const rec = (fields: unknown[]) => ({ type: 'record', name: 'P', fields })
  const pairs: [string, unknown, unknown, unknown][] = [
    [
      'int → long, float, double',
      rec([
        { name: 'a', type: 'int' },
        { name: 'b', type: 'int' },
        { name: 'c', type: 'int' },
      ]),
      rec([
        { name: 'a', type: 'long' },
        { name: 'b', type: 'float' },
        { name: 'c', type: 'double' },
      ]),
      { a: 1, b: 2, c: 3 },
    ],
    ['long → double', rec([{ name: 'a', type: 'long' }]), rec([{ name: 'a', type: 'double' }]), { a: 2 ** 40 }],
    [
      'string ↔ bytes',
      rec([
        { name: 's', type: 'string' },
        { name: 'b', type: 'bytes' },
      ]),
      rec([
        { name: 's', type: 'bytes' },
        { name: 'b', type: 'string' },
      ]),
      { s: 'hi', b: 'yo' },
    ],
    ['value into a union', rec([{ name: 'a', type: 'string' }]), rec([{ name: 'a', type: ['null', 'string'] }]), { a: 'x' }],
    ['union into a wider union', rec([{ name: 'a', type: ['null', 'string'] }]), rec([{ name: 'a', type: ['null', 'int', 'string'] }]), { a: { string: 'x' } }],
    [
      'enum with more symbols',
      rec([{ name: 'e', type: { type: 'enum', name: 'E', symbols: ['A'] } }]),
      rec([{ name: 'e', type: { type: 'enum', name: 'E', symbols: ['B', 'A'] } }]),
      { e: 'A' },
    ],
    [
      'reordered fields and a nested added field',
      rec([
        { name: 'a', type: 'int' },
        { name: 'n', type: { type: 'record', name: 'N', fields: [{ name: 'x', type: 'int' }] } },
      ]),
      rec([
        {
          name: 'n',
          type: {
            type: 'record',
            name: 'N',
            fields: [
              { name: 'x', type: 'int' },
              { name: 'y', type: 'string', default: 'd' },
            ],
          },
        },
        { name: 'a', type: 'int' },
      ]),
      { a: 1, n: { x: 2 } },
    ],
  ]
  for (const [name, writer, reader, value] of pairs) {
    it(`gives what avsc's resolver gives: ${name}`, () => {
      const w = avsc.Type.forSchema(writer as avsc.Schema)
      const r = avsc.Type.forSchema(reader as avsc.Schema)
      const expected = r.fromBuffer(w.toBuffer(w.fromString(JSON.stringify(value))), r.createResolver(w))
      const expectedJson = JSON.stringify(expected, (_k, v: unknown) =>
        v && (v as { type?: string }).type === 'Buffer' ? Buffer.from((v as { data: number[] }).data).toString('latin1') : v,
      )
      expect(roundTrip(writer, value, reader)).toBe(expectedJson)
    })
  }

  it('refuses a union read as a plain value, as avsc and Avro do', () => {
    const result = createDecoder(parsed(rec([{ name: 'a', type: ['null', 'string'] }])), parsed(rec([{ name: 'a', type: 'string' }])))
    expect(result.ok).toBe(false)
    expect(!result.ok && result.incompatibilities.map((i) => i.type)).toEqual(['TYPE_MISMATCH'])
  })
})

describe('bad text and bad nesting', () => {
  const strings = {
    type: 'record',
    name: 'S',
    fields: [
      { name: 's', type: 'string' },
      { name: 'o', type: ['null', 'string'], default: null },
      { name: 'm', type: { type: 'map', values: 'string' }, default: {} },
    ],
  }

  it('refuses a lone surrogate in a string, a union string or a map key, naming the path (it has no UTF-8 form)', () => {
    expect(encodeError(strings, { s: 'a\ud800' })).toEqual({
      path: 's',
      message: 'a string holding a lone surrogate (\\ud800 at character 1) is not Unicode text and cannot be written as UTF-8',
    })
    expect(encodeError(strings, { s: 'x', o: '\udc00' })).toMatchObject({
      path: 'o',
      message: expect.stringContaining('lone surrogate (\\udc00 at character 0)'),
    })
    expect(encodeError(strings, { s: 'x', m: { 'k\ud83d': 'v' } })).toMatchObject({
      path: 'm["k\\ud83d"]',
      message: expect.stringContaining('a map key holding a lone surrogate'),
    })
    // A whole pair is one code point: written as its 4 UTF-8 bytes.
    const bytes = encode(strings, { s: '\ud83d\ude00' })
    expect([...bytes.subarray(1, 5)]).toEqual([0xf0, 0x9f, 0x98, 0x80])
    expect(Buffer.from(bytes.subarray(1, 5)).toString('utf8')).toBe('😀')
  })

  it('refuses JSON nested more than 1,000 levels with the path, also inside a union, instead of overflowing the stack', () => {
    const node = { type: 'record', name: 'Node', fields: [{ name: 'next', type: ['null', 'Node'], default: null }] }
    const nested = (depth: number) => {
      let value: unknown = null
      for (let i = 0; i < depth; i++) value = { next: value }
      return value
    }
    expect(roundTrip(node, nested(500))).toBe('{"next":'.repeat(499) + '{"next":null}' + '}'.repeat(499))
    const deep = encodeError(node, nested(100_000))
    expect(deep.message).toBe("nested more than 1000 levels deep (Jackson, which Avro's own tools read JSON with, stops there too)")
    expect(deep.path).toBe(Array(1001).fill('next').join('.'))
    // A value far deeper than its (non-recursive) schema is a plain mismatch, described without stringifying it.
    let array: unknown[] = []
    for (let i = 0; i < 100_000; i++) array = [array]
    expect(encodeError({ type: 'array', items: 'int' }, array)).toEqual({ path: '$[0]', message: 'expected int (32-bit integer), got a deeply nested array' })
  })

  it('decodes invalid UTF-8 in a string with U+FFFD for each bad sequence, as Avro Java does, on both paths', () => {
    const decoder = decoderFor(strings)
    const datum = Buffer.from([8, 0x61, 0xff, 0xc3, 0x62, 0, 0]) // "a", 0xff, a cut 2-byte sequence, "b"; null; empty map
    const outcome = decoder.decode(datum, 0, datum.length)
    expect(outcome).toEqual({ ok: true, value: { s: 'a\ufffd\ufffdb', o: null, m: {} } })
    const json = sameFromFastPath(decoder, datum, decoder.toJson(outcome.ok ? outcome.value : undefined))
    expect(json).toBe('{"s":"a\ufffd\ufffdb","o":null,"m":{}}')
    expect(Buffer.from(json, 'utf8').toString('utf8')).toBe(json)
  })
})

describe('an empty union ([]), valid Avro that no value fits', () => {
  it('compiles for encoding and decoding; every value is refused with a reason', () => {
    expect(encodeError([], null)).toEqual({ path: '$', message: 'expected one of no type (an empty union: no value fits it), got null' })
    const record = {
      type: 'record',
      name: 'E',
      fields: [
        { name: 'a', type: 'int' },
        { name: 'never', type: [] },
      ],
    }
    expect(encodeError(record, { a: 1, never: 'x' })).toEqual({ path: 'never', message: 'expected one of no type (an empty union: no value fits it), got "x"' })
    const datum = Buffer.from([0])
    expect(decoderFor([]).decode(datum, 0, 1)).toEqual({
      ok: false,
      error: { code: 'INVALID_DATUM', message: 'invalid datum for the schema: no value fits an empty union' },
    })
    expect(decoderFor(record).decodeJson(Buffer.from([2, 0]), 0, 2, new ByteSink())).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('no value fits an empty union') },
    })
  })
})
