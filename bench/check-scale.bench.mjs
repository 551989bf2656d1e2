// `check` across cores and at 10× the size (issue 20): `schemactl check <N subjects × 10 versions>
// --level FULL_TRANSITIVE --json` for N = 2,000 and 20,000, each with --jobs 1 (one thread) and
// --jobs 2 (two worker threads), run by run interleaved. Wall, CPU (user + system) and peak RSS
// of the whole process from /usr/bin/time -v; medians. Every run must report every subject
// compatible, and both thread counts must print the same report, byte for byte.
// Targets: 20,000 × 10 under 15 s and 1 GB; --jobs 2 at least 1.6× faster than --jobs 1; 20,000
// at most 10.5× the time of 2,000. The workspaces are generated once into the temp folder
// (BENCH_TMP, default os.tmpdir()/schemactl-bench) and reused by later runs.
// BENCH_SCALE_SIZES=2000,20000, BENCH_SCALE_JOBS=1,2 and BENCH_RUNS=3 change what is run. Needs a build.
// BENCH_SCALE_BIN=<another install's bin/run.js> measures another build (e.g. main's, for before figures).
//
// Also the CPU of the main thread and of the busiest other thread (a worker), from /proc (Linux,
// read every 20 ms): on a shared machine the wall time measures the scheduler, but the main thread
// does the serial start and end and checks subjects until the last batch, so its CPU is close to
// what the wall would be on two free cores, and the ratio of the two runs' main-thread CPU is a
// speed-up that load distorts far less. (Builds before 2026-12-07 04:40 UTC checked nothing on the
// main thread: for them it is the serial part only, and the workers' CPU says the rest.)
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { benchWorkspace } from './workspace-generator.mjs'

// Every run checks afresh: the verdict cache (bench/check-cache.bench.mjs measures it) would make runs after the first warm.
process.env.SCHEMACTL_NO_CACHE = '1'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const runs = Number(process.env.BENCH_RUNS ?? 3)
const sizes = (process.env.BENCH_SCALE_SIZES ?? '2000,20000').split(',').map(Number)
const jobsList = (process.env.BENCH_SCALE_JOBS ?? '1,2').split(',').map(Number)
const base = process.env.BENCH_TMP ?? join(tmpdir(), 'schemactl-bench')
const bin = process.env.BENCH_SCALE_BIN ?? join(root, 'bin/run.js')
const TICK = 100 // clock ticks per second of /proc's utime and stime (USER_HZ)

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const load = () =>
  loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')

/** The CPU seconds (user + system) of thread `tid` of process `pid`, or undefined when it is gone. */
function threadCpu(pid, tid) {
  try {
    const fields = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8').split(') ')[1].split(' ')
    return (Number(fields[11]) + Number(fields[12])) / TICK
  } catch {
    return undefined
  }
}

/** The node process /usr/bin/time started (its only child). */
function childOf(pid) {
  try {
    return Number(readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(' ')[0]) || undefined
  } catch {
    return undefined
  }
}

/** The threads of process `pid`. */
function tasksOf(pid) {
  try {
    return readdirSync(`/proc/${pid}/task`).map(Number)
  } catch {
    return []
  }
}

