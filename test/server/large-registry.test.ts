/**
 * A registry too large to answer lists in one piece, and a changelog that must stay compact: long
 * lists are streamed (and paged with offset/limit), the log stays within twice the live data, and
 * the registry's expected errors are cheap (no stack trace). Small scale, real serve, real HTTP.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { makeTempDir, startTestRegistry } from '../helpers/registry-server.js'
import { encodeRecord, replayChangelog } from '../../src/server/store/changelog.js'
import type { LogRecord } from '../../src/server/store/records.js'
import { RegistryState } from '../../src/server/store/state.js'
import { restErrors } from '../../src/server/rest-error.js'
import { STREAM_LIST_ITEMS } from '../../src/server/http/reply.js'
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

/** Subjects `k-00000`… each registering the shared key schema (id 1) as version 1. */
function keySubjects(count: number): { names: string[]; records: LogRecord[] } {
  const names = Array.from({ length: count }, (_, i) => `k-${String(i).padStart(5, '0')}`)
  const records: LogRecord[] = names.map((subject, i) => ({
    key: { keytype: 'SCHEMA', subject, version: 1, magic: 1 },
    value: { subject, version: 1, id: 1, schemaType: 'AVRO', schema: '"string"', deleted: false, ts: 1_700_000_000_000 + i },
  }))
  return { names, records }
}

/** The bytes a compaction of the data folder would write (its live records). */
function liveBytes(dir: string): number {
  const state = new RegistryState()
  replayChangelog(dir, (r) => state.applyRecord(r))
  return state.snapshot().reduce((n, r) => n + Buffer.byteLength(encodeRecord(r)), 0)
}

describe('long lists', () => {
  const count = 2 * STREAM_LIST_ITEMS + 345

  async function bigRegistry() {
    const dir = tempDir()
    const { names, records } = keySubjects(count)
    // Listed out of order in the log: the answer is sorted all the same.
    writeFileSync(
      join(dir, 'changelog.jsonl'),
      [...records]
        .reverse()
        .map((r) => encodeRecord(r))
        .join(''),
    )
    const server = await startTestRegistry({ data: dir })
    cleanups.push(() => server.close())
    return { http: client(server.url), names }
  }

  it('streams GET /subjects longer than one piece, byte for byte what JSON.stringify gives, and pages it with offset and limit', async () => {
    const { http, names } = await bigRegistry()
    const all = await http.get('/subjects')
    expect(all.status).toBe(200)
    expect(all.headers.get('content-type')).toBe('application/vnd.schemaregistry.v1+json')
    expect(all.headers.get('cache-control')).toBe('no-cache, no-store, must-revalidate')
    // Streamed: sent in pieces, so no length is known up front.
    expect(all.headers.get('transfer-encoding')).toBe('chunked')
    expect(all.headers.get('content-length')).toBeNull()
    expect(all.text).toBe(JSON.stringify(names))

    const pages: string[] = []
    for (let offset = 0; offset < count; offset += 1000) {
      const page = await http.get(`/subjects?offset=${offset}&limit=1000`)
      expect(page.status).toBe(200)
      expect(page.body).toHaveLength(Math.min(1000, count - offset))
      // A page of at most STREAM_LIST_ITEMS goes out in one piece, with its length.
      expect(page.headers.get('content-length')).toBe(String(Buffer.byteLength(page.text)))
      pages.push(...page.body)
    }
    expect(pages).toEqual(names)
    expect((await http.get(`/subjects?offset=${count}&limit=1000`)).body).toEqual([])
  })

  it('streams the versions and subjects of a schema shared by thousands of subjects, paging the subjects', async () => {
    const { http, names } = await bigRegistry()
    const versions = await http.get('/schemas/ids/1/versions')
    expect(versions.headers.get('transfer-encoding')).toBe('chunked')
    expect(versions.body).toEqual(names.map((subject) => ({ subject, version: 1 })))
    const subjects = await http.get('/schemas/ids/1/subjects')
    expect(subjects.body).toEqual(names)
    expect((await http.get('/schemas/ids/1/subjects?offset=2000&limit=100')).body).toEqual(names.slice(2000, 2100))
    // A short list is answered whole.
    const one = await http.get('/subjects/k-00007/versions')
    expect(one.text).toBe('[1]')
    expect(one.headers.get('content-length')).toBe('3')
  })
})

