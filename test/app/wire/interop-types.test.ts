/**
 * JSON Schema and Protobuf messages against the official client's serializers and deserializers
 * (@confluentinc/schemaregistry), both ways, with `schemactl serve` as the registry (its Protobuf
 * serde reads schemas with `?format=serialized`, which serve answers).
 */
import { create, toJson, type DescMessage, type MessageShape } from '@bufbuild/protobuf'
import { FileDescriptorProtoSchema } from '@bufbuild/protobuf/wkt'
import { toBinary } from '@bufbuild/protobuf'
import { JsonDeserializer, JsonSerializer, ProtobufDeserializer, ProtobufSerializer, SchemaRegistryClient, SerdeType } from '@confluentinc/schemaregistry'
import { createRequire } from 'node:module'
import { PassThrough, Readable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decodeMessages, type DecodeResult } from '../../../src/app/wire/decode.js'
import { encodeRecords } from '../../../src/app/wire/encode.js'
import { fromFileDescriptor } from '../../../src/engine/index.js'
import { startTestRegistry, type TestRegistry } from '../../helpers/registry-server.js'
import { testRegistry } from './registry.js'

const require = createRequire(import.meta.url)
const fixtures = '@confluentinc/schemaregistry/dist/test/serde/test'
const example = require(`${fixtures}/example_pb.js`)
const scalars = require(`${fixtures}/test_pb.js`)
const nested = require(`${fixtures}/nested_pb.js`)

let reg: TestRegistry
beforeAll(async () => {
  reg = await startTestRegistry()
})
afterAll(async () => reg.close())

async function register(subject: string, schemaType: 'JSON' | 'PROTOBUF', schema: string, references: unknown[] = []): Promise<number> {
  const res = await fetch(`${reg.url}/subjects/${subject}/versions`, {
    method: 'POST',
    headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' },
    body: JSON.stringify({ schemaType, schema, references }),
  })
  const body = (await res.json()) as { id: number }
  expect(res.status).toBe(200)
  return body.id
}

/** The `.proto` text of a generated file, as the registry stores what the serializer registers. */
function protoText(file: { proto: unknown }): string {
  const read = fromFileDescriptor(Buffer.from(toBinary(FileDescriptorProtoSchema, file.proto as never)).toString('base64'))
  if (!read.ok) throw new Error(JSON.stringify(read.errors))
  return read.text
}

async function ourEncode(subject: string, records: unknown[], extra: { message?: string } = {}): Promise<Buffer[]> {
  const stdout = new PassThrough()
  const chunks: Buffer[] = []
  stdout.on('data', (c: Buffer) => chunks.push(c))
  const stdin = Readable.from([records.map((r) => JSON.stringify(r)).join('\n')])
  await encodeRecords(testRegistry(reg.url), { subject, outputFormat: 'base64', ...extra }, { stdin, stdout })
  return Buffer.concat(chunks)
    .toString()
    .trim()
    .split('\n')
    .map((b) => Buffer.from(b, 'base64'))
}

async function ourDecode(messages: Buffer[]): Promise<{ values: unknown[]; result: DecodeResult }> {
  const stdout = new PassThrough()
  const chunks: Buffer[] = []
  stdout.on('data', (c: Buffer) => chunks.push(c))
  const result = await decodeMessages(
    testRegistry(reg.url),
    { inputFormat: 'base64' },
    { stdin: Readable.from([messages.map((m) => m.toString('base64')).join('\n')]), stdout },
  )
  const text = Buffer.concat(chunks).toString('utf8').trim()
  return { values: text === '' ? [] : text.split('\n').map((l) => JSON.parse(l)), result }
}

function client(url: string): SchemaRegistryClient {
  return new SchemaRegistryClient({ baseURLs: [url] })
}

