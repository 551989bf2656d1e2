/**
 * `migrate` in the chains users run, against real `serve` instances: several commands in a row,
 * then the registry's final state compared version by version (ids, versions, schemas, references,
 * soft-deleted flags) with its levels and modes. The SIGKILL scenario runs `bin/run.js` (needs
 * `npm run build`).
 */
import { spawn } from 'node:child_process'
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import Check from '../../src/commands/check.js'
import Migrate from '../../src/commands/migrate.js'
import { makeTempDir, spawnRegistry, startTestRegistry, type SpawnedRegistry, type TestRegistry } from '../helpers/registry-server.js'
import { avro, clientFor, seedSource } from '../app/migrate/fixtures.js'
import { runCommand } from '../commands/run-command.js'
import { folderBytes, registryState } from './registry-state.js'

const BIN = fileURLToPath(new URL('../../bin/run.js', import.meta.url))
const EXAMPLE = fileURLToPath(new URL('../../schemas-example', import.meta.url))

let work: { dir: string; remove: () => void }
let cwd: string
const registries: TestRegistry[] = []
beforeEach(() => {
  work = makeTempDir('schemactl-scenario-')
  cwd = process.cwd()
  // The id map lands in the working folder, the journal under $XDG_STATE_HOME: both in the test's folder.
  process.chdir(work.dir)
  process.env.XDG_STATE_HOME = work.dir
})
afterEach(async () => {
  delete process.env.XDG_STATE_HOME
  process.chdir(cwd)
  await Promise.all(registries.splice(0).map((r) => r.close()))
  work.remove()
})

async function registry(options: { durable?: boolean } = {}): Promise<TestRegistry> {
  const r = await startTestRegistry(options)
  registries.push(r)
  return r
}

const migrate = (...args: string[]) => runCommand(Migrate, args)
const check = (...args: string[]) => runCommand(Check, args)

/**
 * `seedSource` (references, a context, a soft-deleted version, a subject level and mode) plus:
 * `gone-value` whose v2 was deleted permanently (a gap in its versions) with level NONE,
 * `retired-value` with level FORWARD and every version soft-deleted, `addr` with its own mode
 * READWRITE, and the global level FULL_TRANSITIVE.
 */
async function seedRich(url: string): Promise<void> {
  await seedSource(url)
  const c = clientFor(url)
  try {
    for (let v = 1; v <= 3; v++) await c.register('gone-value', { schema: avro('Gone', 'a:string', ...Array.from({ length: v }, (_, i) => `f${i}:int`)) })
    await c.deleteVersion('gone-value', 2)
    await c.deleteVersion('gone-value', 2, { permanent: true })
    await c.setConfig('gone-value', { compatibility: 'NONE' })
    await c.register('retired-value', { schema: avro('Retired', 'r:string') })
    await c.setConfig('retired-value', { compatibility: 'FORWARD' })
    await c.deleteSubject('retired-value')
    await c.setMode('addr', 'READWRITE')
    await c.setConfig(undefined, { compatibility: 'FULL_TRANSITIVE' })
  } finally {
    await c.close()
  }
}

