// Protobuf engine throughput: random evolved pairs of .proto files (messages of 20–40 fields with
// nested messages, enums, maps and oneofs, and an evolved copy), on one core. Prints the medians of
// several rounds: parse (text → validated schema), differences (both parsed once), and parse both +
// differences per pair. Then the engine part of `check` at FULL_TRANSITIVE: subjects of 10 versions
// (each compatible both ways with all before it), every version parsed once and checked against all
// before it in both directions, extrapolated to 2,000 subjects. BENCH_DIST=<another build's dist>
// measures that build instead. Run `npm run build` first (imports dist/).
const dist = new URL(process.env.BENCH_DIST ? `file://${process.env.BENCH_DIST}/` : '../dist/', import.meta.url)
const { parseProtobuf, protobufFormat, schemaDifferences } = await import(new URL('index.js', dist).href)
const { checkFormatLevel } = await import(new URL('engine/formats/levels.js', dist).href)

const PAIRS = Number(process.env.BENCH_PAIRS ?? 1000)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7)
const SUBJECTS = Number(process.env.BENCH_SUBJECTS ?? 200)

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
    const type =
      r < 0.6
        ? pick(SCALARS)
        : r < 0.7
          ? 'Status'
          : r < 0.78
            ? 'Line'
            : r < 0.84
              ? 'Line.Kind'
              : r < 0.9
                ? pick(['map<string, int64>', 'map<string, Line>'])
                : pick(SCALARS)
    const repeated = !type.startsWith('map<') && random() < 0.15
    fields.push({ type, name: `field_${tag}`, tag, repeated, oneof: !repeated && !type.startsWith('map<') && random() < 0.1 })
  }
  return { pkg: `acme.orders.v${i % 5}`, fields, lineFields: int(3, 8), statuses: int(3, 6) }
}

function render(m) {
  const plain = m.fields.filter((f) => !f.oneof).map((f) => `  ${f.repeated ? 'repeated ' : ''}${f.type} ${f.name} = ${f.tag};`)
  const choice = m.fields.filter((f) => f.oneof).map((f) => `    ${f.type} ${f.name} = ${f.tag};`)
  const line = Array.from({ length: m.lineFields }, (_, k) => `    ${k === 1 ? 'Kind' : SCALARS[(k * 7) % SCALARS.length]} l${k} = ${k + 1};`)
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
  console.log(
    `protobuf ${name}: median ${fmt(median(wall))} ${unit}/s wall (min ${fmt(Math.min(...wall))}, max ${fmt(Math.max(...wall))}); ${fmt(median(cpu))} ${unit}/s per CPU-second (${micros.toFixed(1)} µs each)`,
  )
}

measure('parse', (i) => parseProtobuf(pairs[i][0]), 'schemas')
measure('parse both + differences', (i) => schemaDifferences('PROTOBUF', pairs[i][0], pairs[i][1]), 'pairs')
// Built after the parse figures: thousands of parsed schemas kept alive make V8 pretenure the parser's
// objects (allocate them in the old generation), which slows every later parse by up to 3×.
const parsedPairs = pairs.map(([a, b]) => {
  const pa = parseProtobuf(a)
  const pb = parseProtobuf(b)
  if (!pa.ok || !pb.ok) throw new Error(`invalid generated schema: ${JSON.stringify(pa.ok ? pb.errors : pa.errors)}`)
  return [pa.value, pb.value]
})

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
console.log(
  `protobuf: ${PAIRS} evolved pairs of 20–40-field messages; ${fmt(differences / (ROUNDS + 1) / PAIRS)} differences per pair, ${fmt(incompatible / (ROUNDS + 1))} incompatible pairs`,
)

// --- `check` at FULL_TRANSITIVE: 10 versions per subject, each compatible both ways with all before it
// (fields added, removed or renamed, enum values and fields of the nested message added), so every
// version is compared with every earlier one, in both directions.
let nextTag = 1000
const COMPATIBLE = [
  (m) => m.fields.push({ type: pick(SCALARS), name: `added_${nextTag}`, tag: nextTag++, repeated: false, oneof: false }),
  (m) => {
    const plain = m.fields.filter((f) => !f.oneof)
    m.fields.splice(m.fields.indexOf(plain[int(0, plain.length - 1)]), 1)
  },
  MUTATIONS[2],
  MUTATIONS[4],
  MUTATIONS[5],
]
const subjects = []
for (let i = 0; i < SUBJECTS; i++) {
  const models = [makeModel(i)]
  for (let v = 1; v < 10; v++) {
    const next = structuredClone(models[v - 1])
    for (let k = int(1, 3); k > 0; k--) pick(COMPATIBLE)(next)
    models.push(next)
  }
  subjects.push(models.map(render))
}

let comparisons = 0
/** One subject: parse its 10 versions, and (unless `parseOnly`) check each against all before it. */
function checkSubject(texts, parseOnly) {
  const parsed = texts.map((text) => {
    const result = protobufFormat.parse(text)
    if (!result.ok) throw new Error(`invalid generated schema: ${result.errors[0].message}`)
    return result.value
  })
  if (parseOnly) return
  for (let k = 1; k < parsed.length; k++) {
    const verdict = checkFormatLevel(protobufFormat, 'FULL_TRANSITIVE', parsed[k], parsed.slice(0, k))
    if (!verdict.compatible) throw new Error(`generated version not FULL_TRANSITIVE compatible: ${verdict.messages[0]}`)
    comparisons += 2 * k
  }
}

/** CPU µs of one pass over every subject (parsing only, or the whole check), and its wall seconds. */
function checkRound(parseOnly) {
  const wall = process.hrtime.bigint()
  const cpu = process.cpuUsage()
  for (const texts of subjects) checkSubject(texts, parseOnly)
  const used = process.cpuUsage(cpu)
  return { wall: Number(process.hrtime.bigint() - wall) / 1e9, cpu: used.user + used.system }
}

checkRound(false) // warm-up
comparisons = 0
// Parse-only and whole passes interleaved, so both see the same load; comparing = whole − parsing.
const parses = []
const checks = []
for (let r = 0; r < ROUNDS; r++) {
  parses.push(checkRound(true))
  checks.push(checkRound(false))
}
const perSubject = (x) => x / SUBJECTS
const parseMicros = median(parses.map((r) => perSubject(r.cpu)))
const checkMicros = median(checks.map((r) => perSubject(r.cpu))) - parseMicros
const wallMicros = median(checks.map((r) => (r.wall / SUBJECTS) * 1e6))
console.log(
  `protobuf check: 10 versions, FULL_TRANSITIVE, ${comparisons / ROUNDS / SUBJECTS} comparisons per subject; median per subject ${fmt(wallMicros)} µs wall, ` +
    `CPU ${fmt(parseMicros)} µs parsing 10 + ${fmt(checkMicros)} µs comparing → 2,000 subjects ≈ ${(((parseMicros + checkMicros) * 2000) / 1e6).toFixed(2)} s of CPU ` +
    `(${((parseMicros * 2000) / 1e6).toFixed(2)} s parsing 20,000 versions, ${((checkMicros * 2000) / 1e6).toFixed(2)} s comparing)`,
)
