/**
 * Faults of `schemactl migrate` as a real process (needs `npm run build`): the target killed with
 * SIGKILL mid-run and restarted, and Ctrl-C (SIGINT) mid-run.
 */
import { spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { useTestRegistry, makeTempDir, spawnRegistry, startTestRegistry, type SpawnedRegistry } from '../helpers/registry-server.js'
import { avro, clientFor, dumpRegistry } from '../app/migrate/fixtures.js'

const BIN = fileURLToPath(new URL('../../bin/run.js', import.meta.url))

const source = useTestRegistry({ per: 'test' })
let work: { dir: string; remove: () => void }
beforeEach(async () => {
  work = makeTempDir('schemactl-migrate-faults-')
  await seedMany(source.url, 200, 5)
})
afterEach(async () => {
  work.remove()
})

/** `subjects` subjects of `versions` compatible versions each. */
async function seedMany(url: string, subjects: number, versions: number): Promise<void> {
  const c = clientFor(url)
  try {
    await Promise.all(
      Array.from({ length: subjects }, async (_, s) => {
        for (let v = 1; v <= versions; v++) {
          await c.register(`s${s}-value`, { schema: avro(`R${s}`, ...Array.from({ length: v }, (_, f) => `f${f}:int`)) })
        }
      }),
    )
  } finally {
    await c.close()
  }
}

/** Runs `bin/run.js migrate …args` in the work folder; `onStart` gets the child. */
function runMigrate(
  args: string[],
  onStart?: (child: ReturnType<typeof spawn>) => void,
  env: Record<string, string> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [BIN, 'migrate', ...args], {
    cwd: work.dir,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1', XDG_STATE_HOME: work.dir, ...env },
  })
  let stdout = ''
  let stderr = ''
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()))
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()))
  onStart?.(child)
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

async function globalMode(url: string): Promise<string> {
  const c = clientFor(url)
  try {
    return (await c.getMode()).mode
  } finally {
    await c.close()
  }
}

describe('migrate faults', () => {
  let target: SpawnedRegistry | undefined
  afterEach(async () => {
    if (target && target.child.exitCode === null && target.child.signalCode === null) {
      target.child.kill('SIGTERM')
      await target.exited
    }
  })

  it('continues after the target was killed mid-migration and restarted: no duplicate or missing version, verification passes', async () => {
    const data = join(work.dir, 'target-data')
    const journal = join(work.dir, 'journal.jsonl')
    target = await spawnRegistry(['--data', data])
    const first = await runMigrate(['--from', source.url, '--to', target.url, '--journal', journal, '--concurrency', '4', '--timeout', '2000'], () => {
      void journalReaches(journal, 100).then(() => target!.child.kill('SIGKILL'))
    })
    expect(first.code).toBe(4)
    expect(first.stderr).toContain('Re-run the same command to continue')
    await target.exited

    target = await spawnRegistry(['--data', data])
    expect(await globalMode(target.url)).toBe('IMPORT') // left on by the killed run
    const second = await runMigrate(['--from', source.url, '--to', target.url, '--journal', journal])
    expect(second.stderr).toBe('')
    expect(second.code).toBe(0)
    expect(second.stdout).toMatch(/skipped as already present/)
    expect(second.stdout).toContain('verified: 1000 versions and 1 setting (levels, modes, config) identical on both sides')
    expect(await dumpRegistry(target.url)).toEqual(await dumpRegistry(source.url))
    expect(await globalMode(target.url)).toBe('READWRITE')
  }, 120_000)

  it('Ctrl-C mid-run restores the target mode, and the same command then completes', async () => {
    const sink = await startTestRegistry()
    try {
      const journal = join(work.dir, 'journal.jsonl')
      const args = ['--from', source.url, '--to', sink.url, '--journal', journal, '--concurrency', '1']
      const interrupted = await runMigrate(args, (child) => {
        void journalReaches(journal, 20).then(() => child.kill('SIGINT'))
      })
      expect(interrupted.code).toBe(130)
      expect(interrupted.stdout).toContain('Interrupted')
      expect(await globalMode(sink.url)).toBe('READWRITE')
      expect(readFileSync(journal, 'utf8')).toContain('"type":"restored"')
      const copied = (await dumpRegistry(sink.url)).length
      expect(copied).toBeGreaterThan(0)
      expect(copied).toBeLessThan(1000)

      const resumed = await runMigrate(args)
      expect(resumed.code).toBe(0)
      expect(resumed.stdout).toContain(`${copied} skipped as already present`)
      expect(await dumpRegistry(sink.url)).toEqual(await dumpRegistry(source.url))
    } finally {
      await sink.close()
    }
  }, 120_000)

  // SCHEMACTL_PROGRESS=tty renders the ink view as on a terminal: ink's signal-exit hook is then installed,
  // which used to kill the process on the first Ctrl-C (leaving IMPORT on) when migrate listened with `once`.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`${signal} during the ink view restores the target mode and reports the interruption`, async () => {
      const sink = await startTestRegistry()
      try {
        const journal = join(work.dir, 'journal.jsonl')
        const args = ['--from', source.url, '--to', sink.url, '--journal', journal, '--concurrency', '1']
        const interrupted = await runMigrate(args, (child) => void journalReaches(journal, 20).then(() => child.kill(signal)), { SCHEMACTL_PROGRESS: 'tty' })
        expect(interrupted.code).toBe(signal === 'SIGINT' ? 130 : 143)
        expect(interrupted.stdout).toContain('subjects') // the ink view drew
        expect(interrupted.stdout).toContain('Interrupted')
        expect(await globalMode(sink.url)).toBe('READWRITE')
        expect(readFileSync(journal, 'utf8')).toContain('"type":"restored"')
      } finally {
        await sink.close()
      }
    }, 120_000)
  }
})
