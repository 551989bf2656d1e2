import { AvroDeserializer, AvroSerializer, SchemaRegistryClient, SerdeType } from '@confluentinc/schemaregistry'
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestRegistry, type TestRegistry } from '../helpers/registry-server.js'

let reg: TestRegistry
beforeAll(async () => {
  reg = await startTestRegistry({ durable: true })
})
afterAll(async () => reg.close())

const userV1 = { type: 'record', name: 'User', namespace: 'acme', fields: [{ name: 'name', type: 'string' }] }
const userV2 = { ...userV1, fields: [...userV1.fields, { name: 'age', type: 'int', default: 0 }] }
const userBad = { ...userV1, fields: [{ name: 'name', type: 'int' }] }

describe("Confluent's client (@confluentinc/schemaregistry)", () => {
  it('registers, fetches by id, gets latest, checks compatibility', async () => {
    const sr = new SchemaRegistryClient({ baseURLs: [reg.url] })
    const id = await sr.register('users-value', { schemaType: 'AVRO', schema: JSON.stringify(userV1) })
    expect(id).toBeGreaterThan(0)
    const byId = await sr.getBySubjectAndId('users-value', id)
    expect(JSON.parse(byId.schema)).toMatchObject({ name: 'User', namespace: 'acme' })
    const latest = await sr.getLatestSchemaMetadata('users-value')
    expect(latest).toMatchObject({ id, version: 1 })
    expect(await sr.testSubjectCompatibility('users-value', { schemaType: 'AVRO', schema: JSON.stringify(userV2) })).toBe(true)
    expect(await sr.testCompatibility('users-value', 1, { schemaType: 'AVRO', schema: JSON.stringify(userBad) })).toBe(false)
    await expect(sr.register('users-value', { schemaType: 'AVRO', schema: JSON.stringify(userBad) })).rejects.toMatchObject({ status: 409 })
  })

  it('encodes and decodes in the Confluent wire format', async () => {
    const sr = new SchemaRegistryClient({ baseURLs: [reg.url] })
    const ser = new AvroSerializer(sr, SerdeType.VALUE, { autoRegisterSchemas: true })
    const de = new AvroDeserializer(sr, SerdeType.VALUE, {})
    const msg = { name: 'Ada', age: 36 }
    const bytes = await ser.serialize('people', msg)
    expect(bytes[0]).toBe(0)
    const id = bytes.readInt32BE(1)
    expect(id).toBe(await sr.getId('people-value', { schemaType: 'AVRO', schema: JSON.stringify(AvroSerializer.messageToSchema(msg).schema()) }))
    expect(await de.deserialize('people', bytes)).toEqual(msg)
  })
})

describe('clients against a server with basic auth', () => {
  it('both clients authenticate with user info', async () => {
    const secured = await startTestRegistry({ basicAuth: 'app:pa55word' })
    try {
      const sr = new SchemaRegistryClient({ baseURLs: [secured.url], basicAuthCredentials: { credentialsSource: 'USER_INFO', userInfo: 'app:pa55word' } })
      const id = await sr.register('auth-value', { schemaType: 'AVRO', schema: JSON.stringify(userV1) }, false)
      const kjs = new SchemaRegistry({ host: secured.url, auth: { username: 'app', password: 'pa55word' } })
      expect(await kjs.getLatestSchemaId('auth-value')).toBe(id)
      const anonymous = new SchemaRegistry({ host: secured.url })
      await expect(anonymous.getLatestSchemaId('auth-value')).rejects.toThrow()
    } finally {
      await secured.close()
    }
  })
})

describe('@kafkajs/confluent-schema-registry', () => {
  it('registers, fetches by id, gets latest, checks compatibility, encodes and decodes', async () => {
    const registry = new SchemaRegistry({ host: reg.url })
    const { id } = await registry.register({ type: SchemaType.AVRO, schema: JSON.stringify(userV1) }, { subject: 'kjs-value' })
    expect(id).toBeGreaterThan(0)
    expect(await registry.getLatestSchemaId('kjs-value')).toBe(id)
    const schema = (await registry.getSchema(id)) as unknown as { name: string }
    expect(schema.name).toBe('acme.User')
    // The library exposes no method for the check; its own (private) API client has the endpoint.
    const api = (registry as unknown as { api: { Subject: { compatible: (req: unknown) => Promise<{ data(): unknown }> } } }).api
    const compatible = await api.Subject.compatible({ subject: 'kjs-value', body: { schema: JSON.stringify(userV2) } })
    expect(compatible.data()).toEqual({ is_compatible: true })
    const encoded = await registry.encode(id, { name: 'Grace' })
    expect(encoded.subarray(0, 5)).toEqual(Buffer.from([0, 0, 0, 0, id]))
    expect(await registry.decode(encoded)).toEqual({ name: 'Grace' })
    await expect(registry.register({ type: SchemaType.AVRO, schema: JSON.stringify(userBad) }, { subject: 'kjs-value' })).rejects.toThrow(/incompatible/)
  })
})
