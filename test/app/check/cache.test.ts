import { spawn } from 'node:child_process'
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { checkWorkspace, type CheckOptions } from '../../../src/app/check/workspace.js'
import type { CheckCacheOptions } from '../../../src/app/check/cache.js'
import type { CompatibilityLevel } from '../../../src/engine/index.js'
import { record, temporaryWorkspaces, type Tree } from '../../workspace/make-workspace.js'

// Every labelled conformance case (Avro, JSON Schema, Protobuf) is checked through checkWorkspace
// three times: without a cache, with an empty cache (cold) and with the cache the cold run filled
// (warm). The cache may only ever save work: the three reports must be the same.
const conformance = fileURLToPath(new URL('../../../../shared/conformance/', import.meta.url))
const folder = temporaryWorkspaces()
const caches: string[] = []
afterAll(() => caches.splice(0).forEach((c) => rmSync(c, { recursive: true, force: true })))

function cacheFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'schemactl-cache-'))
  caches.push(dir)
  return dir
}

function jsonl(file: string): Array<Record<string, unknown>> {
  return readFileSync(join(conformance, file), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>)
}

/** An Avro case's schema as file text: a plain string is a type name, else schema text or JSON. */
function avroText(schema: unknown): string {
  if (typeof schema === 'string') return /^\s*[{["]/.test(schema) ? schema : JSON.stringify(schema)
  return JSON.stringify(schema, null, 2)
}

const name = (i: number) => `case-${String(i).padStart(4, '0')}-value`

/** Runs check without a cache, cold and warm; expects the same report each time and returns the warm run's cache log. */
async function coldAndWarm(options: CheckOptions): Promise<{ reused: number; asked: number; stored: number }> {
  const plain = await checkWorkspace(options)
  const logs: string[] = []
  const cache: CheckCacheOptions = { folder: cacheFolder(), version: 'test', log: (m) => logs.push(m) }
  const cold = await checkWorkspace({ ...options, cache })
  const warm = await checkWorkspace({ ...options, cache })
  expect(cold).toEqual(plain)
  expect(warm).toEqual(plain)
  const counts = logs.map((l) => /: (\d+) of (\d+) subjects' verdicts reused, (\d+) stored/.exec(l)).filter((m) => m !== null)
  expect(counts).toHaveLength(2)
  const [, coldReused, , coldStored] = (counts[0] as RegExpExecArray).map(Number)
  const [, reused, asked, stored] = (counts[1] as RegExpExecArray).map(Number)
  expect(coldReused).toBe(0)
  // Every verdict the cold run stored is reused, and nothing new is stored.
  expect(reused).toBe(coldStored)
  expect(stored).toBe(0)
  return { reused, asked, stored: coldStored }
}

describe('check cache: every conformance case cold and warm gives the same verdicts', () => {
  it('is present beside the clone', () => {
    expect(existsSync(conformance), `missing ${conformance}: clone the repository with shared/ beside it`).toBe(true)
  })

  it('Avro reader/writer pairs (public and invalid), at BACKWARD', async () => {
    const cases = [...jsonl('avro-compat/public.jsonl'), ...jsonl('avro-compat/invalid.jsonl'), ...jsonl('avro-realworld/invalid.jsonl')]
    const tree: Tree = {}
    cases.forEach((c, i) => {
      tree[`${name(i)}/1.avsc`] = avroText(c.writer)
      tree[`${name(i)}/2.avsc`] = avroText(c.reader)
    })
    const { reused, asked } = await coldAndWarm({ dir: folder(tree), level: 'BACKWARD' })
    expect(asked).toBe(cases.length)
    // Pairs naming a type defined nowhere use a name outside their file: never cached, still the same.
    expect(reused).toBeGreaterThan(cases.length * 0.9)
  }, 120_000)

  it('Avro registry levels: each case its own subject at its level', async () => {
    const cases = jsonl('avro-compat/levels.jsonl')
    const tree: Tree = {}
    const subjects: Record<string, { compatibility: string }> = {}
    cases.forEach((c, i) => {
      const versions = [...(c.previous as unknown[]), c.new]
      versions.forEach((schema, v) => (tree[`${name(i)}/${v + 1}.avsc`] = avroText(schema)))
      subjects[name(i)] = { compatibility: c.level as string }
    })
    tree['schemactl.config.json'] = { subjects }
    const { reused } = await coldAndWarm({ dir: folder(tree) })
    expect(reused).toBe(cases.length)
  }, 60_000)

  it.each(['BACKWARD', 'FULL_TRANSITIVE'] as CompatibilityLevel[])(
    'the real-world Avro workspace at %s',
    async (level) => {
      const { reused } = await coldAndWarm({ dir: join(conformance, 'avro-realworld/workspace'), level })
      expect(reused).toBe(200)
    },
    120_000,
  )

  it.each(['STRICT', 'LENIENT'])(
    'JSON Schema pairs, %s, at BACKWARD and FORWARD',
    async (policy) => {
      const cases = jsonl('jsonschema-compat/public.jsonl')
      const tree: Tree = {}
      cases.forEach((c, i) => {
        tree[`${name(i)}/1.json`] = c.original_schema as object
        tree[`${name(i)}/2.json`] = c.update_schema as object
      })
      tree['schemactl.config.json'] = { compatibilityPolicy: policy, subjects: { '*': { schemaType: 'JSON' } } }
      const dir = folder(tree)
      for (const level of ['BACKWARD', 'FORWARD'] as CompatibilityLevel[]) {
        const { reused } = await coldAndWarm({ dir, level })
        // A `$ref` to another file makes a subject depend on more than its own files: only those are checked afresh.
        expect(reused).toBeGreaterThan(cases.length * 0.8)
      }
    },
    120_000,
  )

  it('Protobuf pairs, at BACKWARD and FULL', async () => {
    const cases = jsonl('protobuf-compat/public.jsonl')
    const tree: Tree = {}
    cases.forEach((c, i) => {
      tree[`${name(i)}/1.proto`] = c.original_schema as string
      tree[`${name(i)}/2.proto`] = c.update_schema as string
    })
    const dir = folder(tree)
    for (const level of ['BACKWARD', 'FULL'] as CompatibilityLevel[]) {
      const { reused } = await coldAndWarm({ dir, level })
      expect(reused).toBeGreaterThan(cases.length * 0.8)
    }
  }, 60_000)
})

describe('check cache: what it may and may not reuse', () => {
  const v1 = record('User', [{ name: 'id', type: 'string' }])
  const v2 = record('User', [
    { name: 'id', type: 'string' },
    { name: 'age', type: 'int' },
  ])

  it('a changed file, level or contract config is a new key, never the old verdict', async () => {
    const dir = folder({ 'users-value/1.avsc': v1, 'users-value/2.avsc': v1 })
    const cache = { folder: cacheFolder(), version: 'test' }
    expect((await checkWorkspace({ dir, cache })).report.subjects[0].verdict).toBe('compatible')
    writeFileSync(join(dir, 'users-value/2.avsc'), JSON.stringify(v2))
    expect((await checkWorkspace({ dir, cache })).report.subjects[0].verdict).toBe('incompatible')
    expect((await checkWorkspace({ dir, cache, level: 'FORWARD' })).report.subjects[0].verdict).toBe('compatible')
    expect((await checkWorkspace({ dir, cache, level: 'NONE' })).report.subjects[0].level).toBe('NONE')
  })

  it('a subject using a type another subject defines is checked afresh when that subject changes', async () => {
    const address = record('com.acme.Address', [{ name: 'city', type: 'string' }])
    const user = (type: string) => record('com.acme.User', [{ name: 'home', type }])
    const dir = folder({ 'address-value/1.avsc': address, 'user-value/1.avsc': user('com.acme.Address'), 'user-value/2.avsc': user('com.acme.Address') })
    const cache = { folder: cacheFolder(), version: 'test' }
    expect((await checkWorkspace({ dir, cache })).report.summary.invalid).toBe(0)
    writeFileSync(join(dir, 'address-value/1.avsc'), JSON.stringify({ type: 'record', name: 'com.acme.Address', fields: [{ name: 'city', type: 'nope' }] }))
    const { report } = await checkWorkspace({ dir, cache })
    expect(report.subjects.find((s) => s.subject === 'user-value')?.verdict).toBe('invalid')
  })

  it('a file rewritten with the same size and modification time is read again: its change time moved', async () => {
    const same = (n: number) =>
      JSON.stringify(
        record('User', [
          { name: 'id', type: 'string' },
          { name: 'x', type: 'int', default: n },
        ]),
      )
    const dir = folder({ 'users-value/1.avsc': v1, 'users-value/2.avsc': same(1) })
    const file = join(dir, 'users-value/2.avsc')
    const past = new Date(Date.now() - 60_000)
    utimesSync(file, past, past)
    // Files changed in the last 3 s are always read; wait until these are settled, so the cache knows them by status.
    await new Promise((resolve) => setTimeout(resolve, 3200))
    const logs: string[] = []
    const cache = { folder: cacheFolder(), version: 'test', log: (m: string) => logs.push(m) }
    expect((await checkWorkspace({ dir, cache })).report.exitCode).toBe(0)
    // One record, found by the files' bytes and by their status (and under the key of the rest, its head).
    expect(packRecords(cache.folder).map((r) => r.split('\t')[1].split(',').length)).toEqual([3])
    await checkWorkspace({ dir, cache })
    expect(logs[1]).toMatch(/1 of 1 subjects' verdicts reused/)
    // Same length, same modification time, another schema: "x" becomes a string with an int default (invalid).
    writeFileSync(file, same(1).replace('"int"', '"str"'))
    utimesSync(file, past, past)
    const { report } = await checkWorkspace({ dir, cache })
    expect(report.subjects[0].verdict).toBe('invalid')
    expect(report).toEqual((await checkWorkspace({ dir })).report)
  }, 30_000)

  it('a corrupted, truncated or misplaced record does not change a verdict, and is rewritten', async () => {
    const dir = folder({ 'users-value/1.avsc': v1, 'users-value/2.avsc': v2, 'orders-value/1.avsc': v1 })
    const cache = { folder: cacheFolder(), version: 'test' }
    const first = await checkWorkspace({ dir, cache })
    const [pack] = packFiles(cache.folder)
    const [header, a, b] = readFileSync(pack, 'utf8').split('\n')
    expect(packRecords(cache.folder)).toEqual([a, b])
    // Flip the stored verdict of one record (its checksum no longer matches), truncate the other.
    const flipped = a.replace(/"verdict":"(\w+)"/, (_, v: string) => `"verdict":"${v === 'compatible' ? 'incompatible' : 'compatible'}"`)
    expect(flipped).not.toBe(a)
    writeFileSync(pack, [header, flipped, b.slice(0, 80)].join('\n'))
    expect(await checkWorkspace({ dir, cache })).toEqual(first)
    // Both were rewritten whole: the next run reuses them.
    const logs: string[] = []
    expect(await checkWorkspace({ dir, cache: { ...cache, log: (m) => logs.push(m) } })).toEqual(first)
    expect(logs.join('\n')).toMatch(/2 of 2 subjects' verdicts reused/)
    expect(packRecords(cache.folder)).toHaveLength(2)
    // A record put under another subject's keys is not trusted either, nor is half a pack.
    const [x, y] = packRecords(cache.folder)
    const [sum, , ...rest] = x.split('\t')
    writeFileSync(pack, [header, [sum, y.split('\t')[1], ...rest].join('\t'), y].join('\n'))
    expect(await checkWorkspace({ dir, cache })).toEqual(first)
    const whole = readFileSync(pack)
    writeFileSync(pack, whole.subarray(0, Math.floor(whole.length / 2)))
    expect(await checkWorkspace({ dir, cache })).toEqual(first)
  })

  it('keeps the verdicts of subjects a --subject run left out, and drops those of subjects gone from the workspace', async () => {
    const dir = folder({ 'users-value/1.avsc': v1, 'users-value/2.avsc': v1, 'orders-value/1.avsc': v1, 'items-value/1.avsc': v1 })
    const logs: string[] = []
    const cache = { folder: cacheFolder(), version: 'test', log: (m: string) => logs.push(m) }
    await checkWorkspace({ dir, cache })
    writeFileSync(join(dir, 'users-value/2.avsc'), JSON.stringify(v2))
    expect((await checkWorkspace({ dir, cache, subjects: ['users-value'] })).report.subjects[0].verdict).toBe('incompatible')
    const owners = () => packRecords(cache.folder).map((r) => JSON.parse(r.split('\t')[2]) as string)
    // The users-value record of each content (the newest first), and the others as they were.
    expect(owners()).toEqual(['items-value', 'orders-value', 'users-value', 'users-value'])
    rmSync(join(dir, 'items-value'), { recursive: true })
    writeFileSync(join(dir, 'orders-value/1.avsc'), JSON.stringify(v2))
    const { report } = await checkWorkspace({ dir, cache })
    expect(report).toEqual((await checkWorkspace({ dir })).report)
    expect(logs.at(-1)).toMatch(/1 of 2 subjects' verdicts reused, 1 stored/)
    expect(owners()).toEqual(['orders-value', 'orders-value', 'users-value', 'users-value'])
  })

  // Root writes anywhere, so a read-only folder shows nothing there (the next test covers a folder that cannot be made).
  it.skipIf(process.getuid?.() === 0)('a read-only cache folder degrades to no cache, said once', async () => {
    const dir = folder({ 'users-value/1.avsc': v1, 'orders-value/1.avsc': v1 })
    const root = cacheFolder()
    chmodSync(root, 0o500)
    const logs: string[] = []
    const result = await checkWorkspace({ dir, cache: { folder: root, version: 'test', log: (m) => logs.push(m) } })
    chmodSync(root, 0o700)
    expect(result.report.exitCode).toBe(0)
    expect(logs.filter((l) => l.includes('cannot be written'))).toHaveLength(1)
  })

  it('a cache path that is a file degrades to no cache, said once', async () => {
    const dir = folder({ 'users-value/1.avsc': v1, 'orders-value/1.avsc': v1 })
    const root = join(cacheFolder(), 'not-a-folder')
    writeFileSync(root, '')
    const logs: string[] = []
    const result = await checkWorkspace({ dir, cache: { folder: root, version: 'test', log: (m) => logs.push(m) } })
    expect(result.report.exitCode).toBe(0)
    expect(logs.filter((l) => l.includes('cannot be written'))).toHaveLength(1)
  })

  it('prunes the least recently used packs past its limit, never the one it wrote', async () => {
    const cache = { folder: cacheFolder(), version: 'test', maxBytes: 2500 }
    const workspaces = [0, 1, 2].map((w) => {
      const tree: Tree = {}
      for (let i = 0; i < 3; i++) tree[`${name(i)}/1.avsc`] = record(`R${w}x${i}`, [{ name: 'id', type: 'string' }])
      return folder(tree)
    })
    for (const [i, dir] of workspaces.entries()) {
      await checkWorkspace({ dir, cache })
      // Each pack older than the next, so the order of use is clear whatever the clock's resolution.
      for (const pack of packFiles(cache.folder))
        if (statSync(pack).mtimeMs > Date.now() - 1000) utimesSync(pack, new Date(Date.now() - (3 - i) * 60_000), new Date(Date.now() - (3 - i) * 60_000))
    }
    const packs = packFiles(cache.folder)
    const sizes = packs.map((f) => statSync(f).size)
    expect(Math.min(...sizes)).toBeGreaterThan(2500 / 4)
    expect(packs.length).toBeLessThan(3)
    expect(sizes.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(2500)
    // The last workspace's pack is kept: its run is warm.
    const logs: string[] = []
    await checkWorkspace({ dir: workspaces[2], cache: { ...cache, log: (m) => logs.push(m) } })
    expect(logs.join('\n')).toMatch(/3 of 3 subjects' verdicts reused/)
  })
})

describe('check cache: the command', () => {
  const bin = fileURLToPath(new URL('../../../bin/run.js', import.meta.url))
  const run = (args: string[], env: Record<string, string>) =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [bin, ...args], { env: { ...process.env, ...env } })
      let stdout = ''
      let stderr = ''
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
      child.on('close', (code) => resolve({ code, stdout, stderr }))
    })
  const reuse = (stderr: string) =>
    /(\d+) of (\d+) subjects' verdicts reused, (\d+) stored \((\d+) known by their files' status alone\)/.exec(stderr)?.slice(1).map(Number)

  it('on worker threads: misses are checked there and stored here; known subjects are found by status, touched ones by content', async () => {
    const tree: Tree = {}
    for (let i = 0; i < 40; i++) {
      tree[`${name(i)}/1.avsc`] = record(`R${i}`, [{ name: 'id', type: 'string' }])
      tree[`${name(i)}/2.avsc`] = record(`R${i}`, [
        { name: 'id', type: 'string' },
        { name: 'n', type: 'int', ...(i % 5 === 0 ? {} : { default: 0 }) },
      ])
    }
    const dir = folder(tree)
    const env = { SCHEMACTL_CACHE_DIR: cacheFolder() }
    const args = ['check', dir, '--json', '--jobs', '2', '--debug']
    const plain = await run([...args, '--no-cache'], env)
    // Files changed in the last 3 s are known by content only: wait until they are settled.
    await new Promise((resolve) => setTimeout(resolve, 3200))
    const cold = await run(args, env)
    expect(cold.stdout).toBe(plain.stdout)
    expect(reuse(cold.stderr)).toEqual([0, 40, 40, 0])
    const warm = await run(args, env)
    expect(warm.stdout).toBe(plain.stdout)
    expect(reuse(warm.stderr)).toEqual([40, 40, 0, 40])
    // Touched (a checkout rewrites files as they were): their status changed, their bytes did not.
    const past = new Date(Date.now() - 3_600_000)
    for (const file of Object.keys(tree).slice(0, 20)) utimesSync(join(dir, file), past, past)
    await new Promise((resolve) => setTimeout(resolve, 3200))
    const touched = await run(args, env)
    expect(touched.stdout).toBe(plain.stdout)
    expect(reuse(touched.stderr)).toEqual([40, 40, 0, 30])
    // What the workers found by content went into the pack under the new status: the next run knows every subject by status.
    const again = await run(args, env)
    expect(again.stdout).toBe(plain.stdout)
    expect(reuse(again.stderr)).toEqual([40, 40, 0, 40])
  }, 60_000)

  it('two processes on one cache folder both succeed with the same output, as does a warm run', async () => {
    const tree: Tree = {}
    for (let i = 0; i < 200; i++) {
      tree[`${name(i)}/1.avsc`] = record(`R${i}`, [{ name: 'id', type: 'string' }])
      tree[`${name(i)}/2.avsc`] = record(`R${i}`, [
        { name: 'id', type: 'string' },
        { name: 'n', type: 'int', ...(i % 7 === 0 ? {} : { default: 0 }) },
      ])
    }
    const dir = folder(tree)
    const env = { SCHEMACTL_CACHE_DIR: cacheFolder() }
    const [a, b] = await Promise.all([run(['check', dir, '--json'], env), run(['check', dir, '--json'], env)])
    expect(a.code).toBe(1)
    expect(b.code).toBe(1)
    expect(b.stdout).toBe(a.stdout)
    // One record per subject (whichever process saved last), whole.
    expect(packRecords(env.SCHEMACTL_CACHE_DIR)).toHaveLength(200)
    expect(readdirSync(env.SCHEMACTL_CACHE_DIR, { recursive: true }).filter((f) => String(f).endsWith('.tmp'))).toEqual([])
    const warm = await run(['check', dir, '--json'], env)
    expect(warm.stdout).toBe(a.stdout)
  }, 60_000)

  it('--no-cache neither reads nor writes the cache', async () => {
    const dir = folder({ 'users-value/1.avsc': v1Text(), 'users-value/2.avsc': v1Text() })
    const env = { SCHEMACTL_CACHE_DIR: join(cacheFolder(), 'cache') }
    const result = await run(['check', dir, '--no-cache', '--json'], env)
    expect(result.code).toBe(0)
    expect(existsSync(env.SCHEMACTL_CACHE_DIR)).toBe(false)
    const cached = await run(['check', dir, '--json'], env)
    expect(cached.stdout).toBe(result.stdout)
    expect(packRecords(env.SCHEMACTL_CACHE_DIR).length).toBe(1)
  }, 30_000)
})

function v1Text(): string {
  return JSON.stringify(record('User', [{ name: 'id', type: 'string' }]))
}

/** The pack files of a cache folder (`check-v2/<name>.pack`, one per workspace). */
function packFiles(root: string): string[] {
  const store = readdirSync(root).find((d) => d.startsWith('check-v'))
  if (store === undefined) return []
  return readdirSync(join(root, store))
    .filter((f) => f.endsWith('.pack'))
    .map((f) => join(root, store, f))
}

/** The record lines of a cache folder's packs (`<sum>\t<keys>\t<subject>\t<value>`). */
function packRecords(root: string): string[] {
  return packFiles(root).flatMap((pack) =>
    readFileSync(pack, 'utf8')
      .split('\n')
      .slice(1)
      .filter((l) => l !== ''),
  )
}
