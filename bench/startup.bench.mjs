// Start-up: median wall of ~15 runs of `schemactl --version` and of `schemactl check` on a
// one-subject folder. Target: under 250 ms each. Needs a build (npm run build).
// BENCH_BASELINE=<another built checkout> runs that checkout's bin/run.js too, interleaved run by
// run with this one (the machines are shared: interleaving spreads their noise over both alike).
import { spawnSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

// Every run checks afresh: the verdict cache (bench/check-cache.bench.mjs measures it) would make runs after the first warm.
process.env.SCHEMACTL_NO_CACHE = '1'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const runs = Number(process.env.BENCH_RUNS ?? 15)
const builds = [{ label: '', root }, ...(process.env.BENCH_BASELINE ? [{ label: ' [baseline]', root: resolve(process.env.BENCH_BASELINE) }] : [])]
const one = join(root, 'bench', '.work', 'one-subject')
mkdirSync(one, { recursive: true })
writeFileSync(join(one, 'users-value.avsc'), JSON.stringify({ type: 'record', name: 'User', fields: [{ name: 'id', type: 'string' }] }))

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
function time(label, args) {
  const walls = builds.map(() => [])
  const cpus = builds.map(() => [])
  for (let i = 0; i < runs + 1; i++) {
    // Alternate which build goes first, so neither always runs right after the other.
    const order = i % 2 === 0 ? builds.map((_, b) => b) : builds.map((_, b) => b).reverse()
    for (const b of order) {
      const start = performance.now()
      // /usr/bin/time adds the child's CPU time (user + system), steadier than wall on a shared machine.
      const run = spawnSync('/usr/bin/time', ['-f', '%U %S', process.execPath, join(builds[b].root, 'bin/run.js'), ...args], { encoding: 'utf8' })
      if (run.status !== 0) throw new Error(`${label}${builds[b].label} exited ${run.status}: ${run.stderr}`)
      // The first run warms the file cache and is not counted.
      if (i === 0) continue
      walls[b].push(performance.now() - start)
      const [user, system] = run.stderr.trim().split('\n').at(-1).split(' ').map(Number)
      cpus[b].push((user + system) * 1000)
    }
  }
  builds.forEach((build, b) =>
    console.log(
      `${label}${build.label}: median ${median(walls[b]).toFixed(0)} ms wall over ${runs} runs (min ${Math.min(...walls[b]).toFixed(0)}, max ${Math.max(...walls[b]).toFixed(0)}; target < 250 ms), median CPU ${median(cpus[b]).toFixed(0)} ms`,
    ),
  )
}
const bare = []
for (let i = 0; i < runs; i++) {
  const start = performance.now()
  spawnSync(process.execPath, ['-e', '0'])
  bare.push(performance.now() - start)
}
console.log(`node -e 0 (reference): median ${median(bare).toFixed(0)} ms`)
time('schemactl --version', ['--version'])
time('schemactl check <one subject>', ['check', one])
