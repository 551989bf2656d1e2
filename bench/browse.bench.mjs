// `schemactl browse`: (1) the subject filter over 50,000 names, per keystroke (typing a query one
// character at a time, each narrowing the last, and the worst case: a full scan for a query that
// does not narrow); target under 50 ms. (2) start-up on a pseudo-terminal against `schemactl serve`
// (a child process, in memory) holding 10,000 subjects: wall time from spawning to the first frame
// ink draws, and to the first frame showing subject rows; target under 500 ms. Needs a build.
// BENCH_BASELINE=<another built checkout> runs its browse too, interleaved with this one's.
import { spawn, spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { BIN, median, startServe } from './serve-process.mjs'

const { createSubjectIndex, filterSubjects, narrows } = await import(fileURLToPath(new URL('../dist/app/browse/subject-filter.js', import.meta.url)))

const RUNS = Number(process.env.BENCH_RUNS ?? 9)
const SUBJECTS = Number(process.env.BENCH_SUBJECTS ?? 10_000)

// ---- (1) the filter -----------------------------------------------------------------------------
const teams = ['orders', 'payments', 'users', 'inventory', 'shipping', 'billing', 'search', 'audit']
const names = Array.from({ length: 50_000 }, (_, i) => `com.example.${teams[i % teams.length]}.events.Topic${i}-${i % 2 ? 'value' : 'key'}`)
const index = createSubjectIndex(names)
const perKey = []
const fullScans = []
for (let run = 0; run < RUNS; run++) {
  let shown
  let query = ''
  for (const ch of 'payments topic4') {
    const next = query + ch
    const started = performance.now()
    shown = filterSubjects(index, next, { within: shown !== undefined && narrows(query, next) ? shown : undefined })
    perKey.push(performance.now() - started)
    query = next
  }
  // Backspace to a broader query: nothing to narrow from, every name is scanned.
  for (const q of ['payments topic', 'payments', 'pay', 'e']) {
    const started = performance.now()
    filterSubjects(index, q)
    fullScans.push(performance.now() - started)
  }
}
const max = (xs) => Math.max(...xs)
console.log(
  `filter, 50,000 names, typing "payments topic4": median ${median(perKey).toFixed(2)} ms per keystroke, max ${max(perKey).toFixed(2)} ms (${perKey.length} keystrokes; target < 50 ms)`,
)
console.log(`filter, 50,000 names, full scan (a query that does not narrow): median ${median(fullScans).toFixed(2)} ms, max ${max(fullScans).toFixed(2)} ms`)

// ---- (2) start-up on a pseudo-terminal ------------------------------------------------------------
if (spawnSync('script', ['--version']).status !== 0) {
  console.log('start-up: skipped (util-linux script is not installed)')
  process.exit(0)
}
const serve = await startServe(undefined)
try {
  const started = performance.now()
  await seed(serve.url, SUBJECTS)
  console.log(`(seeded ${SUBJECTS} subjects in ${((performance.now() - started) / 1000).toFixed(1)} s)`)
  // BENCH_BASELINE=<another built checkout>: its browse too, interleaved run by run with this one.
  const builds = [
    { label: '', bin: BIN },
    ...(process.env.BENCH_BASELINE ? [{ label: ' [baseline]', bin: join(resolve(process.env.BENCH_BASELINE), 'bin', 'run.js') }] : []),
  ]
  for (const build of builds) await onPty(build.bin, ['--version'], () => true) // warm the file cache
  const version = []
  const runs = builds.map(() => ({ firstFrame: [], firstRows: [], cpu: [] }))
  for (let i = 0; i < RUNS; i++) {
    version.push((await onPty(BIN, ['--version'], (out) => /\d+\.\d+\.\d+/.test(out))).ms)
    // Alternate which build goes first, so neither always runs right after the other.
    const order = i % 2 === 0 ? builds.map((_, b) => b) : builds.map((_, b) => b).reverse()
    for (const b of order) {
      const run = await onPty(builds[b].bin, ['browse', '-r', serve.url], (out, marks) => {
        if (marks.frame === undefined && out.includes('schemactl browse')) marks.frame = performance.now()
        return /topic-\d{5}-value/.test(out)
      })
      runs[b].firstFrame.push(run.marks.frame - run.started)
      runs[b].firstRows.push(run.ms)
      runs[b].cpu.push(run.marks.cpu)
    }
  }
  const versionCpu = []
  for (let i = 0; i < RUNS; i++) {
    const timed = spawnSync('/usr/bin/time', ['-f', '%U %S', process.execPath, BIN, '--version'], { encoding: 'utf8' })
    const [user, system] = timed.stderr.trim().split('\n').at(-1).split(' ').map(Number)
    versionCpu.push((user + system) * 1000)
  }
  console.log(
    `schemactl --version on the same pseudo-terminal (reference): median ${median(version).toFixed(0)} ms wall, ${median(versionCpu).toFixed(0)} ms CPU`,
  )
  builds.forEach(({ label }, b) => {
    const { firstFrame, firstRows, cpu } = runs[b]
    console.log(
      `browse${label}, ${SUBJECTS} subjects: first frame median ${median(firstFrame).toFixed(0)} ms (min ${Math.min(...firstFrame).toFixed(0)}), first frame with subject rows median ${median(firstRows).toFixed(0)} ms (min ${Math.min(...firstRows).toFixed(0)}, max ${max(firstRows).toFixed(0)}; ${RUNS} runs; target < 500 ms); CPU used by then median ${median(cpu).toFixed(0)} ms`,
    )
  })
} finally {
  await serve.stop()
}

/** Registers `count` subjects, 16 requests at a time. */
async function seed(url, count) {
  let next = 0
  const worker = async () => {
    while (next < count) {
      const i = next++
      const schema = JSON.stringify({ type: 'record', name: `Topic${i}`, namespace: 'bench', fields: [{ name: 'id', type: 'long' }] })
      const response = await fetch(`${url}/subjects/topic-${String(i).padStart(5, '0')}-value/versions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ schema }),
      })
      if (!response.ok) throw new Error(`seed: ${response.status} ${await response.text()}`)
    }
  }
  await Promise.all(Array.from({ length: 16 }, worker))
}

/** CPU time (user + system, ms, 10 ms ticks) the program `script` runs has used so far, read from /proc. */
function childCpuMs(scriptPid) {
  try {
    const [pid] = readFileSync(`/proc/${scriptPid}/task/${scriptPid}/children`, 'utf8').trim().split(/\s+/)
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
    return (Number(fields[11]) + Number(fields[12])) * 10
  } catch {
    return NaN
  }
}

/** Runs `bin` (a bin/run.js) with `args` on a 100×30 pseudo-terminal until `done(output)`, then quits it; the wall time from spawning and the CPU time used by then. */
function onPty(bin, args, done) {
  const command = `stty rows 30 cols 100; exec ${[process.execPath, bin, ...args].map((a) => `'${a}'`).join(' ')}`
  const started = performance.now()
  const child = spawn('script', ['-qfec', command, '/dev/null'], { stdio: ['pipe', 'pipe', 'ignore'], env: { ...process.env, NO_COLOR: '1' } })
  let out = ''
  const marks = {}
  return new Promise((resolve, reject) => {
    let ms
    child.stdout.on('data', (d) => {
      out += d
      if (ms === undefined && done(out, marks)) {
        ms = performance.now() - started
        marks.cpu = childCpuMs(child.pid)
        child.stdin.write('q')
      }
    })
    child.on('close', () => (ms === undefined ? reject(new Error(`${args.join(' ')} ended before done: ${out.slice(-500)}`)) : resolve({ ms, started, marks })))
  })
}
