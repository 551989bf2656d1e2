// Times `schemactl check <2,000 subjects × 10 versions> --level FULL_TRANSITIVE` with the verdict
// cache (src/app/check/cache.ts): cold (an empty cache, filled by the run), warm (nothing changed)
// and after changing one subject (a doc edited in its newest version), median of 5 rounds, wall
// and CPU. Targets: warm at most 15% of cold, one subject changed at most 20%. Each round checks
// its own copy of the workspace with its own cache folder. Needs a build (npm run build).
// BENCH_BIN (another build's bin/run.js, e.g. main's) runs the same rounds with that build too,
// interleaved with this one's (each build its own cache folder), and prints its medians beside.
import { spawnSync } from 'node:child_process'
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { benchWorkspace } from './workspace-generator.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const runs = Number(process.env.BENCH_RUNS ?? 5)
const subjects = Number(process.env.BENCH_SUBJECTS ?? 2000)

const scratch = mkdtempSync(join(tmpdir(), 'schemactl-bench-cache-'))
const workspace = join(scratch, 'workspace')
cpSync(benchWorkspace(subjects), workspace, { recursive: true })
const builds = [
  { name: 'this build', bin: join(root, 'bin/run.js'), cache: join(scratch, 'cache') },
  ...(process.env.BENCH_BIN ? [{ name: process.env.BENCH_BIN, bin: process.env.BENCH_BIN, cache: join(scratch, 'cache-other') }] : []),
]
console.log(`workspace: ${workspace} (${subjects} subjects × 10 versions), builds: ${builds.map((b) => b.name).join(', ')}`)

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

/** One `check` process: wall and CPU seconds, the summary, and stdout (to compare runs). */
function check(build, ...extra) {
  const start = performance.now()
  const run = spawnSync('/usr/bin/time', ['-v', process.execPath, build.bin, 'check', workspace, '--level', 'FULL_TRANSITIVE', '--json', ...extra], {
    encoding: 'utf8',
    maxBuffer: 1024 * 1024 * 1024,
    env: { ...process.env, SCHEMACTL_CACHE_DIR: build.cache },
  })
  const wall = (performance.now() - start) / 1000
  const cpu = ['User', 'System'].reduce((sum, kind) => sum + Number(new RegExp(`${kind} time \\(seconds\\): ([\\d.]+)`).exec(run.stderr)?.[1] ?? NaN), 0)
  if (run.status !== 0) {
    console.error(`exit ${run.status}: ${run.stdout.slice(0, 500)} ${run.stderr.slice(-500)}`)
    process.exit(1)
  }
  return { wall, cpu, stdout: run.stdout }
}

const changed = join(workspace, 'entity-0000-value', '10.avsc')
const original = readFileSync(changed, 'utf8')
for (const build of builds) build.figures = { uncached: [], cold: [], warm: [], changed: [] }
try {
  for (let i = 0; i < runs; i++) {
    for (const build of builds) {
      rmSync(build.cache, { recursive: true, force: true })
      writeFileSync(changed, original)
      const uncached = check(build, '--no-cache')
      const cold = check(build)
      const warm = check(build)
      if (warm.stdout !== cold.stdout || uncached.stdout !== cold.stdout) throw new Error('a cached run reported something else than an uncached one')
      writeFileSync(changed, original.replace('"doc": "Entity 0, version 10."', `"doc": "Entity 0, version 10, edit ${i}."`))
      const one = check(build)
      const fresh = check(build, '--no-cache')
      if (fresh.stdout !== one.stdout) throw new Error('the run after a change reported something else than an uncached one')
      build.figures.uncached.push(uncached)
      build.figures.cold.push(cold)
      build.figures.warm.push(warm)
      build.figures.changed.push(one)
      const line = (name, r) => `${name} ${r.wall.toFixed(2)} s wall, ${r.cpu.toFixed(2)} s CPU`
      console.log(
        `round ${i + 1} (${build.name}): ${line('--no-cache', uncached)}; ${line('cold', cold)}; ${line('warm', warm)}; ${line('one subject changed', one)}`,
      )
    }
  }
} finally {
  rmSync(scratch, { recursive: true, force: true })
}
for (const { name, figures } of builds) {
  const m = (kind, what) => median(figures[kind].map((r) => r[what]))
  const pct = (kind, what) => `${((100 * m(kind, what)) / m('cold', what)).toFixed(0)}%`
  console.log(
    `${name}: check cache ${subjects}×10 FULL_TRANSITIVE, medians: --no-cache ${m('uncached', 'wall').toFixed(2)} s wall / ${m('uncached', 'cpu').toFixed(2)} s CPU; cold ${m('cold', 'wall').toFixed(2)} s wall / ${m('cold', 'cpu').toFixed(2)} s CPU; warm ${m('warm', 'wall').toFixed(2)} s / ${m('warm', 'cpu').toFixed(2)} s (${pct('warm', 'wall')} wall, ${pct('warm', 'cpu')} CPU of cold; target ≤ 15%); one subject changed ${m('changed', 'wall').toFixed(2)} s / ${m('changed', 'cpu').toFixed(2)} s (${pct('changed', 'wall')} wall, ${pct('changed', 'cpu')} CPU; target ≤ 20%)`,
  )
}
