// Times `schemactl check <2,000 subjects × 10 versions> --level FULL_TRANSITIVE` (wall and peak RSS,
// median of 5 runs). Targets: under 5 s and under 500 MB. Needs a build (npm run build).
import { spawnSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { benchWorkspace } from './workspace-generator.mjs'

// Every run checks afresh: the verdict cache (bench/check-cache.bench.mjs measures it) would make runs after the first warm.
process.env.SCHEMACTL_NO_CACHE = '1'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const runs = Number(process.env.BENCH_RUNS ?? 5)
const subjects = Number(process.env.BENCH_SUBJECTS ?? 2000)

const t0 = performance.now()
const workspace = benchWorkspace(subjects)
const files = readdirSync(workspace).filter((f) => f.endsWith('-value')).length * 10
console.log(`workspace: ${workspace} (${files} files; ready in ${((performance.now() - t0) / 1000).toFixed(1)} s)`)

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const walls = []
const rss = []
const cpus = []
for (let i = 0; i < runs; i++) {
  const start = performance.now()
  const run = spawnSync('/usr/bin/time', ['-v', process.execPath, join(root, 'bin/run.js'), 'check', workspace, '--level', 'FULL_TRANSITIVE', '--json'], {
    encoding: 'utf8',
    maxBuffer: 1024 * 1024 * 1024,
  })
  walls.push(performance.now() - start)
  const peak = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(run.stderr)?.[1] ?? NaN) / 1024
  rss.push(peak)
  // CPU time (user + system) is less sensitive than wall to other load on a shared machine.
  const cpu = ['User', 'System'].reduce((sum, kind) => sum + Number(new RegExp(`${kind} time \\(seconds\\): ([\\d.]+)`).exec(run.stderr)?.[1] ?? NaN), 0)
  cpus.push(cpu)
  const envelope = JSON.parse(run.stdout)
  if (run.status !== 0) {
    console.error(`run ${i + 1}: exit ${run.status}; summary ${JSON.stringify(envelope.result?.summary ?? envelope.error)}`)
    process.exit(1)
  }
  console.log(
    `run ${i + 1}: ${(walls[i] / 1000).toFixed(2)} s wall, ${cpu.toFixed(2)} s CPU, peak RSS ${peak.toFixed(0)} MB, ${JSON.stringify(envelope.result.summary)}`,
  )
}
const wall = median(walls) / 1000
const mem = median(rss)
console.log(
  `check FULL_TRANSITIVE ${subjects}×10: median wall ${wall.toFixed(2)} s (target < 5 s), median CPU ${median(cpus).toFixed(2)} s, median peak RSS ${mem.toFixed(0)} MB (target < 500 MB)`,
)