describe('migrate scenarios', () => {
  it('registry → folder → empty registry: every id, version, schema, reference, soft-delete, level and mode identical; the export passes check', async () => {
    const [source, target] = await Promise.all([registry(), registry()])
    await seedRich(source.url)
    const dir = join(work.dir, 'backup')

    const exported = await migrate('--from', source.url, '--to', dir, '--include-deleted')
    expect(exported.stderr).toBe('')
    expect(exported.code).toBe(0)
    expect(exported.stdout).toMatch(/verified: 10 versions and \d+ settings/)
    const checked = await check(dir)
    expect(checked.stderr).toBe('')
    expect(checked.code).toBe(0)

    const imported = await migrate('--from', dir, '--to', target.url, '--include-deleted')
    expect(imported.stderr).toBe('')
    expect(imported.code).toBe(0)
    const after = await registryState(target.url)
    expect(after).toEqual(await registryState(source.url))
    // What the comparison covers, spelled out.
    expect(after.global).toEqual({ level: 'FULL_TRANSITIVE', mode: 'READWRITE' })
    expect(after.subjects).toEqual({
      addr: { level: 'FULL', mode: 'READWRITE' },
      'frozen-value': { mode: 'READONLY' },
      'gone-value': { level: 'NONE' },
      'retired-value': { level: 'FORWARD' },
    })
    expect(after.versions.filter((l) => l.startsWith('gone-value ')).map((l) => l.split(' ').slice(0, 4).join(' '))).toEqual([
      'gone-value v1 id 7',
      'gone-value v3 id 9',
    ])
    expect(after.versions.filter((l) => l.includes(' deleted '))).toHaveLength(2)
  })

  it('registry → registry without --include-deleted: the level of a subject whose versions are all soft-deleted is copied and verified', async () => {
    const [source, target] = await Promise.all([registry(), registry()])
    await seedRich(source.url)
    const run = await migrate('--from', source.url, '--to', target.url, '--json')
    expect(run.code).toBe(0)
    expect(run.json.result.verify.differences).toEqual([])
    const after = await registryState(target.url, ['retired-value'])
    expect(after.subjects['retired-value']).toEqual({ level: 'FORWARD' })
    expect(after.versions.some((l) => l.startsWith('retired-value '))).toBe(false)
  })

  it('folder → registry with cross-file references (schemas-example, ids not preserved): references registered first, config levels copied, check --against the registry passes', async () => {
    const target = await registry()
    const dir = join(work.dir, 'schemas')
    cpSync(EXAMPLE, dir, { recursive: true })
    // A subject the config gives a level before any file exists for it.
    const config = JSON.parse(readFileSync(join(dir, 'schemactl.config.json'), 'utf8'))
    config.subjects['payments-value'] = { compatibility: 'NONE' }
    writeFileSync(join(dir, 'schemactl.config.json'), JSON.stringify(config))

    const run = await migrate('--from', dir, '--to', target.url, '--no-preserve-ids')
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('20 migrated')
    const state = await registryState(target.url, ['payments-value'])
    const orders = state.versions.filter((l) => l.startsWith('orders-value '))
    expect(orders.map((l) => l.split(' ').slice(0, 2).join(' '))).toEqual(['orders-value v1', 'orders-value v2', 'orders-value v3'])
    for (const line of orders) expect(line).toContain('[{"name":"com.acme.common.Address","subject":"com.acme.common.Address","version":1}]')
    expect(state.versions.filter((l) => l.startsWith('com.acme.common.Address v1 id 1 '))).toHaveLength(1)
    // Each version holds its file's schema, oldest first.
    for (const subject of ['employee-value', 'orders-value', 'user-events-value']) {
      for (let v = 1; v <= 3; v++) {
        const line = state.versions.find((l) => l.startsWith(`${subject} v${v} `))!
        expect(JSON.parse(line.slice(line.indexOf('] ') + 2))).toEqual(JSON.parse(readFileSync(join(dir, subject, `${v}.avsc`), 'utf8')))
      }
    }
    expect(state.global).toEqual({ level: 'BACKWARD', mode: 'READWRITE' })
    expect(state.subjects).toEqual({ 'employee-value': { level: 'FULL_TRANSITIVE' }, 'payments-value': { level: 'NONE' } })

    const against = await check(dir, '--against', target.url)
    expect(against.code).toBe(0)
    const again = await migrate('--from', dir, '--to', target.url, '--no-preserve-ids')
    expect(again.code).toBe(0)
    expect(again.stdout).toContain('Nothing to do')
  })

  it('into a target with subject and context modes (READONLY, READWRITE; with and without versions there): each gets IMPORT for the copy and its own mode back', async () => {
    const [source, target] = await Promise.all([registry(), registry()])
    await seedSource(source.url)
    const t = clientFor(target.url)
    try {
      // The target already holds addr v1 and orders-value v1 as the source does (ids 2 and 3).
      await t.setMode(undefined, 'IMPORT')
      await t.register('addr', {
        schema: JSON.stringify({ type: 'record', name: 'Addr', namespace: 'x', fields: [{ name: 's', type: 'string' }] }),
        id: 2,
        version: 1,
      })
      await t.register('orders-value', { schema: avro('Order', 'a:x.Addr'), references: [{ name: 'x.Addr', subject: 'addr', version: 1 }], id: 3, version: 1 })
      await t.setMode(undefined, 'READWRITE')
      await t.setMode('orders-value', 'READONLY')
      await t.setMode('addr', 'READWRITE')
      await t.setMode(':.eu:', 'READWRITE')
      // Modes of subjects without versions on the target: no listing shows them, the first write they refuse does.
      await t.setMode(':.eu:payments-value', 'READONLY')
      await t.setMode('frozen-value', 'READWRITE')
    } finally {
      await t.close()
    }

    const run = await migrate('--from', source.url, '--to', target.url, '--include-deleted', '--json')
    expect(run.code).toBe(0)
    expect(run.json.result.status).toBe('done')
    expect(run.json.result.verify.differences).toEqual([])
    expect(run.json.result.skipped).toBe(2)
    const plan = run.stderr
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l))
      .find((e) => e.type === 'plan')
    expect(plan.modeChanges[0]).toMatch(/^IMPORT on the whole target \(now READWRITE\), and on 3 scopes with a mode of their own: /)
    for (const scope of [':.eu: (READWRITE)', 'addr (READWRITE)', 'orders-value (READONLY)']) expect(plan.modeChanges[0]).toContain(scope)
    const after = await registryState(target.url, [':.eu:'])
    expect(after.versions).toEqual((await registryState(source.url)).versions)
    expect(after.global).toEqual({ level: 'BACKWARD', mode: 'READWRITE' })
    expect(after.subjects).toEqual({
      ':.eu:': { mode: 'READWRITE' },
      ':.eu:payments-value': { mode: 'READONLY' },
      addr: { level: 'FULL', mode: 'READWRITE' },
      'frozen-value': { mode: 'READONLY' }, // copied from the source: the source's mode wins
      'orders-value': { mode: 'READONLY' },
    })
  })

  it('without id preservation into READONLY subjects with levels of their own: READWRITE and NONE for the copy, then the mode and the level back', async () => {
    const [source, target] = await Promise.all([registry(), registry()])
    await seedSource(source.url)
    const t = clientFor(target.url)
    try {
      await t.setConfig('orders-value', { compatibility: 'FULL' })
      await t.setMode('orders-value', 'READONLY')
      await t.setMode(undefined, 'READONLY')
    } finally {
      await t.close()
    }
    const run = await migrate('--from', source.url, '--to', target.url, '--no-preserve-ids', '--include-deleted')
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    const after = await registryState(target.url)
    expect(after.versions.filter((l) => l.startsWith('orders-value ')).map((l) => l.split(' ').slice(0, 2).join(' '))).toEqual([
      'orders-value v1',
      'orders-value v2',
      'orders-value v3',
    ])
    expect(after.subjects['orders-value']).toEqual({ level: 'FULL', mode: 'READONLY' })
    expect(after.global).toEqual({ level: 'BACKWARD', mode: 'READONLY' })
  })

  it('into a target whose history diverges: refused before any write, naming each subject and what differs, the target unchanged byte for byte; --force-append appends with a warning', async () => {
    const target = await registry({ durable: true })
    const dir = join(work.dir, 'schemas')
    cpSync(EXAMPLE, dir, { recursive: true })
    // The registry already holds user-events-value's newest schema, as v1.
    const t = clientFor(target.url)
    try {
      await t.register('user-events-value', { schema: readFileSync(join(dir, 'user-events-value', '3.avsc'), 'utf8') })
    } finally {
      await t.close()
    }
    const before = folderBytes(target.data!)
    const stateBefore = await registryState(target.url)

    const refused = await migrate('--from', dir, '--to', target.url, '--no-preserve-ids')
    expect(refused.code).toBe(1)
    expect(refused.stdout).toContain('1 conflict(s); nothing was written:')
    expect(refused.stdout).toContain(
      "user-events-value version 1: the target's history of user-events-value is not a prefix of the source's: target version 1 holds the source's version 3",
    )
    expect(refused.stdout).toContain('--force-append')
    expect(folderBytes(target.data!)).toEqual(before)
    expect(await registryState(target.url)).toEqual(stateBefore)

    const forced = await migrate('--from', dir, '--to', target.url, '--no-preserve-ids', '--force-append')
    expect(forced.code).toBe(0)
    expect(forced.stdout).toContain('WARNING (--force-append): 1 subject')
    expect(forced.stderr).toContain('Warning: --force-append')
    const events = (await registryState(target.url)).versions.filter((l) => l.startsWith('user-events-value '))
    expect(events.map((l) => l.split(' ').slice(0, 2).join(' '))).toEqual(['user-events-value v1', 'user-events-value v2', 'user-events-value v3'])
    expect(events[1]).toContain(JSON.stringify(JSON.parse(readFileSync(join(dir, 'user-events-value', '1.avsc'), 'utf8'))))
  })

  it('with ids preserved, a target holding a version the source lacks in a subject to copy is refused before any write', async () => {
    const [source, target] = await Promise.all([registry(), registry({ durable: true })])
    await seedSource(source.url)
    const t = clientFor(target.url)
    try {
      await t.setMode(undefined, 'IMPORT')
      await t.register('orders-value', { schema: avro('Later', 'z:string'), id: 50, version: 5 })
      await t.setMode(undefined, 'READWRITE')
    } finally {
      await t.close()
    }
    const before = folderBytes(target.data!)
    const refused = await migrate('--from', source.url, '--to', target.url)
    expect(refused.code).toBe(1)
    expect(refused.stdout).toContain(
      "orders-value version 1 (id 3): the target's history of orders-value is not a prefix of the source's: it holds version 5 (id 50), which the source does not have",
    )
    expect(folderBytes(target.data!)).toEqual(before)
  })

  it('export with hard-deleted and left-out soft-deleted versions: the gaps are recorded and check passes; any other gap is still refused', async () => {
    const source = await registry()
    await seedRich(source.url)
    const dir = join(work.dir, 'export')
    const exported = await migrate('--from', source.url, '--to', dir)
    expect(exported.code).toBe(0)
    const metadata = JSON.parse(readFileSync(join(dir, 'schemactl-export.json'), 'utf8'))
    expect(metadata.subjects['gone-value'].gaps).toEqual([2])
    expect(metadata.subjects['orders-value'].gaps).toEqual([2]) // soft-deleted, not exported
    expect(metadata.subjects['retired-value']).toEqual({ compatibilityLevel: 'FORWARD', versions: {} })
    const checked = await check(dir)
    expect(checked.stderr).toBe('')
    expect(checked.code).toBe(0)

    // A version missing without being recorded is a gap check still reports.
    rmSync(join(dir, 'gone-value', '1.avsc'))
    const broken = await check(dir)
    expect(broken.code).not.toBe(0)
    expect(broken.stdout + broken.stderr).toMatch(/version 1 missing/)
  })
})

