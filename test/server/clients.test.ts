import {
  AvroDeserializer,
  AvroSerializer,
  LifecyclePolicy,
  RuleMode,
  SchemaRegistryClient,
  SerdeType,
  SubjectNameStrategyType,
} from '@confluentinc/schemaregistry'
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry'
import { describe, expect, it } from 'vitest'
import { startTestRegistry, useTestRegistry } from '../helpers/registry-server.js'

const reg = useTestRegistry({ durable: true })

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

describe("Confluent's client reads the contracts serve keeps", () => {
  const metadata = { properties: { owner: 'Bob Jones', email: 'bob@acme.com' }, tags: { 'acme.User.name': ['PII'] } }
  const ruleSet = {
    domainRules: [{ name: 'checkName', kind: 'CONDITION', mode: RuleMode.WRITE, type: 'CEL', expr: "message.name != ''", disabled: false }],
    migrationRules: [{ name: 'up', kind: 'TRANSFORM', mode: RuleMode.UPGRADE, type: 'JSONATA', expr: '$', disabled: false }],
  }

  it('registers with metadata and ruleSet and reads them back by id, version, lookup, guid and metadata', async () => {
    const sr = new SchemaRegistryClient({ baseURLs: [reg.url] })
    const info = { schemaType: 'AVRO', schema: JSON.stringify(userV1), metadata, ruleSet }
    const registered = await sr.registerFullResponse('contract-value', info)
    expect(registered).toMatchObject({ version: 1, metadata, ruleSet: { migrationRules: ruleSet.migrationRules, domainRules: ruleSet.domainRules } })
    const byId = await sr.getBySubjectAndId('contract-value', registered.id!)
    expect(byId).toMatchObject({ schema: info.schema, metadata, ruleSet })
    expect(await sr.getByGuid(registered.guid!)).toMatchObject({ schema: info.schema, metadata, ruleSet, guid: registered.guid })
    expect(await sr.getId('contract-value', info)).toBe(registered.id)
    expect(await sr.getVersion('contract-value', info)).toBe(1)
    // A second version that changes only the contract; the latest with the first owner is still version 1.
    const v2 = await sr.registerFullResponse('contract-value', { ...info, metadata: { properties: { owner: 'Bob Jones2', email: 'bob@acme.com' } } })
    expect(v2).toMatchObject({ version: 2, ruleSet })
    expect(v2.id).not.toBe(registered.id)
    expect(await sr.getLatestWithMetadata('contract-value', { owner: 'Bob Jones', email: 'bob@acme.com' })).toMatchObject({
      version: 1,
      id: registered.id,
      guid: registered.guid,
      metadata,
    })
    expect(await sr.getLatestSchemaMetadata('contract-value')).toMatchObject({ version: 2, metadata: { properties: { owner: 'Bob Jones2' } } })
  })

  it('sets and reads the config members that shape contracts', async () => {
    const sr = new SchemaRegistryClient({ baseURLs: [reg.url] })
    const update = {
      compatibility: 'BACKWARD' as never,
      compatibilityGroup: 'major',
      defaultMetadata: { properties: { owner: 'platform' } },
      overrideRuleSet: ruleSet,
    }
    expect(await sr.updateConfig('grouped-value', update)).toMatchObject({ compatibility: 'BACKWARD', compatibilityGroup: 'major' })
    expect(await sr.getConfig('grouped-value')).toEqual({
      compatibilityLevel: 'BACKWARD',
      compatibilityGroup: 'major',
      defaultMetadata: { properties: { owner: 'platform' } },
      overrideRuleSet: ruleSet,
    })
    const id = await sr.register('grouped-value', { schemaType: 'AVRO', schema: JSON.stringify(userV1) })
    expect(await sr.getBySubjectAndId('grouped-value', id)).toMatchObject({ metadata: { properties: { owner: 'platform' } }, ruleSet })
  })

  it('creates, finds and deletes associations, which its serializers follow to the subject', async () => {
    const sr = new SchemaRegistryClient({ baseURLs: [reg.url] })
    await sr.register('billing-events', { schemaType: 'AVRO', schema: JSON.stringify(userV1) })
    const created = await sr.createAssociation({
      resourceName: 'billing',
      resourceNamespace: 'lkc-9',
      resourceId: 'lkc-9:billing',
      resourceType: 'topic',
      associations: [{ subject: 'billing-events', associationType: 'value', lifecycle: LifecyclePolicy.STRONG }],
    })
    expect(created.associations).toEqual([{ subject: 'billing-events', associationType: 'value', lifecycle: 'STRONG', frozen: false }])
    const found = await sr.getAssociationsByResourceName('billing', '-', 'topic', ['value'], null as never, 0, -1)
    expect(found).toEqual([expect.objectContaining({ subject: 'billing-events', resourceId: 'lkc-9:billing', lifecycle: 'STRONG' })])
    const ser = new AvroSerializer(sr, SerdeType.VALUE, { useLatestVersion: true, subjectNameStrategyType: SubjectNameStrategyType.ASSOCIATED })
    const de = new AvroDeserializer(sr, SerdeType.VALUE, { subjectNameStrategyType: SubjectNameStrategyType.ASSOCIATED })
    expect(await de.deserialize('billing', await ser.serialize('billing', { name: 'Ada' }))).toEqual({ name: 'Ada' })
    await sr.deleteAssociations('lkc-9:billing', 'topic', ['value'], true)
    expect(await sr.getAssociationsByResourceName('billing', '-', 'topic', ['value'], null as never, 0, -1)).toEqual([])
    expect(await sr.getAllSubjects()).not.toContain('billing-events')
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
