import { beforeAll, describe, expect, it } from 'vitest'
import { useTestRegistry } from '../helpers/registry-server.js'
import { record } from './http.js'

const reg = useTestRegistry({ durable: true })
const c = reg.http
beforeAll(async () => {
  await c.put('/config', { compatibility: 'NONE' })
})

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

  it('answer every registration that races a permanent delete of its subject from what it committed', async () => {
    const answers: Array<{ status: number; body: any }> = []
    for (let round = 0; round < 40; round++) {
      const schema = record(`Race${round}`, 'x:string')
      // A soft delete answered 40404 (another deleter was first) sends the permanent one at once, while the registration may still be syncing.
      const deleter = async () => {
        for (let k = 0; k < 3; k++) {
          await c.del('/subjects/race')
          await c.del('/subjects/race?permanent=true')
        }
      }
      const [registered] = await Promise.all([c.post('/subjects/race/versions', { schema }), deleter(), deleter(), deleter()])
      answers.push(registered)
      if (registered.status === 200) expect(registered.body).toMatchObject({ schema, version: expect.any(Number), id: expect.any(Number) })
    }
    expect(answers.filter((a) => a.status !== 200)).toEqual([])
  })
})
