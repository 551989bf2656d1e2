// Times `schemactl check <2,000 subjects × 10 versions> --level FULL_TRANSITIVE` for a JSON Schema
// and a Protobuf workspace (wall and peak RSS, median of BENCH_RUNS runs, default 3). Targets: under
// 5 s and under 500 MB each. Needs a build (npm run build).
import { spawnSync } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { typedBenchWorkspace } from './workspace-types-generator.mjs'

// Every run checks afresh: the verdict cache (bench/check-cache.bench.mjs measures it) would make runs after the first warm.
process.env.SCHEMACTL_NO_CACHE = '1'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const runs = Number(process.env.BENCH_RUNS ?? 3)
const subjects = Number(process.env.BENCH_SUBJECTS ?? 2000)
const kinds = (process.env.BENCH_KINDS ?? 'json,protobuf').split(',')
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

for (const kind of kinds) {
  const t0 = performance.now()
  const workspace = typedBenchWorkspace(kind, subjects)
  console.log(`${kind} workspace: ${workspace} (ready in ${((performance.now() - t0) / 1000).toFixed(1)} s)`)
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
    const cpu = ['User', 'System'].reduce((sum, k) => sum + Number(new RegExp(`${k} time \\(seconds\\): ([\\d.]+)`).exec(run.stderr)?.[1] ?? NaN), 0)
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
  console.log(
    `check ${kind} FULL_TRANSITIVE ${subjects}×10: median wall ${(median(walls) / 1000).toFixed(2)} s (target < 5 s), median CPU ${median(cpus).toFixed(2)} s, median peak RSS ${median(rss).toFixed(0)} MB (target < 500 MB)`,
  )
}