describe('compaction', () => {
  it('keeps the log within twice the live data while settings are rewritten, and a restart finds the last of each', async () => {
    const dir = tempDir()
    const log = join(dir, 'changelog.jsonl')
    let server = await startTestRegistry({ data: dir, compactMinRecords: 20 })
    let http = client(server.url)
    const subjects = Array.from({ length: 10 }, (_, i) => `s${i}-value`)
    for (const s of subjects) {
      expect((await http.post(`/subjects/${s}/versions`, { schema: record(s.replace('-', '_'), 'a:string') })).status).toBe(200)
      expect((await http.put(`/config/${s}`, { compatibility: 'FULL' })).status).toBe(200)
    }
    // The live data from here on: ten versions, ten subject levels and the id counter; the levels keep their length.
    const sizes: number[] = []
    const lines = () => readFileSync(log, 'utf8').split('\n').length - 1
    let fewestLines = Infinity
    for (let i = 0; i < 150; i++) {
      const level = i % 2 === 0 ? 'NONE' : 'FULL'
      expect((await http.put(`/config/${subjects[i % 10]}`, { compatibility: level })).status).toBe(200)
      sizes.push(statSync(log).size)
      fewestLines = Math.min(fewestLines, lines())
    }
    await server.close()
    const live = liveBytes(dir)
    const oneRecord = Buffer.byteLength(encodeRecord({ key: { keytype: 'CONFIG', subject: subjects[0], magic: 0 }, value: { compatibilityLevel: 'FULL' } }))
    // Compacted along the way (170 writes, never more than 21 live records)…
    expect(fewestLines).toBeLessThanOrEqual(22)
    // …so the log never held more than twice the live data (plus the write whose compaction may still have been running).
    expect(Math.max(...sizes)).toBeLessThanOrEqual(2 * live + oneRecord)
    expect(Math.max(...sizes)).toBeGreaterThan(live)

    server = await startTestRegistry({ data: dir, compactMinRecords: 20 })
    cleanups.push(() => server.close())
    http = client(server.url)
    expect((await http.get('/subjects')).body).toEqual(subjects)
    for (let i = 0; i < 10; i++) {
      // The last write to subject i was the largest j < 150 with j % 10 === i: j = 140 + i.
      expect((await http.get(`/config/${subjects[i]}`)).body).toEqual({ compatibilityLevel: (140 + i) % 2 === 0 ? 'NONE' : 'FULL' })
    }
    // A new registration gets the next id: the counter survived every compaction.
    expect((await http.post('/subjects/new-value/versions', { schema: record('New', 'b:long') })).body).toMatchObject({ id: 11 })
  })
})

describe('expected errors', () => {
  it('carry no stack trace, and are still answered in the registry’s shape', async () => {
    const error = restErrors.subjectNotFound('x')
    expect(error).toBeInstanceOf(Error)
    expect(error.stack).not.toMatch(/\n\s+at /)
    // Other errors keep theirs.
    expect(new Error('bug').stack).toMatch(/\n\s+at /)
    const server = await startTestRegistry()
    cleanups.push(() => server.close())
    const http = client(server.url)
    expect(await http.get('/subjects/missing/versions')).toMatchObject({ status: 404, body: { error_code: 40401, message: "Subject 'missing' not found." } })
    expect(await http.get('/schemas/ids/42')).toMatchObject({ status: 404, body: { error_code: 40403, message: 'Schema 42 not found' } })
  })
})
