import { describe, expect, it } from 'vitest'
import { startTestRegistry, useTestRegistry } from '../helpers/registry-server.js'
import { client, record } from './http.js'

const reg = useTestRegistry({ per: 'test' })
const c = reg.http

const S = record('S', 'a:string')

describe('config', () => {
  it('GET /config answers the default BACKWARD; PUT stores upper-case and answers the request form', async () => {
    expect((await c.get('/config')).body).toEqual({ compatibilityLevel: 'BACKWARD' })
    expect((await c.put('/config', { compatibility: 'full' })).body).toEqual({ compatibility: 'FULL' })
    expect((await c.get('/config')).body).toEqual({ compatibilityLevel: 'FULL' })
    expect((await c.del('/config')).body).toEqual({ compatibilityLevel: 'FULL' })
    expect((await c.get('/config')).body).toEqual({ compatibilityLevel: 'BACKWARD' })
  })

  it('rejects an invalid level with 42203', async () => {
    expect((await c.put('/config', { compatibility: 'SIDEWAYS' })).body).toEqual({
      error_code: 42203,
      message: 'Invalid compatibility level. Valid values are none, backward, forward, full, backward_transitive, forward_transitive, and full_transitive',
    })
  })

  it('subject config: 40408 when unset, defaultToGlobal merges, DELETE answers 40401 when unset', async () => {
    expect((await c.get('/config/orders')).body).toEqual({
      error_code: 40408,
      message: "Subject 'orders' does not have subject-level compatibility configured",
    })
    expect((await c.get('/config/orders?defaultToGlobal=true')).body).toEqual({ compatibilityLevel: 'BACKWARD' })
    expect((await c.put('/config/orders', { compatibility: 'NONE', normalize: true })).body).toEqual({ compatibility: 'NONE', normalize: true })
    expect((await c.get('/config/orders')).body).toEqual({ compatibilityLevel: 'NONE', normalize: true })
    expect((await c.del('/config/orders')).body).toEqual({ compatibilityLevel: 'NONE', normalize: true })
    expect((await c.del('/config/orders')).body).toEqual({ error_code: 40401, message: "Subject 'orders' not found." })
    expect((await c.put('/config/__GLOBAL', { compatibility: 'NONE' })).body.error_code).toBe(42208)
    // An update setting nothing is an invalid level, as in Confluent, and stores nothing.
    expect((await c.put('/config/zz', {})).body).toEqual({
      error_code: 42203,
      message: 'Invalid compatibility level. Valid values are none, backward, forward, full, backward_transitive, forward_transitive, and full_transitive',
    })
    expect((await c.get('/config/zz')).body.error_code).toBe(40408)
    expect((await c.put('/config/zz', { normalize: true })).body).toEqual({ normalize: true })
    expect((await c.get('/config/zz?defaultToGlobal=true')).body).toMatchObject({ compatibilityLevel: 'BACKWARD', normalize: true })
  })

  it('the subject level decides registration', async () => {
    await c.post('/subjects/s/versions', { schema: S })
    await c.put('/config/s', { compatibility: 'NONE' })
    expect((await c.post('/subjects/s/versions', { schema: record('Other', 'z:int') })).body.version).toBe(2)
  })
})

