import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import Check from '../../src/commands/check.js'
import { startTestRegistry, type TestRegistry } from '../helpers/registry-server.js'
import { json, startFaultServer } from '../registry/fault-server.js'
import { runCommand } from './run-command.js'

// check --against registry reads each subject shortly before checking it: a registry that stops
// answering halfway must end the run with one error line and exit 4, never with a partial report.
let registry: TestRegistry
let dir: string
const SUBJECTS = 40
const name = (i: number) => `midway-${String(i).padStart(2, '0')}-value`
const schema = (i: number, extra = false) =>
  JSON.stringify({
    type: 'record',
    name: `R${i}`,
    fields: [{ name: 'id', type: 'string' }, ...(extra ? [{ name: 'note', type: ['null', 'string'], default: null }] : [])],
  })

beforeAll(async () => {
  registry = await startTestRegistry()
  dir = mkdtempSync(join(tmpdir(), 'schemactl-check-midway-'))
  for (let i = 0; i < SUBJECTS; i++) {
    const res = await fetch(`${registry.url}/subjects/${name(i)}/versions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ schema: schema(i) }),
    })
    expect(res.status).toBe(200)
    writeFileSync(join(dir, `${name(i)}.avsc`), schema(i, true))
  }
})

afterAll(async () => {
  await registry.close()
  rmSync(dir, { recursive: true, force: true })
})

/** A registry in front of the real one that answers every request until one names subject `dies`, then resets every connection. */
async function dyingRegistry(dies: number) {
  let dead = false
  const server = await startFaultServer((req, res) => {
    if (dead || req.url.includes(name(dies))) {
      dead = true
      return res.socket?.destroy()
    }
    void fetch(registry.url + req.url).then(async (reply) => json(res, reply.status, await reply.json()))
  })
  return server
}

describe('check --against registry when the registry dies halfway', () => {
  it('exits 4 with one error line and no report, having read no further than a few subjects past the failure', async () => {
    const s = await dyingRegistry(20)
    try {
      for (const format of ['text', 'json', 'sarif', 'github', 'junit']) {
        // The report waits in a temporary file until the check is over (src/cli/report-printer.ts): none is left behind.
        const spools = mkdtempSync(join(tmpdir(), 'schemactl-midway-tmp-'))
        const run = await runCommand(Check, [dir, '--against', 'registry', '--registry', s.url, '--format', format], {
          SCHEMACTL_PROGRESS: undefined,
          TMPDIR: spools,
        })
        expect(readdirSync(spools)).toEqual([])
        rmSync(spools, { recursive: true })
        expect(run.code).toBe(4)
        if (format === 'json') {
          expect(run.json.result).toBeUndefined()
          expect(run.json.error.message).toContain(s.url)
          expect(JSON.stringify(run.json)).not.toContain('midway-00-value')
        } else {
          expect(run.stdout).toBe('')
          const lines = run.stderr.split('\n').filter((l) => l.trim() !== '')
          expect(lines[0]).toMatch(/^Error: .*127\.0\.0\.1/)
          expect(lines.filter((l) => l.startsWith('Error:'))).toHaveLength(1)
          expect(run.stderr).not.toMatch(/at .*\.ts:\d+/)
        }
      }
      // Read ahead is bounded: subjects well past the one that failed were never asked for.
      const asked = new Set(s.requests.map((r) => /midway-(\d\d)-value/.exec(r.url)?.[1]).filter((n) => n !== undefined))
      expect(Math.max(...[...asked].map(Number))).toBeLessThanOrEqual(20 + 8)
    } finally {
      await s.close()
    }
  }, 60_000)

  it('the same workspace against the live registry passes (the report the failure withheld)', async () => {
    const spools = mkdtempSync(join(tmpdir(), 'schemactl-midway-tmp-'))
    const run = await runCommand(Check, [dir, '--against', 'registry', '--registry', registry.url], { SCHEMACTL_PROGRESS: undefined, TMPDIR: spools })
    expect(readdirSync(spools)).toEqual([])
    rmSync(spools, { recursive: true })
    expect(run.code).toBe(0)
    expect(run.stdout).toContain(`${SUBJECTS} subjects`)
    // Every subject, in order, once.
    const listed = run.stdout
      .split('\n')
      .filter((l) => l.startsWith('midway-'))
      .map((l) => l.split(' ')[0])
    expect(listed).toEqual(Array.from({ length: SUBJECTS }, (_, i) => name(i)))
  })
})
