import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestRegistry, type TestRegistry } from '../helpers/registry-server.js'
import { client, record } from './http.js'

let reg: TestRegistry
let c: ReturnType<typeof client>
beforeAll(async () => {
  reg = await startTestRegistry({ durable: true })
  c = client(reg.url)
  await c.put('/config', { compatibility: 'NONE' })
})
afterAll(async () => reg.close())

describe('concurrent registrations', () => {
  it('give one id and one version to many parallel registrations of the same schema', async () => {
    const schema = record('Same', 'x:string')
    const results = await Promise.all(Array.from({ length: 64 }, () => c.post('/subjects/same/versions', { schema })))
    expect(results.every((r) => r.status === 200)).toBe(true)
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1)
    expect((await c.get('/subjects/same/versions')).body).toEqual([1])
  })

  it('never give one id to two schemas nor create duplicate versions', async () => {
    const subjects = ['p0', 'p1', 'p2', 'p3']
    const jobs = Array.from({ length: 120 }, (_, i) => ({ subject: subjects[i % 4], schema: record(`R${i}`, 'x:string') }))
    const results = await Promise.all(jobs.map((j) => c.post(`/subjects/${j.subject}/versions`, { schema: j.schema })))
    expect(results.every((r) => r.status === 200)).toBe(true)
    const ids = results.map((r) => r.body.id)
    expect(new Set(ids).size).toBe(jobs.length)
    for (const s of subjects) {
      const versions = (await c.get(`/subjects/${s}/versions`)).body
      expect(versions).toEqual(Array.from({ length: 30 }, (_, i) => i + 1))
    }
    for (let i = 0; i < jobs.length; i += 17) {
      const byId = await c.get(`/schemas/ids/${ids[i]}`)
      expect(JSON.parse(byId.body.schema).name).toBe(`R${i}`)
    }
  })
})
