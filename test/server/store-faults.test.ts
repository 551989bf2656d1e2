import { connect } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { makeTempDir } from '../helpers/registry-server.js'
import { buildApp } from '../../src/server/http/app.js'
import { Registry } from '../../src/server/registry.js'
import { Changelog, replayChangelog } from '../../src/server/store/changelog.js'
import { RegistryState } from '../../src/server/store/state.js'
import { client, record } from './http.js'

const cleanups: Array<() => unknown> = []
afterEach(async () => {
  for (const f of cleanups.splice(0).reverse()) await f()
})

/**
 * The real application over a changelog whose fsync fails once `failing.now` is set, or waits
 * for `failing.hold` (no real disk can be made to fail or stall on cue).
 */
async function serveWithFaultyDisk() {
  const temp = makeTempDir()
  cleanups.push(temp.remove)
  const failing: { now: boolean; hold?: Promise<void>; entered?: () => void } = { now: false }
  const log = await Changelog.open(temp.dir, {
    sync: async (handle) => {
      if (failing.now) throw Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' })
      failing.entered?.()
      await failing.hold
      await handle.datasync()
    },
  })
  const app = buildApp(new Registry(new RegistryState(), { changelog: log }), { users: new Map() })
  await app.listen({ host: '127.0.0.1', port: 0 })
  cleanups.push(async () => {
    await app.close()
    await log.close()
  })
  const address = app.server.address() as { port: number }
  return { c: client(`http://127.0.0.1:${address.port}`), failing, dir: temp.dir, app, port: address.port }
}

describe('a failed fsync', () => {
  it('rolls back every write it was part of: later reads never serve what was answered 50001', async () => {
    const { c, failing } = await serveWithFaultyDisk()
    const a = await c.post('/subjects/a/versions', { schema: record('A', 'x:string') })
    expect(a.status).toBe(200)
    await c.put('/config/a', { compatibility: 'NONE' })
    failing.now = true
    const [b, a2, cfg, del] = await Promise.all([
      c.post('/subjects/b/versions', { schema: record('B', 'x:string') }),
      c.post('/subjects/a/versions', { schema: record('A2', 'y:int') }),
      c.put('/config/a', { compatibility: 'FULL' }),
      c.del('/subjects/a'),
    ])
    for (const res of [b, a2, cfg, del]) expect(res.body).toMatchObject({ error_code: 50001, message: expect.stringContaining('EIO') })
    expect((await c.get('/subjects')).body).toEqual(['a'])
    expect((await c.get('/subjects/a/versions')).body).toEqual([1])
    expect((await c.get('/config/a')).body).toEqual({ compatibilityLevel: 'NONE' })
    expect((await c.get('/schemas/ids/2')).body.error_code).toBe(40403)
    expect((await c.get('/schemas/ids/1?fetchMaxId=true')).body.maxId).toBe(1)
    // The store stays stopped: a write is refused rather than acknowledged without a durable log.
    expect((await c.post('/subjects/c/versions', { schema: record('C', 'x:string') })).body.error_code).toBe(50001)
  })
})

describe('replay', () => {
  it('applies the records of one operation all or none after a torn tail', async () => {
    const { c, dir } = await serveWithFaultyDisk()
    await c.put('/config', { compatibility: 'NONE' })
    for (const name of ['A', 'B', 'C']) await c.post('/subjects/s/versions', { schema: record(name, 'x:string') })
    await c.del('/subjects/s') // one operation, three records
    const { readFileSync, writeFileSync } = await import('node:fs')
    const file = `${dir}/changelog.jsonl`
    const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean)
    expect(lines).toHaveLength(7)
    // A crash after two of the three soft-delete records reached the disk.
    writeFileSync(file, lines.slice(0, 6).join('\n') + '\n')
    const state = new RegistryState()
    const replay = replayChangelog(dir, (r) => state.applyRecord(r))
    expect(replay.droppedTail).toMatchObject({ line: 5 })
    expect([...state.subjects.get('s')!.versions.values()].map((v) => v.deleted)).toEqual([false, false, false])
  })
})

describe('shutdown', () => {
  it('finishes the write in flight, then answers a request that arrives meanwhile with a Confluent-shaped 503', async () => {
    const { failing, app, port } = await serveWithFaultyDisk()
    let release!: () => void
    failing.hold = new Promise((r) => (release = r))
    const syncing = new Promise<void>((r) => (failing.entered = r))
    const body = JSON.stringify({ schema: record('A', 'x:string') })
    const socket = connect(port, '127.0.0.1')
    let received = ''
    socket.on('data', (d) => (received += d.toString()))
    const ended = new Promise((r) => socket.on('close', r))
    socket.write(`POST /subjects/a/versions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`)
    await syncing
    const closed = app.close()
    // Pipelined on the connection still busy with the write: it reaches the server while it shuts down.
    socket.write('GET /subjects HTTP/1.1\r\nHost: x\r\n\r\n')
    // Gives the server a moment to read it before the write completes (either order ends in a 503).
    await new Promise((r) => setTimeout(r, 50))
    release()
    await closed
    await ended
    const [first, second] = received.split(/(?=HTTP\/1\.1 )/)
    expect(first).toMatch(/^HTTP\/1\.1 200/)
    expect(first).toContain('"id":1')
    expect(second).toMatch(/^HTTP\/1\.1 503/)
    expect(JSON.parse(second.slice(second.indexOf('\r\n\r\n') + 4))).toEqual({ error_code: 503, message: 'HTTP 503 Service Unavailable: the registry is shutting down' })
  })
})
