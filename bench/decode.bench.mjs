// schemactl decode: 1,000,000 framed messages of a 20-field record, hex one per line, decoded by
// the real binary (bin/run.js → dist/, so `npm run build` first) against `schemactl serve`.
// Prints messages/s over the wall time of the whole process (start-up included) and net of the
// start-up (the median wall time of decoding one message), and peak RSS, for the full file and
// for a tenth of it: the two peaks match when memory stays flat (streamed).
// The input is generated once under bench/.work/. DECODE_BENCH_MESSAGES=n for shorter runs.
import { spawn } from 'node:child_process'
import { createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { BIN, median, startServe } from './serve-process.mjs'
import avsc from 'avsc'

const WORK = fileURLToPath(new URL('./.work/', import.meta.url))
const MESSAGES = Number(process.env.DECODE_BENCH_MESSAGES ?? 1_000_000)
const RUNS = 3

const schema = {
  type: 'record',
  name: 'Event',
  namespace: 'bench',
  fields: [
    { name: 'id', type: 'long' },
    { name: 'ts', type: 'long' },
    { name: 'user', type: 'string' },
    { name: 'session', type: 'string' },
    { name: 'kind', type: { type: 'enum', name: 'Kind', symbols: ['VIEW', 'CLICK', 'BUY'] } },
    { name: 'amount', type: 'double' },
    { name: 'qty', type: 'int' },
    { name: 'ok', type: 'boolean' },
    { name: 'country', type: 'string' },
    { name: 'city', type: ['null', 'string'], default: null },
    { name: 'page', type: 'string' },
    { name: 'ref', type: ['null', 'string'], default: null },
    { name: 'score', type: 'float' },
    { name: 'rank', type: 'int' },
    { name: 'device', type: 'string' },
    { name: 'os', type: 'string' },
    { name: 'version', type: 'int' },
    { name: 'latency', type: 'long' },
    { name: 'campaign', type: ['null', 'string'], default: null },
    { name: 'flag', type: 'boolean' },
  ],
}

/** Writes `count` framed messages with schema `id` as hex lines (once; reused by later runs). */
async function generate(count, id) {
  mkdirSync(WORK, { recursive: true })
  const file = `${WORK}decode-${count}-id${id}.hex`
  if (existsSync(file)) return file
  const type = avsc.Type.forSchema(schema)
  const out = createWriteStream(file + '.tmp')
  let text = ''
  for (let i = 0; i < count; i++) {
    const payload = type.toBuffer({
      id: i,
      ts: 1_700_000_000_000 + i,
      user: `user-${i % 1000}`,
      session: `s${i}`,
      kind: ['VIEW', 'CLICK', 'BUY'][i % 3],
      amount: i * 0.25,
      qty: i % 10,
      ok: i % 2 === 0,
      country: 'NL',
      city: i % 2 ? 'Utrecht' : null,
      page: `/p/${i % 50}`,
      ref: null,
      score: 0.5,
      rank: i % 100,
      device: 'mobile',
      os: 'android',
      version: 3,
      latency: 120 + (i % 30),
      campaign: i % 5 ? null : 'spring',
      flag: false,
    })
    const message = Buffer.alloc(5 + payload.length)
    message.writeInt32BE(id, 1)
    payload.copy(message, 5)
    text += message.toString('hex') + '\n'
    if (text.length > 1 << 20) {
      if (!out.write(text)) await new Promise((r) => out.once('drain', r))
      text = ''
    }
  }
  out.end(text)
  await new Promise((r) => out.on('finish', r))
  renameSync(file + '.tmp', file)
  return file
}

// Prints the process's peak RSS and CPU time on exit, from inside the measured process (CPU time
// is the figure to trust on a loaded machine, where wall time measures the neighbours too).
const PEAK = `data:text/javascript,process.on('exit',()=>{const u=process.resourceUsage();process.stderr.write('peak-rss '+u.maxRSS+' cpu-us '+(u.userCPUTime+u.systemCPUTime)+'\\n')})`

/** Runs `decode` on `file`; resolves to wall milliseconds and peak RSS (MiB). */
function decode(file, url) {
  const started = performance.now()
  const child = spawn(process.execPath, ['--import', PEAK, BIN, 'decode', file, '--input-format', 'hex', '--registry', url], {
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  let err = ''
  child.stderr.on('data', (d) => (err += d))
  return new Promise((resolve, reject) => {
    child.on('exit', (code) => {
      const ms = performance.now() - started
      const peak = /peak-rss (\d+) cpu-us (\d+)/.exec(err)
      if (code !== 0 || !peak) reject(new Error(`decode exited with ${code}: ${err.slice(0, 500)}`))
      else resolve({ ms, rssMiB: Number(peak[1]) / 1024, cpuMs: Number(peak[2]) / 1000 })
    })
  })
}

const server = await startServe()
try {
  const res = await fetch(`${server.url}/subjects/bench-value/versions`, {
    method: 'POST',
    headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' },
    body: JSON.stringify({ schema: JSON.stringify(schema) }),
  })
  const { id } = await res.json()
  const one = `${WORK}decode-1-id${id}.hex`
  writeFileSync(
    one,
    readFileSync(await generate(MESSAGES / 10, id), 'latin1')
      .slice(0, 1000)
      .split('\n')[0] + '\n',
  )
  const startups = []
  for (let i = 0; i < RUNS; i++) startups.push(await decode(one, server.url))
  const startup = median(startups.map((r) => r.ms))
  const startupCpu = median(startups.map((r) => r.cpuMs))
  console.log(`decode start-up (one message): median ${Math.round(startup)} ms wall, ${Math.round(startupCpu)} ms CPU`)
  for (const count of [MESSAGES / 10, MESSAGES]) {
    const file = await generate(count, id)
    const runs = []
    for (let i = 0; i < RUNS; i++) runs.push(await decode(file, server.url))
    const rates = runs.map((r) => count / (r.ms / 1000))
    const net = runs.map((r) => count / (Math.max(r.ms - startup, 1) / 1000))
    const perCpu = runs.map((r) => count / (Math.max(r.cpuMs - startupCpu, 1) / 1000))
    const fmt = (x) => Math.round(x).toLocaleString('en')
    console.log(
      `decode ${count.toLocaleString('en')} hex messages (20-field record): median ${fmt(median(rates))} msg/s wall with start-up, ` +
        `${fmt(median(net))} msg/s wall net of start-up, ${fmt(median(perCpu))} msg per CPU-second net ` +
        `(wall runs: ${rates.map(fmt).join(', ')}; target ≥ 200,000), peak RSS ${median(runs.map((r) => r.rssMiB)).toFixed(0)} MiB`,
    )
  }
} finally {
  await server.stop()
}
