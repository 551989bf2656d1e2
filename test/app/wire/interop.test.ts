import { AvroDeserializer, AvroSerializer, SchemaRegistryClient, SerdeType } from '@confluentinc/schemaregistry'
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry'
import { PassThrough, Readable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { decodeMessages } from '../../../src/app/wire/decode.js'
import { encodeRecords } from '../../../src/app/wire/encode.js'
import { useTestRegistry } from '../../helpers/registry-server.js'
import { testRegistry } from './registry.js'

const reg = useTestRegistry()

const payment = {
  type: 'record',
  name: 'Payment',
  namespace: 'bank',
  fields: [
    { name: 'id', type: 'string' },
    { name: 'cents', type: 'long' },
    { name: 'rate', type: 'double' },
    { name: 'memo', type: ['null', 'string'], default: null },
    { name: 'raw', type: 'bytes' },
    { name: 'tags', type: { type: 'map', values: 'int' } },
    { name: 'kind', type: { type: 'enum', name: 'Kind', symbols: ['DEBIT', 'CREDIT'] } },
  ],
}
const records = [
  { id: 'p1', cents: 1250, rate: 1.5, memo: null, raw: Buffer.from([0, 255, 7]), tags: { a: 1 }, kind: 'DEBIT' },
  { id: 'p2', cents: -(2 ** 40), rate: -0.125, memo: 'rent', raw: Buffer.alloc(0), tags: {}, kind: 'CREDIT' },
]
/** The records as schemactl reads and prints them: bytes as strings of code points 0-255. */
const asJson = (r: (typeof records)[number]) => ({ ...r, raw: r.raw.toString('latin1') })

async function ourEncode(subject: string): Promise<Buffer[]> {
  const stdout = new PassThrough()
  const chunks: Buffer[] = []
  stdout.on('data', (c: Buffer) => chunks.push(c))
  const stdin = Readable.from([records.map((r) => JSON.stringify(asJson(r))).join('\n')])
  await encodeRecords(testRegistry(reg.url), { subject, outputFormat: 'hex' }, { stdin, stdout })
  return Buffer.concat(chunks)
    .toString()
    .trim()
    .split('\n')
    .map((h) => Buffer.from(h, 'hex'))
}

async function ourDecode(messages: Buffer[]): Promise<unknown[]> {
  const stdout = new PassThrough()
  const chunks: Buffer[] = []
  stdout.on('data', (c: Buffer) => chunks.push(c))
  const result = await decodeMessages(
    testRegistry(reg.url),
    { inputFormat: 'base64' },
    { stdin: Readable.from([messages.map((m) => m.toString('base64')).join('\n')]), stdout },
  )
  expect(result.failed).toBe(0)
  return Buffer.concat(chunks)
    .toString('utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l))
}

describe("interoperability with Confluent's serializers (@confluentinc/schemaregistry)", () => {
  it('decodes what its AvroSerializer writes, and its AvroDeserializer reads what we write, byte for byte', async () => {
    const client = new SchemaRegistryClient({ baseURLs: [reg.url] })
    await client.register('pay-value', { schemaType: 'AVRO', schema: JSON.stringify(payment) })
    const ser = new AvroSerializer(client, SerdeType.VALUE, { useLatestVersion: true })
    const theirs = await Promise.all(records.map((r) => ser.serialize('pay', r)))
    expect(await ourDecode(theirs)).toEqual(records.map(asJson))
    const ours = await ourEncode('pay-value')
    expect(ours).toEqual(theirs)
    const de = new AvroDeserializer(client, SerdeType.VALUE, {})
    expect(await Promise.all(ours.map((m) => de.deserialize('pay', m)))).toEqual(records)
  })
})

describe('interoperability with @kafkajs/confluent-schema-registry', () => {
  it('decodes what it encodes, and it decodes what we encode, byte for byte', async () => {
    const registry = new SchemaRegistry({ host: reg.url })
    const { id } = await registry.register({ type: 'AVRO' as never, schema: JSON.stringify(payment) }, { subject: 'kjs-value' })
    const theirs = await Promise.all(records.map((r) => registry.encode(id, r)))
    expect(await ourDecode(theirs)).toEqual(records.map(asJson))
    const ours = await ourEncode('kjs-value')
    expect(ours).toEqual(theirs)
    expect(await Promise.all(ours.map((m) => registry.decode(m)))).toEqual(records)
  })
})
