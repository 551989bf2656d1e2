import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough, Readable, Writable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decodeMessages, type DecodeOptions, type MessageError } from '../../../src/app/wire/decode.js'
import { encodeRecords, type EncodeOptions } from '../../../src/app/wire/encode.js'
import { useTestRegistry } from '../../helpers/registry-server.js'
import { testRegistry } from './registry.js'
import { RegistryError } from '../../../src/registry/errors.js'

const reg = useTestRegistry()
let dir: string
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'schemactl-wire-'))
})
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true })
})

const v1 = {
  type: 'record',
  name: 'Order',
  namespace: 'shop',
  fields: [
    { name: 'id', type: 'long' },
    { name: 'note', type: ['null', 'string'], default: null },
  ],
}
const v2 = { ...v1, fields: [...v1.fields, { name: 'qty', type: 'int', default: 1 }] }

function file(name: string, content: string): string {
  const path = join(dir, name)
  writeFileSync(path, content)
  return path
}

async function collect(
  run: (io: { stdin: Readable; stdout: PassThrough }) => Promise<unknown>,
  stdin: string | Buffer = '',
): Promise<{ result: unknown; out: string }> {
  const stdout = new PassThrough()
  const chunks: Buffer[] = []
  stdout.on('data', (c: Buffer) => chunks.push(c))
  const result = await run({ stdin: Readable.from([stdin]), stdout })
  return { result, out: Buffer.concat(chunks).toString('latin1') }
}

function encode(options: EncodeOptions, stdin?: string | Buffer) {
  return collect((io) => encodeRecords(testRegistry(reg.url), options, io), stdin)
}

async function decode(options: DecodeOptions, stdin?: string | Buffer) {
  const errors: MessageError[] = []
  const registry = testRegistry(reg.url)
  const { result, out } = await collect((io) => decodeMessages(registry, { ...options, onError: (e) => errors.push(e) }, io), stdin)
  return { result, out: Buffer.from(out, 'latin1').toString('utf8'), errors, fetches: registry.fetches }
}