describe('migrate scenario: the target killed mid-run', () => {
  let target: SpawnedRegistry | undefined
  afterEach(async () => {
    if (target && target.child.exitCode === null && target.child.signalCode === null) {
      target.child.kill('SIGTERM')
      await target.exited
    }
  })

  it('SIGKILL of the target mid-migrate, restart, re-run: completes, verification passes, subject modes and levels as they should be', async () => {
    const source = await registry()
    const c = clientFor(source.url)
    try {
      await Promise.all(
        Array.from({ length: 80 }, async (_, s) => {
          for (let v = 1; v <= 4; v++) await c.register(`s${s}-value`, { schema: avro(`R${s}`, ...Array.from({ length: v }, (_, f) => `f${f}:int`)) })
        }),
      )
      await c.setConfig('s1-value', { compatibility: 'FULL' })
      await c.setMode('s2-value', 'READONLY')
    } finally {
      await c.close()
    }
    const data = join(work.dir, 'target-data')
    const journal = join(work.dir, 'journal.jsonl')
    target = await spawnRegistry(['--data', data])
    const t = clientFor(target.url)
    try {
      await t.setMode('s3-value', 'READONLY') // a subject mode of the target's own, to be restored
    } finally {
      await t.close()
    }
    const args = ['--from', source.url, '--to', target.url, '--journal', journal, '--concurrency', '2', '--timeout', '2000']
    const first = await runBin(args, () => void journalReaches(journal, 60).then(() => target!.child.kill('SIGKILL')))
    expect(first.code).toBe(4)
    expect(first.stderr).toContain('Re-run the same command to continue')
    await target.exited

    target = await spawnRegistry(['--data', data])
    const left = await registryState(target.url)
    expect(left.global.mode).toBe('IMPORT') // left on by the killed run
    expect(left.subjects['s3-value']).toEqual({ mode: 'IMPORT' })
    const second = await runBin(['--from', source.url, '--to', target.url, '--journal', journal])
    expect(second.stderr).toBe('')
    expect(second.code).toBe(0)
    expect(second.stdout).toMatch(/verified: 320 versions and \d+ settings/)
    const after = await registryState(target.url)
    const expected = await registryState(source.url)
    expect(after.versions).toEqual(expected.versions)
    expect(after.global).toEqual(expected.global)
    expect(after.subjects).toEqual({ ...expected.subjects, 's3-value': { mode: 'READONLY' } })
  }, 120_000)
})

/** Runs `bin/run.js migrate …args` in the work folder; `onStart` runs once it started. */
function runBin(args: string[], onStart?: () => void): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [BIN, 'migrate', ...args], {
    cwd: work.dir,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1', XDG_STATE_HOME: work.dir },
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
  onStart?.()
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })))
}

/** Resolves once the journal holds at least `n` completed versions. */
async function journalReaches(file: string, n: number): Promise<void> {
  for (;;) {
    const lines = existsSync(file)
      ? readFileSync(file, 'utf8')
          .split('\n')
          .filter((l) => l.includes('"type":"version"')).length
      : 0
    if (lines >= n) return
    await new Promise((r) => setTimeout(r, 10))
  }
}
