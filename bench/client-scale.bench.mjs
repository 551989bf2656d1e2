// schemactl against a big registry from the client side (issue 20): a durable `serve` of 100,000
// subjects (one version each, its data folder written once as a changelog and reused), then, each
// as a whole process with its wall time and peak resident memory (RSS):
//   list of 10,000 (a --prefix) and of 100,000 subjects; list -l of 1,000 and 10,000 subjects;
//   check --against registry of workspaces of each size of BENCH_CHECK (default 10000,100000)
//   subjects, against a serve of the largest size × BENCH_CHECK_VERSIONS (default 3) versions each
//   (the workspace's schemas add an optional field to the newest registered ones);
//   migrate of each size of BENCH_MIGRATE (default 10000,100000) subjects, each from a serve of that
//   size, into a fresh in-memory serve (ids preserved, --no-verify; verified with
//   BENCH_MIGRATE_VERIFY=1, reported with --json with BENCH_MIGRATE_JSON=1).
// Memory should stay about flat from 10× fewer subjects to 10× more. Medians of BENCH_RUNS runs.
// Needs `npm run build`. Knobs: BENCH_SUBJECTS (default 100000), BENCH_RUNS (default 3),
// BENCH_PARTS (default list,long,check,migrate), BENCH_BIN (another build's bin/run.js, to measure
// instead of this one), BENCH_COMPARE (another build's bin/run.js, run interleaved with this one's
// for the check and migrate parts: each figure is then given for both, with CPU time and the
// largest live heap of one more run with --expose-gc).
import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { BIN as OWN_BIN, median, startServe } from './serve-process.mjs'
import { encodeRecord } from '../dist/server/store/changelog.js'

const SUBJECTS = Number(process.env.BENCH_SUBJECTS ?? 100_000)
const RUNS = Number(process.env.BENCH_RUNS ?? 3)
const PARTS = (process.env.BENCH_PARTS ?? 'list,long,check,migrate').split(',')
const MIGRATE_SIZES = (process.env.BENCH_MIGRATE ?? '10000,100000').split(',').map(Number)
const MIGRATE_VERIFY = process.env.BENCH_MIGRATE_VERIFY === '1'
const MIGRATE_JSON = process.env.BENCH_MIGRATE_JSON === '1'
const BIN = process.env.BENCH_BIN ?? OWN_BIN
const COMPARE = process.env.BENCH_COMPARE
const CHECK_SIZES = (process.env.BENCH_CHECK ?? '10000,100000').split(',').map(Number)
const CHECK_VERSIONS = Number(process.env.BENCH_CHECK_VERSIONS ?? 3)
const PRELOAD = fileURLToPath(new URL('./peak-rss.cjs', import.meta.url))
const work = mkdtempSync(join(tmpdir(), 'schemactl-bench-client-'))
const digits = String(SUBJECTS - 1).length
const subjectName = (i) => `subject-${String(i).padStart(digits, '0')}-value`
/** Subject `i`'s schema at version `version`: each version adds an optional field. */
const schemaOf = (i, version = 1) =>
  JSON.stringify({
    type: 'record',
    name: `R${i}`,
    namespace: 'bench',
    fields: [{ name: 'id', type: 'string' }, ...Array.from({ length: version - 1 }, (_, f) => ({ name: `note${f}`, type: ['null', 'string'], default: null }))],
  })

/** A source registry's data folder: `count` subjects × `versions` versions, as a changelog. */
function writeSource(count = SUBJECTS, versions = 1) {
  const dir = join(work, `source-${count}x${versions}`)
  mkdirSync(dir)
  const lines = []
  for (let i = 0; i < count; i++) {
    const subject = subjectName(i)
    for (let version = 1; version <= versions; version++) {
      const id = i * versions + version
      lines.push(
        encodeRecord({
          key: { keytype: 'SCHEMA', subject, version, magic: 1 },
          value: { subject, version, id, schemaType: 'AVRO', schema: schemaOf(i, version), deleted: false, ts: 1_700_000_000_000 + id },
        }),
      )
    }
  }
  writeFileSync(join(dir, 'changelog.jsonl'), lines.join(''))
  return dir
}