describe('mode', () => {
  it('GET/PUT/DELETE /mode and /mode/{s}, 40409, 42204', async () => {
    expect((await c.get('/mode')).body).toEqual({ mode: 'READWRITE' })
    expect((await c.get('/mode/s')).body).toEqual({ error_code: 40409, message: "Subject 's' does not have subject-level mode configured" })
    expect((await c.get('/mode/s?defaultToGlobal=true')).body).toEqual({ mode: 'READWRITE' })
    expect((await c.put('/mode/s', { mode: 'readonly' })).body).toEqual({ mode: 'READONLY' })
    expect((await c.get('/mode/s')).body).toEqual({ mode: 'READONLY' })
    expect((await c.put('/mode', { mode: 'SOMETIMES' })).body).toEqual({
      error_code: 42204,
      message: 'Invalid mode. Valid values are READWRITE, READONLY, and IMPORT.',
    })
    expect((await c.del('/mode/s')).body).toEqual({ mode: 'READONLY' })
    expect((await c.del('/mode/s')).body.error_code).toBe(40401)
  })

  it('READONLY rejects registrations, deletes and config changes with 42205', async () => {
    await c.post('/subjects/s/versions', { schema: S })
    await c.put('/mode/s', { mode: 'READONLY' })
    expect((await c.post('/subjects/s/versions', { schema: S })).body).toEqual({ error_code: 42205, message: 'Subject s in context  is in read-only mode' })
    expect((await c.del('/subjects/s')).body.error_code).toBe(42205)
    expect((await c.put('/config/s', { compatibility: 'NONE' })).body.error_code).toBe(42205)
    expect((await c.get('/subjects/s/versions/1')).status).toBe(200)
  })

  it('IMPORT needs an empty registry unless force, then takes explicit ids and versions', async () => {
    await c.post('/subjects/s/versions', { schema: S })
    expect((await c.put('/mode', { mode: 'IMPORT' })).body).toEqual({ error_code: 42205, message: 'Cannot import since found existing subjects' })
    expect((await c.put('/mode?force=true', { mode: 'IMPORT' })).body).toEqual({ mode: 'IMPORT' })
    expect((await c.post('/subjects/t/versions', { schema: S })).body).toEqual({
      error_code: 42205,
      message: 'Subject t in context  is not in read-write mode',
    })
    const imported = await c.post('/subjects/t/versions', { schema: record('T', 'b:string'), id: 42, version: 7 })
    expect(imported.body).toMatchObject({ id: 42, version: 7 })
    expect((await c.post('/subjects/u/versions', { schema: record('U', 'c:string'), id: 42 })).body).toEqual({
      error_code: 42205,
      message: 'Overwrite new schema with id 42 in context  is not permitted.',
    })
    await c.put('/mode', { mode: 'READWRITE' })
    const next = await c.post('/subjects/v/versions', { schema: record('V', 'd:string') })
    expect(next.body.id).toBe(43)
    expect((await c.get('/subjects/t/versions')).body).toEqual([7])
  })

  it('refuses an id or a version that is not an integer 1 … 2^31-1 as written, in any mode: 42201 for the id, 42202 for the version', async () => {
    const badId = (raw: string) => ({
      error_code: 42201,
      message: `The specified id '${raw}' is not a valid schema id. Allowed values are between [1, 2^31-1]`,
    })
    const badVersion = (raw: string) => ({
      error_code: 42202,
      message: `The specified version '${raw}' is not a valid version id. Allowed values are between [1, 2^31-1] and the string "latest"`,
    })
    const schema = JSON.stringify(record('I', 'a:string'))
    const post = (fields: string) => c.post('/subjects/i/versions', `{"schema":${schema},${fields}}`)
    await c.put('/mode', { mode: 'IMPORT' })
    // 2^53 + 1 and 7.0000000000000001 are other numbers once parsed as doubles: they are refused as written.
    for (const raw of ['0', '-5', '2147483648', '9007199254740993', '7.0000000000000001', '1e3', '1.5']) {
      const res = await post(`"id":${raw},"version":1`)
      expect(res.status).toBe(422)
      expect(res.body).toEqual(badId(raw))
    }
    expect((await post('"id":"7","version":1')).body).toEqual(badId('"7"'))
    expect((await post('"id":[7],"version":1')).body).toEqual(badId('[7]'))
    for (const raw of ['0', '-1', '2147483648', '9007199254740993', '2.0000000000000001']) {
      expect((await post(`"id":7,"version":${raw}`)).body).toEqual(badVersion(raw))
    }
    expect((await post('"id":7,"version":"2"')).body).toEqual(badVersion('"2"'))
    expect((await c.get('/subjects')).body).toEqual([])

    expect((await post('"id":2147483647,"version":2147483647,"schemaType":"AVRO"')).body).toMatchObject({ id: 2147483647, version: 2147483647 })
    expect((await c.post('/subjects/j/versions', { schema: record('J', 'a:string'), id: 5, version: null })).body).toMatchObject({ id: 5, version: 1 })
    await c.put('/mode', { mode: 'READWRITE' })
    // The largest id is taken and ids are never reused: a new schema gets none rather than 2^31.
    expect((await c.post('/subjects/k/versions', { schema: record('K', 'a:string') })).body).toEqual({
      error_code: 42205,
      message: 'No new schema id is left in context : ids are never reused, and the next one would exceed 2^31-1.',
    })
    expect((await c.post('/subjects/k/versions', { schema: record('J', 'a:string') })).body).toMatchObject({ id: 5, version: 1 })
    // Outside IMPORT a bad id is still a bad id, not "not in read-write mode" nor ignored.
    expect((await c.post('/subjects/k/versions', { schema: record('K', 'a:string'), id: -5 })).body).toEqual(badId('-5'))
    expect((await c.post('/subjects/k/versions', { schema: record('K', 'a:string'), version: 0 })).body).toEqual(badVersion('0'))
  })

  it('keeps registering new schemas under new ids after an import of the largest id', async () => {
    await c.put('/mode', { mode: 'IMPORT' })
    await c.post('/subjects/big/versions', { schema: record('Big', 'a:string'), id: 2147483646, version: 1 })
    await c.put('/mode', { mode: 'READWRITE' })
    const next = await c.post('/subjects/next/versions', { schema: record('Next', 'a:string') })
    expect(next.body).toMatchObject({ id: 2147483647, schema: record('Next', 'a:string') })
    expect(JSON.parse((await c.get('/schemas/ids/2147483646')).body.schema).name).toBe('Big')
  })

  it('IMPORT on an empty registry needs no force', async () => {
    expect((await c.put('/mode', { mode: 'IMPORT' })).body).toEqual({ mode: 'IMPORT' })
  })
})

describe('--read-only', () => {
  it('rejects every write, including mode changes', async () => {
    const ro = await startTestRegistry({ readOnly: true })
    try {
      const r = client(ro.url)
      expect((await r.post('/subjects/s/versions', { schema: S })).body.error_code).toBe(42205)
      expect((await r.put('/mode', { mode: 'READWRITE' })).body).toEqual({ error_code: 42205, message: 'Mode changes are not allowed' })
      expect((await r.get('/mode')).body).toEqual({ mode: 'READONLY' })
    } finally {
      await ro.close()
    }
  })
})