describe('encode then decode through the registry', () => {
  it('registers the schema, encodes JSON lines and an array, and decodes them back, fetching the id once', async () => {
    const schema = file('order.avsc', JSON.stringify(v1))
    const lines = await encode({ topic: 'orders', schema, register: true, outputFormat: 'hex' }, '{"id": 1}\n{"id": 2, "note": "gift"}\n')
    expect(lines.result).toEqual({ schemaId: expect.any(Number), subject: 'orders-value', version: 1, registered: true, records: 2 })
    const array = await encode({ subject: 'orders-value', outputFormat: 'hex' }, '[{"id": 1}, {"id": 2, "note": {"string": "gift"}}]')
    expect(array.out).toBe(lines.out)
    const decoded = await decode({ inputFormat: 'hex' }, lines.out)
    expect(decoded.out).toBe('{"id":1,"note":null}\n{"id":2,"note":"gift"}\n')
    expect(decoded.fetches).toHaveLength(1)
    expect(decoded.result).toMatchObject({ messages: 2, decoded: 2, failed: 0 })
  })

  it('reads v1 data with v2 and v2 data with v1 (reader subject and reader file)', async () => {
    await encode({ subject: 'evo-value', schema: file('v1.avsc', JSON.stringify(v1)), register: true, outputFormat: 'base64' })
    const old = await encode({ subject: 'evo-value', version: 1, outputFormat: 'base64' }, '{"id": 5, "note": "a"}')
    await encode({ subject: 'evo-value', schema: file('v2.avsc', JSON.stringify(v2)), register: true, outputFormat: 'base64' })
    const newer = await encode({ subject: 'evo-value', outputFormat: 'base64' }, '{"id": 6, "qty": 3}')
    expect((await decode({ inputFormat: 'base64', readerSubject: 'evo-value@latest' }, old.out)).out).toBe('{"id":5,"note":"a","qty":1}\n')
    expect((await decode({ inputFormat: 'base64', readerSchema: join(dir, 'v1.avsc') }, newer.out)).out).toBe('{"id":6,"note":null}\n')
  })

  it('reports each bad message and still decodes the others; fail-fast stops at the first', async () => {
    const good = (await encode({ subject: 'orders-value', outputFormat: 'hex' }, '{"id": 7}')).out.trim()
    const input = [
      good,
      '7b7d', // {}
      '000000', // short header
      good.slice(0, -2), // truncated
      good + 'ff', // trailing byte
      '00000003e7' + good.slice(10), // unknown id 999
      '00000003e7' + good.slice(10),
      'zz',
      '00fffffffe' + good.slice(10), // id -2
      good,
    ].join('\n')
    const all = await decode({ inputFormat: 'hex' }, input)
    expect(all.out).toBe('{"id":7,"note":null}\n{"id":7,"note":null}\n')
    expect(all.errors.map((e) => [e.message, e.line, e.code])).toEqual([
      [2, 2, 'WRONG_MAGIC_BYTE'],
      [3, 3, 'TRUNCATED_HEADER'],
      [4, 4, 'TRUNCATED_PAYLOAD'],
      [5, 5, 'TRAILING_BYTES'],
      [6, 6, 'UNKNOWN_SCHEMA_ID'],
      [7, 7, 'UNKNOWN_SCHEMA_ID'],
      [8, 8, 'INVALID_TEXT'],
      [9, 9, 'INVALID_SCHEMA_ID'],
    ])
    expect(all.fetches.filter((id) => id === 999)).toHaveLength(1)
    expect(all.result).toMatchObject({ messages: 10, decoded: 2, failed: 8, stopped: false })
    const fast = await decode({ inputFormat: 'hex', failFast: true }, input)
    expect(fast.result).toMatchObject({ messages: 2, decoded: 1, failed: 1, stopped: true })
  })

  it('reports an id the registry refuses with another 4xx per message, and goes on', async () => {
    const good = (await encode({ subject: 'orders-value', outputFormat: 'hex' }, '{"id": 7}')).out.trim()
    const registry = testRegistry(reg.url)
    // A 400 for one id is a fault `serve` cannot be made to produce.
    const refusing = {
      ...registry,
      getSchemaById: (id: number) =>
        id === 77
          ? Promise.reject(new RegistryError('BAD_REQUEST', 'Bad request for schema id 77', { url: reg.url, status: 400 }))
          : registry.getSchemaById(id),
    }
    const errors: MessageError[] = []
    const { out } = await collect(
      (io) => decodeMessages(refusing, { inputFormat: 'hex', onError: (e) => errors.push(e) }, io),
      ['000000004d' + good.slice(10), good].join('\n'),
    )
    expect(errors).toEqual([
      expect.objectContaining({
        message: 1,
        schemaId: 77,
        code: 'UNKNOWN_SCHEMA_ID',
        error: 'the registry cannot give schema id 77: Bad request for schema id 77',
      }),
    ])
    expect(out).toBe('{"id":7,"note":null}\n')
  })

  it('decodes length-prefixed binary (kcat -f %R%s) read in small chunks, with tombstones and a truncated end', async () => {
    const hex = (await encode({ subject: 'orders-value', outputFormat: 'hex' }, '{"id": 1}\n{"id": 2, "note": "n"}')).out.trim().split('\n')
    const prefixed = (m: Buffer) => Buffer.concat([Buffer.from([0, 0, 0, m.length]), m])
    const messages = hex.map((h) => Buffer.from(h, 'hex'))
    const stream = Buffer.concat([
      prefixed(messages[0]),
      Buffer.from([0, 0, 0, 0]),
      prefixed(messages[1]),
      Buffer.from([0xff, 0xff, 0xff, 0xff]),
      prefixed(messages[0]).subarray(0, 6),
    ])
    const errors: MessageError[] = []
    const chunks = [...stream].map((b) => Buffer.from([b])) // one byte at a time: messages span chunks
    const { result, out } = await collect((io) =>
      decodeMessages(testRegistry(reg.url), { inputFormat: 'binary-lp', onError: (e) => errors.push(e) }, { ...io, stdin: Readable.from(chunks) }),
    )
    expect(out).toBe('{"id":1,"note":null}\nnull\n{"id":2,"note":"n"}\nnull\n')
    expect(result).toMatchObject({ messages: 5, decoded: 2, tombstones: 2, failed: 1 })
    expect(errors).toEqual([expect.objectContaining({ message: 5, code: 'TRUNCATED_INPUT' })])
    await expect(decode({ inputFormat: 'binary-lp' }, Buffer.from('00000001ab\n'))).rejects.toMatchObject({
      code: 'INVALID_LENGTH_PREFIX',
      message: expect.stringMatching(/^message 1 at byte 0: a length prefix of 808464432 bytes/),
    })
  })

  it('prints a tombstone line as null (and as a tombstone in JSON lines)', async () => {
    const good = (await encode({ subject: 'orders-value', outputFormat: 'hex' }, '{"id": 7}')).out.trim()
    const plain = await decode({ inputFormat: 'hex' }, `k1\t${good}\nk2\t\nnull\n`)
    expect(plain.out).toBe('{"id":7,"note":null}\nnull\nnull\n')
    expect(plain.result).toMatchObject({ messages: 3, decoded: 1, tombstones: 2, failed: 0 })
    expect((await decode({ inputFormat: 'hex', jsonLines: true }, 'NULL\n')).out).toBe('{"message":1,"tombstone":true,"value":null}\n')
  })

  it('reports an unresolvable reader with the engine incompatibilities', async () => {
    const good = (await encode({ subject: 'orders-value', outputFormat: 'hex' }, '{"id": 7}')).out
    const reader = file('bad-reader.avsc', JSON.stringify({ ...v1, fields: [{ name: 'id', type: 'int' }] }))
    const run = await decode({ inputFormat: 'hex', readerSchema: reader, jsonLines: true }, good)
    expect(run.errors[0]).toMatchObject({ code: 'INCOMPATIBLE_READER', incompatibilities: [{ type: 'TYPE_MISMATCH', location: '/fields/0/type' }] })
    expect(JSON.parse(run.out)).toMatchObject({ message: 1, error: { code: 'INCOMPATIBLE_READER' } })
  })

  it('names the record and field of a value that does not fit', async () => {
    await expect(encode({ subject: 'orders-value', outputFormat: 'hex' }, '{"id": 1}\n{"id": 2, "note": 5}\n')).rejects.toMatchObject({
      kind: 'input',
      message: 'record 2 (line 2): field note: expected one of null, string (plain, or wrapped like {"string": …}), got 5',
    })
    await expect(encode({ subject: 'orders-value', outputFormat: 'hex' }, '{"id": 1,}')).rejects.toThrow(/^record 1 \(line 1\): invalid JSON/)
    await expect(encode({ subject: 'orders-value', outputFormat: 'hex' }, '[{"id": 1},\n{"id": 2}')).rejects.toMatchObject({
      kind: 'input',
      code: 'RECORD_INVALID',
      message: 'Invalid input: the JSON array that starts the input is not closed (input ends at line 2)',
    })
  })

  it('derives subjects by strategy and refuses several records in binary', async () => {
    const schema = file('o.avsc', JSON.stringify(v1))
    expect((await encode({ topic: 't', strategy: 'record', schema, register: true, outputFormat: 'hex' })).result).toMatchObject({ subject: 'shop.Order' })
    expect((await encode({ topic: 't', strategy: 'topic-record', schema, register: true, outputFormat: 'hex' })).result).toMatchObject({
      subject: 't-shop.Order',
    })
    expect((await encode({ topic: 't', key: true, schema, register: true, outputFormat: 'hex' })).result).toMatchObject({ subject: 't-key' })
    await expect(encode({ topic: 'x', schema, outputFormat: 'hex' })).rejects.toMatchObject({ code: 'SCHEMA_NOT_REGISTERED' })
    await expect(encode({ subject: 't-key', outputFormat: 'binary' }, '{"id":1}\n{"id":2}')).rejects.toMatchObject({ code: 'BINARY_NEEDS_ONE_RECORD' })
    const one = await encode({ subject: 't-key', outputFormat: 'binary' }, '{"id":1,"note":"éé"}')
    expect((await decode({ inputFormat: 'binary' }, Buffer.from(one.out, 'latin1'))).out).toBe('{"id":1,"note":"éé"}\n')
  })

  it('encodes and decodes with a schema that uses schema references', async () => {
    const address = { type: 'record', name: 'Address', namespace: 'shop', fields: [{ name: 'city', type: 'string' }] }
    const parcel = { type: 'record', name: 'Parcel', namespace: 'shop', fields: [{ name: 'to', type: 'shop.Address' }] }
    const post = (subject: string, body: unknown) =>
      fetch(`${reg.url}/subjects/${subject}/versions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
    expect((await post('address', { schema: JSON.stringify(address) })).ok).toBe(true)
    expect((await post('parcels-value', { schema: JSON.stringify(parcel), references: [{ name: 'shop.Address', subject: 'address', version: 1 }] })).ok).toBe(
      true,
    )
    const encoded = await encode({ topic: 'parcels', outputFormat: 'hex' }, '{"to": {"city": "Lyon"}}')
    expect((await decode({ inputFormat: 'hex' }, encoded.out)).out).toBe('{"to":{"city":"Lyon"}}\n')
    expect((await decode({ inputFormat: 'hex', readerSubject: 'parcels-value@1' }, encoded.out)).out).toBe('{"to":{"city":"Lyon"}}\n')
  })

  it('stops reading when the output pipe closes (decode | head)', async () => {
    const good = (await encode({ subject: 'orders-value', outputFormat: 'hex' }, '{"id": 7, "note": "a fairly long note to fill the output"}')).out
    const stdout = new Writable({ write: (_c, _e, cb) => cb(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' })) })
    const result = await decodeMessages(testRegistry(reg.url), { inputFormat: 'hex' }, { stdin: Readable.from([good.repeat(20000)]), stdout })
    expect(result.messages).toBeLessThan(20000)
  })
})
