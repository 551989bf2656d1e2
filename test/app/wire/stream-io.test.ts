import { PassThrough, Readable } from 'node:stream'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { decodeMessages } from '../../../src/app/wire/decode.js'
import { readLineChunks } from '../../../src/app/wire/stream-io.js'
import type { SchemaSource } from '../../../src/app/wire/schema.js'

/** Bytes Buffer.concat copies while `run` runs (the work of joining chunks). */
async function bytesCopied(run: () => Promise<unknown>): Promise<number> {
  let copied = 0
  const concat = Buffer.concat
  const spy = vi.spyOn(Buffer, 'concat').mockImplementation((list, length) => {
    const joined = concat(list, length)
    copied += joined.length
    return joined
  })
  try {
    await run()
  } finally {
    spy.mockRestore()
  }
  return copied
}

afterEach(() => vi.restoreAllMocks())

const CHUNK = 1024

describe('joining input chunks is linear in the input', () => {
  it('a line spread over many chunks is joined once, not chunk by chunk', async () => {
    const copiedFor = (chunks: number) =>
      bytesCopied(async () => {
        const input = Readable.from(Array.from({ length: chunks }, () => Buffer.alloc(CHUNK, 0x61)).concat([Buffer.from('\n')]))
        let total = 0
        for await (const lines of readLineChunks(input)) total += lines.length
        expect(total).toBe(chunks * CHUNK + 1)
      })
    const small = await copiedFor(100)
    const large = await copiedFor(1000)
    expect(small).toBeLessThanOrEqual(2 * (100 * CHUNK + 1))
    expect(large).toBeLessThanOrEqual(10 * small + CHUNK)
  })

  it('a length-prefixed message spread over many chunks is joined once', async () => {
    const source: SchemaSource = {
      getSchemaById: async () => ({ schema: '"bytes"' }),
      getVersion: async () => {
        throw new Error('no versions here')
      },
    }
    const copiedFor = async (chunks: number) => {
      const payload = Buffer.alloc(chunks * CHUNK, 0x61)
      const length = chunks * CHUNK
      const lengthBytes: number[] = []
      for (let z = length * 2; ; z = Math.floor(z / 128)) {
        if (z < 128) {
          lengthBytes.push(z)
          break
        }
        lengthBytes.push((z % 128) | 0x80)
      }
      const message = Buffer.concat([Buffer.from([0, 0, 0, 0, 1]), Buffer.from(lengthBytes), payload])
      const prefix = Buffer.alloc(4)
      prefix.writeInt32BE(message.length)
      const whole = Buffer.concat([prefix, message])
      const pieces = Array.from({ length: Math.ceil(whole.length / CHUNK) }, (_, i) => whole.subarray(i * CHUNK, (i + 1) * CHUNK))
      const stdout = new PassThrough()
      stdout.resume()
      let decoded = 0
      const copied = await bytesCopied(async () => {
        const result = await decodeMessages(source, { inputFormat: 'binary-lp' }, { stdin: Readable.from(pieces), stdout })
        decoded = result.decoded
      })
      expect(decoded).toBe(1)
      return copied
    }
    const small = await copiedFor(100)
    const large = await copiedFor(1000)
    expect(large).toBeLessThanOrEqual(10 * small + 64 * CHUNK)
  })
})
