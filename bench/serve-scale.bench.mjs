// schemactl serve at the scale of a large production registry copied in: 200,000 schema versions
// across 20,000 subjects (SCALE_SUBJECTS × 10; set SCALE_SUBJECTS to try another size). Start-up
// from the log, resident memory, reads by id (200 and 404), GET /subjects whole and paged, and the
// log against the live data after a clean-up that makes the registry compact its changelog.
// The server runs as its own process (bin/run.js → dist/, so `npm run build` first); figures are
// medians of a few runs. The machine is shared: the load average is printed with each section.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import autocannon from 'autocannon'
import { median, startServe } from './serve-process.mjs'
import { writeScaleLog } from './serve-scale-generator.mjs'
import { encodeRecord, replayChangelog } from '../dist/server/store/changelog.js'
import { RegistryState } from '../dist/server/store/state.js'

const SUBJECTS = Number(process.env.SCALE_SUBJECTS ?? 20_000)
const VERSIONS = 10
const RUNS = 3
const MB = 1024 * 1024

const load = () =>
  `load ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')}`
/** VmRSS and VmHWM (peak) of a process, in MB (Linux /proc). */
function memory(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = (name) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)[1])
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 }
}
/** CPU seconds a process has used (user + system, /proc/<pid>/stat). */
function cpuSeconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
  return (Number(fields[11]) + Number(fields[12])) / 100
}
const mb = (x) => `${Math.round(x)} MB`
const runs = (xs, f = Math.round) => xs.map(f).join(', ')

/** Requests per second over 3 s, and the server's CPU per request (µs): the figure load on a shared machine distorts least. */
async function rate(server, requests, connections = 32) {
  const cpu = cpuSeconds(server.pid)
  const r = await autocannon({ url: server.url, connections, duration: 3, requests })
  if (r.errors) throw new Error(`${r.errors} request errors`)
  return { rate: r.requests.average, non2xx: r.non2xx, total: r.requests.total, cpuUs: ((cpuSeconds(server.pid) - cpu) * 1e6) / r.requests.total }
}

/** The bytes the live records take: what a compaction of the data folder would write. */
function liveBytes(dir) {
  const state = new RegistryState()
  replayChangelog(dir, (r) => state.applyRecord(r))
  return state.snapshot().reduce((n, r) => n + Buffer.byteLength(encodeRecord(r)), 0)
}

