import { describe, expect, it } from 'vitest'
import { MAX_PREFIXED_LENGTH, frameMessage, readFrame, readPrefixedMessage } from '../../../src/engine/codec/index.js'

describe('Confluent framing', () => {
  it('writes magic byte 0, the id big-endian, then the payload', () => {
    expect(frameMessage(258, Buffer.from([7, 8]))).toEqual(Buffer.from([0, 0, 0, 1, 2, 7, 8]))
    expect(frameMessage(2 ** 31 - 1, new Uint8Array()).toString('hex')).toBe('007fffffff')
  })

  it('reads the id back, also with an empty payload', () => {
    expect(readFrame(Buffer.from([0, 0, 0, 1, 2, 7]))).toEqual({ ok: true, schemaId: 258, payloadOffset: 5 })
    expect(readFrame(Buffer.from([0, 0, 0, 0, 1]))).toEqual({ ok: true, schemaId: 1, payloadOffset: 5 })
  })

  it('reads only the first `length` bytes of a reused buffer', () => {
    expect(readFrame(Buffer.from([0, 0, 0, 9, 9, 9]), 3)).toMatchObject({ ok: false, error: { code: 'TRUNCATED_HEADER' } })
  })

  it('names what is wrong with a message that is not framed', () => {
    expect(readFrame(Buffer.from('{"a":1}'))).toEqual({
      ok: false,
      error: { code: 'WRONG_MAGIC_BYTE', message: 'wrong magic byte 0x7b (expected 0x00): not a Confluent-framed message' },
    })
    expect(readFrame(Buffer.from([1, 2]))).toMatchObject({ ok: false, error: { code: 'WRONG_MAGIC_BYTE', message: expect.stringMatching(/GUID/) } })
    expect(readFrame(Buffer.from([0, 0, 1]))).toEqual({
      ok: false,
      error: { code: 'TRUNCATED_HEADER', message: 'truncated header: 3 bytes, the magic byte and schema id need 5' },
    })
    expect(readFrame(Buffer.alloc(0))).toMatchObject({ ok: false, error: { code: 'EMPTY_MESSAGE' } })
  })

  it('refuses schema ids of 0 and below (no registry has them)', () => {
    expect(readFrame(Buffer.from([0, 0xff, 0xff, 0xff, 0xfe, 2]))).toEqual({
      ok: false,
      error: { code: 'INVALID_SCHEMA_ID', message: 'schema id -2 in the header is not a registry id (ids start at 1): not a Confluent-framed message' },
    })
    expect(readFrame(Buffer.from([0, 0, 0, 0, 0]))).toMatchObject({ ok: false, error: { code: 'INVALID_SCHEMA_ID' } })
  })

  it('reads length-prefixed messages, tombstones and incomplete ends (with the bytes they need)', () => {
    const stream = Buffer.from([0, 0, 0, 2, 7, 8, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0, 0, 0, 0, 3, 1])
    expect(readPrefixedMessage(stream, 0)).toEqual({ kind: 'message', start: 4, end: 6 })
    expect(readPrefixedMessage(stream, 6)).toEqual({ kind: 'tombstone', end: 10 })
    expect(readPrefixedMessage(stream, 10)).toEqual({ kind: 'tombstone', end: 14 })
    expect(readPrefixedMessage(stream, 14)).toEqual({ kind: 'incomplete', needs: 7 })
    expect(readPrefixedMessage(stream, 17)).toEqual({ kind: 'incomplete', needs: 4 })
    const huge = Buffer.alloc(4)
    huge.writeInt32BE(MAX_PREFIXED_LENGTH + 1)
    expect(readPrefixedMessage(huge, 0)).toMatchObject({ kind: 'error', message: expect.stringMatching(/not length-prefixed/) })
    expect(readPrefixedMessage(Buffer.from([0xff, 0xff, 0xff, 0xfe]), 0)).toMatchObject({ kind: 'error' })
  })
})
