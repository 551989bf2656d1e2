import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import Migrate from '../../src/commands/migrate.js'
import { makeTempDir, startTestRegistry, type TestRegistry } from '../helpers/registry-server.js'
import { avro, clientFor, seedSource } from '../app/migrate/fixtures.js'
import { runCommand } from './run-command.js'

let source: TestRegistry
let target: TestRegistry
let work: { dir: string; remove: () => void }
let cwd: string
beforeEach(async () => {
  ;[source, target] = await Promise.all([startTestRegistry(), startTestRegistry()])
  await seedSource(source.url)
  work = makeTempDir('schemactl-migrate-cmd-')
  cwd = process.cwd()
  process.chdir(work.dir)
})
afterEach(async () => {
  process.chdir(cwd)
  await Promise.all([source.close(), target.close()])
  work.remove()
})

describe('schemactl migrate', () => {
  it('--dry-run prints the plan with ids, references and soft-deleted versions, exit 0', async () => {
    const run = await runCommand(Migrate, ['--from', source.url, '--to', target.url, '--include-deleted', '--dry-run'])
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('7 versions: 7 to copy, 0 already present')
    expect(run.stdout).toContain('orders-value: v1 id 3 refs addr@1, v2 id 4 refs addr@1 (soft-deleted), v3 id 5 refs addr@1')
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
    const events = json.stderr.trim().split('\n').map((l) => JSON.parse(l) as { type: string })
    expect(events[0]).toEqual({ type: 'phase', phase: 'reading' })
    expect(events.filter((e) => e.type === 'version')).toHaveLength(6)
    const again = await runCommand(Migrate, ['--from', source.url, '--to', target.url])
    expect(again.stdout).toContain('Nothing to do: all 6 versions are already on')
  })
})
