// JSON Schema diff throughput: random evolved pairs of realistic schemas (objects of 20–40
// properties, nested objects and arrays), each side given as JSON text and compared with
// schemaDifferences('JSON', …), on one core. Prints pairs/s as the median of several rounds.
// Then the work `check` does per subject at FULL_TRANSITIVE: 10 versions parsed once each, every
// version checked against all its predecessors (both directions), extrapolated to 2,000 subjects.
// BENCH_DIST=<another build's dist> measures that build instead. Run `npm run build` first.
const dist = new URL(process.env.BENCH_DIST ? `file://${process.env.BENCH_DIST}/` : '../dist/', import.meta.url)
const { schemaDifferences, jsonSchemaFormat } = await import(new URL('index.js', dist).href)
const { checkFormatLevel } = await import(new URL('engine/formats/levels.js', dist).href)

const PAIRS = Number(process.env.BENCH_PAIRS ?? 2000)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7)
const SUBJECTS = Number(process.env.BENCH_SUBJECTS ?? 200)

// Deterministic PRNG (mulberry32) so every run measures the same pairs.
let seed = 0x15a9
function random() {
  seed = (seed + 0x6d2b79f5) | 0
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}
const pick = (xs) => xs[Math.floor(random() * xs.length)]
const int = (lo, hi) => lo + Math.floor(random() * (hi - lo + 1))

const LEAVES = [
  () => ({ type: 'string', maxLength: int(8, 255) }),
  () => ({ type: 'string', format: 'date-time' }),
  () => ({ type: 'string', pattern: '^[A-Z]{3}$' }),
  () => ({ type: 'integer', minimum: 0 }),
  () => ({ type: 'number', minimum: 0, maximum: int(100, 100000) }),
  () => ({ type: 'boolean', default: false }),
  () => ({ type: ['null', 'string'] }),
  () => ({ enum: ['ACTIVE', 'SUSPENDED', 'CLOSED'] }),
  () => ({ type: 'array', items: { type: 'string' }, maxItems: int(5, 50) }),
]

function makeObject(depth, size) {
  const properties = {}
  const required = []
  for (let p = 0; p < size; p++) {
    const name = `field_${p}_${int(0, 999)}`
    const roll = random()
    if (depth < 2 && roll < 0.1) properties[name] = makeObject(depth + 1, int(3, 8))
    else if (depth < 2 && roll < 0.15) properties[name] = { type: 'array', items: makeObject(depth + 1, int(2, 5)) }
    else properties[name] = { description: `Field ${p}`, ...pick(LEAVES)() }
    if (random() < 0.3) required.push(name)
  }
  return { type: 'object', properties, required, additionalProperties: random() < 0.5 }
}

let uid = 0
const props = (s) => Object.keys(s.properties)
const MUTATIONS = [
  (s) => (s.properties[`added_${++uid}`] = { type: 'string' }), // optional property added
  (s) => {
    const name = `required_${++uid}`
    s.properties[name] = { type: 'integer' }
    s.required.push(name)
  },
  (s) => delete s.properties[pick(props(s))], // property removed
  (s) => (s.properties[pick(props(s))] = { type: 'string', maxLength: int(1, 500) }), // retyped / constraint changed
  (s) => (s.additionalProperties = !s.additionalProperties), // content model opened or closed
  (s) => (s.required = s.required.slice(1)), // a property no longer required
  (s) => {
    const p = s.properties[pick(props(s))]
    if (p.maxLength !== undefined) p.maxLength += int(-5, 20)
  },
  (s) => {
    const p = s.properties[pick(props(s))]
    if (p.enum) p.enum = [...p.enum, 'ARCHIVED']
  },
  (s) => (s.description = `changed ${++uid}`),
]

const pairs = []
for (let i = 0; i < PAIRS; i++) {
  const original = { $schema: 'http://json-schema.org/draft-07/schema#', title: 'CustomerEvent', ...makeObject(0, int(20, 40)) }
  const update = structuredClone(original)
  const n = 1 + Math.floor(random() * 3)
  for (let m = 0; m < n; m++) pick(MUTATIONS)(update)
  pairs.push([JSON.stringify(original), JSON.stringify(update)])
}