/** One run of check under /usr/bin/time -v: wall and CPU seconds, the main thread's CPU, peak RSS in MB, the report's hash. */
async function runCheck(workspace, jobs, subjects) {
  const start = performance.now()
  const child = spawn('/usr/bin/time', ['-v', process.execPath, bin, 'check', workspace, '--level', 'FULL_TRANSITIVE', '--json', '--jobs', String(jobs)])
  const out = []
  const err = []
  child.stdout.on('data', (d) => out.push(d))
  child.stderr.on('data', (d) => err.push(d))
  let node
  const threads = new Map()
  const poll = setInterval(() => {
    node ??= childOf(child.pid)
    if (node === undefined) return
    for (const tid of tasksOf(node)) {
      const cpu = threadCpu(node, tid)
      if (cpu !== undefined) threads.set(tid, cpu)
    }
  }, 20)
  const status = await new Promise((resolve) => child.on('close', resolve))
  clearInterval(poll)
  const wall = (performance.now() - start) / 1000
  const main = threads.get(node) ?? NaN
  // The busiest other thread: a check worker (V8's own helper threads use far less).
  const other = Math.max(0, ...[...threads].filter(([tid]) => tid !== node).map(([, cpu]) => cpu))
  const stdout = Buffer.concat(out).toString('utf8')
  const stderr = Buffer.concat(err).toString('utf8')
  const field = (name) => Number(new RegExp(`${name}: ([\\d.]+)`).exec(stderr)?.[1] ?? NaN)
  const cpu = field('User time \\(seconds\\)') + field('System time \\(seconds\\)')
  const rss = field('Maximum resident set size \\(kbytes\\)') / 1024
  let summary
  try {
    summary = JSON.parse(stdout).result?.summary
  } catch {
    summary = undefined
  }
  if (status !== 0 || summary?.compatible !== subjects) {
    console.error(`jobs ${jobs}: exit ${status}; summary ${JSON.stringify(summary)}; ${stderr.split('\n').find((l) => l.startsWith('Error')) ?? ''}`)
    process.exit(1)
  }
  return { wall, cpu, main, other, rss, hash: createHash('sha256').update(stdout).digest('hex') }
}

console.log(`load average before: ${load()} (1, 5, 15 min)`)
const medians = new Map()
for (const subjects of sizes) {
  const t0 = performance.now()
  const workspace = benchWorkspace(subjects, 42, base)
  console.log(`\n${subjects} subjects × 10 versions: ${workspace} (ready in ${((performance.now() - t0) / 1000).toFixed(1)} s)`)
  const results = new Map(jobsList.map((j) => [j, []]))
  for (let i = 0; i < runs; i++) {
    for (const jobs of jobsList) {
      const r = await runCheck(workspace, jobs, subjects)
      results.get(jobs).push(r)
      console.log(
        `  run ${i + 1}, --jobs ${jobs}: ${r.wall.toFixed(2)} s wall, ${r.cpu.toFixed(2)} s CPU (main thread ${r.main.toFixed(2)} s, busiest other ${r.other.toFixed(2)} s), peak RSS ${r.rss.toFixed(0)} MB (load ${load()})`,
      )
    }
  }
  const hashes = new Set([...results.values()].flat().map((r) => r.hash))
  if (hashes.size !== 1) {
    console.error(`  the reports differ between runs or thread counts (${hashes.size} different outputs)`)
    process.exit(1)
  }
  for (const [jobs, rs] of results) {
    const m = {
      wall: median(rs.map((r) => r.wall)),
      cpu: median(rs.map((r) => r.cpu)),
      main: median(rs.map((r) => r.main)),
      other: median(rs.map((r) => r.other)),
      rss: median(rs.map((r) => r.rss)),
    }
    medians.set(`${subjects}/${jobs}`, m)
    console.log(
      `  --jobs ${jobs}: median ${m.wall.toFixed(2)} s wall, ${m.cpu.toFixed(2)} s CPU (main thread ${m.main.toFixed(2)} s, busiest other ${m.other.toFixed(2)} s), peak RSS ${m.rss.toFixed(0)} MB${subjects >= 20000 ? ' (targets: < 15 s, < 1024 MB)' : ''}`,
    )
  }
  console.log('  the same report from every run and thread count')
  const one = medians.get(`${subjects}/1`)
  const two = medians.get(`${subjects}/2`)
  if (one && two)
    console.log(
      `  speed-up of --jobs 2 over --jobs 1: ${(one.wall / two.wall).toFixed(2)}× wall (target ≥ 1.6×), ${(one.main / two.main).toFixed(2)}× main-thread CPU; CPU ${(two.cpu / one.cpu).toFixed(2)}× of one thread's`,
    )
}
const [small, large] = [Math.min(...sizes), Math.max(...sizes)]
if (small !== large) {
  for (const jobs of jobsList) {
    const a = medians.get(`${small}/${jobs}`)
    const b = medians.get(`${large}/${jobs}`)
    console.log(
      `growth ${small} → ${large} subjects, --jobs ${jobs}: ${(b.wall / a.wall).toFixed(2)}× wall, ${(b.cpu / a.cpu).toFixed(2)}× CPU (target ≤ ${((10.5 * large) / small / 10).toFixed(1)}×)`,
    )
  }
}
console.log(`\nload average after: ${load()}`)
