// schemactl migrate: 10,000 versions (2,000 subjects × 5) between two local `serve` processes with
// durable data folders, ids preserved. Compared with (a) the same migration one request at a time
// (--concurrency 1) and with a naive copier (GET then POST per version, serially) — target: the
// default ≥ 10× faster — and (b) the target's own durable
// registration throughput: the same 10,000 IMPORT registrations sent straight to a fresh target by
// as many concurrent workers, at the default --concurrency 8 and at 32 and 64 (target: migrate within 1.5× of that time).
// BENCH_CONCURRENCY=8,32,64 picks the concurrencies. With N requests in flight a copy is at most N× as fast as
// with one (Little's law: each request still takes at least its unloaded round trip), so the 10× needs N > 10.
// Needs `npm run build`. Knobs: BENCH_SUBJECTS (default 2000), BENCH_RUNS (default 3).
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
// migrate's default --concurrency (8) and higher ones; the raw registrations use as many workers (the same concurrency).
const CONCURRENCIES = (process.env.BENCH_CONCURRENCY ?? '8,32,64').split(',').map(Number)
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
  for (let s = 0; s < SUBJECTS; s++) for (let v = 1; v <= VERSIONS; v++) out.push({ subject: `subject-${s}-value`, version: v, id: ++id, schema: schemaOf(s, v) })
  return out
}

/** A source data folder written as a changelog (seeding over HTTP would dominate the bench). */
function makeSource() {
  const dir = temp()
  const lines = versions().map(({ subject, version, id, schema }) =>
    encodeRecord({ key: { keytype: 'SCHEMA', subject, version, magic: 1 }, value: { subject, version, id, schemaType: 'AVRO', schema, deleted: false, ts: 1_700_000_000_000 + id } }),
  )
  writeFileSync(join(dir, 'changelog.jsonl'), lines.join(''))
  return dir
}

function runMigrate(from, to, concurrency, cwd) {
  const started = performance.now()
  const child = spawn(process.execPath, [BIN, 'migrate', '--from', from, '--to', to, '--concurrency', String(concurrency), '--no-verify', '--journal', join(cwd, 'journal.jsonl')], { cwd, stdio: ['ignore', 'pipe', 'inherit'] })
  let out = ''
  child.stdout.on('data', (d) => (out += d))
  return new Promise((resolve, reject) =>
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`migrate exited with ${code}: ${out}`))
      if (!/10000 migrated|[0-9]+ migrated, 0 skipped/.test(out)) return reject(new Error(`unexpected migrate output: ${out}`))
      resolve(performance.now() - started)
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
            const res = await request(`${target.url}/subjects/${v.subject}/versions`, { method: 'POST', headers, body: JSON.stringify({ schema: v.schema, id: v.id, version: v.version }), dispatcher: agent })
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

/** A naive copier, one request at a time: per subject list its versions, then GET each version and POST it with its id. */
async function timeNaiveCopy(sourceUrl) {
  const dir = temp()
  const target = await startServe(join(dir, 'data'))
  const agent = new Agent({ connections: 1 })
  const headers = { 'content-type': 'application/vnd.schemaregistry.v1+json' }
  const call = async (url, method = 'GET', body) => {
    const res = await request(url, { method, headers, body: body && JSON.stringify(body), dispatcher: agent })
    const text = await res.body.text()
    if (res.statusCode !== 200) throw new Error(`${method} ${url}: ${res.statusCode} ${text}`)
    return JSON.parse(text)
  }
  try {
    const started = performance.now()
    await call(`${target.url}/mode`, 'PUT', { mode: 'IMPORT' })
    for (const subject of await call(`${sourceUrl}/subjects`)) {
      for (const version of await call(`${sourceUrl}/subjects/${subject}/versions`)) {
        const v = await call(`${sourceUrl}/subjects/${subject}/versions/${version}`)
        await call(`${target.url}/subjects/${subject}/versions`, 'POST', { schema: v.schema, id: v.id, version: v.version })
      }
    }
    await call(`${target.url}/mode`, 'PUT', { mode: 'READWRITE' })
    return performance.now() - started
  } finally {
    await agent.close()
    await target.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}

const total = SUBJECTS * VERSIONS
const sourceDir = makeSource()
const source = await startServe(sourceDir)
try {
  const fmt = (ms) => `${(ms / 1000).toFixed(2)} s (${Math.round(total / (ms / 1000))} versions/s)`
  const runs = (xs) => xs.map((x) => (x / 1000).toFixed(2)).join(', ')
  const measured = []
  for (const concurrency of CONCURRENCIES) {
    const fast = []
    const raw = []
    for (let i = 0; i < RUNS; i++) {
      fast.push(await timeMigration(source.url, concurrency))
      raw.push(await timeRawRegistrations(concurrency))
    }
    measured.push({ concurrency, fast: median(fast), raw: median(raw) })
    console.log(`migrate ${total} versions, ids preserved, --concurrency ${concurrency}: median ${fmt(median(fast))} (runs: ${runs(fast)} s; whole process, no --verify)`)
    console.log(`  target's own durable IMPORT registrations, ${concurrency} workers: median ${fmt(median(raw))} (runs: ${runs(raw)} s) → migrate takes ${(median(fast) / median(raw)).toFixed(2)}× as long (target ≤ 1.5×)`)
  }
  // One request at a time is slow: one run.
  const serial = await timeMigration(source.url, 1)
  const naive = await timeNaiveCopy(source.url)
  const ratios = (base) => measured.map((m) => `${(base / m.fast).toFixed(1)}× at ${m.concurrency}`).join(', ')
  console.log(`migrate --concurrency 1 (one request at a time): ${fmt(serial)} → migrate is ${ratios(serial)} faster (target ≥ 10×)`)
  console.log(`naive copier (list, GET, POST per version, one request at a time): ${fmt(naive)} → migrate is ${ratios(naive)} faster (target ≥ 10×)`)
} finally {
  await source.stop()
  rmSync(sourceDir, { recursive: true, force: true })
}
