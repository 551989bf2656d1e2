// Generates (once, cached under bench/.work/) deterministic JSON Schema and Protobuf workspaces of
// 2,000 subjects × 10 versions that evolve FULL_TRANSITIVE-compatibly: JSON Schema objects of 20–40
// properties with nested objects and arrays (open content models, the LENIENT policy: optional
// properties added and removed, descriptions edited); Protobuf messages of 20–40 fields with a
// nested message, enums and a oneof (fields added and removed, enum values added).
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))

function rng(seed) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const WORDS = [
  'account',
  'amount',
  'balance',
  'category',
  'channel',
  'city',
  'code',
  'country',
  'created',
  'currency',
  'customer',
  'device',
  'discount',
  'email',
  'event',
  'flag',
  'group',
  'item',
  'label',
  'locale',
  'merchant',
  'note',
  'order',
  'origin',
  'partner',
  'price',
  'product',
  'quantity',
  'reason',
  'region',
  'score',
  'session',
  'source',
  'status',
  'store',
  'tag',
  'tax',
  'tenant',
  'total',
  'updated',
  'user',
  'vendor',
  'weight',
]

function jsonSubject(index, rand) {
  const pick = (list) => list[Math.floor(rand() * list.length)]
  let counter = 0
  const name = () => `${pick(WORDS)}_${pick(WORDS)}_${counter++}`
  const leaf = () => {
    const r = rand()
    if (r < 0.35) return { type: 'string', maxLength: 64 + Math.floor(rand() * 200) }
    if (r < 0.5) return { type: 'integer', minimum: 0 }
    if (r < 0.6) return { type: 'number' }
    if (r < 0.68) return { type: 'boolean' }
    if (r < 0.76) return { type: 'string', format: 'date-time' }
    if (r < 0.84) return { type: 'string', enum: [pick(WORDS), pick(WORDS) + '_x', pick(WORDS) + '_y'] }
    if (r < 0.92) return { type: 'array', items: { type: 'string' } }
    const properties = Object.fromEntries(Array.from({ length: 3 + Math.floor(rand() * 4) }, () => [name(), { type: pick(['string', 'integer', 'boolean']) }]))
    return { type: 'object', properties, required: Object.keys(properties).slice(0, 1) }
  }
  const required = Array.from({ length: 10 + Math.floor(rand() * 10) }, () => [name(), leaf()])
  let optional = Array.from({ length: 10 + Math.floor(rand() * 8) }, () => [name(), leaf()])
  const versions = []
  for (let v = 1; v <= 10; v++) {
    if (v > 1) {
      const roll = rand()
      if (roll < 0.5 && required.length + optional.length < 40) optional.push([name(), leaf()])
      else if (roll < 0.8 && optional.length > 4) optional.splice(Math.floor(rand() * optional.length), 1)
    }
    versions.push({
      $schema: 'http://json-schema.org/draft-07/schema#',
      title: `Entity${index}`,
      description: `Entity ${index}, version ${v}.`,
      type: 'object',
      properties: Object.fromEntries([...required, ...optional]),
      required: required.map(([n]) => n),
    })
  }
  return versions
}

function protoSubject(index, rand) {
  const pick = (list) => list[Math.floor(rand() * list.length)]
  let counter = 0
  const name = () => `${pick(WORDS)}_${pick(WORDS)}_${counter++}`
  const scalar = () => pick(['string', 'int64', 'int32', 'double', 'bool', 'bytes', 'uint32', 'sint64'])
  let tag = 1
  const field = () => {
    const r = rand()
    const type = r < 0.7 ? scalar() : r < 0.8 ? 'Detail' : r < 0.9 ? 'Kind' : `repeated ${scalar()}`
    return `${type} ${name()} = ${tag++};`
  }
  const kinds = ['KIND_UNSPECIFIED', ...Array.from({ length: 3 + Math.floor(rand() * 3) }, (_, i) => `KIND_${pick(WORDS).toUpperCase()}_${i}`)]
  const detail = Array.from({ length: 3 + Math.floor(rand() * 4) }, (_, i) => `    ${scalar()} ${name()} = ${i + 1};`)
  let fields = Array.from({ length: 18 + Math.floor(rand() * 12) }, field)
  const oneof = [`string ${name()} = ${tag++};`, `int64 ${name()} = ${tag++};`]
  const versions = []
  for (let v = 1; v <= 10; v++) {
    if (v > 1) {
      const roll = rand()
      if (roll < 0.45 && fields.length < 38) fields.push(field())
      else if (roll < 0.7 && fields.length > 10) fields.splice(Math.floor(rand() * fields.length), 1)
      else kinds.push(`KIND_ADDED_${v}`)
    }
    versions.push(
      [
        'syntax = "proto3";',
        `package bench.entity${index};`,
        '',
        `// Entity ${index}, version ${v}.`,
        `message Entity${index} {`,
        '  message Detail {',
        ...detail,
        '  }',
        ...fields.map((f) => `  ${f}`),
        '  oneof choice {',
        ...oneof.map((f) => `    ${f}`),
        '  }',
        '}',
        '',
        'enum Kind {',
        ...kinds.map((k, i) => `  ${k} = ${i};`),
        '}',
        '',
      ].join('\n'),
    )
  }
  return versions
}

/** Path of the generated `kind` ('json' or 'protobuf') workspace of `subjects` × 10 versions (generated on first use). */
export function typedBenchWorkspace(kind, subjects = 2000, seed = 42) {
  const dir = join(here, '.work', `${kind}-workspace-${subjects}x10-seed${seed}`)
  if (existsSync(join(dir, '.complete'))) return dir
  rmSync(dir, { recursive: true, force: true })
  const rand = rng(seed)
  for (let i = 0; i < subjects; i++) {
    const folder = join(dir, `entity-${String(i).padStart(4, '0')}-value`)
    mkdirSync(folder, { recursive: true })
    if (kind === 'json') jsonSubject(i, rand).forEach((schema, v) => writeFileSync(join(folder, `${v + 1}.json`), JSON.stringify(schema, null, 2) + '\n'))
    else protoSubject(i, rand).forEach((text, v) => writeFileSync(join(folder, `${v + 1}.proto`), text))
  }
  if (kind === 'json') writeFileSync(join(dir, 'schemactl.config.json'), JSON.stringify({ compatibilityPolicy: 'LENIENT' }) + '\n')
  writeFileSync(join(dir, '.complete'), '')
  return dir
}
