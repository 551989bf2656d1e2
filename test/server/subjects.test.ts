import { beforeEach, describe, expect, it } from 'vitest'
import { useTestRegistry } from '../helpers/registry-server.js'
import { record } from './http.js'

const reg = useTestRegistry()
const c = reg.http

let n = 0
let subject = ''
beforeEach(() => {
  subject = `subj-${++n}`
})

const A1 = record('A', 'f1:string')
const A2 = record('A', 'f1:string', 'f2:int=0')
const A3 = record('A', 'f1:string', 'f2:int=0', 'f3:long=0')

describe('POST /subjects/{s}/versions', () => {
  it('registers, answers the same id for an identical schema without creating a version', async () => {
    const first = await c.post(`/subjects/${subject}/versions`, { schema: A1 })
    expect(first.status).toBe(200)
    expect(first.body).toMatchObject({ version: 1, schemaType: 'AVRO' })
    const again = await c.post(`/subjects/${subject}/versions`, { schema: JSON.stringify(JSON.parse(A1), null, 2) })
    expect(again.body.id).toBe(first.body.id)
    expect((await c.get(`/subjects/${subject}/versions`)).body).toEqual([1])
  })

  it('reuses the id of the same schema under another subject, with a new version there', async () => {
    const schema = record('Shared', 'x:string')
    const a = await c.post(`/subjects/${subject}-a/versions`, { schema })
    const b = await c.post(`/subjects/${subject}-b/versions`, { schema })
    expect(b.body.id).toBe(a.body.id)
    expect(b.body.version).toBe(1)
  })

  it('never reuses a soft-deleted version number; reuses a permanently deleted one', async () => {
    await c.post(`/subjects/${subject}/versions`, { schema: A1 })
    await c.post(`/subjects/${subject}/versions`, { schema: A2 })
    expect((await c.del(`/subjects/${subject}/versions/2`)).body).toBe(2)
    const v3 = await c.post(`/subjects/${subject}/versions`, { schema: A3 })
    expect(v3.body.version).toBe(3)
    expect((await c.del(`/subjects/${subject}/versions/3`)).body).toBe(3)
    expect((await c.del(`/subjects/${subject}/versions/3?permanent=true`)).body).toBe(3)
    const again = await c.post(`/subjects/${subject}/versions`, { schema: A3 })
    expect(again.body.version).toBe(3)
  })

  it('rejects an invalid schema, an unknown type, an empty schema and an invalid subject', async () => {
    const bad = await c.post(`/subjects/${subject}/versions`, { schema: '{"type":"record","name":"X"}' })
    expect(bad.status).toBe(422)
    expect(bad.body.error_code).toBe(42201)
    expect(await c.post(`/subjects/${subject}/versions`, { schema: A1, schemaType: 'XML' })).toMatchObject({
      status: 422,
      body: { error_code: 42201, message: 'Invalid schema type XML' },
    })
    expect((await c.post(`/subjects/${subject}/versions`, { schema: '' })).body).toEqual({ error_code: 42201, message: 'Empty schema' })
    expect((await c.post('/subjects/__GLOBAL/versions', { schema: A1 })).body).toEqual({
      error_code: 42208,
      message: "The specified subject '__GLOBAL' is not a valid.",
    })
  })

  it('accepts an explicit version only when it is the next one outside IMPORT mode', async () => {
    expect((await c.post(`/subjects/${subject}/versions`, { schema: A1, version: 5 })).body).toEqual({
      error_code: 42201,
      message: 'Version is not one more than previous version',
    })
    expect((await c.post(`/subjects/${subject}/versions`, { schema: A1, version: 1 })).body.version).toBe(1)
  })

  it('re-registers the latest schema when the body has an empty schema', async () => {
    const first = await c.post(`/subjects/${subject}/versions`, { schema: A1 })
    const again = await c.post(`/subjects/${subject}/versions`, { schema: '' })
    expect(again.body).toMatchObject({ id: first.body.id, version: 1 })
  })

  it('answers 42205 for an explicit id outside IMPORT mode', async () => {
    const res = await c.post(`/subjects/${subject}/versions`, { schema: A1, id: 100 })
    expect(res.body).toEqual({ error_code: 42205, message: `Subject ${subject} in context  is not in import mode` })
  })
})

