/**
 * Bad input, both ways: every malformed message is an outcome with a code, a path and a message
 * (never an exception), the output is left as it was, and the decoder keeps working; every JSON
 * record that does not fit names the field path.
 */
import { describe, expect, it } from 'vitest'
import { ByteSink } from '../../../../../src/engine/codec/index.js'
import {
  createProtobufDecoder,
  createProtobufEncoder,
  parseProtobuf,
  type ParsedProtobuf,
  type ProtobufDecodeOptions,
} from '../../../../../src/engine/index.js'

function parse(text: string, deps: Record<string, string> = {}): ParsedProtobuf {
  const parsed = parseProtobuf(text, deps)
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors))
  return parsed.value
}

const SCHEMA = parse(`syntax = "proto3";
package shop;
import "google/protobuf/timestamp.proto";
import "google/protobuf/any.proto";
message Order {
  string id = 1;
  repeated Item items = 2;
  map<string, Item> by_sku = 3;
  google.protobuf.Timestamp at = 4;
  int32 count = 5;
  google.protobuf.Any extra = 6;
  oneof pay { string card = 7; string iban = 8; }
  Node tree = 9;
  message Item { string sku = 1; double price = 2; int64 qty = 3; }
}
message Node { Node child = 1; int32 value = 2; }
message Other { string name = 1; }
`)

const hex = (h: string) => Uint8Array.from(Buffer.from(h.replace(/\s/g, ''), 'hex'))

/** Decodes `bytes` as what follows the 5-byte header; the sink must hold exactly `before` afterwards on failure. */
function decode(bytes: Uint8Array, options?: ProtobufDecodeOptions) {
  const sink = new ByteSink()
  sink.ascii('before|')
  const outcome = createProtobufDecoder(SCHEMA, options).decodeJson(bytes, 0, bytes.length, sink)
  const text = new TextDecoder().decode(sink.buf.subarray(0, sink.length))
  if (!outcome.ok) expect(text).toBe('before|')
  return { outcome, json: outcome.ok ? JSON.parse(text.slice('before|'.length)) : undefined }
}

function failure(bytes: Uint8Array, options?: ProtobufDecodeOptions) {
  const { outcome } = decode(bytes, options)
  if (outcome.ok) throw new Error('expected a failure')
  return outcome.error
}

