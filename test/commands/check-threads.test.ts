import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { threadCount, PARALLEL_MIN_VERSIONS } from '../../src/app/check/thread-count.js'
import type { SubjectLayout } from '../../src/workspace/layout.js'
import { runBinary } from '../helpers/run-binary.js'
import { record } from '../workspace/make-workspace.js'

// `check --jobs N` checks the subjects on N worker threads (src/app/check/threads.ts); through the
// real binary, since the workers run the built files (needs a build).
const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const made: string[] = []
afterAll(() => made.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })))

function temporaryFolder(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  made.push(dir)
  return dir
}

/**
 * schemas-example (Avro, JSON Schema and Protobuf; Avro subjects using com.acme.common.Address,
 * Protobuf subjects importing money.proto) plus subjects that fail in every way: an incompatible
 * Avro history that uses Address from another subject, an invalid file, a name no file defines,
 * an incompatible JSON Schema, and twenty plain subjects so the workers share the batches.
 */
function mixedWorkspace(): string {
  const dir = join(temporaryFolder('schemactl-threads-'), 'ws')
  cpSync(join(ROOT, 'schemas-example'), dir, { recursive: true })
  const write = (file: string, content: string | object) => {
    mkdirSync(join(dir, file, '..'), { recursive: true })
    writeFileSync(join(dir, file), typeof content === 'string' ? content : JSON.stringify(content, null, 2))
  }
  write(
    'shipments-value/1.avsc',
    record('Shipment', [
      { name: 'id', type: 'string' },
      { name: 'to', type: 'com.acme.common.Address' },
    ]),
  )
  write(
    'shipments-value/2.avsc',
    record('Shipment', [
      { name: 'id', type: 'string' },
      { name: 'to', type: 'com.acme.common.Address' },
      { name: 'weight', type: 'int' },
    ]),
  )
  write('broken-value/1.avsc', '{"type": "record", "name": "Broken", "fields": [{"name": "x", "type": "strin"}]}')
  write('dangling-value.avsc', record('Dangling', [{ name: 'who', type: 'com.acme.Nobody' }]))
  const person = (required: string[]) => ({
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object',
    properties: { id: { type: 'string' }, age: { type: 'integer' } },
    required,
    additionalProperties: false,
  })
  write('person-value/1.json', person(['id']))
  write('person-value/2.json', { ...person(['id']), properties: { id: { type: 'string' } } })
  for (let i = 0; i < 20; i++) {
    write(`plain-${String(i).padStart(2, '0')}-value/1.avsc`, record(`Plain${i}`, [{ name: 'id', type: 'string' }]))
    write(
      `plain-${String(i).padStart(2, '0')}-value/2.avsc`,
      record(`Plain${i}`, [
        { name: 'id', type: 'string' },
        { name: 'n', type: 'long', default: 0 },
      ]),
    )
  }
  return dir
}

describe('check on worker threads', () => {
  it('prints the same report, text and JSON, on 1, 2 and 3 threads, with references across subjects and all three schema types', async () => {
    const dir = mixedWorkspace()
    const runs = await Promise.all(
      ['1', '2', '3'].flatMap((jobs) => [runBinary(['check', dir, '--jobs', jobs]), runBinary(['check', dir, '--jobs', jobs, '--json'])]),
    )
    const [text1, json1] = runs
    // The report is not trivial: every kind of finding is in it.
    expect(text1.code).toBe(5)
    const summary = json1.json.result.summary
    expect(summary.subjects).toBe(32)
    expect(summary.invalid).toBe(2)
    expect(summary.incompatible).toBe(2)
    const verdicts = Object.fromEntries(json1.json.result.subjects.map((s: { subject: string; verdict: string }) => [s.subject, s.verdict]))
    expect(verdicts).toMatchObject({
      'shipments-value': 'incompatible',
      'person-value': 'incompatible',
      'broken-value': 'invalid',
      'dangling-value': 'invalid',
      'payments-value': 'compatible',
      'customer-value': 'compatible',
    })
    for (let i = 2; i < runs.length; i += 2) {
      expect(runs[i].stdout).toBe(text1.stdout)
      expect(runs[i].stderr).toBe(text1.stderr)
      expect(runs[i].code).toBe(5)
      expect(runs[i + 1].stdout).toBe(json1.stdout)
      expect(runs[i + 1].code).toBe(5)
    }
  }, 180_000)

  it('takes the thread count from SCHEMACTL_JOBS, and refuses a count below 1', async () => {
    const dir = mixedWorkspace()
    const [one, fromEnv, zero] = await Promise.all([
      runBinary(['check', dir, '--json'], { env: { SCHEMACTL_JOBS: '1' } }),
      runBinary(['check', dir, '--json'], { env: { SCHEMACTL_JOBS: '2' } }),
      runBinary(['check', dir, '--jobs', '0']),
    ])
    expect(fromEnv.stdout).toBe(one.stdout)
    expect(one.json.result.summary.subjects).toBe(32)
    expect(zero.code).toBe(2)
    expect(zero.stderr).toMatch(/--jobs/)
  }, 180_000)

  it('reports a worker that crashes, exits early or cannot start as exit 10 with one line, and does not hang', async () => {
    const dir = mixedWorkspace()
    // A copy of the install whose worker module is replaced by one that fails.
    const install = temporaryFolder('schemactl-install-')
    cpSync(join(ROOT, 'dist'), join(install, 'dist'), { recursive: true })
    cpSync(join(ROOT, 'bin'), join(install, 'bin'), { recursive: true })
    for (const shared of ['package.json', 'oclif.manifest.json', 'node_modules']) symlinkSync(join(ROOT, shared), join(install, shared))
    const worker = join(install, 'dist/app/check/worker.js')
    const cases = [
      { code: "throw new Error('worker exploded')", message: /^Error: a check worker thread failed: worker exploded$/ },
      { code: 'process.exit(3)', message: /^Error: a check worker thread stopped \(exit code 3\) before it finished its subjects$/ },
      // Fails once it is given work, while the main thread is checking subjects too.
      {
        code: "import { parentPort } from 'node:worker_threads'\nparentPort.once('message', () => { throw new Error('worker exploded at work') })",
        message: /^Error: a check worker thread failed: worker exploded at work$/,
      },
    ]
    for (const { code, message } of cases) {
      writeFileSync(worker, code)
      const started = await runInstall(install, ['check', dir, '--jobs', '2'])
      expect(started.code).toBe(10)
      const lines = started.stderr.trimEnd().split('\n')
      expect(lines[0]).toMatch(message)
      expect(started.stderr).not.toMatch(/^\s+at /m)
      expect(started.stdout).toBe('')
      // One thread does not start a worker at all.
      const single = await runInstall(install, ['check', dir, '--jobs', '1'])
      expect(single.code).toBe(5)
    }
    rmSync(worker)
    const missing = await runInstall(install, ['check', dir, '--jobs', '2', '--json'])
    expect(missing.code).toBe(10)
    expect(missing.json.error.code).toBe('INTERNAL')
    expect(missing.json.error.message).toMatch(/^a check worker thread failed: .*check\/worker\.js/)
  }, 180_000)
})