describe("Protobuf messages and the official client's ProtobufSerializer / ProtobufDeserializer", () => {
  /** Their bytes decode to protobuf-es's canonical JSON; that JSON encodes to their bytes exactly; their deserializer reads ours back. */
  async function roundTrip<D extends DescMessage>(subject: string, desc: D, messages: MessageShape<D>[], message?: string) {
    const ser = new ProtobufSerializer(client(reg.url), SerdeType.VALUE, { useLatestVersion: true })
    ser.registry.add(desc)
    const theirs = await Promise.all(messages.map((m) => ser.serialize(subject.replace(/-value$/, ''), m)))
    const decoded = await ourDecode(theirs)
    expect(decoded.result.failed).toBe(0)
    const canonical = messages.map((m) => toJson(desc, m))
    expect(decoded.values).toEqual(canonical)
    const ours = await ourEncode(subject, canonical, message !== undefined ? { message } : {})
    expect(ours.map((b) => b.toString('hex'))).toEqual(theirs.map((b) => b.toString('hex')))
    const de = new ProtobufDeserializer(client(reg.url), SerdeType.VALUE, {})
    const back = await Promise.all(ours.map((b) => de.deserialize(subject.replace(/-value$/, ''), b)))
    expect(back.map((m) => toJson(desc, m as MessageShape<D>))).toEqual(canonical)
  }

  it('every scalar kind (64-bit integers as strings, bytes as base64, floats)', async () => {
    await register('scalars-value', 'PROTOBUF', protoText(scalars.file_test_schemaregistry_serde_test))
    const max = create(scalars.TestMessageSchema, {
      testString: 'héllo ✓',
      testBool: true,
      testBytes: new Uint8Array([0, 1, 255]),
      testDouble: -1.5e300,
      testFloat: 3.25,
      testFixed32: 4294967295,
      testFixed64: 18446744073709551615n,
      testInt32: -2147483648,
      testInt64: -9223372036854775808n,
      testSfixed32: -7,
      testSfixed64: 9223372036854775807n,
      testSint32: -1,
      testSint64: -9007199254740993n,
      testUint32: 4294967295,
      testUint64: 12345678901234567890n,
    })
    await roundTrip('scalars-value', scalars.TestMessageSchema, [max, create(scalars.TestMessageSchema, {})])
  })

  it('the second message of the file (message index 1), a oneof holding a message', async () => {
    await register('pizza-value', 'PROTOBUF', protoText(example.file_test_schemaregistry_serde_example))
    await roundTrip('pizza-value', example.PizzaSchema, [create(example.PizzaSchema, { size: 'L', toppings: ['cheese', 'olives'] })], 'test.Pizza')
    await register('author-value', 'PROTOBUF', protoText(example.file_test_schemaregistry_serde_example))
    const author = create(example.AuthorSchema, {
      name: 'Ada',
      id: 7,
      picture: new Uint8Array([1, 2]),
      works: ['Notes'],
      piiOneof: { case: 'oneofMessage', value: create(example.PizzaSchema, { size: 'S' }) },
    })
    await roundTrip('author-value', example.AuthorSchema, [author])
  })

  it('nested messages, Timestamp, enums by name, maps', async () => {
    await register('nested-value', 'PROTOBUF', protoText(nested.file_test_schemaregistry_serde_nested))
    const message = create(nested.NestedMessageSchema, {
      userId: create(nested.UserIdSchema, { userId: { case: 'kafkaUserId', value: 'u1' } }),
      isActive: true,
      experimentsActive: ['a', 'b'],
      updatedAt: { $typeName: 'google.protobuf.Timestamp', seconds: 1700000000n, nanos: 123000000 },
      status: nested.Status.INACTIVE,
      mapType: { k1: 'v1', k2: 'v2' },
      inner: create(nested.NestedMessage_InnerMessageSchema, { id: 'in', ids: [1, -2, 3] }),
    })
    await roundTrip('nested-value', nested.NestedMessageSchema, [message], 'test.NestedMessage')
    // Not its nested InnerMessage: the JS client numbers nested types without the map entry declared
    // before it (protobuf-es leaves map entries out), where the schema text and the Java client count it.
  })
})

describe('Protobuf schemas the serializer registers itself (a base64 descriptor, kept as text by serve)', () => {
  it('decodes its messages and encodes the same bytes under the id it registered', async () => {
    const ser = new ProtobufSerializer(client(reg.url), SerdeType.VALUE, { autoRegisterSchemas: true })
    ser.registry.add(example.AuthorSchema)
    const author = create(example.AuthorSchema, { name: 'Grace', id: 3, works: ['COBOL'], piiOneof: { case: 'oneofString', value: 'x' } })
    const theirs = await ser.serialize('auto', author)
    const decoded = await ourDecode([theirs])
    expect(decoded.values).toEqual([toJson(example.AuthorSchema, author)])
    const ours = await ourEncode('auto-value', decoded.values)
    expect(ours[0].toString('hex')).toBe(theirs.toString('hex'))
  })
})