describe('decode: malformed messages are outcomes', () => {
  it('decodes a good message, the index byte 0 choosing the first message', () => {
    expect(decode(hex('00 0a 01 61 28 05'))).toMatchObject({ outcome: { ok: true, messageType: 'shop.Order' }, json: { id: 'a', count: 5 } })
  })

  it('chooses a nested or later message by its index path', () => {
    // [0, 0] = shop.Order.Item: count 2, indexes 0 0 (zig-zag).
    expect(decode(hex('04 00 00 0a 01 78'))).toMatchObject({ outcome: { ok: true, messageType: 'shop.Order.Item' }, json: { sku: 'x' } })
    // [2] = shop.Other.
    expect(decode(hex('02 04 0a 01 79'))).toMatchObject({ outcome: { ok: true, messageType: 'shop.Other' }, json: { name: 'y' } })
  })

  it.each([
    ['an index past the top-level messages', '02 06', 'UNKNOWN_MESSAGE_INDEX', /message index 3 .* out of range: the schema has 3 top-level messages/],
    ['an index past the nested messages', '04 00 02', 'UNKNOWN_MESSAGE_INDEX', /message index 1 .* out of range: shop.Order has 1 nested message/],
    ['a negative count (a payload without the index list)', '0d 01 02 03 04', 'INVALID_MESSAGE_INDEXES', /index count reads as -7/],
    ['a count larger than the bytes after it', '7e', 'INVALID_MESSAGE_INDEXES', /more than the 0 bytes/],
    ['no bytes after the header', '', 'INVALID_MESSAGE_INDEXES', /ends after the schema id/],
  ])('%s', (_name, bytes, code, message) => {
    const error = failure(hex(bytes))
    expect(error.code).toBe(code)
    expect(error.message).toMatch(message)
  })

  it.each([
    ['a truncated varint', '00 28 ff', 'TRUNCATED_PAYLOAD', '$', /a varint is cut off/],
    ['a varint longer than 10 bytes', '00 28 ff ff ff ff ff ff ff ff ff ff 01', 'OVERLONG_VARINT', '$', /longer than 10 bytes/],
    ['a length beyond the input', '00 0a 05 61', 'TRUNCATED_PAYLOAD', '$', /field 1 of shop.Order announces 5 bytes, but only 1 remain/],
    ['a nested length beyond its message', '00 12 03 0a 05 61', 'TRUNCATED_PAYLOAD', 'items[0]', /announces 5 bytes, but only 1 remain/],
    [
      'a wrong wire type',
      '00 28 01 0a 01 61 12 02 10 00',
      'WRONG_WIRE_TYPE',
      'items[0].price',
      /field price \(2\) of shop.Order.Item is a double, written with 64-bit values, but the bytes hold a varint value/,
    ],
    ['a string where a number is', '00 2a 01 61', 'WRONG_WIRE_TYPE', 'count', /field count \(5\) of shop.Order is a int32/],
    ['wire type 7', '00 0f', 'INVALID_WIRE_TYPE', '$', /wire type 7 .* does not exist/],
    ['field number 0', '00 00', 'INVALID_TAG', '$', /field number 0/],
    ['an end-group tag without a start', '00 0c', 'UNMATCHED_GROUP', '$', /end-group tag/],
    ['a group closed by another field', '00 5b 64', 'UNMATCHED_GROUP', '$', /group 11 is closed by the end tag of field 12/],
    ['a group never closed', '00 5b 08 01', 'TRUNCATED_PAYLOAD', '$', /group 11 is not closed/],
    ['a string that is not UTF-8', '00 12 03 0a 01 ff', 'INVALID_UTF8', 'items[0].sku', /not UTF-8/],
    ['a map key that is not UTF-8', '00 1a 03 0a 01 c0', 'INVALID_UTF8', 'bySku', /key of map by_sku is not UTF-8/],
    ['a bad value under a map key', '00 1a 0a 0a 01 6b 12 05 0a 03 61 62 ff', 'INVALID_UTF8', 'bySku["k"].sku', /not UTF-8/],
    ['a Timestamp out of range', '00 22 0b 08 80 80 80 80 80 80 80 80 80 01', 'INVALID_VALUE', 'at', /Timestamp .* is outside/],
    [
      'an Any of a type the schema does not know',
      '00 32 0b 0a 09 78 2f 6e 6f 2e 53 75 63 68',
      'INVALID_VALUE',
      'extra',
      /"x\/no.Such", a type the schema and its imports do not define/,
    ],
  ])('%s', (_name, bytes, code, path, message) => {
    const error = failure(hex(bytes))
    expect(error).toMatchObject({ code, path })
    expect(error.message).toMatch(message)
  })

  it('refuses messages nested deeper than the limit (10,000 levels) without exhausting the stack', () => {
    // tree { child { child { … value: 1 } } }: the sizes from the inside out, then the bytes.
    const levels = 10_000
    const sizes = [2]
    for (let i = 1; i <= levels; i++) sizes.push(1 + encodeVarint(sizes[i - 1]!).length + sizes[i - 1]!)
    const out: number[] = [0x00]
    for (let i = levels; i >= 1; i--) out.push(i === levels ? 0x4a : 0x0a, ...encodeVarint(sizes[i - 1]!))
    out.push(0x10, 0x01)
    const bytes = Uint8Array.from(out)
    const error = failure(bytes)
    expect(error.code).toBe('NESTING_TOO_DEEP')
    expect(error.message).toBe('messages nested more than 100 deep')
    expect(error.path).toMatch(/^tree(\.child){99}$/)
    // A lower limit on request; within it, the same tree decodes.
    expect(failure(bytes.subarray(0), { maxDepth: 5 }).code).toBe('NESTING_TOO_DEEP')
  })

  it('refuses deeply nested unknown groups', () => {
    const bytes = Uint8Array.from([0x00, ...new Array(5000).fill(0x5b), ...new Array(5000).fill(0x5c)])
    expect(failure(bytes)).toMatchObject({ code: 'NESTING_TOO_DEEP', path: '$' })
  })

  it('skips unknown fields, or lists them, or refuses them, as asked', () => {
    const bytes = hex('00 0a 01 61 a0 06 01 12 05 a8 06 02 0a 00')
    expect(decode(bytes).json).toEqual({ id: 'a', items: [{}] })
    expect(decode(bytes, { unknownFields: 'report' })).toMatchObject({
      outcome: {
        ok: true,
        unknownFields: [
          { path: '$', number: 100, wireType: 0 },
          { path: 'items[0]', number: 101, wireType: 0 },
        ],
      },
      json: { id: 'a', items: [{}] },
    })
    expect(failure(bytes, { unknownFields: 'error' })).toMatchObject({
      code: 'UNKNOWN_FIELD',
      path: '$',
      message: expect.stringMatching(/field number 100 \(varint\) is not in shop.Order/),
    })
  })

  it('keeps decoding after a failure, with clean paths', () => {
    const sink = new ByteSink()
    const decoder = createProtobufDecoder(SCHEMA)
    const bad = hex('00 12 05 0a 03 61 62 ff')
    const badOutcome = decoder.decodeJson(bad, 0, bad.length, sink)
    expect(badOutcome).toMatchObject({ ok: false, error: { path: 'items[0].sku' } })
    const good = hex('00 0a 01 61')
    expect(decoder.decodeJson(good, 0, good.length, sink)).toMatchObject({ ok: true })
    const wrong = hex('00 2a 01 61')
    expect(decoder.decodeJson(wrong, 0, wrong.length, sink)).toMatchObject({ ok: false, error: { path: 'count' } })
    expect(new TextDecoder().decode(sink.buf.subarray(0, sink.length))).toBe('{"id":"a"}')
  })

  it('reads the slice it is given of a larger buffer', () => {
    const bytes = hex('ff ff 00 0a 01 61 ff ff')
    const sink = new ByteSink()
    expect(createProtobufDecoder(SCHEMA).decodeJson(bytes, 2, 6, sink)).toMatchObject({ ok: true })
    expect(new TextDecoder().decode(sink.buf.subarray(0, sink.length))).toBe('{"id":"a"}')
  })

  it('gives values as well as JSON text', () => {
    const bytes = hex('00 0a 01 61 12 09 19 05 00 00 00 00 00 00 00')
    // qty written as fixed64 where it is a varint: refused.
    expect(createProtobufDecoder(SCHEMA).decode(bytes, 0, bytes.length)).toMatchObject({ ok: false, error: { code: 'WRONG_WIRE_TYPE', path: 'items[0].qty' } })
    const good = hex('00 0a 01 61 12 0b 18 05 11 00 00 00 00 00 00 f8 3f')
    expect(createProtobufDecoder(SCHEMA).decode(good, 0, good.length)).toEqual({
      ok: true,
      messageType: 'shop.Order',
      value: { id: 'a', items: [{ qty: '5', price: 1.5 }] },
    })
  })

  it('never throws on junk, whatever the message index', () => {
    const decoder = createProtobufDecoder(SCHEMA)
    const sink = new ByteSink()
    let seed = 7
    for (let n = 0; n < 3000; n++) {
      const length = n % 64
      const bytes = new Uint8Array(length)
      for (let i = 0; i < length; i++) {
        seed = (seed * 1103515245 + 12345) >>> 0
        bytes[i] = seed >>> 24
      }
      if (length > 0 && n % 2 === 0) bytes[0] = 0
      expect(() => decoder.decodeJson(bytes, 0, bytes.length, sink)).not.toThrow()
    }
  })
})

