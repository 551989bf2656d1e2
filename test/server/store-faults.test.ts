import { existsSync, readFileSync } from 'node:fs'
import { connect } from 'node:net'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { makeTempDir } from '../helpers/registry-server.js'
import { buildApp } from '../../src/server/http/app.js'
import { RegistryService as Registry } from '../../src/server/registry-service.js'
import { Changelog, encodeRecord, replayChangelog, type ChangelogIo } from '../../src/server/store/changelog.js'
import type { LogRecord } from '../../src/server/store/records.js'
import { RegistryState } from '../../src/server/store/state.js'
import { client, record } from './http.js'

const cleanups: Array<() => unknown> = []
afterEach(async () => {
  for (const f of cleanups.splice(0).reverse()) await f()
})

/** What the injected disk does: fail fsyncs, hold them, take only `space` more bytes, fail the cut of a failed write. */
interface Faults {
  now: boolean
  hold?: Promise<void>
  entered?: () => void
  /** Bytes the disk still takes (unlimited when undefined): a write beyond is short, the next one fails with ENOSPC. */
  space?: number
  /** The disk takes this many more whole records (lines) of the next write, then nothing (space 0). */
  wholeLines?: number
  /** Make cutting a failed write off the file fail too. */
  truncateFails?: boolean
}

/** Holds the fsync of the next write until the returned function is called, once that write has reached it. */
async function holdNextSync(faults: Faults, start: () => Promise<unknown>): Promise<{ release: () => void; done: Promise<unknown> }> {
  let release!: () => void
  faults.hold = new Promise((r) => (release = r))
  const entered = new Promise<void>((r) => (faults.entered = r))
  const done = start()
  await entered
  faults.hold = undefined
  faults.entered = undefined
  return { release, done }
}

const enospc = () => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' })

/** Changelog file operations that obey `faults`: no real disk can be made to fail or stall on cue. */
function faultyIo(faults: Faults): ChangelogIo {
  return {
    sync: async (handle) => {
      if (faults.now) throw Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' })
      faults.entered?.()
      await faults.hold
      await handle.datasync()
    },
    write: async (handle, buffer, offset, length) => {
      if (faults.wholeLines !== undefined) {
        let end = offset
        for (let i = 0; i < faults.wholeLines; i++) end = buffer.indexOf(10, end) + 1
        faults.wholeLines = undefined
        faults.space = end - offset
      }
      if (faults.space === undefined) return (await handle.write(buffer, offset, length)).bytesWritten
      if (faults.space === 0) throw enospc()
      const n = Math.min(length, faults.space)
      faults.space -= n
      return (await handle.write(buffer, offset, n)).bytesWritten
    },
    truncate: async (handle, size) => {
      if (faults.truncateFails) throw Object.assign(new Error('EIO: i/o error, ftruncate'), { code: 'EIO' })
      await handle.truncate(size)
      await handle.sync()
    },
  }
}

/** The real application over a changelog on a disk that fails as `failing` says. */
async function serveWithFaultyDisk(dir?: string) {
  if (!dir) {
    const temp = makeTempDir()
    cleanups.push(temp.remove)
    dir = temp.dir
  }
  const failing: Faults = { now: false }
  const state = new RegistryState()
  replayChangelog(dir, (r) => state.applyRecord(r))
  const log = await Changelog.open(dir, faultyIo(failing))
  const app = buildApp(new Registry(state, { changelog: log }), { users: new Map() })
  await app.listen({ host: '127.0.0.1', port: 0 })
  let closed = false
  const close = async () => {
    if (closed) return
    closed = true
    await app.close()
    await log.close()
  }
  cleanups.push(close)
  const address = app.server.address() as { port: number }
  return { c: client(`http://127.0.0.1:${address.port}`), failing, dir, app, port: address.port, close }
}

const changelogText = (dir: string) => readFileSync(join(dir, 'changelog.jsonl'), 'utf8')

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

