import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { PlanSummary } from '../../src/app/migrate/migrate.js'
import Migrate from '../../src/commands/migrate.js'
import { useTestRegistry, makeTempDir, startTestRegistry } from '../helpers/registry-server.js'
import { avro, clientFor, seedSource, startProxy } from '../app/migrate/fixtures.js'
import { runCommand } from './run-command.js'

const source = useTestRegistry({ per: 'test' })
const target = useTestRegistry({ per: 'test' })
let work: { dir: string; remove: () => void }
let cwd: string
beforeEach(async () => {
  await seedSource(source.url)
  work = makeTempDir('schemactl-migrate-cmd-')
  cwd = process.cwd()
  process.chdir(work.dir)
  // The default journal lives under $XDG_STATE_HOME: keep it in the test's folder.
  process.env.XDG_STATE_HOME = work.dir
})
afterEach(async () => {
  delete process.env.XDG_STATE_HOME
  process.chdir(cwd)
  work.remove()
})

describe('schemactl migrate', () => {
  it('--dry-run prints the plan with ids, references and soft-deleted versions, exit 0', async () => {
    const run = await runCommand(Migrate, ['--from', source.url, '--to', target.url, '--include-deleted', '--dry-run'])
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('7 versions: 7 to copy, 0 already present')
    expect(run.stdout).toContain('orders-value: v1 id 3 refs addr@1, v2 id 4 refs addr@1 (soft-deleted), v3 id 5 refs addr@1')
  })

  it('exits 4 naming what was not restored and what to run when the target refuses its previous mode back', async () => {
    const t = clientFor(target.url)
    const refusing = await startProxy(
      target.url,
      (_method, _path, text) => text,
      undefined,
      (method, path, body) => method === 'PUT' && path.startsWith('/mode?') && body.includes('READONLY'),
    )
    try {
      await t.setMode(undefined, 'READONLY')
      const run = await runCommand(Migrate, ['--from', source.url, '--to', refusing.url, '--journal', 'j.jsonl'])
      expect(run.code).toBe(4)
      expect(run.stdout).toMatch(/^Migration incomplete: /m)
      expect(run.stdout).toMatch(/^ {2}not restored on the target: \(global\) mode READONLY: .*denied/m)
      expect(run.stdout).toMatch(/^ {2}Re-run the same command to restore them \(journal .*j\.jsonl\)\.$/m)
      const json = await runCommand(Migrate, ['--from', source.url, '--to', refusing.url, '--journal', 'j.jsonl', '--json'])
      expect(json.code).toBe(4)
      expect(json.json.result.status).toBe('failed')
      expect(json.json.result.unrestored).toEqual([{ scope: '(global)', setting: 'mode', previous: 'READONLY', error: expect.stringContaining('denied') }])
    } finally {
      refusing.close()
      await t.close()
    }
  })

  it('lists every conflict and exits 1 without writing', async () => {
    const t = clientFor(target.url)
    try {
      await t.register('addr', { schema: avro('Other', 'o:string') })
    } finally {
      await t.close()
    }
    const run = await runCommand(Migrate, ['--from', source.url, '--to', target.url])
    expect(run.code).toBe(1)
    expect(run.stdout).toContain('1 conflict(s); nothing was written:')
    expect(run.stdout).toContain('addr version 1 (id 2): the target holds a different schema (id 1) at this subject and version')
  })

  it('--json: the result envelope on stdout, one JSON event per line on stderr, a line per subject otherwise', async () => {
    const json = await runCommand(Migrate, ['--from', source.url, '--to', target.url, '--json'])
    expect(json.code).toBe(0)
    expect(json.json.result).toMatchObject({ status: 'done', migrated: 6, skipped: 0, verify: { checked: 6, differences: [] } })
    expect(json.json.result.plan.versions[0].source.schema).toBeUndefined()
    // The plan's versions are written one at a time (src/output/json-parts.ts): the text is still exactly the envelope's indented JSON.
    expect(json.json.result.plan.versions).toHaveLength(6)
    expect(json.json.result.plan.versions.map((v: { source: { subject: string } }) => v.source.subject)).toContain('orders-value')
    expect(json.stdout).toBe(JSON.stringify(json.json, null, 2) + '\n')
    expect(json.stdout).not.toContain('schemactl-report-versions')
    const events = json.stderr
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string })
    expect(events[0]).toEqual({ type: 'phase', phase: 'reading' })
    expect(events.filter((e) => e.type === 'version')).toHaveLength(6)
    const again = await runCommand(Migrate, ['--from', source.url, '--to', target.url])
    expect(again.stdout).toContain('Nothing to do: all 6 versions are already on')
  })

  it('shows the plan in brief before writing: counts, id range, no conflicts, mode changes, first versions (text and the plan event)', async () => {
    const json = await runCommand(Migrate, ['--from', source.url, '--to', target.url, '--include-deleted', '--json'])
    const events = json.stderr
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; phase?: string })
    const plan = events.find((e) => e.type === 'plan') as unknown as PlanSummary
    expect(plan).toMatchObject({
      subjects: 4,
      versions: 7,
      toCopy: 7,
      conflicts: 0,
      ids: { min: 1, max: 6 },
      modeChanges: [
        expect.stringContaining('IMPORT on the whole target'),
        expect.stringContaining('a subject without versions on the target whose own mode refuses a write gets IMPORT'),
      ],
    })
    expect([...plan.firstSubjects].sort()).toEqual([':.eu:payments-value', 'addr', 'frozen-value', 'orders-value'])
    expect(plan.firstVersions).toHaveLength(7)
    expect(plan.firstVersions).toContainEqual({ subject: 'orders-value', version: 2, id: 4 })
    // Write order: a referenced version before the versions that use it.
    const at = (subject: string) => plan.firstVersions.findIndex((v) => v.subject === subject)
    expect(at('addr')).toBeLessThan(at('orders-value'))
    // Before any write: the plan event precedes the copying phase.
    expect(events.findIndex((e) => e.type === 'plan')).toBeLessThan(events.findIndex((e) => e.phase === 'copying'))

    const other = await startTestRegistry()
    try {
      const text = await runCommand(Migrate, ['--from', source.url, '--to', other.url])
      expect(text.code).toBe(0)
      const lines = text.stdout.split('\n')
      expect(lines[0]).toBe('Plan: 4 subjects, 6 versions (6 to copy, 0 already present), ids 1–6, no conflicts')
      expect(lines[1]).toContain('modes: IMPORT on the whole target (now READWRITE) during the copy')
      expect(lines[2]).toContain('modes: a subject without versions on the target whose own mode refuses a write gets IMPORT then')
      expect(lines[3]).toMatch(/^ {2}first: .*addr@1 id 2, .*orders-value@1 id 3/)
      expect(lines.findIndex((l) => l.startsWith('addr: '))).toBeGreaterThan(3)
    } finally {
      await other.close()
    }
  })

  it('--json retry events carry no credentials: the Authorization header a failing registry echoes is redacted like every output', async () => {
    const { createServer } = await import('node:http')
    // In front of the source: the first listing fails with a reply quoting the request's Authorization header.
    let failed = false
    const echo = createServer((req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (c: Buffer) => chunks.push(c))
      req.on('end', async () => {
        res.setHeader('content-type', 'application/vnd.schemaregistry.v1+json')
        if (!failed && req.url?.startsWith('/schemas')) {
          failed = true
          res.statusCode = 503
          return res.end(JSON.stringify({ error_code: 50301, message: `upstream refused the request (Authorization: ${req.headers.authorization})` }))
        }
        const reply = await fetch(source.url + req.url, {
          method: req.method,
          headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' },
          body: chunks.length ? Buffer.concat(chunks) : undefined,
        })
        res.statusCode = reply.status
        res.end(await reply.text())
      })
    })
    await new Promise<void>((r) => echo.listen(0, '127.0.0.1', r))
    try {
      const port = (echo.address() as { port: number }).port
      const token = Buffer.from('alice:s3cret-pass').toString('base64')
      const run = await runCommand(Migrate, ['--from', `http://alice:s3cret-pass@127.0.0.1:${port}`, '--to', target.url, '--json'])
      expect(run.code).toBe(0)
      const retries = run.stderr.split('\n').filter((l) => l.includes('"type":"retry"'))
      expect(retries).toHaveLength(1)
      expect(retries[0]).toContain('Authorization: Basic ***')
      expect(run.stderr + run.stdout).not.toContain(token)
      expect(run.stderr + run.stdout).not.toContain('s3cret-pass')
    } finally {
      echo.close()
    }
  })
})
