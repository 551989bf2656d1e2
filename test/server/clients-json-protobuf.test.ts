/**
 * The peer clients with JSON Schema and Protobuf subjects against serve at the default BACKWARD
 * level: a compatible second version registers, an incompatible one is refused, and messages go
 * through each client's serializer and back. The official client's own Protobuf serde suite runs
 * in official-client-suites.test.ts.
 */
import { JsonDeserializer, JsonSerializer, ProtobufDeserializer, ProtobufSerializer, SchemaRegistryClient, SerdeType } from '@confluentinc/schemaregistry'
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestRegistry, type TestRegistry } from '../helpers/registry-server.js'

let reg: TestRegistry
beforeAll(async () => {
  reg = await startTestRegistry()
})
afterAll(async () => reg.close())

const personV1 = { type: 'object', properties: { name: { type: 'string' } }, additionalProperties: false }
// An optional property added to a closed model: BACKWARD-compatible under STRICT.
const personV2 = { ...personV1, properties: { ...personV1.properties, age: { type: 'integer' } } }
// The property's type changed: refused.
const personBad = { ...personV1, properties: { name: { type: 'integer' } } }

const orderV1 = 'syntax = "proto3";\npackage acme;\n\nmessage Order {\n  string id = 1;\n}\n'
const orderV2 = 'syntax = "proto3";\npackage acme;\n\nmessage Order {\n  string id = 1;\n  int64 total = 2;\n}\n'
const orderBad = 'syntax = "proto3";\npackage acme;\n\nmessage Order {\n  int32 id = 1;\n  int64 total = 2;\n}\n'

describe('@kafkajs/confluent-schema-registry', () => {
  it('JSON Schema: registers v1 and a compatible v2, refuses an incompatible v3, encodes and decodes', async () => {
    const registry = new SchemaRegistry({ host: reg.url })
    const v1 = await registry.register({ type: SchemaType.JSON, schema: JSON.stringify(personV1) }, { subject: 'kjs-json-value' })
    const v2 = await registry.register({ type: SchemaType.JSON, schema: JSON.stringify(personV2) }, { subject: 'kjs-json-value' })
    expect(v2.id).not.toBe(v1.id)
    expect(await registry.getLatestSchemaId('kjs-json-value')).toBe(v2.id)
    await expect(registry.register({ type: SchemaType.JSON, schema: JSON.stringify(personBad) }, { subject: 'kjs-json-value' })).rejects.toThrow(/incompatible/)
    const encoded = await registry.encode(v2.id, { name: 'Ada', age: 36 })
    expect(await registry.decode(encoded)).toEqual({ name: 'Ada', age: 36 })
  })

  it('Protobuf: registers v1 and a compatible v2, refuses an incompatible v3, encodes and decodes', async () => {
    const registry = new SchemaRegistry({ host: reg.url })
    await registry.register({ type: SchemaType.PROTOBUF, schema: orderV1 }, { subject: 'kjs-proto-value' })
    const v2 = await registry.register({ type: SchemaType.PROTOBUF, schema: orderV2 }, { subject: 'kjs-proto-value' })
    expect(await registry.getLatestSchemaId('kjs-proto-value')).toBe(v2.id)
    await expect(registry.register({ type: SchemaType.PROTOBUF, schema: orderBad }, { subject: 'kjs-proto-value' })).rejects.toThrow(/incompatible/)
    const encoded = await registry.encode(v2.id, { id: 'o-1', total: 42 })
    const decoded = (await registry.decode(encoded)) as { id: string; total: { toString(): string } }
    expect(decoded.id).toBe('o-1')
    expect(decoded.total.toString()).toBe('42')
  })
})

describe("Confluent's client (@confluentinc/schemaregistry)", () => {
  it('JSON Schema: compatibility answers, a refused registration, and a serde round trip', async () => {
    const sr = new SchemaRegistryClient({ baseURLs: [reg.url] })
    await sr.register('cc-json-value', { schemaType: 'JSON', schema: JSON.stringify(personV1) })
    expect(await sr.testSubjectCompatibility('cc-json-value', { schemaType: 'JSON', schema: JSON.stringify(personV2) })).toBe(true)
    expect(await sr.testSubjectCompatibility('cc-json-value', { schemaType: 'JSON', schema: JSON.stringify(personBad) })).toBe(false)
    await expect(sr.register('cc-json-value', { schemaType: 'JSON', schema: JSON.stringify(personBad) })).rejects.toMatchObject({ status: 409 })
    const id = await sr.register('cc-json-value', { schemaType: 'JSON', schema: JSON.stringify(personV2) })
    const ser = new JsonSerializer(sr, SerdeType.VALUE, { useLatestVersion: true, autoRegisterSchemas: false })
    const de = new JsonDeserializer(sr, SerdeType.VALUE, {})
    const bytes = await ser.serialize('cc-json', { name: 'Grace', age: 85 })
    expect(bytes.readInt32BE(1)).toBe(id)
    expect(await de.deserialize('cc-json', bytes)).toEqual({ name: 'Grace', age: 85 })
  })

  it('Protobuf: the serializer registers a base64 descriptor, the deserializer reads it back serialized', async () => {
    // The message types the client's own Protobuf tests use, compiled with @bufbuild/protobuf.
    const require = createRequire(import.meta.url)
    const examples = require(join(dirname(require.resolve('@confluentinc/schemaregistry')), 'test', 'serde', 'test', 'example_pb.js'))
    const { create } = require('@bufbuild/protobuf') as { create: (schema: unknown, init: unknown) => Record<string, unknown> }
    const sr = new SchemaRegistryClient({ baseURLs: [reg.url] })
    const ser = new ProtobufSerializer(sr, SerdeType.VALUE, { autoRegisterSchemas: true })
    ser.registry.add(examples.AuthorSchema)
    const author = create(examples.AuthorSchema, { name: 'Kafka', id: 123, works: ['The Castle'] })
    const bytes = await ser.serialize('cc-proto', author)
    const id = bytes.readInt32BE(1)
    // Read as text by another client: the client caches a schema by id whatever the format asked for.
    const stored = await new SchemaRegistryClient({ baseURLs: [reg.url] }).getBySubjectAndId('cc-proto-value', id)
    expect(stored.schemaType).toBe('PROTOBUF')
    expect(stored.schema).toContain('message Author')
    const de = new ProtobufDeserializer(sr, SerdeType.VALUE, {})
    expect(await de.deserialize('cc-proto', bytes)).toEqual(author)
    // Serialized again, the same schema is found, not registered anew.
    const again = new ProtobufSerializer(new SchemaRegistryClient({ baseURLs: [reg.url] }), SerdeType.VALUE, { autoRegisterSchemas: true })
    again.registry.add(examples.AuthorSchema)
    expect((await again.serialize('cc-proto', author)).readInt32BE(1)).toBe(id)
    expect(await sr.getAllVersions('cc-proto-value')).toEqual([1])
  })
})