describe('a write that fails part-way (a full disk)', () => {
  it('is cut off the log, answered 50001 and undone; once there is space again the log takes writes, and a restart finds exactly what was acknowledged', async () => {
    const first = await serveWithFaultyDisk()
    const { c, failing, dir } = first
    expect((await c.post('/subjects/a/versions', { schema: record('A', 'x:string') })).body.id).toBe(1)
    const before = changelogText(dir)
    failing.space = 40 // part of one record, then ENOSPC
    const [b, c2] = await Promise.all([
      c.post('/subjects/b/versions', { schema: record('B', 'x:string') }),
      c.post('/subjects/c/versions', { schema: record('C', 'x:string') }),
    ])
    for (const res of [b, c2])
      expect(res.body).toEqual({ error_code: 50001, message: 'Error while writing to the schema store: ENOSPC: no space left on device, write' })
    expect(changelogText(dir)).toBe(before)
    expect((await c.get('/subjects')).body).toEqual(['a'])
    expect((await c.get('/schemas/ids/2')).body.error_code).toBe(40403)

    failing.space = undefined
    // b and c were never acknowledged: their ids were never handed out, and the next registration takes the next one.
    const d = await c.post('/subjects/d/versions', { schema: record('D', 'x:string') })
    expect(d.body).toMatchObject({ id: 2, version: 1 })
    await first.close()

    const replayed = new RegistryState()
    expect(replayChangelog(dir, (r) => replayed.applyRecord(r))).toEqual({ records: 2 })
    const second = await serveWithFaultyDisk(dir)
    expect((await second.c.get('/subjects')).body).toEqual(['a', 'd'])
    expect(JSON.parse((await second.c.get('/schemas/ids/2')).body.schema).name).toBe('D')
    expect((await second.c.post('/subjects/e/versions', { schema: record('E', 'x:string') })).body.id).toBe(3)
  })

  const schemaRecord = (subject: string, id: number): LogRecord => ({
    key: { keytype: 'SCHEMA', subject, version: 1, magic: 1 },
    value: { subject, version: 1, id, schemaType: 'AVRO', schema: `{"type":"fixed","name":"F${id}","size":1}`, deleted: false, ts: 1 },
  })

  it('leaves no record of a batch whose write stopped exactly after one of its records', async () => {
    const { dir, remove } = makeTempDir()
    cleanups.push(remove)
    const faults: Faults = { now: false }
    const log = await Changelog.open(dir, faultyIo(faults))
    cleanups.push(() => log.close())
    // Appended while a's fsync is held, b and c make one batch (group commit): b's record reaches the disk whole, c's not at all.
    const a = await holdNextSync(faults, () => log.append([schemaRecord('a', 1)]))
    const batch = Promise.allSettled([log.append([schemaRecord('b', 2)]), log.append([schemaRecord('c', 3)])])
    faults.wholeLines = 1
    a.release()
    await a.done
    expect((await batch).map((r) => r.status)).toEqual(['rejected', 'rejected'])
    expect(changelogText(dir)).toBe(encodeRecord(schemaRecord('a', 1)))
    expect(log.failed?.message).toMatch(/ENOSPC/)
    await expect(log.append([schemaRecord('x', 4)])).rejects.toThrow(/ENOSPC/)
    expect(log.resume()).toBe(true)
    faults.space = undefined
    await log.append([schemaRecord('d', 2)])
    const subjects: string[] = []
    expect(replayChangelog(dir, (r) => subjects.push((r.key as { subject: string }).subject))).toEqual({ records: 2 })
    expect(subjects).toEqual(['a', 'd'])
  })

  it('stops the log when the failed write cannot be cut off either; a restart then keeps ids above every record it left', async () => {
    const { dir, remove } = makeTempDir()
    cleanups.push(remove)
    const faults: Faults = { now: false }
    const log = await Changelog.open(dir, faultyIo(faults))
    const registry = new Registry(new RegistryState(), { changelog: log })
    await registry.putConfig(null, { compatibility: 'NONE' })
    // Registered while a's fsync is held, b and c make one batch: b's record reaches the disk whole, c's not at all.
    const a = await holdNextSync(faults, () => registry.register('a', { schema: record('A', 'x:string') }))
    const batch = Promise.allSettled([registry.register('b', { schema: record('B', 'x:string') }), registry.register('c', { schema: record('C', 'x:string') })])
    faults.wholeLines = 1
    faults.truncateFails = true
    a.release()
    expect(await a.done).toMatchObject({ id: 1 })
    for (const r of await batch) expect(r).toMatchObject({ status: 'rejected', reason: { errorCode: 50001 } })
    expect(registry.listSubjects(':*:', {})).toEqual(['a'])
    faults.space = undefined
    // Memory forgot b (id 2), the file did not: a write now would give id 2 to another schema, after b's record.
    await expect(registry.register('d', { schema: record('D', 'x:string') })).rejects.toMatchObject({
      errorCode: 50001,
      message: expect.stringContaining('ENOSPC'),
    })
    await log.close()

    const state = new RegistryState()
    expect(replayChangelog(dir, (r) => state.applyRecord(r))).toEqual({ records: 3 })
    const reopened = await Changelog.open(dir)
    cleanups.push(() => reopened.close())
    const restarted = new Registry(state, { changelog: reopened })
    expect(JSON.parse(restarted.getSchemaById(2, {}).schema as string).name).toBe('B')
    expect((await restarted.register('d', { schema: record('D', 'x:string') })).id).toBe(3)
  })
})

