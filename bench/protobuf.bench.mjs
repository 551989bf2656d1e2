// Protobuf engine throughput: random evolved pairs of .proto files (messages of 20–40 fields with
// nested messages, enums, maps and oneofs, and an evolved copy), on one core. Prints the medians of
// several rounds: parse (text → validated schema), differences (both parsed once), and parse both +
// differences per pair, the work `check` does per version pair. Run `npm run build` first (imports dist/).
import { parseProtobuf, protobufFormat, schemaDifferences } from '../dist/index.js'

const PAIRS = Number(process.env.BENCH_PAIRS ?? 1000)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7)

// Deterministic PRNG (mulberry32) so every run measures the same pairs.
let seed = 0x9e0b
function random() {
  seed = (seed + 0x6d2b79f5) | 0
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}
const int = (min, max) => min + Math.floor(random() * (max - min + 1))
const pick = (xs) => xs[Math.floor(random() * xs.length)]

const SCALARS = ['string', 'int64', 'int32', 'double', 'bool', 'bytes', 'uint32', 'sint64', 'fixed64', 'float']

function makeModel(i) {
  const fields = []
  const count = int(20, 40)
  for (let tag = 1; tag <= count; tag++) {
    const r = random()
    const type = r < 0.6 ? pick(SCALARS) : r < 0.7 ? 'Status' : r < 0.78 ? 'Line' : r < 0.84 ? 'Line.Kind' : r < 0.9 ? pick(['map<string, int64>', 'map<string, Line>']) : pick(SCALARS)
    const repeated = !type.startsWith('map<') && random() < 0.15
    fields.push({ type, name: `field_${tag}`, tag, repeated, oneof: !repeated && !type.startsWith('map<') && random() < 0.1 })
  }
  return { pkg: `acme.orders.v${i % 5}`, fields, lineFields: int(3, 8), statuses: int(3, 6) }
}

function render(m) {
  const plain = m.fields.filter((f) => !f.oneof).map((f) => `  ${f.repeated ? 'repeated ' : ''}${f.type} ${f.name} = ${f.tag};`)
  const choice = m.fields.filter((f) => f.oneof).map((f) => `    ${f.type} ${f.name} = ${f.tag};`)
  const line = Array.from({ length: m.lineFields }, (_, k) => `    ${k === 1 ? 'Kind' : pick(SCALARS)} l${k} = ${k + 1};`)
  return `syntax = "proto3";
package ${m.pkg};

import "google/protobuf/timestamp.proto";

message Order {
${plain.join('\n')}
${choice.length ? `  oneof payment {\n${choice.join('\n')}\n  }\n` : ''}  google.protobuf.Timestamp created_at = 100;
}
message Line {
${line.join('\n')}
  enum Kind {
    KIND_UNSPECIFIED = 0;
    KIND_PHYSICAL = 1;
  }
}
enum Status {
${Array.from({ length: m.statuses }, (_, k) => `  STATUS_${k} = ${k};`).join('\n')}
}
`
}

const MUTATIONS = [
  (m) => {
    const tag = Math.max(100, ...m.fields.map((f) => f.tag)) + 1
    m.fields.push({ type: pick(SCALARS), name: `added_${tag}`, tag, repeated: false, oneof: false })
  },
  (m) => m.fields.splice(int(0, m.fields.length - 1), 1),
  (m) => (m.fields[int(0, m.fields.length - 1)].name += '_renamed'),
  (m) => {
    const f = m.fields[int(0, m.fields.length - 1)]
    if (!f.type.startsWith('map<')) f.type = pick(SCALARS)
  },
  (m) => m.statuses++,
  (m) => m.lineFields++,
  (m) => {
    const f = m.fields[int(0, m.fields.length - 1)]
    if (!f.repeated && !f.type.startsWith('map<')) f.oneof = true
  },
]

const pairs = []
for (let i = 0; i < PAIRS; i++) {
  const model = makeModel(i)
  const evolved = structuredClone(model)
  for (let k = int(1, 3); k > 0; k--) pick(MUTATIONS)(evolved)
  pairs.push([render(model), render(evolved)])
}

const parsedPairs = pairs.map(([a, b]) => {
  const pa = parseProtobuf(a)
  const pb = parseProtobuf(b)
  if (!pa.ok || !pb.ok) throw new Error(`invalid generated schema: ${JSON.stringify(pa.ok ? pb.errors : pa.errors)}`)
  return [pa.value, pb.value]
})

let differences = 0
let incompatible = 0
/** One pass of `work` over all pairs: wall and this process's CPU seconds (steadier on a shared machine). */
function round(work) {
  const wall = process.hrtime.bigint()
  const cpu = process.cpuUsage()
  for (let i = 0; i < PAIRS; i++) work(i)
  const used = process.cpuUsage(cpu)
  return { wall: Number(process.hrtime.bigint() - wall) / 1e9, cpu: (used.user + used.system) / 1e6 }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const fmt = (n) => Math.round(n).toLocaleString('en-US')
function measure(name, work, unit) {
  round(work) // warm-up (JIT)
  const rounds = Array.from({ length: ROUNDS }, () => round(work))
  const wall = rounds.map((r) => PAIRS / r.wall)
  const cpu = rounds.map((r) => PAIRS / r.cpu)
  const micros = 1e6 / median(cpu)
  console.log(`protobuf ${name}: median ${fmt(median(wall))} ${unit}/s wall (min ${fmt(Math.min(...wall))}, max ${fmt(Math.max(...wall))}); ${fmt(median(cpu))} ${unit}/s per CPU-second (${micros.toFixed(1)} µs each)`)
}

measure('parse', (i) => parseProtobuf(pairs[i][0]), 'schemas')
measure(
  'differences (parsed once)',
  (i) => {
    const [a, b] = parsedPairs[i]
    const found = protobufFormat.differences(a, b)
    differences += found.length
    if (found.some((d) => !d.compatible)) incompatible++
  },
  'pairs',
)
measure('parse both + differences', (i) => schemaDifferences('PROTOBUF', pairs[i][0], pairs[i][1]), 'pairs')
console.log(`protobuf: ${PAIRS} evolved pairs of 20–40-field messages; ${fmt(differences / (ROUNDS + 1) / PAIRS)} differences per pair, ${fmt(incompatible / (ROUNDS + 1))} incompatible pairs`)
