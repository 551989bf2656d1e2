// schemactl decode of JSON Schema and Protobuf messages: framed messages of a 20-field record, hex
// one per line, decoded by the real binary (bin/run.js → dist/, so `npm run build` first) against
// `schemactl serve`. JSON Schema messages are validated against their schema (ajv) on the way;
// Protobuf messages are printed in the canonical proto3 JSON mapping. Prints, per type, msg/s with
// and net of start-up (decoding one message), per CPU-second, and peak RSS for a tenth of the
// messages and for all of them (memory is flat when the two peaks match).
// Inputs are generated once under bench/.work/. DECODE_TYPES_BENCH_MESSAGES=n for shorter runs.
import { spawn } from 'node:child_process'
import { createWriteStream, existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { createProtobufEncoder, parseProtobuf } from '../dist/index.js'
import { BIN, median, startServe } from './serve-process.mjs'

const WORK = fileURLToPath(new URL('./.work/', import.meta.url))
const MESSAGES = Number(process.env.DECODE_TYPES_BENCH_MESSAGES ?? 1_000_000)
const RUNS = 3

const record = (i) => ({
  id: String(i),
  ts: `2024-05-01T12:${String(i % 60).padStart(2, '0')}:00Z`,
  user: `user-${i % 1000}`,
  session: `s${i}`,
  kind: ['VIEW', 'CLICK', 'BUY'][i % 3],
  amount: i * 0.25,
  qty: i % 10,
  ok: i % 2 === 0,
  country: 'NL',
  city: i % 2 ? 'Utrecht' : 'Delft',
  page: `/p/${i % 50}`,
  ref: 'https://example.com/',
  score: 0.5,
  rank: i % 100,
  device: 'mobile',
  os: 'android',
  version: 3,
  latency: 120 + (i % 30),
  campaign: i % 5 ? 'none' : 'spring',
  flag: false,
})

const JSON_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'Event',
  type: 'object',
  additionalProperties: false,
  required: ['id', 'ts', 'user', 'kind', 'amount'],
  properties: {
    id: { type: 'string', pattern: '^[0-9]+$' },
    ts: { type: 'string' },
    user: { type: 'string', maxLength: 64 },
    session: { type: 'string' },
    kind: { enum: ['VIEW', 'CLICK', 'BUY'] },
    amount: { type: 'number', minimum: 0 },
    qty: { type: 'integer' },
    ok: { type: 'boolean' },
    country: { type: 'string', minLength: 2, maxLength: 2 },
    city: { type: ['string', 'null'] },
    page: { type: 'string' },
    ref: { type: 'string' },
    score: { type: 'number' },
    rank: { type: 'integer' },
    device: { type: 'string' },
    os: { type: 'string' },
    version: { type: 'integer' },
    latency: { type: 'integer' },
    campaign: { type: 'string' },
    flag: { type: 'boolean' },
  },
}

const PROTO = `syntax = "proto3";
package bench.v1;
import "google/protobuf/timestamp.proto";
message Event {
  int64 id = 1; google.protobuf.Timestamp ts = 2; string user = 3; string session = 4; Kind kind = 5; double amount = 6;
  int32 qty = 7; bool ok = 8; string country = 9; string city = 10; string page = 11; string ref = 12; float score = 13;
  int32 rank = 14; string device = 15; string os = 16; uint32 version = 17; int64 latency = 18; string campaign = 19; bool flag = 20;
}
enum Kind { KIND_UNSPECIFIED = 0; VIEW = 1; CLICK = 2; BUY = 3; }
`

/** The message body (after the 5-byte header) of record `i` for each type. */
function bodies() {
  const parsed = parseProtobuf(PROTO)
  if (!parsed.ok) throw new Error(parsed.errors[0].message)
  const created = createProtobufEncoder(parsed.value)
  if (!created.ok) throw new Error(created.message)
  return {
    JSON: (i) => Buffer.from(JSON.stringify(record(i))),
    PROTOBUF: (i) => {
      const r = record(i)
      const encoded = created.encoder.encode({ ...r, latency: String(r.latency) })
      if (!encoded.ok) throw new Error(encoded.error.message)
      return Buffer.from(encoded.bytes)
    },
  }
}

/** Writes `count` framed messages with schema `id` as hex lines (once; reused by later runs). */
async function generate(type, body, count, id) {
  mkdirSync(WORK, { recursive: true })
  const file = `${WORK}decode-${type}-${count}-id${id}.hex`
  if (existsSync(file)) return file
  const out = createWriteStream(file + '.tmp')
  let text = ''
  const header = Buffer.alloc(5)
  header.writeInt32BE(id, 1)
  const head = header.toString('hex')
  for (let i = 0; i < count; i++) {
    text += head + body(i).toString('hex') + '\n'
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

// Peak RSS and CPU time of the measured process, printed from inside it on exit.
const PEAK = `data:text/javascript,process.on('exit',()=>{const u=process.resourceUsage();process.stderr.write('peak-rss '+u.maxRSS+' cpu-us '+(u.userCPUTime+u.systemCPUTime)+'\\n')})`

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

const TARGETS = { JSON: '≥ 100,000', PROTOBUF: '≥ 200,000' }
const SCHEMAS = { JSON: JSON.stringify(JSON_SCHEMA), PROTOBUF: PROTO }
const make = bodies()
const server = await startServe()
try {
  const only = process.env.DECODE_TYPES ? process.env.DECODE_TYPES.split(',') : ['JSON', 'PROTOBUF']
  for (const type of only) {
    const res = await fetch(`${server.url}/subjects/bench-${type.toLowerCase()}-value/versions`, {
      method: 'POST',
      headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' },
      body: JSON.stringify({ schemaType: type, schema: SCHEMAS[type] }),
    })
    const { id } = await res.json()
    const one = `${WORK}decode-${type}-1-id${id}.hex`
    mkdirSync(WORK, { recursive: true })
    const header = Buffer.alloc(5)
    header.writeInt32BE(id, 1)
    writeFileSync(one, Buffer.concat([header, make[type](1)]).toString('hex') + '\n')
    const startups = []
    for (let i = 0; i < RUNS; i++) startups.push(await decode(one, server.url))
    const startup = median(startups.map((r) => r.ms))
    const startupCpu = median(startups.map((r) => r.cpuMs))
    console.log(`${type} decode start-up (one message): median ${Math.round(startup)} ms wall, ${Math.round(startupCpu)} ms CPU`)
    for (const count of [MESSAGES / 10, MESSAGES]) {
      const file = await generate(type, make[type], count, id)
      const runs = []
      for (let i = 0; i < RUNS; i++) runs.push(await decode(file, server.url))
      const fmt = (x) => Math.round(x).toLocaleString('en')
      const rates = runs.map((r) => count / (r.ms / 1000))
      const net = runs.map((r) => count / (Math.max(r.ms - startup, 1) / 1000))
      const perCpu = runs.map((r) => count / (Math.max(r.cpuMs - startupCpu, 1) / 1000))
      console.log(
        `${type} decode ${count.toLocaleString('en')} hex messages (20-field record${type === 'JSON' ? ', validated' : ''}): median ${fmt(median(rates))} msg/s wall with start-up, ` +
          `${fmt(median(net))} msg/s net of start-up, ${fmt(median(perCpu))} msg per CPU-second net (wall runs: ${rates.map(fmt).join(', ')}; target ${TARGETS[type]}), ` +
          `peak RSS ${median(runs.map((r) => r.rssMiB)).toFixed(0)} MiB`,
      )
    }
  }
} finally {
  await server.stop()
}
