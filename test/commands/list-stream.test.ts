import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { listSubjects, streamSubjects } from '../../src/app/registry/read.js'
import List from '../../src/commands/list.js'
import { renderSubjectList } from '../../src/output/registry.js'
import { PLAIN_STYLE } from '../../src/output/style.js'
import { encodeRecord } from '../../src/server/store/changelog.js'
import { json, startFaultServer } from '../registry/fault-server.js'
import { makeTempDir, startTestRegistry, type TestRegistry } from '../helpers/registry-server.js'
import { runCommand } from './run-command.js'

const SUBJECTS = 2500
const name = (i: number) => `s${String(i).padStart(5, '0')}-value`
const context = (url: string) => ({ flags: { registry: url }, env: {}, cwd: process.cwd(), userAgent: 'test', warn: () => undefined })

let big: TestRegistry
let small: TestRegistry
let remove: () => void

/** A durable registry of `SUBJECTS` subjects, one version each, written as its changelog (registering them over HTTP would dominate the test). */
function seededFolder(): string {
  const temp = makeTempDir('schemactl-list-stream-')
  remove = temp.remove
  const lines: string[] = []
  // Written out of order: the registry sorts its listing.
  for (let i = SUBJECTS - 1; i >= 0; i--) {
    const subject = name(i)
    const schema = JSON.stringify({ type: 'record', name: `R${i}`, fields: [{ name: 'id', type: 'string' }] })
    lines.push(
      encodeRecord({
        key: { keytype: 'SCHEMA', subject, version: 1, magic: 1 },
        value: { subject, version: 1, id: i + 1, schemaType: 'AVRO', schema, deleted: false, ts: 1_700_000_000_000 + i },
      }),
    )
  }
  writeFileSync(join(temp.dir, 'changelog.jsonl'), lines.join(''))
  return temp.dir
}

beforeAll(async () => {
  big = await startTestRegistry({ data: seededFolder() })
  small = await startTestRegistry()
  for (const [subject, type] of [
    ['b-value', 'string'],
    ['a-value', 'int'],
    ['c-key', 'long'],
  ]) {
    const res = await fetch(`${small.url}/subjects/${subject}/versions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ schema: JSON.stringify(type) }),
    })
    expect(res.status).toBe(200)
  }
  await fetch(`${small.url}/config/c-key`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ compatibility: 'FULL_TRANSITIVE' }),
  })
})

afterAll(async () => {
  await big?.close()
  await small?.close()
  remove?.()
})

describe('list prints as it reads', () => {
  it('a small registry prints what the whole-listing renderer prints, plain and --long', async () => {
    for (const args of [[], ['--long'], ['--prefix', 'c'], ['--prefix', 'none-']]) {
      const whole = await listSubjects(context(small.url), { long: args.includes('--long'), prefix: args[0] === '--prefix' ? args[1] : undefined })
      const run = await runCommand(List, ['--registry', small.url, ...args])
      expect(run.code).toBe(0)
      expect(run.stdout).toBe(renderSubjectList(whole, PLAIN_STYLE) + '\n')
    }
    expect((await runCommand(List, ['--registry', small.url])).stdout).toBe('a-value\nb-value\nc-key\n')
    const table = (await runCommand(List, ['--registry', small.url, '-l'])).stdout.split('\n')
    expect(table[0]).toBe('SUBJECT  TYPE  LATEST  ID  LEVEL              MODE')
    expect(table[3]).toBe('c-key    AVRO  1       3   FULL_TRANSITIVE    READWRITE (global)')
  })

  it(`pages through ${SUBJECTS} subjects: every one once, in the registry's order`, async () => {
    const pages: string[][] = []
    const counted = await streamSubjects(context(big.url), { pageSize: 700 }, { names: (names) => void pages.push(names) })
    expect(pages.map((p) => p.length)).toEqual([700, 700, 700, 400])
    const all = pages.flat()
    expect(counted.count).toBe(SUBJECTS)
    expect(all).toEqual(Array.from({ length: SUBJECTS }, (_, i) => name(i)))
    const run = await runCommand(List, ['--registry', big.url])
    expect(run.stdout.trimEnd().split('\n')).toEqual(all)
  })

  it('--long hands the details over in order, reading a few subjects at a time', async () => {
    const seen: string[] = []
    const counted = await streamSubjects(
      context(big.url),
      { long: true, prefix: 's02', pageSize: 150 },
      { detail: (d) => void seen.push(`${d.subject}:${d.latestId}`) },
    )
    expect(counted.count).toBe(500)
    expect(seen).toEqual(Array.from({ length: 500 }, (_, i) => `${name(2000 + i)}:${2001 + i}`))
    const lines = (await runCommand(List, ['--registry', big.url, '-l'])).stdout.trimEnd().split('\n')
    expect(lines).toHaveLength(SUBJECTS + 1)
    expect(lines[0]).toMatch(/^SUBJECT\s+TYPE\s+LATEST\s+ID\s+LEVEL\s+MODE$/)
    expect(lines.slice(1).map((l) => l.split(/\s+/)[0])).toEqual(Array.from({ length: SUBJECTS }, (_, i) => name(i)))
    expect(lines[SUBJECTS]).toMatch(new RegExp(`^${name(SUBJECTS - 1)}\\s+AVRO\\s+1\\s+${SUBJECTS}\\s+BACKWARD \\(global\\)\\s+READWRITE \\(global\\)$`))
  }, 60_000)
})

