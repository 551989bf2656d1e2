// schemactl migrate: 10,000 versions (2,000 subjects × 5) between two local `serve` processes with
// durable data folders, ids preserved, against the target's own IMPORT-registration throughput: the
// same 10,000 registrations (same ids, versions and schemas) posted straight to a fresh durable
// target by as many bare workers as migrate's --concurrency. Reported: migrate's throughput as a
// share of that, at --concurrency 8 (target ≥ 85 %) and 32 (target ≥ 60 %). Migrate is timed as a
// whole process (start-up, reading both sides, planning, the copy, settings, mode restore; no
// --verify), the runs of the two interleaved so machine noise hits both alike.
// Needs `npm run build`. Knobs: BENCH_SUBJECTS (default 2000), BENCH_RUNS (default 3),
// BENCH_CONCURRENCY (default 8,32).
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { BIN, median, startServe } from './serve-process.mjs'
import { Agent, request } from 'undici'
import { encodeRecord } from '../dist/server/store/changelog.js'

const SUBJECTS = Number(process.env.BENCH_SUBJECTS ?? 2000)
const VERSIONS = 5
const RUNS = Number(process.env.BENCH_RUNS ?? 3)
const CONCURRENCIES = (process.env.BENCH_CONCURRENCY ?? '8,32').split(',').map(Number)
const temp = () => mkdtempSync(join(tmpdir(), 'schemactl-bench-migrate-'))

function schemaOf(s, v) {
  const fields = [{ name: 'id', type: 'string' }]
  for (let f = 1; f < v; f++) fields.push({ name: `f${f}`, type: 'long', default: 0 })
  return JSON.stringify({ type: 'record', name: `R${s}`, fields })
}

/** The versions of the source, in order: (subject, version, id, schema). */
function versions() {
  const out = []
  let id = 0
  for (let s = 0; s < SUBJECTS; s++)
    for (let v = 1; v <= VERSIONS; v++) out.push({ subject: `subject-${s}-value`, version: v, id: ++id, schema: schemaOf(s, v) })
  return out
}

/** A source data folder written as a changelog (seeding over HTTP would dominate the bench). */
function makeSource() {
  const dir = temp()
  const lines = versions().map(({ subject, version, id, schema }) =>
    encodeRecord({
      key: { keytype: 'SCHEMA', subject, version, magic: 1 },
      value: { subject, version, id, schemaType: 'AVRO', schema, deleted: false, ts: 1_700_000_000_000 + id },
    }),
  )
  writeFileSync(join(dir, 'changelog.jsonl'), lines.join(''))
  return dir
}

function runMigrate(from, to, concurrency, cwd) {
  const started = performance.now()
  const child = spawn(
    process.execPath,
    [BIN, 'migrate', '--from', from, '--to', to, '--concurrency', String(concurrency), '--no-verify', '--journal', join(cwd, 'journal.jsonl')],
    { cwd, stdio: ['ignore', 'pipe', 'inherit'] },
  )
  let out = ''
  child.stdout.on('data', (d) => (out += d))
  return new Promise((resolve, reject) =>
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`migrate exited with ${code}: ${out}`))
      if (!/10000 migrated|[0-9]+ migrated, 0 skipped/.test(out)) return reject(new Error(`unexpected migrate output: ${out}`))
      // migrate's own clock (from its start to its result): the rest of the wall time is process start-up and exit.
      const own = /failed, \d+ retries, ([0-9.]+) s/.exec(out)
      resolve({ wall: performance.now() - started, own: own ? Number(own[1]) * 1000 : NaN })
    }),
  )
}

/** Time for `migrate` into a fresh durable target. */
async function timeMigration(sourceUrl, concurrency) {
  const dir = temp()
  const target = await startServe(join(dir, 'data'))
  try {
    return await runMigrate(sourceUrl, target.url, concurrency, dir)
  } finally {
    await target.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}

/** Time for the target alone to take the same IMPORT registrations from `concurrency` workers (keep-alive HTTP). */
async function timeRawRegistrations(concurrency) {
  const dir = temp()
  const target = await startServe(join(dir, 'data'))
  const agent = new Agent({ connections: Math.max(16, concurrency) })
  const headers = { 'content-type': 'application/vnd.schemaregistry.v1+json' }
  try {
    await request(`${target.url}/mode`, { method: 'PUT', headers, body: JSON.stringify({ mode: 'IMPORT' }), dispatcher: agent }).then((r) => r.body.text())
    const all = versions()
    const started = performance.now()
    let next = 0
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        // Each worker takes a whole subject, so versions of a subject stay in order as in the migration.
        for (;;) {
          const s = next++
          if (s >= SUBJECTS) return
          for (const v of all.slice(s * VERSIONS, (s + 1) * VERSIONS)) {
            const res = await request(`${target.url}/subjects/${v.subject}/versions`, {
              method: 'POST',
              headers,
              body: JSON.stringify({ schema: v.schema, id: v.id, version: v.version }),
              dispatcher: agent,
            })
            await res.body.text()
            if (res.statusCode !== 200) throw new Error(`registration failed: ${res.statusCode}`)
          }
        }
      }),
    )
    return performance.now() - started
  } finally {
    await agent.close()
    await target.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}

const total = SUBJECTS * VERSIONS
const TARGETS = { 8: 0.85, 32: 0.6 }
const sourceDir = makeSource()
const source = await startServe(sourceDir)
try {
  const rate = (ms) => `${Math.round(total / (ms / 1000))} versions/s`
  const runs = (xs) => xs.map((x) => (x / 1000).toFixed(2)).join(', ')
  for (const concurrency of CONCURRENCIES) {
    const walls = []
    const owns = []
    const raw = []
    for (let i = 0; i < RUNS; i++) {
      const m = await timeMigration(source.url, concurrency)
      walls.push(m.wall)
      owns.push(m.own)
      raw.push(await timeRawRegistrations(concurrency))
    }
    const share = median(raw) / median(walls)
    const target = TARGETS[concurrency]
    console.log(
      `--concurrency ${concurrency}: migrate ${rate(median(walls))} (median of ${runs(walls)} s, whole process; ${(median(owns) / 1000).toFixed(2)} s by its own clock)`,
    )
    console.log(`  target's own IMPORT registrations, ${concurrency} bare workers: ${rate(median(raw))} (median of ${runs(raw)} s)`)
    console.log(
      `  → migrate reaches ${(share * 100).toFixed(0)} % of the target's own throughput${target ? ` (target ≥ ${target * 100} %: ${share >= target ? 'met' : 'missed'})` : ''}`,
    )
  }
} finally {
  await source.stop()
  rmSync(sourceDir, { recursive: true, force: true })
}