describe('GET /subjects and versions', () => {
  it('lists subjects with prefix, deleted and deletedOnly filters, offset and limit', async () => {
    await c.post(`/subjects/${subject}-x/versions`, { schema: A1 })
    await c.post(`/subjects/${subject}-y/versions`, { schema: A1 })
    await c.del(`/subjects/${subject}-y`)
    expect((await c.get(`/subjects?subjectPrefix=${subject}-`)).body).toEqual([`${subject}-x`])
    expect((await c.get(`/subjects?subjectPrefix=${subject}-&deleted=true`)).body).toEqual([`${subject}-x`, `${subject}-y`])
    expect((await c.get(`/subjects?subjectPrefix=${subject}-&deletedOnly=true`)).body).toEqual([`${subject}-y`])
    expect((await c.get(`/subjects?subjectPrefix=${subject}-&deleted=true&offset=1&limit=1`)).body).toEqual([`${subject}-y`])
  })

  it('gets versions by number, latest and -1, with 40401, 40402 and 42202', async () => {
    await c.post(`/subjects/${subject}/versions`, { schema: A1 })
    await c.post(`/subjects/${subject}/versions`, { schema: A2 })
    expect((await c.get(`/subjects/${subject}/versions/latest`)).body).toMatchObject({ subject, version: 2, schemaType: 'AVRO' })
    expect((await c.get(`/subjects/${subject}/versions/-1`)).body.version).toBe(2)
    expect((await c.get(`/subjects/${subject}/versions/1`)).body.schema).toBe(JSON.stringify(JSON.parse(A1)))
    expect((await c.get(`/subjects/${subject}/versions/7`)).body).toEqual({ error_code: 40402, message: 'Version 7 not found.' })
    expect((await c.get(`/subjects/nope-${subject}/versions/1`)).body).toEqual({ error_code: 40401, message: `Subject 'nope-${subject}' not found.` })
    for (const bad of ['0', 'abc', '-2', '2147483648']) {
      expect((await c.get(`/subjects/${subject}/versions/${bad}`)).body).toEqual({
        error_code: 42202,
        message: `The specified version '${bad}' is not a valid version id. Allowed values are between [1, 2^31-1] and the string "latest"`,
      })
    }
  })

  it('serves the raw schema text', async () => {
    await c.post(`/subjects/${subject}/versions`, { schema: '"string"' })
    const raw = await c.get(`/subjects/${subject}/versions/1/schema`)
    expect(raw.text).toBe('"string"')
  })

  it('hides soft-deleted versions unless deleted=true, and lists them as negatives with deletedAsNegative', async () => {
    await c.post(`/subjects/${subject}/versions`, { schema: A1 })
    await c.post(`/subjects/${subject}/versions`, { schema: A2 })
    await c.del(`/subjects/${subject}/versions/1`)
    expect((await c.get(`/subjects/${subject}/versions`)).body).toEqual([2])
    expect((await c.get(`/subjects/${subject}/versions?deleted=true`)).body).toEqual([1, 2])
    expect((await c.get(`/subjects/${subject}/versions?deletedAsNegative=true`)).body).toEqual([-1, 2])
    expect((await c.get(`/subjects/${subject}/versions/1`)).status).toBe(404)
    expect((await c.get(`/subjects/${subject}/versions/1?deleted=true`)).body).toMatchObject({ version: 1, deleted: true })
  })

  it('handles subjects containing a slash (%2F)', async () => {
    const res = await c.post(`/subjects/${subject}%2Fwith%2Fslash/versions`, { schema: A1 })
    expect(res.status).toBe(200)
    expect((await c.get(`/subjects/${subject}%2Fwith%2Fslash/versions/1`)).body.subject).toBe(`${subject}/with/slash`)
  })
})

