import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startTestRegistry, type TestRegistry } from '../helpers/registry-server.js'
import { client, record } from './http.js'

let reg: TestRegistry
let c: ReturnType<typeof client>
beforeAll(async () => {
  reg = await startTestRegistry()
  c = client(reg.url)
})
afterAll(async () => reg.close())

let n = 0
let subject = ''
beforeEach(() => {
  subject = `compat-${++n}`
})

const V1 = record('R', 'f1:string')
const ADD_REQUIRED = record('R', 'f1:string', 'f2:string')
const ADD_OPTIONAL = record('R', 'f1:string', 'f2:string="x"')

describe('compatibility on register', () => {
  it('rejects an incompatible schema with 409/40901 and the details list', async () => {
    await c.post(`/subjects/${subject}/versions`, { schema: V1 })
    const res = await c.post(`/subjects/${subject}/versions`, { schema: ADD_REQUIRED })
    expect(res.status).toBe(409)
    expect(res.body.error_code).toBe(40901)
    const details = [
      "{errorType:'READER_FIELD_MISSING_DEFAULT_VALUE', description:'The field 'f2' at path '/fields/1' in the new schema has no default value and is missing in the old schema', additionalInfo:'f2'}",
      '{oldSchemaVersion: 1}',
      `{oldSchema: '${V1}'}`,
      "{validateFields: 'false', compatibility: 'BACKWARD'}",
    ]
    expect(res.body.message).toBe(`Schema being registered is incompatible with an earlier schema for subject "${subject}", details: [${details.join(', ')}]`)
    const verbose = await c.post(`/compatibility/subjects/${subject}/versions?verbose=true`, { schema: ADD_REQUIRED })
    expect(verbose.body).toEqual({ is_compatible: false, messages: details })
    expect((await c.post(`/subjects/${subject}/versions`, { schema: ADD_OPTIONAL })).body.version).toBe(2)
  })

  it('compares with the latest version only unless the level is transitive', async () => {
    await c.put(`/config/${subject}`, { compatibility: 'NONE' })
    await c.post(`/subjects/${subject}/versions`, { schema: record('R', 'a:string') })
    await c.post(`/subjects/${subject}/versions`, { schema: record('R', 'b:string') })
    await c.put(`/config/${subject}`, { compatibility: 'BACKWARD' })
    // Adding b2 with a default is compatible with v2 {b}, but v1 {a} cannot be read without a default for b.
    const candidate = record('R', 'b:string', 'c:string="x"')
    expect((await c.post(`/compatibility/subjects/${subject}/versions`, { schema: candidate })).body).toEqual({ is_compatible: true })
    await c.put(`/config/${subject}`, { compatibility: 'BACKWARD_TRANSITIVE' })
    expect((await c.post(`/compatibility/subjects/${subject}/versions`, { schema: candidate })).body).toEqual({ is_compatible: false })
    expect((await c.post(`/subjects/${subject}/versions`, { schema: candidate })).status).toBe(409)
  })

  it('ignores soft-deleted versions', async () => {
    await c.post(`/subjects/${subject}/versions`, { schema: V1 })
    await c.del(`/subjects/${subject}/versions/1`)
    expect((await c.post(`/subjects/${subject}/versions`, { schema: record('Other', 'x:int') })).body.version).toBe(2)
  })

  it('reports a different schema type as incompatible', async () => {
    await c.post(`/subjects/${subject}/versions`, { schema: V1 })
    const res = await c.post(`/compatibility/subjects/${subject}/versions?verbose=true`, { schemaType: 'JSON', schema: '{"type":"object"}' })
    expect(res.body.is_compatible).toBe(false)
    expect(res.body.messages[0]).toBe('Incompatible because of different schema type')
  })
})

