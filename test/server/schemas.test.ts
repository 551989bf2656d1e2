import { beforeAll, describe, expect, it } from 'vitest'
import { useTestRegistry } from '../helpers/registry-server.js'
import { record } from './http.js'

const reg = useTestRegistry()
const c = reg.http
let shared: number
let other: number
beforeAll(async () => {
  shared = (await c.post('/subjects/one/versions', { schema: record('Shared', 'x:string') })).body.id
  await c.post('/subjects/two/versions', { schema: record('Shared', 'x:string') })
  other = (await c.post('/subjects/two/versions', { schema: record('Shared', 'x:string', 'y:int=1') })).body.id
  await c.post('/subjects/gone/versions', { schema: record('Gone', 'x:string') })
  await c.del('/subjects/gone')
})

describe('GET /schemas/ids/{id}…', () => {
  it('answers the schema with its type, subject/version on request and maxId on request', async () => {
    const plain = await c.get(`/schemas/ids/${shared}`)
    expect(plain.body).toMatchObject({ schemaType: 'AVRO', schema: expect.stringContaining('Shared') })
    expect(plain.body).not.toHaveProperty('subject')
    expect((await c.get(`/schemas/ids/${shared}?subject=two`)).body).toMatchObject({ subject: 'two', version: 1 })
    expect((await c.get(`/schemas/ids/${shared}?fetchMaxId=true`)).body.maxId).toBe(3)
    expect((await c.get('/schemas/ids/99')).body).toEqual({ error_code: 40403, message: 'Schema 99 not found' })
  })

  it('serves the raw schema, the subjects and the versions of an id', async () => {
    expect(JSON.parse((await c.get(`/schemas/ids/${other}/schema`)).text).fields).toHaveLength(2)
    expect((await c.get('/schemas/ids/99/schema')).body.error_code).toBe(40403)
    expect((await c.get(`/schemas/ids/${shared}/subjects`)).body).toEqual(['one', 'two'])
    expect((await c.get(`/schemas/ids/${shared}/subjects?offset=1&limit=1`)).body).toEqual(['two'])
    expect((await c.get(`/schemas/ids/${shared}/versions`)).body).toEqual([
      { subject: 'one', version: 1 },
      { subject: 'two', version: 1 },
    ])
    expect((await c.get('/schemas/ids/99/subjects')).body).toEqual({ error_code: 40403, message: 'Schema not found' })
    expect((await c.get('/schemas/ids/99/versions')).body).toEqual({ error_code: 40403, message: 'Schema not found' })
  })
})

describe('GET /schemas', () => {
  it('lists Schema entities with subjectPrefix, latestOnly and deleted', async () => {
    const all = (await c.get('/schemas')).body as Array<{ subject: string; version: number }>
    expect(all.map((s) => `${s.subject}@${s.version}`)).toEqual(['one@1', 'two@1', 'two@2'])
    expect(((await c.get('/schemas?latestOnly=true')).body as Array<{ subject: string; version: number }>).map((s) => `${s.subject}@${s.version}`)).toEqual([
      'one@1',
      'two@2',
    ])
    expect(((await c.get('/schemas?subjectPrefix=tw')).body as unknown[]).length).toBe(2)
    expect(((await c.get('/schemas?deleted=true')).body as Array<{ subject: string }>).map((s) => s.subject)).toContain('gone')
  })

  it('pages with offset and limit, also across subjects and with latestOnly and deleted', async () => {
    const at = async (query: string) =>
      ((await c.get(`/schemas?${query}`)).body as Array<{ subject: string; version: number }>).map((s) => `${s.subject}@${s.version}`)
    expect(await at('offset=1&limit=1')).toEqual(['two@1'])
    expect(await at('offset=1&limit=5')).toEqual(['two@1', 'two@2'])
    expect(await at('offset=-3&limit=2')).toEqual(['one@1', 'two@1'])
    expect(await at('offset=3')).toEqual([])
    expect(await at('offset=2&limit=0')).toEqual(['two@2'])
    expect(await at('latestOnly=true&offset=1')).toEqual(['two@2'])
    expect(await at('deleted=true&offset=0&limit=1')).toEqual(['gone@1'])
  })

  it('lists the supported schema types', async () => {
    expect(((await c.get('/schemas/types')).body as string[]).sort()).toEqual(['AVRO', 'JSON', 'PROTOBUF'])
  })
})

describe('referencedby errors', () => {
  it('answers 40401, 40402 and 42202 like GET version', async () => {
    expect((await c.get('/subjects/none/versions/1/referencedby')).body.error_code).toBe(40401)
    expect((await c.get('/subjects/one/versions/5/referencedby')).body.error_code).toBe(40402)
    expect((await c.get('/subjects/one/versions/0/referencedby')).body.error_code).toBe(42202)
    expect((await c.get('/subjects/one/versions/1/referencedby')).body).toEqual([])
  })
})
