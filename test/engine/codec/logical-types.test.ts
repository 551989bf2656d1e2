import { describe, expect, it } from 'vitest'
import { parseSchema, type ParsedSchema } from '../../../src/engine/index.js'
import { ByteSink, createDecoder, createEncoder } from '../../../src/engine/codec/index.js'
import { NUMBER_MARK, parseJsonExact } from '../../../src/engine/codec/json-numbers.js'

function parsed(schema: unknown): ParsedSchema {
  const result = parseSchema(schema)
  if (!result.ok) throw new Error(JSON.stringify(result.errors))
  return result
}

const record = (type: unknown) => ({ type: 'record', name: 'R', fields: [{ name: 'v', type }] })

function encodeValue(type: unknown, v: unknown): { ok: true; bytes: Buffer } | { ok: false; error: { path: string; message: string } } {
  const created = createEncoder(parsed(record(type)))
  if (!created.ok) throw new Error(created.message)
  return created.encoder.encode({ v })
}

function bytesOf(type: unknown, v: unknown): Buffer {
  const encoded = encodeValue(type, v)
  if (!encoded.ok) throw new Error(`${encoded.error.path}: ${encoded.error.message}`)
  return encoded.bytes
}

function errorOf(type: unknown, v: unknown): string {
  const encoded = encodeValue(type, v)
  if (encoded.ok) throw new Error('expected an error')
  return encoded.error.message
}

function decodeJson(writer: unknown, bytes: Buffer, reader?: unknown): string {
  const created = createDecoder(parsed(record(writer)), reader === undefined ? undefined : parsed(record(reader)))
  if (!created.ok) throw new Error(created.message)
  const outcome = created.decoder.decode(bytes, 0, bytes.length)
  if (!outcome.ok) throw new Error(outcome.error.message)
  const json = created.decoder.toJson(outcome.value)
  const sink = new ByteSink()
  expect(created.decoder.decodeJson(bytes, 0, bytes.length, sink)).toEqual({ ok: true })
  expect(Buffer.from(sink.take()).toString('utf8')).toBe(json) // the fast path prints the same
  return json
}

const roundTrip = (type: unknown, v: unknown) => decodeJson(type, bytesOf(type, v))

const decimal = { type: 'bytes', logicalType: 'decimal', precision: 6, scale: 2 }
const fixedDecimal = { type: 'fixed', name: 'Money', size: 3, logicalType: 'decimal', precision: 6, scale: 2 }

describe('decimals', () => {
  it('take a JSON number or a numeric string and print an exact decimal string', () => {
    expect(bytesOf(decimal, '12.34')).toEqual(Buffer.from([4, 0x04, 0xd2])) // 1234, two bytes
    expect(bytesOf(decimal, 12.34)).toEqual(bytesOf(decimal, '12.34'))
    expect(roundTrip(decimal, '12.34')).toBe('{"v":"12.34"}')
    expect(roundTrip(decimal, -0.5)).toBe('{"v":"-0.50"}')
    expect(roundTrip(decimal, '1e2')).toBe('{"v":"100.00"}')
    expect(roundTrip(decimal, '9999.99')).toBe('{"v":"9999.99"}')
    expect(roundTrip(fixedDecimal, '-1.5')).toBe('{"v":"-1.50"}')
    expect(bytesOf(fixedDecimal, '-1.5')).toEqual(Buffer.from([0xff, 0xff, 0x6a])) // -150 sign-extended to 3 bytes
  })

  it('keep every digit of a long decimal string', () => {
    const wide = { type: 'bytes', logicalType: 'decimal', precision: 38, scale: 10 }
    expect(roundTrip(wide, '1234567890123456789012345678.0123456789')).toBe('{"v":"1234567890123456789012345678.0123456789"}')
    // eslint-disable-next-line no-loss-of-precision -- the point: a JSON number that cannot hold the decimal exactly
    expect(errorOf(wide, 12345678901234567890.5)).toMatch(/more digits than a JSON number keeps exactly: write the decimal as a string/)
  })

  it('refuse values that do not fit the precision, scale or fixed size', () => {
    expect(errorOf(decimal, '12.345')).toBe('decimal(6, 2): 12.345 has more decimal places than the scale (2) allows')
    expect(errorOf(decimal, 10000)).toBe('decimal(6, 2): 10000 has more digits than the precision (6) allows with scale 2')
    expect(errorOf({ ...fixedDecimal, size: 1 }, '9999.99')).toBe('decimal(6, 2): "9999.99" does not fit in fixed Money (1 bytes)')
    expect(errorOf(decimal, '12,34')).toBe('decimal(6, 2): "12,34" is not a decimal number')
    expect(errorOf(decimal, true)).toMatch(/^expected decimal\(6, 2\) as a number or a numeric string/)
  })

  it('still take the Avro JSON encoding (a string of byte code points) when it is clearly not a number', () => {
    expect(bytesOf(decimal, '\u0004\u00d2')).toEqual(bytesOf(decimal, '12.34'))
  })

  it('resolve from plain bytes written by an older schema', () => {
    expect(decodeJson('bytes', Buffer.from([4, 0x04, 0xd2]), decimal)).toBe('{"v":"12.34"}')
  })
})

