import { describe, expect, it } from 'vitest'
import { parseSchema } from '../../../src/engine/index.js'
import { ByteSink, createDecoder, type DatumDecoder } from '../../../src/engine/codec/index.js'
import { EMPTY_ITEMS_BASE, EMPTY_ITEMS_PER_BYTE } from '../../../src/engine/codec/avsc-types.js'
import { InvalidEncodingError, readInt, readLong, skipLong } from '../../../src/engine/codec/varint.js'

/** `bytes` behind a proxy counting the reads of its elements (methods still work, bound to the bytes). */
function counted(bytes: Buffer): { buf: Buffer; reads: () => number } {
  let reads = 0
  const buf = new Proxy(bytes, {
    get(target, key) {
      if (typeof key === 'string' && /^\d+$/.test(key)) reads++
      const value = Reflect.get(target, key, target) as unknown
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value
    },
  })
  return { buf, reads: () => reads }
}

function decoderFor(schema: unknown): DatumDecoder {
  const parsed = parseSchema(schema)
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors))
  const created = createDecoder(parsed)
  if (!created.ok) throw new Error(created.message)
  return created.decoder
}

/** A long varint (zig-zag) of a BigInt. */
function longBytes(n: bigint): number[] {
  let z = n >= 0n ? n << 1n : ((-n - 1n) << 1n) | 1n
  const out: number[] = []
  do {
    const low = Number(z & 0x7fn)
    z >>= 7n
    out.push(z > 0n ? low | 0x80 : low)
  } while (z > 0n)
  return out
}

const overlongLong = (rest: number) => Buffer.from([...Array<number>(rest).fill(0xff)])

describe('varints', () => {
  it('reads longs up to 10 bytes exactly, both ends of the range included', () => {
    for (const n of [0n, -1n, 1n, 2n ** 31n, -(2n ** 53n), 2n ** 63n - 1n, -(2n ** 63n)]) {
      const tap = { buf: Buffer.from(longBytes(n)), pos: 0 }
      const value = readLong(tap)
      expect(BigInt(value)).toBe(n)
      expect(tap.pos).toBe(tap.buf.length)
    }
  })

  it('refuses a long varint past 10 bytes after reading 10, whatever follows', () => {
    for (const length of [11, 1000, 100_000]) {
      const { buf, reads } = counted(overlongLong(length))
      const tap = { buf, pos: 0 }
      expect(() => readLong(tap)).toThrow(new InvalidEncodingError('Invalid long encoding: the varint at byte 0 goes on past 10 bytes'))
      expect(reads()).toBe(10)
      const skip = counted(overlongLong(length))
      expect(() => skipLong({ buf: skip.buf, pos: 0 })).toThrow(/Invalid long encoding/)
      expect(skip.reads()).toBe(10)
    }
  })

  it('refuses a 10-byte long holding more than 64 bits (Avro Java drops them: a wrong number)', () => {
    const tooBig = Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f])
    expect(() => readLong({ buf: tooBig, pos: 0 })).toThrow('Invalid long encoding: the varint at byte 0 holds more than 64 bits')
  })

  it('reads ints up to 5 bytes and refuses longer ones or more than 32 bits', () => {
    expect(readInt({ buf: Buffer.from([0xfe, 0xff, 0xff, 0xff, 0x0f]), pos: 0 })).toBe(2 ** 31 - 1)
    expect(readInt({ buf: Buffer.from([0xff, 0xff, 0xff, 0xff, 0x0f]), pos: 0 })).toBe(-(2 ** 31))
    expect(readInt({ buf: Buffer.from([0x03]), pos: 0 })).toBe(-2)
    const { buf, reads } = counted(Buffer.alloc(50_000, 0xff))
    expect(() => readInt({ buf, pos: 0 })).toThrow('Invalid int encoding: the varint at byte 0 goes on past 5 bytes')
    expect(reads()).toBe(5)
    expect(() => readInt({ buf: Buffer.from([0x80, 0x80, 0x80, 0x80, 0x10]), pos: 0 })).toThrow(
      'Invalid int encoding: the varint at byte 0 holds more than 32 bits',
    )
  })
})

