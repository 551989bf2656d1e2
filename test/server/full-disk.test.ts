import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { startRegistryServer } from '../../src/server/index.js'
import { startTestRegistry, type TestRegistry } from '../helpers/registry-server.js'
import { encodeRecord } from '../../src/server/store/changelog.js'
import type { LogRecord } from '../../src/server/store/records.js'
import { client, record } from './http.js'
import { canMountTmpfs, mountTmpfs } from './tmpfs.js'

// A real full disk: a tmpfs of a few hundred KB. The same paths are covered with injected short
// writes in store-faults.test.ts, which run everywhere.
const mountable = canMountTmpfs()
const onTmpfs = mountable ? it : it.skip
const why = mountable ? '' : ' [skipped: mounting a tmpfs needs root and mount(8)]'

const cleanups: Array<() => unknown> = []
afterEach(async () => {
  for (const f of cleanups.splice(0).reverse()) await f()
})

function tmpfs(bytes: number): string {
  const fs = mountTmpfs(bytes)
  cleanups.push(fs.unmount)
  return fs.dir
}

async function start(data: string, warnings: string[] = []): Promise<TestRegistry> {
  const reg = await startTestRegistry({ data, logLevel: 'warn', log: (line) => warnings.push(line) })
  let closed = false
  cleanups.push(() => closed || reg.close())
  return { ...reg, close: () => ((closed = true), reg.close()) }
}

describe('a full disk', () => {
  onTmpfs(`loses no acknowledged registration, answers 50001, and never hands out an id twice, also across a restart${why}`, async () => {
    const disk = tmpfs(192 * 1024)
    const filler = join(disk, 'filler')
    writeFileSync(filler, Buffer.alloc(32 * 1024))
    const data = join(disk, 'data')
    let reg = await start(data)
    let c = client(reg.url)
    await c.put('/config', { compatibility: 'NONE' })
    const acknowledged: Array<{ subject: string; id: number; name: string }> = []
    const refused: number[] = []
    for (let i = 0; refused.length < 3 && i < 5000; i++) {
      const name = `R${i}`
      const res = await c.post(`/subjects/s${i}/versions`, { schema: record(name, `f${'x'.repeat(200)}:string`) })
      if (res.status === 200) acknowledged.push({ subject: `s${i}`, id: res.body.id, name })
      else {
        expect(res.body).toEqual({ error_code: 50001, message: 'Error while writing to the schema store: ENOSPC: no space left on device, write' })
        refused.push(i)
      }
    }
    expect(refused).toHaveLength(3)
    expect(acknowledged.length).toBeGreaterThan(100)
    expect(new Set(acknowledged.map((a) => a.id)).size).toBe(acknowledged.length)
    // Refused registrations are not served either.
    for (const i of refused) expect((await c.get(`/subjects/s${i}/versions`)).body.error_code).toBe(40401)
    await reg.close()

    rmSync(filler)
    const warnings: string[] = []
    reg = await start(data, warnings)
    c = client(reg.url)
    // Nothing torn: a failed write is cut off the log, so replay has nothing to drop.
    expect(warnings).toEqual([])
    for (const a of acknowledged) {
      const got = await c.get(`/subjects/${a.subject}/versions/1`)
      expect(got.body).toMatchObject({ id: a.id })
      expect(JSON.parse(got.body.schema).name).toBe(a.name)
    }
    const next = await c.post('/subjects/after/versions', { schema: record('After', 'y:int') })
    expect(next.status).toBe(200)
    expect(acknowledged.map((a) => a.id)).not.toContain(next.body.id)
    expect(next.body.id).toBe(Math.max(...acknowledged.map((a) => a.id)) + 1)
  })

  onTmpfs(`keeps the old changelog when start-up compaction runs out of space, and serves from it${why}`, async () => {
    const live = 1500
    const schemaRecord = (i: number): LogRecord => ({
      key: { keytype: 'SCHEMA', subject: `s${i}`, version: 1, magic: 1 },
      value: { subject: `s${i}`, version: 1, id: i, schemaType: 'AVRO', schema: record(`R${i}`, `f${'x'.repeat(150)}:string`), deleted: false, ts: 1 },
    })
    const lines: string[] = []
    for (let i = 1; i <= live; i++) lines.push(encodeRecord(schemaRecord(i)))
    // Superseded settings: enough for start-up to compact (more than twice the live records).
    for (let i = 0; i <= live + 100; i++)
      lines.push(encodeRecord({ key: { keytype: 'CONFIG', subject: null, magic: 0 }, value: { compatibilityLevel: i % 2 ? 'FULL' : 'NONE' } }))
    const log = Buffer.from(lines.join(''))
    // Room for the log, the lock and 64 KB: far less than the compacted log (the live records) needs.
    const disk = tmpfs(Math.ceil(log.length / 4096) * 4096 + 4096 + 64 * 1024)
    const data = join(disk, 'data')
    mkdirSync(data)
    writeFileSync(join(data, 'changelog.jsonl'), log)

    const warnings: string[] = []
    const reg = await start(data, warnings)
    expect(warnings).toEqual([expect.stringMatching(/^warning: could not compact the changelog, kept it as it is: ENOSPC/)])
    expect(readFileSync(join(data, 'changelog.jsonl')).equals(log)).toBe(true)
    expect(readdirSync(data).sort()).toEqual(['changelog.jsonl', 'lock'])
    const c = client(reg.url)
    expect((await c.get('/subjects')).body).toHaveLength(live)
    expect((await c.get('/config')).body).toEqual({ compatibilityLevel: 'NONE' })
    expect(JSON.parse((await c.get(`/schemas/ids/${live}`)).body.schema).name).toBe(`R${live}`)
    expect((await c.post('/subjects/new/versions', { schema: record('New', 'y:int') })).body.id).toBe(live + 1)
    await reg.close()
    expect(existsSync(join(data, 'changelog.jsonl.tmp'))).toBe(false)
  })

  onTmpfs(`refuses to start on a full disk with one line, leaving the folder as it was${why}`, async () => {
    const disk = tmpfs(64 * 1024)
    const data = join(disk, 'data')
    mkdirSync(data)
    try {
      writeFileSync(join(disk, 'filler'), Buffer.alloc(128 * 1024))
    } catch {
      // Full: what the filler was for.
    }
    await expect(startRegistryServer({ data, port: 0, logLevel: 'error' })).rejects.toMatchObject({
      kind: 'usage',
      message: expect.stringMatching(/^The disk of .* is full: ENOSPC/),
    })
    expect(readdirSync(data)).toEqual([])
  })
})