describe('POST /subjects/{s} (lookup)', () => {
  it('finds the version holding a schema, with 40401 and 40403 otherwise', async () => {
    const reg1 = await c.post(`/subjects/${subject}/versions`, { schema: A1 })
    const found = await c.post(`/subjects/${subject}`, { schema: A1 })
    expect(found.body).toMatchObject({ subject, version: 1, id: reg1.body.id, schema: JSON.stringify(JSON.parse(A1)) })
    expect((await c.post(`/subjects/${subject}`, { schema: A2 })).body).toEqual({ error_code: 40403, message: 'Schema not found' })
    expect((await c.post(`/subjects/other-${subject}`, { schema: A1 })).body.error_code).toBe(40401)
    expect((await c.post(`/subjects/${subject}`, { schema: '{' })).body.error_code).toBe(42201)
  })

  it('finds a soft-deleted version only with deleted=true', async () => {
    await c.post(`/subjects/${subject}/versions`, { schema: A1 })
    await c.post(`/subjects/${subject}/versions`, { schema: A2 })
    await c.del(`/subjects/${subject}/versions/1`)
    expect((await c.post(`/subjects/${subject}`, { schema: A1 })).body.error_code).toBe(40403)
    expect((await c.post(`/subjects/${subject}?deleted=true`, { schema: A1 })).body).toMatchObject({ version: 1 })
  })
})

describe('DELETE subjects and versions', () => {
  it('soft then permanently deletes a subject with the 404xx rules', async () => {
    expect((await c.del(`/subjects/${subject}`)).body).toEqual({ error_code: 40401, message: `Subject '${subject}' not found.` })
    await c.post(`/subjects/${subject}/versions`, { schema: A1 })
    await c.post(`/subjects/${subject}/versions`, { schema: A2 })
    expect((await c.del(`/subjects/${subject}?permanent=true`)).body).toEqual({
      error_code: 40405,
      message: `Subject '${subject}' was not deleted first before being permanently deleted`,
    })
    expect((await c.del(`/subjects/${subject}`)).body).toEqual([1, 2])
    expect((await c.del(`/subjects/${subject}`)).body).toEqual({
      error_code: 40404,
      message: `Subject '${subject}' was soft deleted.Set permanent=true to delete permanently`,
    })
    expect((await c.get(`/subjects/${subject}/versions`)).status).toBe(404)
    expect((await c.del(`/subjects/${subject}?permanent=true`)).body).toEqual([1, 2])
    expect((await c.get(`/subjects/${subject}/versions?deleted=true`)).body.error_code).toBe(40401)
  })

  it('soft then permanently deletes a version with the 404xx rules', async () => {
    await c.post(`/subjects/${subject}/versions`, { schema: A1 })
    expect((await c.del(`/subjects/${subject}/versions/1?permanent=true`)).body).toEqual({
      error_code: 40407,
      message: `Subject '${subject}' Version 1 was not deleted first before being permanently deleted`,
    })
    expect((await c.del(`/subjects/${subject}/versions/latest`)).body).toBe(1)
    expect((await c.del(`/subjects/${subject}/versions/1`)).body).toEqual({
      error_code: 40406,
      message: `Subject '${subject}' Version 1 was soft deleted.Set permanent=true to delete permanently`,
    })
    expect((await c.del(`/subjects/${subject}/versions/9`)).body).toEqual({ error_code: 40402, message: 'Version 9 not found.' })
    expect((await c.del(`/subjects/${subject}/versions/x`)).body.error_code).toBe(42202)
    expect((await c.del(`/subjects/${subject}/versions/1?permanent=true`)).body).toBe(1)
  })

  it('keeps an id resolvable after soft delete and drops it after permanent delete', async () => {
    const { body } = await c.post(`/subjects/${subject}/versions`, { schema: record(`Only${n}`, 'z:string') })
    await c.del(`/subjects/${subject}`)
    expect((await c.get(`/schemas/ids/${body.id}`)).status).toBe(200)
    expect((await c.get(`/schemas/ids/${body.id}/subjects`)).body).toEqual([])
    expect((await c.get(`/schemas/ids/${body.id}/subjects?deleted=true`)).body).toEqual([subject])
    await c.del(`/subjects/${subject}?permanent=true`)
    expect((await c.get(`/schemas/ids/${body.id}`)).body).toEqual({ error_code: 40403, message: `Schema ${body.id} not found` })
  })
})
