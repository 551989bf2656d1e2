import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { makeTempDir, spawnRegistry, type SpawnedRegistry } from '../helpers/registry-server.js'
import { client, record } from './http.js'

// These tests run the real binary (bin/run.js → dist/): `npm run build` first (CI does, via npm ci).
const built = existsSync(new URL('../../dist/commands/serve.js', import.meta.url))

const running: SpawnedRegistry[] = []
const temps: Array<() => void> = []
afterEach(async () => {
  for (const kill of kills.splice(0)) kill()
  for (const r of running.splice(0)) {
    if (r.child.exitCode === null && r.child.signalCode === null) {
      r.child.kill('SIGKILL')
      await r.exited
    }
  }
  for (const t of temps.splice(0)) t()
})

const kills: Array<() => void> = []

/** Field 3 of /proc/<pid>/stat: R, S, Z (zombie), …; undefined once the process is gone. */
function processState(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1')
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0]
  } catch {
    return undefined
  }
}

async function spawnOn(dir: string): Promise<SpawnedRegistry> {
  const r = await spawnRegistry(['--data', dir])
  running.push(r)
  return r
}

describe('the real binary', () => {
  it('is built', () => {
    expect(built, 'dist/ is missing: run npm run build before these tests').toBe(true)
  })

  it('loses no acknowledged registration when killed with SIGKILL mid-stream', async () => {
    const { dir, remove } = makeTempDir()
    temps.push(remove)
    const first = await spawnOn(dir)
    const c = client(first.url)
    await c.put('/config', { compatibility: 'NONE' })
    const acknowledged: Array<{ subject: string; schema: string; id: number; version: number }> = []
    let stop = false
    const writer = async (w: number) => {
      for (let i = 0; !stop; i++) {
        const subject = `s${w}`
        const schema = record(`W${w}N${i}`, 'x:string')
        try {
          const res = await c.post(`/subjects/${subject}/versions`, { schema })
          if (res.status === 200) acknowledged.push({ subject, schema, id: res.body.id, version: res.body.version })
        } catch {
          return // connection reset by the kill
        }
      }
    }
    // Two more clients keep re-registering one schema: an identical registration is acknowledged only once durable.
    const sharedAcks: number[] = []
    const sharedWriter = async () => {
      for (let i = 0; !stop; i++) {
        try {
          const res = await c.post(`/subjects/shared-${i}/versions`, { schema: record('Shared', 'x:string') })
          if (res.status === 200) sharedAcks.push(i, res.body.id)
        } catch {
          return
        }
      }
    }
    const writers = [...Array.from({ length: 8 }, (_, w) => writer(w)), sharedWriter(), sharedWriter()]
    while (acknowledged.length < 150) await new Promise((r) => setTimeout(r, 5))
    first.child.kill('SIGKILL')
    stop = true
    await first.exited
    await Promise.all(writers)

    const second = await spawnOn(dir)
    const c2 = client(second.url)
    for (const a of acknowledged) {
      const got = await c2.get(`/subjects/${a.subject}/versions/${a.version}`)
      expect(got.body).toMatchObject({ id: a.id, version: a.version })
      expect(JSON.parse(got.body.schema).name).toBe(JSON.parse(a.schema).name)
    }
    for (let k = 0; k < sharedAcks.length; k += 2) {
      expect((await c2.get(`/subjects/shared-${sharedAcks[k]}/versions/1`)).body.id).toBe(sharedAcks[k + 1])
    }
    second.child.kill('SIGTERM')
    expect((await second.exited).code).toBe(0)
  })

  it('loses no acknowledged registration when stopped with SIGTERM mid-stream, and exits 0', async () => {
    const { dir, remove } = makeTempDir()
    temps.push(remove)
    const first = await spawnOn(dir)
    const c = client(first.url)
    await c.put('/config', { compatibility: 'NONE' })
    const acknowledged: Array<{ subject: string; id: number; version: number }> = []
    const refusals = new Set<number>()
    let stop = false
    const writer = async (w: number) => {
      for (let i = 0; !stop; i++) {
        try {
          const res = await c.post(`/subjects/t${w}/versions`, { schema: record(`T${w}N${i}`, 'x:string') })
          if (res.status === 200) acknowledged.push({ subject: `t${w}`, id: res.body.id, version: res.body.version })
          else refusals.add(res.body.error_code)
        } catch {
          return // connection closed by the shutdown
        }
      }
    }
    const writers = Array.from({ length: 8 }, (_, w) => writer(w))
    while (acknowledged.length < 100) await new Promise((r) => setTimeout(r, 5))
    first.child.kill('SIGTERM')
    expect((await first.exited).code).toBe(0)
    stop = true
    await Promise.all(writers)
    expect([...refusals].filter((code) => code !== 503)).toEqual([])

    const second = await spawnOn(dir)
    const c2 = client(second.url)
    for (const a of acknowledged) expect((await c2.get(`/subjects/${a.subject}/versions/${a.version}`)).body).toMatchObject({ id: a.id })
  })

  it('a second server on the same data folder exits with a clear error', async () => {
    const { dir, remove } = makeTempDir()
    temps.push(remove)
    const first = await spawnOn(dir)
    await expect(spawnRegistry(['--data', dir])).rejects.toThrow(new RegExp(`in use by another schemactl serve \\(pid ${first.child.pid}\\)`))
  })

  it('of two servers started at once on one data folder, exactly one serves', async () => {
    const { dir, remove } = makeTempDir()
    temps.push(remove)
    for (let round = 0; round < 3; round++) {
      const results = await Promise.allSettled([spawnRegistry(['--data', dir]), spawnRegistry(['--data', dir])])
      const up = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []))
      running.push(...up)
      expect(up).toHaveLength(1)
      const failure = results.find((r) => r.status === 'rejected') as PromiseRejectedResult
      expect(String(failure.reason)).toMatch(/in use by another schemactl serve/)
      up[0].child.kill('SIGKILL') // leaves a stale lock for the next round
      await up[0].exited
    }
  })

  it.runIf(existsSync('/proc/self/stat'))('takes over the lock of a killed server that is still a zombie, not yet reaped by its parent', async () => {
    const { dir, remove } = makeTempDir()
    temps.push(remove)
    const bin = fileURLToPath(new URL('../../bin/run.js', import.meta.url))
    // sh starts the server in the background, then becomes sleep, which never reaps a child.
    const parent = spawn('sh', ['-c', `"${process.execPath}" "${bin}" serve --port 0 --data "${dir}" & exec sleep 120`], {
      stdio: ['ignore', 'pipe', 'ignore'],
    })
    kills.push(() => parent.kill('SIGKILL'))
    let out = ''
    parent.stdout!.on('data', (d: Buffer) => (out += d.toString()))
    while (!/listening on http/.test(out)) await new Promise((r) => setTimeout(r, 20))
    const pid = Number(readFileSync(join(dir, 'lock'), 'utf8').split(' ')[0])
    process.kill(pid, 'SIGKILL')
    while (processState(pid) !== 'Z') await new Promise((r) => setTimeout(r, 20))

    const second = await spawnOn(dir)
    expect((await client(second.url).get('/subjects')).body).toEqual([])
    expect(readFileSync(join(dir, 'lock'), 'utf8').split(' ')[0]).toBe(String(second.child.pid))
    expect(processState(pid)).toBe('Z')
  })

  it('refuses an unusable --data or credential with one line and its exit code, never "a bug"', () => {
    const { dir, remove } = makeTempDir()
    temps.push(remove)
    writeFileSync(join(dir, 'file'), '')
    mkdirSync(join(dir, 'data', 'changelog.jsonl'), { recursive: true })
    const bin = fileURLToPath(new URL('../../bin/run.js', import.meta.url))
    const serve = (...args: string[]) => spawnSync(process.execPath, [bin, 'serve', '--port', '0', ...args], { encoding: 'utf8', timeout: 30_000 })
    const cases: Array<[string[], number, string]> = [
      [['--data', join(dir, 'file')], 2, `Error: The data folder ${join(dir, 'file')} is a file, not a folder.`],
      [['--data', join(dir, 'data')], 5, `Error: The changelog ${join(dir, 'data', 'changelog.jsonl')} is a folder, not a file.`],
      [['--memory', '--basic-auth', 'admin:'], 2, 'Error: Invalid credentials in --basic-auth: the password is empty.'],
      [['--memory', '--basic-auth', ':hunter2'], 2, 'Error: Invalid credentials in --basic-auth: the user name is empty.'],
    ]
    for (const [args, code, line] of cases) {
      const run = serve(...args)
      expect(run.status).toBe(code)
      expect(run.stderr.split('\n')[0]).toBe(line)
      expect(run.stderr).not.toMatch(/bug|hunter2|\n\s+at /)
    }
  })

  it('prints its URL and stops cleanly on SIGINT', async () => {
    const r = await spawnRegistry(['--memory'])
    running.push(r)
    expect(r.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect((await client(r.url).get('/')).body).toEqual({})
    r.child.kill('SIGINT')
    expect((await r.exited).code).toBe(0)
  })
})