describe('dates, timestamps and uuids', () => {
  it('take ISO-8601 strings or epoch numbers, and decode as epoch numbers', () => {
    const millis = { type: 'long', logicalType: 'timestamp-millis' }
    const micros = { type: 'long', logicalType: 'timestamp-micros' }
    expect(roundTrip(millis, '2024-05-01T12:30:00.123Z')).toBe('{"v":1714566600123}')
    expect(roundTrip(millis, '2024-05-01T14:30:00.123+02:00')).toBe('{"v":1714566600123}')
    expect(roundTrip(millis, 1714566600123)).toBe('{"v":1714566600123}')
    expect(roundTrip(micros, '2024-05-01T12:30:00.123456Z')).toBe('{"v":1714566600123456}')
    expect(roundTrip(micros, '9999-12-31T23:59:59.999999Z')).toBe('{"v":253402300799999999}')
    expect(roundTrip({ type: 'int', logicalType: 'date' }, '2024-05-01')).toBe('{"v":19844}')
    expect(roundTrip({ type: 'int', logicalType: 'date' }, '1969-12-31')).toBe('{"v":-1}')
    expect(roundTrip({ type: 'long', logicalType: 'local-timestamp-millis' }, '1970-01-01T00:00:01')).toBe('{"v":1000}')
  })

  it('refuse what they cannot hold exactly, or that is no date', () => {
    expect(errorOf({ type: 'long', logicalType: 'timestamp-millis' }, '2024-05-01T12:30:00.1234Z')).toBe(
      'timestamp-millis: 2024-05-01T12:30:00.1234Z is more precise than the millisecond the type holds',
    )
    expect(errorOf({ type: 'long', logicalType: 'timestamp-millis' }, '2024-05-01T12:30:00')).toMatch(/an instant needs a time zone/)
    expect(errorOf({ type: 'int', logicalType: 'date' }, '2023-02-29')).toBe('date: "2023-02-29" is not an ISO-8601 date (like 2024-05-01)')
  })

  it('check uuids', () => {
    const uuid = { type: 'string', logicalType: 'uuid' }
    expect(roundTrip(uuid, '123e4567-e89b-12d3-a456-426614174000')).toBe('{"v":"123e4567-e89b-12d3-a456-426614174000"}')
    expect(errorOf(uuid, 'not-a-uuid')).toBe('expected a uuid (8-4-4-4-12 hex digits), got "not-a-uuid"')
  })
})

describe('NaN and infinities', () => {
  it('decode as the strings Jackson writes and encode back from them', () => {
    expect(decodeJson('double', Buffer.from(new Float64Array([NaN]).buffer))).toBe('{"v":"NaN"}')
    expect(roundTrip('double', '-Infinity')).toBe('{"v":"-Infinity"}')
    expect(roundTrip('float', 'Infinity')).toBe('{"v":"Infinity"}')
    expect(roundTrip(['null', 'double'], 'NaN')).toBe('{"v":"NaN"}')
    expect(decodeJson('float', bytesOf('float', 'Infinity'), 'double')).toBe('{"v":"Infinity"}')
  })

  it('refuse a float beyond its range instead of writing Infinity', () => {
    expect(errorOf('float', 1e300)).toBe('1e+300 is beyond the range of a float (±3.4028235e38)')
    expect(roundTrip('float', 3.4028235e38)).toBe('{"v":3.4028234663852886e+38}') // rounds to the largest float
  })
})

describe('number literals beyond a double', () => {
  const parseEncode = (type: unknown, text: string) => {
    const created = createEncoder(parsed(record(type)))
    if (!created.ok) throw new Error(created.message)
    const json = parseJsonExact(`{"v": ${text}}`)
    if (!json.ok) throw new Error(json.message)
    return created.encoder.encode(json.value)
  }
  const decoded = (type: unknown, text: string) => {
    const encoded = parseEncode(type, text)
    if (!encoded.ok) throw new Error(encoded.error.message)
    return decodeJson(type, encoded.bytes)
  }

  it('keep every digit for longs and decimals', () => {
    expect(decoded('long', '9223372036854775807')).toBe('{"v":9223372036854775807}')
    expect(decoded('long', '-9007199254740993')).toBe('{"v":-9007199254740993}')
    expect(decoded(['null', 'long'], '12345678901234567890'.slice(0, 19))).toBe('{"v":1234567890123456789}')
    expect(decoded({ type: 'bytes', logicalType: 'decimal', precision: 30, scale: 2 }, '1234567890123456789012.34')).toBe('{"v":"1234567890123456789012.34"}')
    expect(decoded({ type: 'long', logicalType: 'timestamp-micros' }, '253402300799999999')).toBe('{"v":253402300799999999}')
  })

  it('read as doubles elsewhere, and refuse longs beyond 64 bits', () => {
    expect(decoded('double', '0.12345678901234567')).toBe('{"v":0.12345678901234566}')
    expect(parseEncode('long', '9223372036854775808')).toMatchObject({
      ok: false,
      error: { message: 'the long 9223372036854775808 is beyond the 64-bit range' },
    })
    expect(parseEncode('string', '12345678901234567890')).toMatchObject({ ok: false, error: { message: 'expected string, got 12345678901234567000' } })
    expect(parseJsonExact('{"s": "12345678901234567890", "n": [12345678901234567890]}')).toEqual({
      ok: true,
      value: { s: '12345678901234567890', n: [NUMBER_MARK + '12345678901234567890'] },
    })
    // Invalid JSON is an outcome carrying JSON.parse's message about the text as given, not a throw.
    const invalid = parseJsonExact('{"n": 12345678901234567890,}')
    expect(invalid.ok).toBe(false)
    expect(!invalid.ok && invalid.message).toMatch(/JSON/)
    expect(parseJsonExact('{"n": 1,}')).toMatchObject({ ok: false })
  })
})