describe('Protobuf imports resolved through the schema references', () => {
  it('encodes and decodes a message whose field type comes from a referenced subject', async () => {
    await register('shared-money', 'PROTOBUF', 'syntax = "proto3";\npackage shared;\nmessage Money { string currency = 1; int64 units = 2; }\n')
    const orderText = 'syntax = "proto3";\npackage shop;\nimport "shared/money.proto";\nmessage Order { string id = 1; shared.Money total = 2; }\n'
    await register('orders-value', 'PROTOBUF', orderText, [{ name: 'shared/money.proto', subject: 'shared-money', version: 1 }])
    const records = [{ id: 'o1', total: { currency: 'EUR', units: '9007199254740993' } }]
    const messages = await ourEncode('orders-value', records)
    expect(messages[0].subarray(5, 6)).toEqual(Buffer.from([0]))
    expect((await ourDecode(messages)).values).toEqual(records)
  })
})

describe("JSON Schema messages and the official client's JsonSerializer / JsonDeserializer", () => {
  const schema = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'Payment',
    type: 'object',
    properties: {
      id: { type: 'string' },
      cents: { type: 'integer' },
      memo: { type: ['string', 'null'] },
      tags: { type: 'array', items: { type: 'string', maxLength: 5 } },
    },
    required: ['id', 'cents'],
    additionalProperties: false,
  }
  const records = [
    { id: 'p1', cents: 1250, memo: null, tags: ['a', 'b'] },
    { id: 'p2 ✓', cents: -(2 ** 40), tags: [] },
  ]

  it('decodes what its serializer writes, writes the same bytes, and its deserializer reads ours', async () => {
    await register('pay-value', 'JSON', JSON.stringify(schema))
    const ser = new JsonSerializer(client(reg.url), SerdeType.VALUE, { useLatestVersion: true, validate: true })
    const theirs = await Promise.all(records.map((r) => ser.serialize('pay', r)))
    const decoded = await ourDecode(theirs)
    expect(decoded.result).toMatchObject({ failed: 0, decoded: 2 })
    expect(decoded.values).toEqual(records)
    const ours = await ourEncode('pay-value', records)
    expect(ours.map((b) => b.toString('hex'))).toEqual(theirs.map((b) => b.toString('hex')))
    const de = new JsonDeserializer(client(reg.url), SerdeType.VALUE, { validate: true })
    expect(await Promise.all(ours.map((b) => de.deserialize('pay', b)))).toEqual(records)
  })

  it('validates each decoded record, naming the message and the failing path; the others still decode', async () => {
    const id = (await ourEncode('pay-value', [records[0]]))[0].readUInt32BE(1)
    const frame = (payload: string) =>
      Buffer.concat([Buffer.from([0]), Buffer.from([id >>> 24, (id >>> 16) & 255, (id >>> 8) & 255, id & 255]), Buffer.from(payload)])
    const messages = [
      frame('{"id":"a","cents":1}'),
      frame('{"id":"a","cents":1,"tags":["toolong"]}'),
      frame('{"id":'),
      frame('{\n "id": "b",\n "cents": 12345678901234567890\n}'),
    ]
    const { values, result } = await ourDecode(messages)
    expect(values).toEqual([
      { id: 'a', cents: 1 },
      { id: 'b', cents: 12345678901234567000 },
    ])
    expect(result.errors.map((e) => [e.message, e.code, e.error])).toEqual([
      [2, 'RECORD_INVALID', expect.stringMatching(/^field tags\[0\]: must NOT have more than 5 characters/)],
      [3, 'INVALID_JSON', expect.stringContaining('the payload is not JSON')],
    ])
  })

  it('resolves a $ref to another subject through the schema references', async () => {
    await register('address', 'JSON', JSON.stringify({ type: 'object', properties: { city: { type: 'string' } }, required: ['city'] }))
    const customer = { type: 'object', properties: { name: { type: 'string' }, home: { $ref: 'address.json' } } }
    await register('customer-value', 'JSON', JSON.stringify(customer), [{ name: 'address.json', subject: 'address', version: 1 }])
    const ok = await ourEncode('customer-value', [{ name: 'n', home: { city: 'Oslo' } }])
    expect((await ourDecode(ok)).values).toEqual([{ name: 'n', home: { city: 'Oslo' } }])
    await expect(ourEncode('customer-value', [{ name: 'n', home: {} }])).rejects.toThrow(
      "record 1 (line 1): field home: must have required property 'city' (address.json/required)",
    )
  })
})