/** A workspace of `n` subjects whose schemas add an optional field to the `versions`th registered ones (compatible at BACKWARD). */
function writeWorkspace(n, versions = 1) {
  const dir = join(work, `workspace-${n}`)
  mkdirSync(dir)
  for (let i = 0; i < n; i++) writeFileSync(join(dir, `${subjectName(i)}.avsc`), schemaOf(i, versions + 1))
  return dir
}

/** Runs the CLI (`options.bin`, default BIN) once: wall time (ms), peak RSS (MB), CPU time (ms), stdout size, exit code. */
function runCli(args, options = {}) {
  const rssFile = join(work, `rss-${process.hrtime.bigint()}`)
  const started = performance.now()
  const child = spawn(process.execPath, [options.bin ?? BIN, ...args], {
    cwd: options.cwd ?? work,
    env: {
      ...process.env,
      NODE_OPTIONS: `--require ${PRELOAD}${options.heap ? ' --expose-gc' : ''}`,
      SCHEMACTL_BENCH_RSS_FILE: rssFile,
      ...(options.heap ? { SCHEMACTL_BENCH_HEAP_FILE: `${rssFile}-heap` } : {}),
      NO_COLOR: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let bytes = 0
  let lines = 0
  let err = ''
  child.stdout.on('data', (d) => {
    bytes += d.length
    for (const b of d) if (b === 10) lines++
  })
  child.stderr.on('data', (d) => (err += d))
  return new Promise((resolve, reject) =>
    child.on('exit', (code) => {
      const wall = performance.now() - started
      if (!(options.codes ?? [0]).includes(code)) return reject(new Error(`schemactl ${args.join(' ')} exited with ${code}: ${err.slice(0, 500)}`))
      const [kb, cpu] = readFileSync(rssFile, 'utf8').trim().split('\n').pop().split(' ').map(Number)
      const heap = options.heap ? Number(readFileSync(`${rssFile}-heap`, 'utf8').trim().split('\n').pop()) / 1024 / 1024 : undefined
      for (const file of [rssFile, `${rssFile}-heap`]) rmSync(file, { force: true })
      resolve({ wall, rss: kb / 1024, cpu, heap, bytes, lines, code })
    }),
  )
}

/** Runs `once` RUNS times and prints the medians under `label`. */
async function measure(label, once) {
  const runs = []
  for (let i = 0; i < RUNS; i++) runs.push(await once())
  const wall = median(runs.map((r) => r.wall))
  const rss = median(runs.map((r) => r.rss))
  const cpu = median(runs.map((r) => r.cpu))
  console.log(
    `${label}: ${(wall / 1000).toFixed(2)} s, CPU ${(cpu / 1000).toFixed(2)} s, peak RSS ${rss.toFixed(0)} MB (medians of ${runs.map((r) => `${(r.wall / 1000).toFixed(2)} s/${(r.cpu / 1000).toFixed(2)} s CPU/${r.rss.toFixed(0)} MB`).join(', ')}; ${runs[0].lines} lines out)`,
  )
  return { wall, rss, cpu }
}

/** Runs `args` RUNS times with this build and, interleaved, with BENCH_COMPARE's; prints the medians of each. */
async function measurePair(label, args, options = {}) {
  const bins =
    COMPARE === undefined
      ? [['this build', BIN]]
      : [
          ['this build', BIN],
          ['compared', COMPARE],
        ]
  const runs = new Map(bins.map(([name]) => [name, []]))
  for (let i = 0; i < RUNS; i++) for (const [name, bin] of bins) runs.get(name).push(await runCli(args, { ...options, bin }))
  // One more run each with --expose-gc: the largest live heap (not timed: a full collection every 5 s costs).
  const heaps = new Map()
  for (const [name, bin] of bins) heaps.set(name, (await runCli(args, { ...options, bin, heap: true })).heap)
  const out = {}
  for (const [name] of bins) {
    const list = runs.get(name)
    const figure = { wall: median(list.map((r) => r.wall)), rss: median(list.map((r) => r.rss)), cpu: median(list.map((r) => r.cpu)), heap: heaps.get(name) }
    console.log(
      `${label}, ${name}: ${(figure.wall / 1000).toFixed(2)} s, CPU ${(figure.cpu / 1000).toFixed(2)} s, peak RSS ${figure.rss.toFixed(0)} MB, largest live heap ${figure.heap.toFixed(0)} MB (medians of ${list.map((r) => `${(r.wall / 1000).toFixed(2)} s/${(r.cpu / 1000).toFixed(2)} s CPU/${r.rss.toFixed(0)} MB`).join(', ')}; ${list[0].lines} lines out)`,
    )
    out[name] = figure
  }
  return out
}

const load = () =>
  loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')
console.log(
  `client side against ${SUBJECTS.toLocaleString('en')} subjects × 1 version; ${RUNS} runs each; bin ${BIN === OWN_BIN ? 'this build' : BIN}; load average at start ${load()}`,
)
const t0 = performance.now()
// The check part has its own serve (several versions a subject): this one only for the others.
const source = PARTS.some((p) => p !== 'check') ? await startServe(writeSource()) : undefined
if (source !== undefined)
  console.log(
    `source serve: ${SUBJECTS.toLocaleString('en')} subjects written in ${((performance.now() - t0 - source.startupMs) / 1000).toFixed(1)} s, started in ${(source.startupMs / 1000).toFixed(1)} s`,
  )
const r = ['--registry', source?.url]
const tenth = subjectName(0).slice(0, `subject-`.length + 1) // `subject-0`: the first tenth of the names
const hundredth = subjectName(0).slice(0, `subject-`.length + 2) // `subject-00`: the first hundredth
try {
  if (PARTS.includes('list')) {
    const a = await measure(`list --prefix ${tenth} (${(SUBJECTS / 10).toLocaleString('en')} subjects)`, () => runCli(['list', ...r, '--prefix', tenth]))
    const b = await measure(`list (${SUBJECTS.toLocaleString('en')} subjects)`, () => runCli(['list', ...r]))
    console.log(`  → 10× the subjects: ${(b.wall / a.wall).toFixed(1)}× the time, ${(b.rss / a.rss).toFixed(2)}× the memory`)
    await measure(`list --json (${SUBJECTS.toLocaleString('en')} subjects, the envelope holds them all)`, () => runCli(['list', ...r, '--json']))
  }
  if (PARTS.includes('long')) {
    const a = await measure(`list -l --prefix ${hundredth} (${(SUBJECTS / 100).toLocaleString('en')} subjects)`, () =>
      runCli(['list', '-l', ...r, '--prefix', hundredth]),
    )
    const b = await measure(`list -l --prefix ${tenth} (${(SUBJECTS / 10).toLocaleString('en')} subjects)`, () =>
      runCli(['list', '-l', ...r, '--prefix', tenth]),
    )
    console.log(`  → 10× the subjects: ${(b.wall / a.wall).toFixed(1)}× the time, ${(b.rss / a.rss).toFixed(2)}× the memory`)
  }
  if (PARTS.includes('check')) {
    const largest = Math.max(...CHECK_SIZES)
    const t1 = performance.now()
    const registry = await startServe(writeSource(largest, CHECK_VERSIONS))
    const workspaces = CHECK_SIZES.map((n) => writeWorkspace(n, CHECK_VERSIONS))
    console.log(
      `check's serve: ${largest.toLocaleString('en')} subjects × ${CHECK_VERSIONS} versions, started in ${(registry.startupMs / 1000).toFixed(1)} s; workspaces written in ${((performance.now() - t1 - registry.startupMs) / 1000).toFixed(1)} s`,
    )
    try {
      const figures = []
      for (const [i, n] of CHECK_SIZES.entries()) {
        figures.push(
          await measurePair(`check --against registry (workspace of ${n.toLocaleString('en')} subjects)`, [
            'check',
            workspaces[i],
            '--against',
            'registry',
            '--registry',
            registry.url,
          ]),
        )
      }
      for (let i = 1; i < figures.length; i++) {
        for (const name of Object.keys(figures[i])) {
          const [a, b] = [figures[0][name], figures[i][name]]
          console.log(
            `  → ${name}, ${CHECK_SIZES[i] / CHECK_SIZES[0]}× the subjects: ${(b.wall / a.wall).toFixed(1)}× the time, ${(b.cpu / a.cpu).toFixed(1)}× the CPU, ${(b.rss / a.rss).toFixed(2)}× the peak RSS, ${(b.heap / a.heap).toFixed(2)}× the live heap`,
          )
        }
      }
    } finally {
      await registry.stop()
    }
  }
  if (PARTS.includes('migrate')) {
    const migrateOnce = async (from, options = {}) => {
      const target = await startServe(undefined)
      const dir = mkdtempSync(join(work, 'migrate-'))
      try {
        const args = ['migrate', '--from', from, '--to', target.url, ...(MIGRATE_VERIFY ? [] : ['--no-verify']), ...(MIGRATE_JSON ? ['--json'] : [])]
        return await runCli([...args, '--journal', join(dir, 'journal.jsonl')], { ...options, cwd: dir })
      } finally {
        await target.stop()
        rmSync(dir, { recursive: true, force: true })
      }
    }
    const bins =
      COMPARE === undefined
        ? [['this build', BIN]]
        : [
            ['this build', BIN],
            ['compared', COMPARE],
          ]
    const figures = []
    for (const size of MIGRATE_SIZES) {
      const from = size === SUBJECTS ? source : await startServe(writeSource(size))
      try {
        // Builds interleaved run by run, then one more run each with --expose-gc for the largest live heap (not timed).
        const runs = new Map(bins.map(([name]) => [name, []]))
        for (let i = 0; i < RUNS; i++) for (const [name, bin] of bins) runs.get(name).push(await migrateOnce(from.url, { bin }))
        const out = {}
        for (const [name, bin] of bins) {
          const list = runs.get(name)
          const heap = (await migrateOnce(from.url, { bin, heap: true })).heap
          out[name] = { wall: median(list.map((r) => r.wall)), rss: median(list.map((r) => r.rss)), cpu: median(list.map((r) => r.cpu)), heap }
          console.log(
            `migrate ${size.toLocaleString('en')} subjects, ${name}: ${(out[name].wall / 1000).toFixed(2)} s, CPU ${(out[name].cpu / 1000).toFixed(2)} s, peak RSS ${out[name].rss.toFixed(0)} MB, largest live heap ${heap.toFixed(1)} MB (medians of ${list.map((r) => `${(r.wall / 1000).toFixed(2)} s/${(r.cpu / 1000).toFixed(2)} s CPU/${r.rss.toFixed(0)} MB`).join(', ')}; load ${load()})`,
          )
        }
        figures.push(out)
      } finally {
        if (from !== source) await from.stop()
      }
    }
    for (let i = 1; i < figures.length; i++) {
      const ratio = MIGRATE_SIZES[i] / MIGRATE_SIZES[0]
      for (const [name] of bins) {
        const [a, b] = [figures[0][name], figures[i][name]]
        console.log(
          `  → ${name}, ${ratio}× the subjects: ${(b.wall / a.wall).toFixed(1)}× the time, ${(b.cpu / a.cpu).toFixed(1)}× the CPU, ${(b.rss / a.rss).toFixed(2)}× the peak RSS, ${(b.heap / a.heap).toFixed(2)}× the live heap`,
        )
      }
    }
  }
} finally {
  await source?.stop()
  rmSync(work, { recursive: true, force: true })
  console.log(`load average at end ${load()}`)
}
