// Protobuf message codec: Confluent-framed Protobuf messages (magic byte, schema id, message
// indexes, payload) of a realistic event (28 fields: nested messages, enums, repeated scalars and
// messages, strings, a Timestamp) decoded to JSON text in-process, on one core, as `decode` does
// per message. A pool of 1,000 distinct messages is cycled through for MESSAGES decodes; the JSON
// goes into one reused byte sink, emptied every 64 KiB as the command does. Prints the median
// messages/s of several rounds, the encode rate, and RSS before and after the 1,000,000-message
// run (flat memory: the two stay close). Run `npm run build` first (imports dist/).
import { createProtobufDecoder, createProtobufEncoder, frameProtobufMessage, parseProtobuf } from '../dist/index.js'
import { ByteSink } from '../dist/engine/codec/index.js'
import { cpus, loadavg } from 'node:os'

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 1_000_000)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5)
const POOL = 1000

const SCHEMA = `syntax = "proto3";
package bench.v1;
import "google/protobuf/timestamp.proto";

message Event {
  int64 id = 1;
  google.protobuf.Timestamp occurred_at = 2;
  string user_id = 3;
  string session_id = 4;
  Kind kind = 5;
  double amount = 6;
  int32 quantity = 7;
  bool ok = 8;
  string country = 9;
  string city = 10;
  string page = 11;
  string referrer = 12;
  float score = 13;
  int32 rank = 14;
  Device device = 15;
  uint32 version = 16;
  int64 latency_us = 17;
  string campaign = 18;
  bool flag = 19;
  repeated string tags = 20;
  repeated Item items = 21;
  Address address = 22;
  sint32 delta = 23;
  fixed64 trace = 24;
  bytes checksum = 25;
  repeated int32 codes = 26;
  optional string note = 27;
  Status status = 28;

  message Item {
    string sku = 1;
    int32 quantity = 2;
    double price = 3;
    Kind kind = 4;
  }
  message Device {
    string os = 1;
    string model = 2;
    int32 api_level = 3;
  }
  message Address {
    string street = 1;
    string city = 2;
    string postal_code = 3;
    string country = 4;
  }
}

enum Kind {
  KIND_UNSPECIFIED = 0;
  VIEW = 1;
  CLICK = 2;
  BUY = 3;
}

enum Status {
  STATUS_UNSPECIFIED = 0;
  OPEN = 1;
  CLOSED = 2;
}
`

function record(i) {
  const kinds = ['VIEW', 'CLICK', 'BUY']
  return {
    id: String(1_000_000_000 + i),
    occurredAt: new Date(1_700_000_000_000 + i * 1003).toISOString(),
    userId: `user-${i % 1000}`,
    sessionId: `s-${i.toString(36)}`,
    kind: kinds[i % 3],
    amount: i * 0.25,
    quantity: i % 10,
    ok: i % 2 === 0,
    country: 'NL',
    city: i % 2 ? 'Utrecht' : 'Amsterdam',
    page: `/products/${i % 50}`,
    referrer: i % 3 ? 'https://example.com/search?q=shoes' : '',
    score: 0.5 + (i % 7) / 8,
    rank: i % 100,
    device: { os: 'android', model: `Pixel ${i % 8}`, apiLevel: 30 + (i % 5) },
    version: 3,
    latencyUs: String(120 + (i % 30)),
    campaign: i % 5 ? '' : 'spring-sale',
    flag: i % 7 === 0,
    tags: ['new', i % 2 ? 'mobile' : 'web'],
    items: [
      { sku: `SKU-${i % 300}`, quantity: 1 + (i % 3), price: 19.99, kind: 'BUY' },
      { sku: `SKU-${(i + 7) % 300}`, quantity: 2, price: 5.5, kind: 'VIEW' },
    ],
    address: { street: `Main St ${i % 200}`, city: 'Utrecht', postalCode: '3511 AB', country: 'NL' },
    delta: (i % 21) - 10,
    trace: String(i * 7919),
    checksum: Buffer.from([i & 255, (i >> 8) & 255, 7, 9]).toString('base64'),
    codes: [200, 301, 404].slice(0, 1 + (i % 3)),
    ...(i % 4 === 0 ? { note: 'gift wrap' } : {}),
    status: i % 2 ? 'OPEN' : 'CLOSED',
  }
}