function encodeVarint(n: number): number[] {
  const out: number[] = []
  while (n > 127) {
    out.push((n & 0x7f) | 0x80)
    n >>>= 7
  }
  out.push(n)
  return out
}

describe('encode: records that do not fit name the field path', () => {
  const encoder = (() => {
    const made = createProtobufEncoder(SCHEMA)
    if (!made.ok) throw new Error(made.message)
    return made.encoder
  })()

  it.each<[string, unknown, string, string | RegExp]>([
    [
      'an unknown field deep down',
      { items: [{}, {}, {}, { sku: 'a', prise: 1 }] },
      'items[3].prise',
      'unknown field: message shop.Order.Item has no field "prise"',
    ],
    ['a near miss', { items: [{ SKU: 'a' }] }, 'items[0].SKU', /has no field "SKU" \(did you mean "sku"\?\)/],
    [
      'a wrong type',
      { items: [{ price: 'cheap' }] },
      'items[0].price',
      'expected double (a number, or "NaN", "Infinity", "-Infinity"), got the string "cheap"',
    ],
    ['an int32 out of range', { count: 2 ** 31 }, 'count', /out of range for int32/],
    ['a fraction for an integer', { count: 1.5 }, 'count', /is not an integer \(int32\)/],
    ['an int64 that lost precision', { items: [{ qty: 2 ** 60 }] }, 'items[0].qty', /beyond ±2\^53 and lost precision/],
    ['an int64 out of range', { items: [{ qty: '9223372036854775808' }] }, 'items[0].qty', /out of range for int64/],
    ['a map value of the wrong shape', { bySku: { k: 5 } }, 'bySku["k"]', 'expected an object (message shop.Order.Item), got number 5'],
    ['two members of a oneof', { card: 'c', iban: 'i' }, 'iban', 'oneof pay takes one field, and both "card" and "iban" are set'],
    ['a field given twice by its two names', { by_sku: {}, bySku: {} }, 'bySku', /given twice/],
    ['a bad timestamp', { at: '2024-13-01T00:00:00Z' }, 'at', /not a valid date and time/],
    ['a timestamp that is not text', { at: 1700000000 }, 'at', /expected a Timestamp as an RFC 3339 string/],
    [
      'an Any of an unknown type',
      { extra: { '@type': 'type.googleapis.com/no.Such' } },
      'extra.@type',
      /names a type the schema and its imports do not define/,
    ],
    ['an Any without @type', { extra: { id: 'x' } }, 'extra', /needs "@type"/],
    ['a list that is not one', { items: { sku: 'a' } }, 'items', 'expected an array (repeated items), got an object'],
    ['a null list element', { items: [null] }, 'items[0]', 'a list element cannot be null'],
    ['a record that is not an object', [1, 2], '$', 'expected an object (message shop.Order), got an array'],
  ])('%s', (_name, record, path, message) => {
    const result = encoder.encode(record)
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.error.path).toBe(path)
    if (typeof message === 'string') expect(result.error.message).toBe(message)
    else expect(result.error.message).toMatch(message)
  })

  it('refuses records nested deeper than the limit', () => {
    let tree: Record<string, unknown> = { value: 1 }
    for (let i = 0; i < 10_000; i++) tree = { child: tree }
    const result = encoder.encode({ tree })
    expect(result).toMatchObject({ ok: false, error: { message: 'messages nested more than 100 deep' } })
  })

  it('chooses the message type by full or package-relative name, and says which exist', () => {
    const nested = createProtobufEncoder(SCHEMA, { message: 'shop.Order.Item' })
    expect(nested.ok && nested.encoder.messageIndexes).toEqual([0, 0])
    const relative = createProtobufEncoder(SCHEMA, { message: 'Other' })
    expect(relative.ok && [relative.encoder.messageType, relative.encoder.messageIndexes]).toEqual(['shop.Other', [2]])
    const frame = relative.ok ? relative.encoder.encode({ name: 'y' }) : null
    expect(frame?.ok && Buffer.from(frame.bytes).toString('hex')).toBe('02040a0179')
    expect(createProtobufEncoder(SCHEMA, { message: 'shop.Nope' })).toEqual({
      ok: false,
      message: 'message type "shop.Nope" is not declared in the schema; it declares shop.Order, shop.Order.Item, shop.Node, shop.Other',
    })
    expect(createProtobufEncoder(SCHEMA, { message: 'google.protobuf.Timestamp' })).toMatchObject({
      ok: false,
      message: expect.stringMatching(/defined in google\/protobuf\/timestamp.proto, an import/),
    })
    expect(createProtobufEncoder(parse('syntax = "proto3"; enum E { A = 0; }'))).toEqual({
      ok: false,
      message: 'the schema declares no message type to encode',
    })
  })
})