describe('registries that do not page', () => {
  const all = Array.from({ length: 25 }, (_, i) => name(i))
  const offsetOf = (url: string) => Number(new URL(url, 'http://x').searchParams.get('offset') ?? 0)
  const limitOf = (url: string) => Number(new URL(url, 'http://x').searchParams.get('limit') ?? -1)

  it('one that ignores offset and limit: every name once', async () => {
    const s = await startFaultServer((_req, res) => json(res, 200, all))
    try {
      const pages: string[][] = []
      await streamSubjects(context(s.url), { pageSize: 10 }, { names: (names) => void pages.push(names) })
      expect(pages).toEqual([all])
    } finally {
      await s.close()
    }
  })

  it('one that honours limit but not offset: the rest from one unpaged listing', async () => {
    const s = await startFaultServer((req, res) => {
      const limit = limitOf(req.url!)
      json(res, 200, limit < 0 ? all : all.slice(0, limit))
    })
    try {
      const pages: string[][] = []
      await streamSubjects(context(s.url), { pageSize: 10 }, { names: (names) => void pages.push(names) })
      expect(pages.flat()).toEqual(all)
    } finally {
      await s.close()
    }
  })

  it('one that caps limit lower than asked: followed page by page', async () => {
    const s = await startFaultServer((req, res) => {
      const offset = offsetOf(req.url!)
      json(res, 200, all.slice(offset, offset + Math.min(limitOf(req.url!), 4)))
    })
    try {
      const pages: string[][] = []
      await streamSubjects(context(s.url), { pageSize: 10 }, { names: (names) => void pages.push(names) })
      expect(pages.flat()).toEqual(all)
      expect(pages[0]).toHaveLength(4)
    } finally {
      await s.close()
    }
  })
})

describe('progress', () => {
  it('is drawn on stderr only on a terminal, never with an envelope', async () => {
    const tty = await runCommand(List, ['--registry', big.url], { SCHEMACTL_PROGRESS: 'tty' })
    expect(tty.stderr).toContain(`${SUBJECTS.toLocaleString('en')} subjects listed`)
    // The line is taken off again: nothing of it is left on the terminal's last line.
    expect(tty.stderr.endsWith('\r\x1b[2K')).toBe(true)
    const long = await runCommand(List, ['--registry', small.url, '-l'], { SCHEMACTL_PROGRESS: 'tty' })
    expect(long.stderr).toContain('subjects read')
    const piped = await runCommand(List, ['--registry', big.url], { SCHEMACTL_PROGRESS: undefined })
    expect(piped.stderr).toBe('')
    const envelope = await runCommand(List, ['--registry', big.url, '--json'], { SCHEMACTL_PROGRESS: 'tty' })
    expect(envelope.stderr).toBe('')
    expect(envelope.json.result.subjects).toHaveLength(SUBJECTS)
    expect(tty.stdout).toBe(piped.stdout)
  })
})
