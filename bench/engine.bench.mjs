// Engine throughput: random evolved schema pairs (a realistic 20-field record and a mutated
// version), each parsed from JSON text and checked with readerWriterCompatibility, on one core.
// Prints pairs/s as the median of several rounds. Run `npm run build` first (imports dist/).
import { readerWriterCompatibility } from '../dist/index.js'

const PAIRS = Number(process.env.BENCH_PAIRS ?? 2000)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7)

// Deterministic PRNG (mulberry32) so every run measures the same pairs.
let seed = 0x5eed
function random() {
  seed = (seed + 0x6d2b79f5) | 0
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}
const pick = (xs) => xs[Math.floor(random() * xs.length)]

const FIELD_TYPES = [
  () => ({ type: 'string' }),
  () => ({ type: 'long' }),
  () => ({ type: 'int' }),
  () => ({ type: 'double' }),
  () => ({ type: 'boolean' }),
  () => ({ type: ['null', 'string'], default: null }),
  () => ({ type: ['null', 'long'], default: null }),
  () => ({ type: { type: 'long', logicalType: 'timestamp-millis' } }),
  () => ({ type: { type: 'bytes', logicalType: 'decimal', precision: 12, scale: 2 } }),
  () => ({ type: { type: 'enum', name: `Status${Math.floor(random() * 1e6)}`, symbols: ['ACTIVE', 'SUSPENDED', 'CLOSED'], default: 'ACTIVE' } }),
  () => ({ type: { type: 'array', items: 'string' }, default: [] }),
  () => ({ type: { type: 'map', values: 'long' }, default: {} }),
  () => ({
    type: [
      'null',
      {
        type: 'record',
        name: `Address${Math.floor(random() * 1e6)}`,
        fields: [
          { name: 'street', type: 'string' },
          { name: 'city', type: 'string' },
          { name: 'zip', type: ['null', 'string'], default: null },
          { name: 'country', type: 'string', default: 'NL' },
        ],
      },
    ],
    default: null,
  }),
]

function makeRecord(i) {
  const fields = [{ name: 'id', type: 'string', doc: 'Unique id' }]
  for (let f = 1; f < 20; f++) fields.push({ name: `field_${f}`, ...pick(FIELD_TYPES)(), doc: `Field ${f}` })
  return { type: 'record', name: 'CustomerEvent', namespace: `com.acme.events.v${i % 7}`, doc: 'A customer event', fields }
}

let uid = 0
const MUTATIONS = [
  (s) => s.fields.push({ name: `added_${++uid}`, type: ['null', 'string'], default: null }), // add optional field
  (s) => s.fields.push({ name: `required_${++uid}`, type: 'string' }), // add required field
  (s) => s.fields.splice(1 + Math.floor(random() * (s.fields.length - 1)), 1), // remove a field
  (s) => promote(s),
  (s) => {
    const f = pick(s.fields.slice(1))
    f.aliases = [f.name]
    f.name = `${f.name}_renamed`
  },
  (s) => {
    const f = pick(s.fields.slice(1))
    f.type = 'boolean'
    delete f.default
  },
  (s) => {
    const f = s.fields.find((x) => x.type?.type === 'enum' && !x.type.symbols.includes('ARCHIVED'))
    if (f) f.type.symbols.push('ARCHIVED')
  },
  (s) => {
    const f = s.fields.find((x) => Array.isArray(x.type) && x.type.length === 2 && x.type[1] === 'string')
    if (f) f.type.push('long')
  },
]
function promote(s) {
  const f = s.fields.find((x) => x.type === 'int' || x.type === 'long')
  if (f) f.type = f.type === 'int' ? 'long' : 'double'
}

const pairs = []
for (let i = 0; i < PAIRS; i++) {
  const writer = makeRecord(i)
  const reader = structuredClone(writer)
  const n = 1 + Math.floor(random() * 3)
  for (let m = 0; m < n; m++) pick(MUTATIONS)(reader)
  // Half the pairs check backward (new reads old), half forward (old reads new).
  pairs.push(i % 2 ? [JSON.stringify(reader), JSON.stringify(writer)] : [JSON.stringify(writer), JSON.stringify(reader)])
}

let incompatible = 0
/** One pass over all pairs: wall seconds and this process's CPU seconds (steadier on a shared machine). */
function round() {
  const wall = process.hrtime.bigint()
  const cpu = process.cpuUsage()
  incompatible = 0
  for (const [reader, writer] of pairs) {
    const result = readerWriterCompatibility(reader, writer)
    if (result.errors) throw new Error(`unexpected parse error: ${result.errors[0].message}`)
    if (!result.compatible) incompatible++
  }
  const used = process.cpuUsage(cpu)
  return { wall: Number(process.hrtime.bigint() - wall) / 1e9, cpu: (used.user + used.system) / 1e6 }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
round() // warm-up (JIT)
const rounds = Array.from({ length: ROUNDS }, round)
const wallRates = rounds.map((r) => PAIRS / r.wall)
const cpuRates = rounds.map((r) => PAIRS / r.cpu)
const fmt = (n) => Math.round(n).toLocaleString('en-US')
console.log(`engine: ${PAIRS} evolved 20-field pairs (parse both + readerWriterCompatibility), ${incompatible} incompatible, ${ROUNDS} rounds`)
console.log(
  `engine: median ${fmt(median(wallRates))} pairs/s wall (min ${fmt(Math.min(...wallRates))}, max ${fmt(Math.max(...wallRates))}); ${fmt(median(cpuRates))} pairs/s per CPU-second`,
)
