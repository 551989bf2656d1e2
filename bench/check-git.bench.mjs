// Times `schemactl check --against git:HEAD~1` on the 2,000-subject benchmark workspace against
// `check --against DIR` on the same content (median wall and CPU of 5 runs each, alternating).
// Target: git within 1.5× of DIR. Needs a build (npm run build). The repository is made once under
// bench/.work/: commit 1 holds versions 1–9 of every subject, commit 2 adds version 10.
import { execFileSync, spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { benchWorkspace } from './workspace-generator.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const runs = Number(process.env.BENCH_RUNS ?? 5)
const subjects = Number(process.env.BENCH_SUBJECTS ?? 2000)

const workspace = benchWorkspace(subjects)
const work = join(root, 'bench', '.work', `check-git-${subjects}`)
const base = join(work, 'base')
const repo = join(work, 'repo')
const schemas = join(repo, 'schemas')

if (!existsSync(join(repo, '.git'))) {
  rmSync(work, { recursive: true, force: true })
  mkdirSync(work, { recursive: true })
  // The baseline folder: every subject without its newest version.
  cpSync(workspace, base, { recursive: true, filter: (src) => !src.endsWith('/10.avsc') })
  const git = (...args) =>
    execFileSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd: repo, stdio: 'pipe' })
  mkdirSync(repo, { recursive: true })
  git('init', '-q')
  cpSync(base, schemas, { recursive: true })
  git('add', '-A')
  git('commit', '-q', '-m', 'versions 1-9')
  cpSync(workspace, schemas, { recursive: true })
  git('add', '-A')
  git('commit', '-q', '-m', 'version 10')
}
console.log(`workspace: ${schemas} (${readdirSync(schemas).length} subjects); baseline folder ${base}`)

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
function time(against) {
  const start = performance.now()
  const run = spawnSync(
    '/usr/bin/time',
    ['-v', process.execPath, join(root, 'bin/run.js'), 'check', schemas, '--against', against, '--level', 'FULL_TRANSITIVE', '--json'],
    {
      cwd: repo,
      encoding: 'utf8',
      maxBuffer: 1024 * 1024 * 1024,
    },
  )
  const wall = performance.now() - start
  const cpu = ['User', 'System'].reduce((sum, kind) => sum + Number(new RegExp(`${kind} time \\(seconds\\): ([\\d.]+)`).exec(run.stderr)?.[1] ?? NaN), 0)
  const summary = JSON.parse(run.stdout).result?.summary
  if (run.status !== 0) throw new Error(`check --against ${against}: exit ${run.status}: ${run.stderr.slice(0, 500)}`)
  return { wall, cpu, summary }
}

const results = { git: [], dir: [] }
for (let i = 0; i < runs; i++) {
  // Alternate, so load from other work on the machine falls on both alike.
  for (const [name, against] of [
    ['git', 'git:HEAD~1'],
    ['dir', base],
  ]) {
    const r = time(against)
    results[name].push(r)
    console.log(`run ${i + 1} ${name}: ${(r.wall / 1000).toFixed(2)} s wall, ${r.cpu.toFixed(2)} s CPU, ${JSON.stringify(r.summary)}`)
  }
}
const wall = (name) => median(results[name].map((r) => r.wall)) / 1000
const cpu = (name) => median(results[name].map((r) => r.cpu))
console.log(
  `check --against git:HEAD~1 ${subjects}×10: median wall ${wall('git').toFixed(2)} s, CPU ${cpu('git').toFixed(2)} s; --against DIR: wall ${wall('dir').toFixed(2)} s, CPU ${cpu('dir').toFixed(2)} s; ratio ${(wall('git') / wall('dir')).toFixed(2)}× wall, ${(cpu('git') / cpu('dir')).toFixed(2)}× CPU (target ≤ 1.5×)`,
)