describe('decoding bad datums takes work linear in their bytes', () => {
  it('a long followed by runs of 0xff: the same error and the same reads for 20,000 and 200,000 bytes, on both paths', () => {
    const decoder = decoderFor('long')
    const readsFor = (length: number) => {
      const { buf, reads } = counted(overlongLong(length))
      expect(decoder.decode(buf, 0, length)).toEqual({
        ok: false,
        error: { code: 'INVALID_DATUM', message: 'invalid datum for the schema: Invalid long encoding: the varint at byte 0 goes on past 10 bytes' },
      })
      const sink = new ByteSink()
      expect(decoder.decodeJson(buf, 0, length, sink)).toMatchObject({ ok: false, error: { message: expect.stringContaining('Invalid long encoding') } })
      expect(sink.length).toBe(0)
      return reads()
    }
    const small = readsFor(20_000)
    expect(small).toBeLessThanOrEqual(40)
    expect(readsFor(200_000)).toBe(small)
  })

  it('an int field and a string length past their bounds are refused too', () => {
    const record = decoderFor({ type: 'record', name: 'R', fields: [{ name: 'i', type: 'int' }] })
    const six = Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0x01])
    expect(record.decode(six, 0, six.length)).toMatchObject({ ok: false, error: { message: expect.stringContaining('Invalid int encoding') } })
    const strings = decoderFor('string')
    const { buf, reads } = counted(Buffer.alloc(100_000, 0x80))
    expect(strings.decode(buf, 0, buf.length)).toMatchObject({ ok: false, error: { message: expect.stringContaining('Invalid long encoding') } })
    expect(reads()).toBeLessThanOrEqual(40)
  })

  it('a string, bytes or block count claiming more than the data is refused without reading on', () => {
    const hugeLength = Buffer.from([...longBytes(2n ** 40n), 0x61, 0x62])
    for (const schema of ['string', 'bytes', { type: 'array', items: 'int' }, { type: 'map', values: 'int' }]) {
      const { buf, reads } = counted(hugeLength)
      const outcome = decoderFor(schema).decode(buf, 0, buf.length)
      expect(outcome.ok).toBe(false)
      expect(reads()).toBeLessThanOrEqual(40)
    }
    const negative = Buffer.from([...longBytes(-(2n ** 40n)), 0x02, 0x61])
    expect(decoderFor({ type: 'array', items: 'int' }).decode(negative, 0, negative.length)).toMatchObject({ ok: false, error: { code: 'INVALID_DATUM' } })
  })

  it('items that take no bytes: at most EMPTY_ITEMS_BASE plus EMPTY_ITEMS_PER_BYTE per byte of the datum, on both paths, so their number grows with the input, not beyond', () => {
    const nulls = decoderFor({ type: 'array', items: 'null' })
    // Blocks of `perBlock` nulls (a 1-byte count each up to 63), then the end of the array.
    const blocks = (count: number, perBlock: number) => Buffer.from([...Array.from({ length: count }, () => longBytes(BigInt(perBlock))).flat(), 0])
    const items = (bytes: Buffer) => {
      const outcome = nulls.decode(bytes, 0, bytes.length)
      const sink = new ByteSink()
      const fast = nulls.decodeJson(bytes, 0, bytes.length, sink)
      expect(fast.ok).toBe(outcome.ok)
      if (!outcome.ok) return outcome.error.message
      expect(Buffer.from(sink.take()).toString()).toBe(JSON.stringify(outcome.value))
      return (outcome.value as unknown[]).length
    }
    const under = EMPTY_ITEMS_PER_BYTE - 1 // a 1-byte count standing for fewer items than a byte allows
    for (const count of [1_000, 10_000]) expect(items(blocks(count, under))).toBe(count * under)
    const over = 2 * EMPTY_ITEMS_PER_BYTE + 10 // a 2-byte count standing for more than two bytes allow
    for (const count of [1_000, 10_000]) expect(items(blocks(count, over))).toMatch(/items that take no bytes: more than the datum can stand for/)
    expect(items(blocks(1, EMPTY_ITEMS_BASE))).toBe(EMPTY_ITEMS_BASE)
    expect(items(Buffer.from([...longBytes(2n ** 31n), 0]))).toMatch(/more than the datum can stand for/)
  })

  it('blocks each claiming as many items as bytes are left (quadratic in all) are refused on the fast path too', () => {
    const nulls = decoderFor({ type: 'array', items: 'null' })
    const length = 30_000
    const bytes = Buffer.alloc(length)
    let pos = 0
    while (length - pos > 4) {
      const count = longBytes(BigInt(length - pos))
      bytes.set(count, pos)
      pos += count.length
    }
    const sink = new ByteSink()
    expect(nulls.decodeJson(bytes, 0, length, sink)).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('more than the datum can stand for') },
    })
    expect(sink.length).toBe(0)
  })
})

describe('a reader schema that drops a field skips it with the same bounds', () => {
  it('a dropped array or map claiming 2^40 items is refused at once instead of looping over them', () => {
    for (const dropped of [
      { type: 'array', items: 'null' },
      { type: 'array', items: 'int' },
      { type: 'map', values: 'int' },
    ]) {
      const writer = parseSchema({
        type: 'record',
        name: 'R',
        fields: [
          { name: 'a', type: 'int' },
          { name: 'x', type: dropped },
        ],
      })
      const reader = parseSchema({ type: 'record', name: 'R', fields: [{ name: 'a', type: 'int' }] })
      if (!writer.ok || !reader.ok) throw new Error('invalid test schema')
      const created = createDecoder(writer, reader)
      if (!created.ok) throw new Error(created.message)
      const datum = Buffer.from([2, ...longBytes(2n ** 40n), 2, 0])
      const { buf, reads } = counted(datum)
      expect(created.decoder.decode(buf, 0, buf.length)).toMatchObject({ ok: false })
      expect(reads()).toBeLessThanOrEqual(40)
    }
  })
})
