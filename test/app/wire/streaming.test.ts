/**
 * decode streams JSON Schema and Protobuf messages: the heap (with buffers) stays flat over a long input read in
 * chunks and written to a sink that keeps nothing (holding the output or the input would grow it
 * by far more than the bound).
 */
import { Readable, Writable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decodeMessages } from '../../../src/app/wire/decode.js'
import { createProtobufEncoder, parseProtobuf } from '../../../src/engine/index.js'
import { startTestRegistry, type TestRegistry } from '../../helpers/registry-server.js'
import { testRegistry } from './registry.js'

let reg: TestRegistry
beforeAll(async () => {
  reg = await startTestRegistry()
})
afterAll(async () => reg.close())

const MESSAGES = 100_000
const PROTO = 'syntax = "proto3";\npackage s;\nmessage Row { int64 id = 1; string name = 2; repeated string tags = 3; double score = 4; }\n'

async function register(subject: string, schemaType: string, schema: string): Promise<number> {
  const res = await fetch(`${reg.url}/subjects/${subject}/versions`, {
    method: 'POST',
    headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' },
    body: JSON.stringify({ schemaType, schema }),
  })
  return ((await res.json()) as { id: number }).id
}

const row = (i: number) => ({ id: String(i), name: `name-${i}-${'x'.repeat(300)}`, tags: ['a', 'b', `t${i % 7}`], score: i / 4 })

/** `count` framed messages as hex lines, made 1,000 at a time as the stream is read. */
function input(id: number, body: (i: number) => Uint8Array, count: number): Readable {
  const header = Buffer.alloc(5)
  header.writeInt32BE(id, 1)
  const head = header.toString('hex')
  return Readable.from(
    (function* () {
      for (let start = 0; start < count; start += 1000) {
        let text = ''
        for (let i = start; i < Math.min(start + 1000, count); i++) text += head + Buffer.from(body(i)).toString('hex') + '\n'
        yield Buffer.from(text, 'latin1')
      }
    })(),
  )
}

/** Decodes the stream into a sink that counts bytes; returns the growth of heap and buffers from the first tenth to the end. */
async function heapGrowth(stdin: Readable): Promise<{ growthMiB: number; bytes: number; decoded: number }> {
  let bytes = 0
  let early = 0
  let late = 0
  let seen = 0
  const stdout = new Writable({
    write(chunk: Buffer, _enc, done) {
      bytes += chunk.length
      seen++
      const { heapUsed, arrayBuffers } = process.memoryUsage()
      const heap = heapUsed + arrayBuffers
      if (bytes < 0.1 * MESSAGES * 350) early = Math.max(early, heap)
      else late = Math.max(late, heap)
      done()
    },
  })
  const result = await decodeMessages(testRegistry(reg.url), { inputFormat: 'hex' }, { stdin, stdout })
  expect(seen).toBeGreaterThan(100)
  return { growthMiB: (late - early) / 2 ** 20, bytes, decoded: result.decoded }
}

describe('decode keeps memory flat over a long stream', () => {
  it('Protobuf: 100,000 messages (~37 MB of JSON out) with the heap growing less than 30 MiB', async () => {
    const id = await register('rows-value', 'PROTOBUF', PROTO)
    const parsed = parseProtobuf(PROTO)
    if (!parsed.ok) throw new Error('schema')
    const created = createProtobufEncoder(parsed.value)
    if (!created.ok) throw new Error(created.message)
    const encoder = created.encoder
    const { growthMiB, bytes, decoded } = await heapGrowth(input(id, (i) => (encoder.encode(row(i)) as { bytes: Uint8Array }).bytes, MESSAGES))
    expect(decoded).toBe(MESSAGES)
    expect(bytes).toBeGreaterThan(MESSAGES * 350)
    expect(growthMiB).toBeLessThan(30)
  }, 120_000)

  it('JSON Schema: 100,000 validated messages with the heap growing less than 30 MiB', async () => {
    const schema = {
      type: 'object',
      properties: { id: { type: 'string' }, name: { type: 'string' }, tags: { type: 'array', items: { type: 'string' } }, score: { type: 'number' } },
      required: ['id'],
    }
    const id = await register('rows-json-value', 'JSON', JSON.stringify(schema))
    const { growthMiB, bytes, decoded } = await heapGrowth(input(id, (i) => Buffer.from(JSON.stringify(row(i))), MESSAGES))
    expect(decoded).toBe(MESSAGES)
    expect(bytes).toBeGreaterThan(MESSAGES * 350)
    expect(growthMiB).toBeLessThan(30)
  }, 120_000)
})