describe('a compaction that cannot write its new file whole', () => {
  it('keeps the old log, removes its own file, and the log goes on', async () => {
    const { dir, remove } = makeTempDir()
    cleanups.push(remove)
    const faults: Faults = { now: false }
    const log = await Changelog.open(dir, faultyIo(faults))
    cleanups.push(() => log.close())
    const state = new RegistryState()
    const records: LogRecord[] = []
    for (let i = 0; i < 50; i++) {
      records.push({ key: { keytype: 'CONFIG', subject: null, magic: 0 }, value: { compatibilityLevel: i % 2 ? 'NONE' : 'FULL' } })
      records.push({
        key: { keytype: 'SCHEMA', subject: `s${i}`, version: 1, magic: 1 },
        value: { subject: `s${i}`, version: 1, id: i + 1, schemaType: 'AVRO', schema: `{"type":"fixed","name":"F${i}","size":1}`, deleted: false, ts: 1 },
      })
    }
    for (const r of records) state.applyRecord(r)
    await log.append(records)
    const before = changelogText(dir)
    faults.space = 1000 // a few records of the new file
    await expect(log.compact(() => state.snapshot())).rejects.toThrow(/ENOSPC/)
    expect(changelogText(dir)).toBe(before)
    expect(existsSync(join(dir, 'changelog.jsonl.tmp'))).toBe(false)
    expect(log.failed).toBeNull()
    faults.space = undefined
    await log.append([{ key: { keytype: 'MODE', subject: null, magic: 0 }, value: { mode: 'READONLY' } }])
    expect(replayChangelog(dir, () => undefined)).toEqual({ records: 101 })
  })
})

describe('a registration whose subject is permanently deleted while it is made durable', () => {
  it('is answered from what it committed, not from the state after the delete', async () => {
    const { dir, remove } = makeTempDir()
    cleanups.push(remove)
    const faults: Faults = { now: false }
    const log = await Changelog.open(dir, faultyIo(faults))
    cleanups.push(() => log.close())
    const registry = new Registry(new RegistryState(), { changelog: log })
    const schema = record('A', 'x:string')
    const registered = await holdNextSync(faults, () => registry.register('a', { schema }))
    // Both see the version in memory and delete it (soft, then permanently) before it is durable.
    const deleted = Promise.all([registry.deleteSubject('a', false), registry.deleteSubject('a', true)])
    registered.release()
    expect(await registered.done).toMatchObject({ id: 1, version: 1, schema })
    expect(await deleted).toEqual([[1], [1]])
    expect(registry.listSubjects(':*:', { deleted: true })).toEqual([])
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
    expect(JSON.parse(second.slice(second.indexOf('\r\n\r\n') + 4))).toEqual({
      error_code: 503,
      message: 'HTTP 503 Service Unavailable: the registry is shutting down',
    })
  })
})