const dir = mkdtempSync(join(tmpdir(), 'schemactl-bench-scale-'))
try {
  let t = performance.now()
  const { records, maxId } = writeScaleLog(dir, { subjects: SUBJECTS, versions: VERSIONS })
  const logPath = join(dir, 'changelog.jsonl')
  console.log(
    `log: ${records.toLocaleString('en')} versions of ${SUBJECTS.toLocaleString('en')} subjects, ${mb(statSync(logPath).size / MB)} (written in ${Math.round(performance.now() - t)} ms)`,
  )

  // ---- start-up and memory ----
  const startups = []
  const cpus = []
  const rss = []
  const peaks = []
  for (let i = 0; i < RUNS; i++) {
    const server = await startServe(dir)
    startups.push(server.startupMs)
    cpus.push(cpuSeconds(server.pid))
    const m = memory(server.pid)
    rss.push(m.rss)
    peaks.push(m.peak)
    await server.stop()
  }
  console.log(
    `start-up (spawn → URL printed): median ${Math.round(median(startups))} ms wall, ${median(cpus).toFixed(1)} s CPU (runs: ${runs(startups)} ms; target < 5,000 ms); ${load()}`,
  )
  console.log(`RSS after start-up: median ${mb(median(rss))} (runs: ${runs(rss)}); peak during start-up ${mb(median(peaks))} (target < 1 GB)`)

  const server = await startServe(dir)
  try {
    // ---- reads by id: every id in turn, and ids that do not exist ----
    const ok = []
    const missing = []
    const okCpu = []
    const missingCpu = []
    for (let i = 0; i < RUNS; i++) {
      let n = 0
      const hit = await rate(server, [{ method: 'GET', setupRequest: (req) => ({ ...req, path: `/schemas/ids/${((n++ * 7919) % (maxId - 1)) + 1}` }) }])
      if (hit.non2xx) throw new Error(`${hit.non2xx} reads by id failed`)
      ok.push(hit.rate)
      okCpu.push(hit.cpuUs)
      let m = 0
      const miss = await rate(server, [{ method: 'GET', setupRequest: (req) => ({ ...req, path: `/schemas/ids/${maxId + 1 + m++}` }) }])
      if (miss.non2xx !== miss.total) throw new Error('a read of a missing id was answered 2xx')
      missing.push(miss.rate)
      missingCpu.push(miss.cpuUs)
    }
    const after = memory(server.pid)
    console.log(
      `GET /schemas/ids/{id} (200, ids spread over all ${maxId.toLocaleString('en')}): median ${Math.round(median(ok))} req/s (runs: ${runs(ok)}; 32 connections, 3 s; target ≥ 10,000), server CPU ${Math.round(median(okCpu))} µs per request (runs: ${runs(okCpu)}); ${load()}`,
    )
    console.log(
      `GET /schemas/ids/{id} (404, missing ids): median ${Math.round(median(missing))} req/s (runs: ${runs(missing)}); server CPU ${Math.round(median(missingCpu))} µs per request (runs: ${runs(missingCpu)}): a 404 costs ${(median(missingCpu) / median(okCpu)).toFixed(2)}× a 200; RSS after ${mb(after.rss)}`,
    )

    // ---- GET /subjects: whole (streamed) and paged ----
    const whole = []
    let bytes = 0
    const before = memory(server.pid)
    for (let i = 0; i < 5; i++) {
      t = performance.now()
      const res = await fetch(`${server.url}/subjects`)
      const names = await res.json()
      whole.push(performance.now() - t)
      if (names.length !== SUBJECTS) throw new Error(`GET /subjects listed ${names.length} subjects`)
      bytes = Number(res.headers.get('content-length') ?? JSON.stringify(names).length)
    }
    const paged = []
    for (let i = 0; i < 5; i++) {
      t = performance.now()
      let count = 0
      for (let offset = 0; ; offset += 1000) {
        const page = await (await fetch(`${server.url}/subjects?offset=${offset}&limit=1000`)).json()
        count += page.length
        if (page.length < 1000) break
      }
      paged.push(performance.now() - t)
      if (count !== SUBJECTS) throw new Error(`paging listed ${count} subjects`)
    }
    const listed = memory(server.pid)
    console.log(
      `GET /subjects (${SUBJECTS.toLocaleString('en')} names, ${Math.round(bytes / 1024)} KB, streamed): median ${Math.round(median(whole))} ms (runs: ${runs(whole)}); paged by 1,000: median ${Math.round(median(paged))} ms for all pages; RSS ${mb(before.rss)} → ${mb(listed.rss)}, peak so far ${mb(listed.peak)}; ${load()}`,
    )

    // ---- compaction: delete half the subjects for good (soft, then permanent), watching the log ----
    // Every subject holds the same amount of schema text, so the live data while deleting is the
    // generated log's size times the share of subjects left: each poll compares the log with that.
    const cleanUp = Math.ceil(SUBJECTS / 2)
    const initial = statSync(logPath).size
    let gone = 0
    let maxLog = initial
    let maxRatio = 1
    let compactions = 0
    let last = initial
    const poll = () => {
      const size = statSync(logPath, { throwIfNoEntry: false })?.size ?? last
      if (size < last) compactions++
      last = size
      maxLog = Math.max(maxLog, size)
      maxRatio = Math.max(maxRatio, size / ((initial * (SUBJECTS - gone)) / SUBJECTS))
    }
    const watch = setInterval(poll, 50)
    t = performance.now()
    let next = 0
    const worker = async () => {
      while (next < cleanUp) {
        const subject = `team${next % 50}.orders-${next}-value`
        next++
        for (const query of ['', '?permanent=true']) {
          const res = await fetch(`${server.url}/subjects/${subject}${query}`, { method: 'DELETE' })
          if (res.status !== 200) throw new Error(`DELETE /subjects/${subject}${query}: ${res.status} ${await res.text()}`)
        }
        gone++
      }
    }
    await Promise.all(Array.from({ length: 16 }, worker))
    const cleanUpMs = performance.now() - t
    // A compaction may still be writing its file: wait until the log's size has held for 2 s.
    for (let stable = 0, size = -1; stable < 20;) {
      await new Promise((r) => setTimeout(r, 100))
      const now = statSync(logPath).size
      stable = now === size ? stable + 1 : 0
      size = now
    }
    poll()
    clearInterval(watch)
    const end = memory(server.pid)
    await server.stop()
    const finalLog = statSync(logPath).size
    const live = liveBytes(dir)
    console.log(
      `compaction: ${(cleanUp * 2).toLocaleString('en')} deletes (${cleanUp.toLocaleString('en')} subjects soft, then permanently) in ${Math.round(cleanUpMs / 1000)} s, ` +
        `${compactions} compactions seen; log at most ${mb(maxLog / MB)} and at most ${maxRatio.toFixed(2)}× the live data at that moment (target ≤ 2×); ` +
        `at the end ${mb(finalLog / MB)} = ${(finalLog / live).toFixed(2)}× the live ${mb(live / MB)}; peak RSS of the whole run ${mb(end.peak)}; ${load()}`,
    )
  } finally {
    await server.stop()
  }
} finally {
  rmSync(dir, { recursive: true, force: true })
}
