// Schema parse cost: a realistic 22-field record (unions with defaults, logical types, an enum with
// a default, a nested record) parsed from JSON text, from parsed JSON, and with its identity
// (canonical form, fingerprint, normalized text) read. Prints µs per parse, median of several
// rounds, in CPU time on one core. Run `npm run build` first (imports dist/).
import { parseSchemaDocument } from '../dist/engine/schema/parse.js'

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 20000)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7)

const TYPES = [
  'string',
  'long',
  ['null', 'string'],
  { type: 'long', logicalType: 'timestamp-millis' },
  { type: 'bytes', logicalType: 'decimal', precision: 12, scale: 2 },
  { type: 'array', items: 'string' },
  { type: 'map', values: 'int' },
]
const fields = Array.from({ length: 20 }, (_, i) => {
  const type = TYPES[i % TYPES.length]
  const field = { name: `field_${i}`, type, doc: `Field number ${i}` }
  if (Array.isArray(type)) field.default = null
  return field
})
fields.push({ name: 'status', type: { type: 'enum', name: 'Status', symbols: ['ACTIVE', 'SUSPENDED', 'CLOSED'], default: 'ACTIVE' }, default: 'ACTIVE' })
fields.push({
  name: 'address',
  type: [
    'null',
    {
      type: 'record',
      name: 'Address',
      fields: [
        { name: 'street', type: 'string' },
        { name: 'zip', type: 'string', default: '' },
      ],
    },
  ],
  default: null,
})
const schema = { type: 'record', name: 'UserEvent', namespace: 'com.acme.events', doc: 'A user event', fields }
const text = JSON.stringify(schema, null, 2)

function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]
}

function measure(label, run) {
  for (let i = 0; i < ITERATIONS / 4; i++) run()
  const rounds = []
  for (let r = 0; r < ROUNDS; r++) {
    globalThis.gc?.()
    // CPU time of this process, less disturbed than wall time on a shared machine.
    const start = process.cpuUsage()
    for (let i = 0; i < ITERATIONS; i++) run()
    const used = process.cpuUsage(start)
    rounds.push((used.user + used.system) / ITERATIONS)
  }
  console.log(`${label.padEnd(52)} ${median(rounds).toFixed(1).padStart(6)} µs CPU/op (median of ${ROUNDS} × ${ITERATIONS})`)
}

if (!parseSchemaDocument(text).ok) throw new Error('benchmark schema does not parse')
measure('parse 22-field record from JSON text', () => parseSchemaDocument(text))
measure('parse 22-field record from parsed JSON', () => parseSchemaDocument(schema))
measure('parse from text + canonical, fingerprint, normalized', () => {
  const parsed = parseSchemaDocument(text)
  return parsed.fingerprint + parsed.normalized
})
