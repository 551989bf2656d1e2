// schemactl against a big registry from the client side (issue 20): a durable `serve` of 100,000
// subjects (one version each, its data folder written once as a changelog and reused), then, each
// as a whole process with its wall time and peak resident memory (RSS):
//   list of 10,000 (a --prefix) and of 100,000 subjects; list -l of 1,000 and 10,000 subjects;
//   check --against registry of a 2,000-subject workspace;
//   migrate of each size of BENCH_MIGRATE (default 10000,100000) subjects, each from a serve of that
//   size, into a fresh in-memory serve (ids preserved, --no-verify).
// Memory should stay about flat from 10× fewer subjects to 10× more. Medians of BENCH_RUNS runs.
// Needs `npm run build`. Knobs: BENCH_SUBJECTS (default 100000), BENCH_RUNS (default 3),
// BENCH_PARTS (default list,long,check,migrate), BENCH_BIN (another build's bin/run.js, to compare).
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
const BIN = process.env.BENCH_BIN ?? OWN_BIN
const PRELOAD = fileURLToPath(new URL('./peak-rss.cjs', import.meta.url))
const work = mkdtempSync(join(tmpdir(), 'schemactl-bench-client-'))
const digits = String(SUBJECTS - 1).length
const subjectName = (i) => `subject-${String(i).padStart(digits, '0')}-value`
const schemaOf = (i, extra = false) =>
  JSON.stringify({
    type: 'record',
    name: `R${i}`,
    namespace: 'bench',
    fields: [{ name: 'id', type: 'string' }, ...(extra ? [{ name: 'note', type: ['null', 'string'], default: null }] : [])],
  })

/** A source registry's data folder: `count` subjects × 1 version, as a changelog. */
function writeSource(count = SUBJECTS) {
  const dir = join(work, `source-${count}`)
  mkdirSync(dir)
  const lines = []
  for (let i = 0; i < count; i++) {
    const subject = subjectName(i)
    lines.push(
      encodeRecord({
        key: { keytype: 'SCHEMA', subject, version: 1, magic: 1 },
        value: { subject, version: 1, id: i + 1, schemaType: 'AVRO', schema: schemaOf(i), deleted: false, ts: 1_700_000_000_000 + i },
      }),
    )
  }
  writeFileSync(join(dir, 'changelog.jsonl'), lines.join(''))
  return dir
}

/** A workspace of `n` subjects whose schemas add an optional field to the registered ones (compatible at BACKWARD). */
function writeWorkspace(n) {
  const dir = join(work, `workspace-${n}`)
  mkdirSync(dir)
  for (let i = 0; i < n; i++) writeFileSync(join(dir, `${subjectName(i)}.avsc`), schemaOf(i, true))
  return dir
}

/** Runs the CLI once: wall time (ms), peak RSS (MB), stdout size, exit code. */
function runCli(args, options = {}) {
  const rssFile = join(work, `rss-${process.hrtime.bigint()}`)
  const started = performance.now()
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? work,
    env: { ...process.env, NODE_OPTIONS: `--require ${PRELOAD}`, SCHEMACTL_BENCH_RSS_FILE: rssFile, NO_COLOR: '1' },
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
      rmSync(rssFile, { force: true })
      resolve({ wall, rss: kb / 1024, cpu, bytes, lines, code })
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

const load = () =>
  loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')
console.log(
  `client side against ${SUBJECTS.toLocaleString('en')} subjects × 1 version; ${RUNS} runs each; bin ${BIN === OWN_BIN ? 'this build' : BIN}; load average at start ${load()}`,
)
const t0 = performance.now()
const sourceDir = writeSource()
const source = await startServe(sourceDir)
console.log(
  `source serve: ${SUBJECTS.toLocaleString('en')} subjects written in ${((performance.now() - t0 - source.startupMs) / 1000).toFixed(1)} s, started in ${(source.startupMs / 1000).toFixed(1)} s`,
)
const r = ['--registry', source.url]
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
    const workspace = writeWorkspace(Math.min(2000, SUBJECTS))
    await measure(`check --against registry (workspace of ${Math.min(2000, SUBJECTS).toLocaleString('en')} subjects)`, () =>
      runCli(['check', workspace, '--against', 'registry', ...r]),
    )
  }
  if (PARTS.includes('migrate')) {
    const migrateOnce = async (from) => {
      const target = await startServe(undefined)
      const dir = mkdtempSync(join(work, 'migrate-'))
      try {
        return await runCli(['migrate', '--from', from, '--to', target.url, '--no-verify', '--journal', join(dir, 'journal.jsonl')], { cwd: dir })
      } finally {
        await target.stop()
        rmSync(dir, { recursive: true, force: true })
      }
    }
    const figures = []
    for (const size of MIGRATE_SIZES) {
      const from = size === SUBJECTS ? source : await startServe(writeSource(size))
      try {
        figures.push(await measure(`migrate ${size.toLocaleString('en')} subjects`, () => migrateOnce(from.url)))
      } finally {
        if (from !== source) await from.stop()
      }
    }
    for (let i = 1; i < figures.length; i++) {
      const ratio = MIGRATE_SIZES[i] / MIGRATE_SIZES[0]
      console.log(
        `  → ${ratio}× the subjects: ${(figures[i].wall / figures[0].wall).toFixed(1)}× the time, ${(figures[i].rss / figures[0].rss).toFixed(2)}× the memory`,
      )
    }
  }
} finally {
  await source.stop()
  rmSync(work, { recursive: true, force: true })
  console.log(`load average at end ${load()}`)
}