let incompatible = 0
/** One pass over all pairs: wall seconds and this process's CPU seconds (steadier on a shared machine). */
function round() {
  const wall = process.hrtime.bigint()
  const cpu = process.cpuUsage()
  incompatible = 0
  for (const [original, update] of pairs) {
    const differences = schemaDifferences('JSON', original, update)
    if (differences.errors.length > 0) throw new Error(`unexpected parse error: ${differences.errors[0].message}`)
    if (differences.some((d) => !d.compatible)) incompatible++
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
console.log(
  `json-schema: ${PAIRS} evolved pairs of 20–40-property schemas (parse both texts + schemaDifferences), ${incompatible} incompatible, ${ROUNDS} rounds`,
)
console.log(
  `json-schema: median ${fmt(median(wallRates))} pairs/s wall (min ${fmt(Math.min(...wallRates))}, max ${fmt(Math.max(...wallRates))}); ${fmt(median(cpuRates))} pairs/s per CPU-second`,
)

// --- `check` at FULL_TRANSITIVE: 10 versions per subject, each compatible both ways with all before it
// (descriptions and titles edited, properties with an empty schema added to or removed from open
// models), so every version is compared with every earlier one, in both directions.
const FULL_MUTATIONS = [
  (s) => (s.properties[pick(props(s))].description = `edited ${++uid}`),
  (s) => (s.title = `title ${++uid}`),
  (s) => {
    const nested = Object.values(s.properties).find((p) => p.type === 'object' && p.properties)
    if (nested) nested.properties[pick(props(nested))].description = `nested ${++uid}`
  },
  (s) => {
    if (s.additionalProperties === false) return
    s.properties[`free_${++uid}`] = {}
  },
  (s) => {
    if (s.additionalProperties === false) return
    const free = props(s).filter((p) => p.startsWith('free_'))
    if (free.length > 0) delete s.properties[pick(free)]
  },
]
const subjects = []
for (let i = 0; i < SUBJECTS; i++) {
  const versions = [{ $schema: 'http://json-schema.org/draft-07/schema#', title: 'CustomerEvent', ...makeObject(0, int(20, 40)) }]
  for (let v = 1; v < 10; v++) {
    const next = structuredClone(versions[v - 1])
    for (let m = int(1, 3); m > 0; m--) pick(FULL_MUTATIONS)(next)
    versions.push(next)
  }
  subjects.push(versions.map((v) => JSON.stringify(v)))
}

let comparisons = 0
/** One subject: parse its versions (each once, or each after the one before), check each against all before it. */
function checkSubject(texts, after) {
  const parsed = []
  for (const text of texts) {
    const result = after && parsed.length > 0 ? jsonSchemaFormat.parseAfter(parsed[parsed.length - 1], text) : jsonSchemaFormat.parse(text)
    if (!result.ok) throw new Error(`invalid generated schema: ${result.errors[0].message}`)
    parsed.push(result.value)
  }
  for (let k = 1; k < parsed.length; k++) {
    const verdict = checkFormatLevel(jsonSchemaFormat, 'FULL_TRANSITIVE', parsed[k], parsed.slice(0, k))
    if (!verdict.compatible) throw new Error(`generated version not FULL_TRANSITIVE compatible: ${verdict.messages[0]}`)
    comparisons += 2 * k
  }
}

function checkRound(after) {
  const cpu = process.cpuUsage()
  const wall = process.hrtime.bigint()
  for (const texts of subjects) checkSubject(texts, after)
  const used = process.cpuUsage(cpu)
  return { wall: Number(process.hrtime.bigint() - wall) / 1e9, cpu: (used.user + used.system) / 1e6 }
}

for (const [name, after] of [
  ['parse each version', false],
  ['parse each after the one before', true],
]) {
  if (after && !jsonSchemaFormat.parseAfter) continue
  checkRound(after) // warm-up
  comparisons = 0
  const runs = Array.from({ length: ROUNDS }, () => checkRound(after))
  const perSubject = (r) => (r.cpu / SUBJECTS) * 1e6
  const cpuMicros = median(runs.map(perSubject))
  const wallMicros = median(runs.map((r) => (r.wall / SUBJECTS) * 1e6))
  console.log(
    `json-schema check (${name}): 10 versions, FULL_TRANSITIVE, ${comparisons / ROUNDS / SUBJECTS} comparisons per subject; ` +
      `median ${fmt(wallMicros)} µs wall, ${fmt(cpuMicros)} µs CPU per subject → 2,000 subjects ≈ ${((cpuMicros * 2000) / 1e6).toFixed(2)} s of CPU`,
  )
}
