import { describe, expect, it } from 'vitest'
import { createRegistrySchemaParser, type RegistrySchema } from '../../../src/app/registry/schema.js'
import { RegistryError } from '../../../src/registry/errors.js'

/** A registry of subject versions in memory, counting reads. */
function fakeRegistry(versions: Record<string, RegistrySchema>) {
  const reads: string[] = []
  return {
    reads,
    async getVersion(subject: string, version: number | 'latest') {
      reads.push(`${subject}@${version}`)
      const found = versions[`${subject}@${version}`]
      if (found === undefined) throw new RegistryError('SUBJECT_NOT_FOUND', `Subject '${subject}' not found`, { url: 'http://127.0.0.1:1' })
      return { ...found, id: 1, version: Number(version) }
    },
  }
}

const address = JSON.stringify({ type: 'record', name: 'Address', namespace: 'x', fields: [{ name: 'city', type: 'x.City' }] })
const city = JSON.stringify({ type: 'enum', name: 'City', namespace: 'x', symbols: ['PARIS'] })
const order = JSON.stringify({
  type: 'record',
  name: 'Order',
  namespace: 'x',
  fields: [
    { name: 'to', type: 'x.Address' },
    { name: 'from', type: 'x.City' },
  ],
})
const ref = (name: string, subject: string) => [{ name, subject, version: 1 }]

describe('registry schemas', () => {
  it('takes Avro (schemaType absent or AVRO), refuses other types and invalid schemas with a code', async () => {
    const parse = createRegistrySchemaParser(fakeRegistry({}))
    expect(await parse({ schema: '"string"' }, 'schema id 1')).toMatchObject({ ok: true })
    expect(await parse({ schema: '{}', schemaType: 'PROTOBUF' }, 'schema id 2')).toEqual({
      ok: false,
      code: 'UNSUPPORTED_SCHEMA',
      error: 'schema id 2 is a PROTOBUF schema; only Avro is supported',
    })
    expect(await parse({ schema: '{"type": "nope"}', schemaType: 'AVRO' }, 'schema id 4')).toMatchObject({ ok: false, code: 'INVALID_SCHEMA' })
  })

  it('resolves references transitively, reading each referenced version once', async () => {
    const registry = fakeRegistry({ 'address@1': { schema: address, references: ref('x.City', 'city') }, 'city@1': { schema: city } })
    const parse = createRegistrySchemaParser(registry)
    const parsed = await parse({ schema: order, references: [...ref('x.Address', 'address'), ...ref('x.City', 'city')] }, 'schema id 9')
    expect(parsed).toMatchObject({ ok: true })
    expect(parsed.ok && parsed.schema.canonical).toContain('"name":"x.City","type":"enum"')
    expect(registry.reads.sort()).toEqual(['address@1', 'city@1'])
  })

  it('names a missing reference, a cycle and a reference that is not Avro', async () => {
    const registry = fakeRegistry({
      'a@1': { schema: address, references: ref('x.City', 'b') },
      'b@1': { schema: city, references: ref('x.Address', 'a') },
      'p@1': { schema: 'message X {}', schemaType: 'PROTOBUF' },
    })
    const parse = createRegistrySchemaParser(registry)
    expect(await parse({ schema: order, references: ref('x.Address', 'gone') }, 'schema id 3')).toEqual({
      ok: false,
      code: 'REFERENCE_NOT_FOUND',
      error: "reference 'x.Address' (gone version 1) of schema id 3 is not in the registry",
    })
    expect(await parse({ schema: order, references: ref('x.Address', 'a') }, 'schema id 4')).toMatchObject({ ok: false, code: 'REFERENCE_CYCLE' })
    expect(await parse({ schema: order, references: ref('x.Address', 'p') }, 'schema id 5')).toMatchObject({ ok: false, code: 'UNSUPPORTED_SCHEMA' })
  })
})