describe('POST /compatibility/subjects/{s}/versions[/{v}]', () => {
  it('answers verbose messages ([] when compatible)', async () => {
    await c.post(`/subjects/${subject}/versions`, { schema: V1 })
    expect((await c.post(`/compatibility/subjects/${subject}/versions/latest?verbose=true`, { schema: ADD_OPTIONAL })).body).toEqual({
      is_compatible: true,
      messages: [],
    })
    const bad = await c.post(`/compatibility/subjects/${subject}/versions/1?verbose=true`, { schema: ADD_REQUIRED })
    expect(bad.body.is_compatible).toBe(false)
    expect(bad.body.messages).toContain('{oldSchemaVersion: 1}')
    expect(bad.body.messages.at(-1)).toBe("{validateFields: 'false', compatibility: 'BACKWARD'}")
  })

  it('is compatible for an unknown subject, 40402 for an unknown version, 42202 for a bad one', async () => {
    expect((await c.post(`/compatibility/subjects/${subject}/versions`, { schema: V1 })).body).toEqual({ is_compatible: true })
    expect((await c.post(`/compatibility/subjects/${subject}/versions/latest`, { schema: V1 })).body).toEqual({ is_compatible: true })
    expect((await c.post(`/compatibility/subjects/${subject}/versions/3`, { schema: V1 })).body).toEqual({ error_code: 40402, message: 'Version 3 not found.' })
    expect((await c.post(`/compatibility/subjects/${subject}/versions/zero`, { schema: V1 })).body.error_code).toBe(42202)
  })

  it('answers 42201 for an invalid schema, or is_compatible false with the reason when verbose', async () => {
    await c.post(`/subjects/${subject}/versions`, { schema: V1 })
    expect((await c.post(`/compatibility/subjects/${subject}/versions/latest`, { schema: '{"type":"nope"}' })).body.error_code).toBe(42201)
    const verbose = await c.post(`/compatibility/subjects/${subject}/versions/latest?verbose=true`, { schema: '{"type":"nope"}' })
    expect(verbose.body.is_compatible).toBe(false)
    expect(verbose.body.messages).toHaveLength(1)
  })
})

describe('JSON Schema and PROTOBUF', () => {
  const proto1 = 'syntax = "proto3";\npackage acme;\nmessage Order {\n  string id = 1;\n}\n'
  const proto2 = 'syntax = "proto3";\npackage acme;\nmessage Order {\n  string id = 1;\n  int64 total = 2;\n}\n'

  it('accepts well-formed schemas, dedupes them and serves them with their type', async () => {
    const json = await c.post(`/subjects/${subject}-json/versions`, { schemaType: 'JSON', schema: '{ "type": "object" }' })
    expect(json.status).toBe(200)
    const again = await c.post(`/subjects/${subject}-json/versions`, { schemaType: 'JSON', schema: '{"type":"object"}' })
    expect(again.body.id).toBe(json.body.id)
    expect((await c.get(`/schemas/ids/${json.body.id}`)).body).toMatchObject({ schemaType: 'JSON', schema: '{"type":"object"}' })
    const proto = await c.post(`/subjects/${subject}-proto/versions`, { schemaType: 'PROTOBUF', schema: proto1 })
    expect((await c.get(`/subjects/${subject}-proto/versions/1`)).body).toMatchObject({ schemaType: 'PROTOBUF', schema: proto1, id: proto.body.id })
  })

  it('rejects malformed ones with 42201', async () => {
    expect((await c.post(`/subjects/${subject}/versions`, { schemaType: 'JSON', schema: '[1]' })).body.error_code).toBe(42201)
    expect((await c.post(`/subjects/${subject}/versions`, { schemaType: 'JSON', schema: '{' })).body.error_code).toBe(42201)
    expect((await c.post(`/subjects/${subject}/versions`, { schemaType: 'PROTOBUF', schema: 'message X { string a = 1;' })).body.error_code).toBe(42201)
    expect((await c.post(`/subjects/${subject}/versions`, { schemaType: 'PROTOBUF', schema: 'hello' })).body.error_code).toBe(42201)
  })

  it('checks a second version of those types at the default BACKWARD level (the rules are in schema-types-compatibility.test.ts)', async () => {
    await c.post(`/subjects/${subject}/versions`, { schemaType: 'PROTOBUF', schema: proto1 })
    expect((await c.post(`/compatibility/subjects/${subject}/versions`, { schemaType: 'PROTOBUF', schema: proto2 })).body).toEqual({ is_compatible: true })
    expect((await c.post(`/subjects/${subject}/versions`, { schemaType: 'PROTOBUF', schema: proto2 })).body.version).toBe(2)
    const narrowed = proto2.replace('int64 total', 'string total')
    expect((await c.post(`/subjects/${subject}/versions`, { schemaType: 'PROTOBUF', schema: narrowed })).status).toBe(409)
  })
})