const parsed = parseProtobuf(SCHEMA)
if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors))
const made = createProtobufEncoder(parsed.value)
if (!made.ok) throw new Error(made.message)
const encoder = made.encoder

const records = Array.from({ length: POOL }, (_, i) => record(i))
const pool = records.map((r) => {
  const encoded = encoder.encodePayload(r)
  if (!encoded.ok) throw new Error(JSON.stringify(encoded.error))
  return frameProtobufMessage(1, encoder.messageIndexes, encoded.bytes)
})
const averageBytes = pool.reduce((n, m) => n + m.length, 0) / POOL

const decoder = createProtobufDecoder(parsed.value)
const sink = new ByteSink()

function decodeRun(count) {
  let jsonBytes = 0
  const cpu = process.cpuUsage()
  const start = process.hrtime.bigint()
  for (let i = 0; i < count; i++) {
    const message = pool[i % POOL]
    const outcome = decoder.decodeJson(message, 5, message.length, sink)
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.error))
    sink.byte(10)
    if (sink.length >= 65536) {
      jsonBytes += sink.length
      sink.length = 0
    }
  }
  jsonBytes += sink.length
  sink.length = 0
  const used = process.cpuUsage(cpu)
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9, cpuSeconds: (used.user + used.system) / 1e6, jsonBytes }
}

function encodeRun(count) {
  const start = process.hrtime.bigint()
  for (let i = 0; i < count; i++) {
    const outcome = encoder.encode(records[i % POOL])
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.error))
  }
  return Number(process.hrtime.bigint() - start) / 1e9
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const mb = (n) => `${(n / 1024 / 1024).toFixed(1)} MB`

// Check once that the output is what the JSON mapping says before timing it.
{
  const out = new ByteSink()
  decoder.decodeJson(pool[4], 5, pool[4].length, out)
  const text = new TextDecoder().decode(out.buf.subarray(0, out.length))
  if (JSON.parse(text).note !== 'gift wrap' || JSON.parse(text).occurredAt !== records[4].occurredAt) throw new Error(`unexpected JSON: ${text}`)
}

decodeRun(50_000) // warm-up
globalThis.gc?.()
const rssBefore = process.memoryUsage().rss
const rates = []
const cpuRates = []
let jsonBytes = 0
let peak = rssBefore
for (let round = 0; round < ROUNDS; round++) {
  const run = decodeRun(MESSAGES)
  rates.push(MESSAGES / run.seconds)
  cpuRates.push(MESSAGES / run.cpuSeconds)
  jsonBytes = run.jsonBytes
  peak = Math.max(peak, process.memoryUsage().rss)
}
const rssAfter = process.memoryUsage().rss
const encodeRates = []
for (let round = 0; round < 3; round++) encodeRates.push(100_000 / encodeRun(100_000))

console.log(
  `Event: ${encoder.messageType}, ${POOL} distinct messages, ${averageBytes.toFixed(0)} bytes framed on average, ${(jsonBytes / MESSAGES).toFixed(0)} bytes of JSON each`,
)
const n = (x) => Math.round(x).toLocaleString('en-US')
console.log(
  `decode to JSON text: median ${n(median(rates))} msgs/s of wall time over ${ROUNDS} rounds of ${MESSAGES.toLocaleString('en-US')} (min ${n(Math.min(...rates))}, max ${n(Math.max(...rates))})`,
)
// On a shared machine the wall time includes waiting for a core; CPU time is the work itself.
console.log(
  `                     median ${n(median(cpuRates))} msgs/s of CPU time (min ${n(Math.min(...cpuRates))}, max ${n(Math.max(...cpuRates))}); load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores`,
)
console.log(`RSS: ${mb(rssBefore)} before, ${mb(rssAfter)} after ${ROUNDS} × ${MESSAGES.toLocaleString('en-US')} messages (peak ${mb(peak)})`)
console.log(`encode JSON value → framed payload: median ${Math.round(median(encodeRates)).toLocaleString('en-US')} msgs/s (3 rounds of 100,000)`)
