import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs'
import { spawn, spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { makeTempDir, startTestRegistry } from '../helpers/registry-server.js'
import { Changelog, encodeRecord, replayChangelog } from '../../src/server/store/changelog.js'
import type { LogRecord } from '../../src/server/store/records.js'
import { RegistryState } from '../../src/server/store/state.js'
import { processStartTime } from '../../src/server/store/lock.js'
import { client, record } from './http.js'

const cleanups: Array<() => unknown> = []
afterEach(async () => {
  for (const f of cleanups.splice(0).reverse()) await f()
})

function tempDir(): string {
  const t = makeTempDir()
  cleanups.push(t.remove)
  return t.dir
}

const schemaRecord = (subject: string, version: number, id: number): LogRecord => ({
  key: { keytype: 'SCHEMA', subject, version, magic: 1 },
  value: { subject, version, id, schemaType: 'AVRO', schema: `{"type":"fixed","name":"F${id}","size":1}`, deleted: false, ts: 1 },
})

describe('changelog', () => {
  it('writes one checksummed _schemas-shaped record per line and replays it', async () => {
    const dir = tempDir()
    const log = await Changelog.open(dir)
    await Promise.all([log.append([schemaRecord('a', 1, 1)]), log.append([schemaRecord('b', 1, 2)])])
    await log.close()
    const lines = readFileSync(join(dir, 'changelog.jsonl'), 'utf8').trim().split('\n')
    expect(lines).toHaveLength(2)
    expect(JSON.parse(lines[0])).toMatchObject({ key: { keytype: 'SCHEMA', subject: 'a', version: 1, magic: 1 }, value: { id: 1 }, crc: expect.any(Number) })
    const seen: LogRecord[] = []
    expect(replayChangelog(dir, (r) => seen.push(r))).toEqual({ records: 2 })
    expect(seen.map((r) => (r.key as { subject: string }).subject)).toEqual(['a', 'b'])
  })

  it('drops a torn last record, truncating it so later appends follow the last good one', async () => {
    const dir = tempDir()
    const file = join(dir, 'changelog.jsonl')
    writeFileSync(file, encodeRecord(schemaRecord('a', 1, 1)) + encodeRecord(schemaRecord('b', 1, 2)).slice(0, 30))
    const result = replayChangelog(dir, () => undefined)
    expect(result.records).toBe(1)
    expect(result.droppedTail).toMatchObject({ line: 2, bytes: 30 })
    expect(readFileSync(file, 'utf8')).toBe(encodeRecord(schemaRecord('a', 1, 1)))
  })

  it('drops a complete last line whose checksum does not match', () => {
    const dir = tempDir()
    const bad = encodeRecord(schemaRecord('b', 1, 2)).replace('"b"', '"c"')
    writeFileSync(join(dir, 'changelog.jsonl'), encodeRecord(schemaRecord('a', 1, 1)) + bad)
    expect(replayChangelog(dir, () => undefined)).toMatchObject({ records: 1, droppedTail: { line: 2 } })
  })

  it('refuses to start on damage in the middle of the log', () => {
    const dir = tempDir()
    const bad = encodeRecord(schemaRecord('b', 1, 2)).replace('"b"', '"c"')
    writeFileSync(join(dir, 'changelog.jsonl'), encodeRecord(schemaRecord('a', 1, 1)) + bad + encodeRecord(schemaRecord('d', 1, 3)))
    expect(() => replayChangelog(dir, () => undefined)).toThrow(/damaged at line 2/)
  })

  it("replays a log read in pieces: records across the pieces' edges and one longer than a piece, then a torn tail", () => {
    const dir = tempDir()
    const file = join(dir, 'changelog.jsonl')
    // The log is read 8 MB at a time: a 9 MB record cannot fit one read, and small ones fall across the edges.
    const huge: LogRecord = {
      ...schemaRecord('huge', 1, 1),
      value: { ...schemaRecord('huge', 1, 1).value!, schema: JSON.stringify({ type: 'enum', name: 'E', symbols: [], doc: 'é'.repeat(4_500_000) }) },
    } as LogRecord
    const small = Array.from({ length: 30_000 }, (_, i) => encodeRecord(schemaRecord(`s${i}`, 1, i + 2)))
    const whole = small.slice(0, 15_000).join('') + encodeRecord(huge) + small.slice(15_000).join('')
    writeFileSync(file, whole + encodeRecord(schemaRecord('torn', 1, 99_999)).slice(0, 40))
    const seen: LogRecord[] = []
    const result = replayChangelog(dir, (r) => seen.push(r))
    expect(result).toEqual({ records: 30_001, droppedTail: { line: 30_002, bytes: 40 } })
    expect(seen[15_000]).toMatchObject(huge)
    expect(seen.map((r) => (r.key as { subject: string }).subject)).toEqual([
      ...Array.from({ length: 15_000 }, (_, i) => `s${i}`),
      'huge',
      ...Array.from({ length: 15_000 }, (_, i) => `s${i + 15_000}`),
    ])
    expect(readFileSync(file, 'utf8')).toBe(whole)
  })

  it('compacts atomically to the live state and keeps the id counter', async () => {
    const dir = tempDir()
    const state = new RegistryState()
    const log = await Changelog.open(dir)
    const records: LogRecord[] = [
      schemaRecord('a', 1, 1),
      schemaRecord('b', 1, 2),
      { key: { keytype: 'SCHEMA', subject: 'b', version: 1, magic: 1 }, value: null },
    ]
    for (const r of records) state.applyRecord(r)
    await log.append(records)
    await log.compact(() => state.snapshot())
    await log.append([schemaRecord('c', 1, 3)])
    await log.close()
    const replayed = new RegistryState()
    expect(replayChangelog(dir, (r) => replayed.applyRecord(r)).records).toBe(3)
    expect([...replayed.subjects.keys()].sort()).toEqual(['a', 'c'])
    expect(replayed.context('.').maxId).toBe(3)
  })
})

describe('durable registry', () => {
  it('keeps ids and versions across restarts and never reuses a permanently deleted id', async () => {
    const dir = tempDir()
    let reg = await startTestRegistry({ data: dir })
    let c = client(reg.url)
    const a = await c.post('/subjects/a/versions', { schema: record('A', 'x:string') })
    const b = await c.post('/subjects/b/versions', { schema: record('B', 'x:string') })
    await c.put('/config/a', { compatibility: 'FULL' })
    await c.del('/subjects/b')
    await c.del('/subjects/b?permanent=true')
    await reg.close()

    reg = await startTestRegistry({ data: dir })
    cleanups.push(() => reg.close())
    c = client(reg.url)
    expect((await c.get('/subjects/a/versions/1')).body).toMatchObject({ id: a.body.id, version: 1 })
    expect((await c.get('/config/a')).body).toEqual({ compatibilityLevel: 'FULL' })
    const next = await c.post('/subjects/c/versions', { schema: record('C', 'x:string') })
    expect(next.body.id).toBe(b.body.id + 1)
  })

  it('compacts a log of mostly superseded records when it starts, keeping every setting and version', async () => {
    const dir = tempDir()
    const lines = [encodeRecord(schemaRecord('kept', 1, 7))]
    for (let i = 0; i < 3000; i++) {
      const level = i % 2 === 0 ? 'FULL' : 'NONE'
      lines.push(encodeRecord({ key: { keytype: 'CONFIG', subject: 'kept', magic: 0 }, value: { compatibilityLevel: level } }))
      lines.push(
        encodeRecord(schemaRecord(`gone-${i}`, 1, 100 + i)),
        encodeRecord({ key: { keytype: 'SCHEMA', subject: `gone-${i}`, version: 1, magic: 1 }, value: null }),
      )
    }
    writeFileSync(join(dir, 'changelog.jsonl'), lines.join(''))
    let reg = await startTestRegistry({ data: dir })
    const records = () => readFileSync(join(dir, 'changelog.jsonl'), 'utf8').trim().split('\n').length
    // The id counter, the one version and the last config.
    expect(records()).toBe(3)
    let c = client(reg.url)
    expect((await c.get('/config/kept')).body).toEqual({ compatibilityLevel: 'NONE' })
    expect((await c.get('/subjects')).body).toEqual(['kept'])
    await reg.close()
    reg = await startTestRegistry({ data: dir })
    cleanups.push(() => reg.close())
    c = client(reg.url)
    expect((await c.get('/schemas/ids/7')).body.schema).toContain('F7')
    // Ids stay above every id the superseded records used.
    expect((await c.post('/subjects/new/versions', { schema: record('N', 'x:string') })).body.id).toBe(3100)
  })

  it('starts after a torn last record, with a warning, and keeps every complete record', async () => {
    const dir = tempDir()
    let reg = await startTestRegistry({ data: dir })
    await client(reg.url).post('/subjects/a/versions', { schema: record('A', 'x:string') })
    await reg.close()
    appendFileSync(join(dir, 'changelog.jsonl'), '{"key":{"keytype":"SCHEMA","subject":"b"')
    const warnings: string[] = []
    reg = await startTestRegistry({ data: dir, logLevel: 'warn', log: (l) => warnings.push(l) })
    cleanups.push(() => reg.close())
    expect(warnings.join('\n')).toMatch(/dropped a torn last record/)
    const c = client(reg.url)
    expect((await c.get('/subjects')).body).toEqual(['a'])
    expect((await c.post('/subjects/b/versions', { schema: record('B', 'x:string') })).body.id).toBe(2)
  })

  it('locks the data folder against a second server and takes over a stale lock', async () => {
    const dir = tempDir()
    const reg = await startTestRegistry({ data: dir })
    await expect(startTestRegistry({ data: dir })).rejects.toThrow(`is in use by another schemactl serve (pid ${process.pid})`)
    await reg.close()
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString()
    writeFileSync(join(dir, 'lock'), `${dead} 12345 abc\n`)
    const again = await startTestRegistry({ data: dir })
    expect(readFileSync(join(dir, 'lock'), 'utf8').split(' ')[0]).toBe(String(process.pid))
    await again.close()
    expect(existsSync(join(dir, 'lock'))).toBe(false)
  })

  it('takes over a lock naming its own pid (a previous incarnation) or a pid-only lock of a process that is no server', async () => {
    const dir = tempDir()
    for (const stale of [`${process.pid} ${processStartTime(process.pid)} old\n`, '1\n']) {
      writeFileSync(join(dir, 'lock'), stale)
      const reg = await startTestRegistry({ data: dir })
      expect(readFileSync(join(dir, 'lock'), 'utf8')).not.toBe(stale)
      await reg.close()
    }
  })

  it('keeps a lock of a live process, but not of one that reuses its pid with another start time', async () => {
    const dir = tempDir()
    const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' })
    cleanups.push(() => sleeper.kill('SIGKILL'))
    await new Promise((r) => sleeper.once('spawn', r))
    const pid = sleeper.pid!
    const start = processStartTime(pid)!
    writeFileSync(join(dir, 'lock'), `${pid} ${start} theirs\n`)
    await expect(startTestRegistry({ data: dir })).rejects.toThrow(`is in use by another schemactl serve (pid ${pid})`)
    expect(readFileSync(join(dir, 'lock'), 'utf8')).toBe(`${pid} ${start} theirs\n`)
    writeFileSync(join(dir, 'lock'), `${pid} ${Number(start) - 1} reused\n`)
    const reg = await startTestRegistry({ data: dir })
    await reg.close()
  })
})
