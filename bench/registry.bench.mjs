// Registry commands against a local `schemactl serve` (a child process, in memory):
// wall time of `schemactl list` and `schemactl get-by-id` (whole process), and throughput of
// `schemactl register <folder>` for a 2,000-subject workspace. Needs a build (`npm run build`).
import { spawn } from 'node:child_process'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { BIN, median, startServe } from './serve-process.mjs'

const here = dirname(fileURLToPath(import.meta.url))

const RUNS = Number(process.env.BENCH_RUNS ?? 9)
const SUBJECTS = Number(process.env.BENCH_SUBJECTS ?? 2000)

function run(args, script = BIN) {
  return new Promise((resolve, reject) => {
    const started = performance.now()
    const child = spawn(process.execPath, script ? [script, ...args] : args, { stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    child.stdout.on('data', (d) => (out += d))
    child.stderr.on('data', (d) => (err += d))
    child.on('exit', (code) => (code === 0 ? resolve({ ms: performance.now() - started, out }) : reject(new Error(`${args.join(' ')} exited ${code}: ${err}`))))
  })
}

const serve = await startServe(undefined)
const work = join(here, '.work', 'registry-bench')
try {
  const registry = ['--registry', serve.url]
  const seed = join(work, 'seed')
  rmSync(work, { recursive: true, force: true })
  mkdirSync(seed, { recursive: true })
  writeFileSync(join(seed, 'bench-seed-value.avsc'), JSON.stringify({ type: 'record', name: 'Seed', fields: [{ name: 'id', type: 'string' }] }))
  const seeded = JSON.parse((await run(['register', join(seed, 'bench-seed-value.avsc'), ...registry, '--json'])).out)
  const id = seeded.result.outcomes[0].id

  // `node -e 0` and `--version` show the machine's load at the time (the machines are shared).
  const cases = [
    ['node -e 0 (reference)', ['-e', '0'], null],
    ['schemactl --version (reference)', ['--version']],
    ['schemactl list', ['list', ...registry]],
    ['schemactl get-by-id', ['get-by-id', String(id), ...registry]],
  ]
  for (const [name, args, script] of cases) {
    await run(args, script) // warm the file cache
    const times = []
    for (let i = 0; i < RUNS; i++) times.push((await run(args, script)).ms)
    console.log(`${name}: median ${median(times).toFixed(0)} ms per invocation (${RUNS} runs${name.includes('reference') ? '' : '; target ≤ 300 ms'})`)
  }

  const folder = join(work, 'workspace')
  mkdirSync(folder, { recursive: true })
  for (let i = 0; i < SUBJECTS; i++) {
    const schema = {
      type: 'record',
      name: `Rec${i}`,
      namespace: 'bench',
      fields: [
        { name: 'id', type: 'string' },
        { name: `f${i}`, type: ['null', 'long'], default: null },
      ],
    }
    writeFileSync(join(folder, `subject-${String(i).padStart(5, '0')}-value.avsc`), JSON.stringify(schema))
  }
  const { ms, out } = await run(['register', folder, ...registry, '--json'])
  const outcomes = JSON.parse(out).result.outcomes
  const registered = outcomes.filter((o) => o.status === 'registered').length
  console.log(
    `schemactl register <${SUBJECTS}-subject folder>: ${registered} registered in ${(ms / 1000).toFixed(2)} s = ${((registered / ms) * 1000).toFixed(0)} schemas/s (whole process; target ≥ 500)`,
  )
} finally {
  await serve.stop()
  rmSync(work, { recursive: true, force: true })
}
