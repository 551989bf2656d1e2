/**
 * The message-index list between the header and the payload, byte for byte as
 * @confluentinc/schemaregistry's serde writes and reads it.
 */
import fc from 'fast-check'
import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
import { readFrame } from '../../../../../src/engine/codec/index.js'
import { frameProtobufMessage, readMessageIndexes, writeMessageIndexes } from '../../../../../src/engine/index.js'

const require = createRequire(import.meta.url)
const { SchemaId } = require('@confluentinc/schemaregistry/dist/serde/serde.js') as {
  SchemaId: new (
    type: string,
    id?: number,
    guid?: string,
    indexes?: number[],
  ) => { idToBytes(): Buffer; fromBytes(b: Buffer): number; id: number; messageIndexes: number[] }
}

/** What the client's serializer puts before the payload. */
function clientHeader(id: number, indexes: number[]): Buffer {
  return new SchemaId('PROTOBUF', id, undefined, indexes).idToBytes()
}

describe('message indexes', () => {
  it.each([
    [[0], '00'],
    [[1], '0202'],
    [[0, 0], '040000'],
    [[2, 0, 1], '06040002'],
    [[64], '028001'],
  ])('%j is written as %s, as the client writes it', (indexes, hexText) => {
    expect(Buffer.from(writeMessageIndexes(indexes)).toString('hex')).toBe(hexText)
    expect(clientHeader(7, indexes).subarray(5).toString('hex')).toBe(hexText)
  })

  it('frames like the client, and reads back what the client frames', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        fc.array(fc.integer({ min: 0, max: 100_000 }), { minLength: 1, maxLength: 6 }),
        fc.uint8Array({ maxLength: 20 }),
        (id, indexes, payload) => {
          const mine = frameProtobufMessage(id, indexes, payload)
          const theirs = Buffer.concat([clientHeader(id, indexes), payload])
          expect(Buffer.from(mine).equals(theirs)).toBe(true)
          const frame = readFrame(theirs)
          expect(frame).toEqual({ ok: true, schemaId: id, payloadOffset: 5 })
          const list = readMessageIndexes(theirs, 5)
          const client = new SchemaId('PROTOBUF')
          const read = client.fromBytes(theirs)
          expect(list).toEqual({ ok: true, indexes: client.messageIndexes, payloadOffset: read })
        },
      ),
    )
  })

  it('reads a count of zero written long as [0] too', () => {
    expect(readMessageIndexes(Uint8Array.of(0x80, 0x00, 0x0a), 0)).toEqual({ ok: true, indexes: [0], payloadOffset: 2 })
    expect(readMessageIndexes(Uint8Array.of(0x00, 0x0a), 0)).toEqual({ ok: true, indexes: [0], payloadOffset: 1 })
  })

  it.each([
    ['nothing after the header', [], /ends after the schema id/],
    ['a negative count', [0x0d, 1, 2, 3, 4], /index count reads as -7/],
    ['a negative index', [0x02, 0x01], /index 1 of 1 is negative \(-1\)/],
    ['an index cut off', [0x04, 0x02, 0x80], /index 2 of 2 is cut off/],
    ['a count cut off', [0x80], /count is cut off/],
    ['a count past the bytes', [0x14, 0x00], /count of 10 is more than the 1 bytes/],
  ])('refuses %s', (_name, bytes, message) => {
    const result = readMessageIndexes(Uint8Array.from(bytes), 0)
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_MESSAGE_INDEXES', message: expect.stringMatching(message) } })
  })
})