describe('the verdict cache on threads', () => {
  it('stores the same entries from 2 threads as from 1, and a warm run on 2 threads prints the same report', async () => {
    const dir = mixedWorkspace()
    // Enough subjects that the worker takes batches of them while the main thread checks others.
    for (let i = 0; i < 300; i++) {
      const name = `bulk-${String(i).padStart(3, '0')}-value`
      mkdirSync(join(dir, name))
      writeFileSync(join(dir, name, '1.avsc'), JSON.stringify(record(`Bulk${i}`, [{ name: 'id', type: 'string' }])))
      writeFileSync(
        join(dir, name, '2.avsc'),
        JSON.stringify(
          record(`Bulk${i}`, [
            { name: 'id', type: 'string' },
            { name: 'n', type: 'int', default: 0 },
          ]),
        ),
      )
    }
    // Files changed in the last seconds are not keyed by their status (src/app/check/cache.ts): both runs must see them settled.
    await new Promise((resolve) => setTimeout(resolve, 3500))
    const one = temporaryFolder('schemactl-cache-1-')
    const two = temporaryFolder('schemactl-cache-2-')
    const cold1 = await runBinary(['check', dir, '--jobs', '1', '--json'], { env: { SCHEMACTL_CACHE_DIR: one, SCHEMACTL_NO_CACHE: undefined } })
    const cold2 = await runBinary(['check', dir, '--jobs', '2', '--json'], { env: { SCHEMACTL_CACHE_DIR: two, SCHEMACTL_NO_CACHE: undefined } })
    expect(cold1.json.result.summary.subjects).toBe(332)
    expect(cold2.stdout).toBe(cold1.stdout)
    // One record per subject in the workspace's pack (src/workspace/pack-store.ts): the same records mean every thread that checked a subject handed its keys back.
    const entries = (folder: string) =>
      readdirSync(folder, { recursive: true })
        .map(String)
        .filter((f) => f.endsWith('.pack'))
        .flatMap((f) => readFileSync(join(folder, f), 'utf8').split('\n').slice(1).filter(Boolean))
        .sort()
    expect(entries(one).length).toBeGreaterThanOrEqual(300)
    expect(entries(two)).toEqual(entries(one))
    const warm = await runBinary(['check', dir, '--jobs', '2', '--json'], { env: { SCHEMACTL_CACHE_DIR: two, SCHEMACTL_NO_CACHE: undefined } })
    expect(warm.stdout).toBe(cold1.stdout)
  }, 180_000)
})

describe('threadCount', () => {
  const subjects = (count: number, versions: number): SubjectLayout[] =>
    Array.from({ length: count }, (_, i) => ({
      subject: `s${i}`,
      layout: 'folder',
      entry: `s${i}`,
      versions: Array.from({ length: versions }, (_, v) => ({ version: v + 1, file: `s${i}/${v + 1}.avsc` })),
      problems: [],
    }))

  it('uses one thread below PARALLEL_MIN_VERSIONS unless told otherwise, and never more threads than subjects', () => {
    expect(threadCount(undefined, subjects(10, 10))).toBe(1)
    expect(threadCount(undefined, subjects(PARALLEL_MIN_VERSIONS / 10, 10))).toBeGreaterThanOrEqual(1)
    expect(threadCount(4, subjects(3, 1))).toBe(3)
    expect(threadCount(2, subjects(10, 1))).toBe(2)
    expect(threadCount(1, subjects(PARALLEL_MIN_VERSIONS, 10))).toBe(1)
  })
})

/** Runs the binary of another install (a copy of this one), like runBinary. */
async function runInstall(install: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string; json?: any }> {
  const { execFile } = await import('node:child_process')
  return new Promise((resolve) => {
    execFile(process.execPath, [join(install, 'bin/run.js'), ...args], { env: { ...process.env, NO_COLOR: '1' }, timeout: 60_000 }, (err, stdout, stderr) => {
      let json
      try {
        json = JSON.parse(stdout)
      } catch {
        json = undefined
      }
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr, json })
    })
  })
}
