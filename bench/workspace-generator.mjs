// Generates (once, cached under bench/.work/ or a given folder) a deterministic workspace of realistic record schemas
// that evolve FULL_TRANSITIVE-compatibly: optional fields added and removed (all with defaults),
// enum symbols added to enums that have a default, docs edited. Shared by the check benchmark.
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))

/** mulberry32: a tiny deterministic PRNG, so every machine benchmarks the same workspace. */
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

function makeSubject(index, rand) {
  const pick = (list) => list[Math.floor(rand() * list.length)]
  let counter = 0
  const fieldName = () => `${pick(WORDS)}_${pick(WORDS)}_${counter++}`
  const enumSymbols = (n) => Array.from({ length: n }, (_, i) => `${pick(WORDS).toUpperCase()}_${i}`)
  const requiredType = () => {
    const r = rand()
    if (r < 0.35) return 'string'
    if (r < 0.5) return 'long'
    if (r < 0.6) return 'int'
    if (r < 0.68) return 'double'
    if (r < 0.74) return 'boolean'
    if (r < 0.82) return { type: 'long', logicalType: 'timestamp-millis' }
    if (r < 0.88) return { type: 'bytes', logicalType: 'decimal', precision: 12, scale: 2 }
    if (r < 0.94) {
      return {
        type: 'record',
        name: `Nested${counter++}`,
        fields: Array.from({ length: 3 + Math.floor(rand() * 4) }, () => ({ name: fieldName(), type: pick(['string', 'long', 'int', 'boolean']) })),
      }
    }
    return { type: 'array', items: 'string' }
  }
  // Optional fields carry defaults, so adding or removing them keeps FULL_TRANSITIVE.
  const optionalField = () => {
    const r = rand()
    const name = fieldName()
    if (r < 0.45) return { name, type: ['null', pick(['string', 'long', 'double'])], default: null }
    if (r < 0.6) return { name, type: 'string', default: '' }
    if (r < 0.7) return { name, type: 'long', default: 0 }
    if (r < 0.8) return { name, type: { type: 'map', values: 'long' }, default: {} }
    const symbols = enumSymbols(3 + Math.floor(rand() * 4))
    return { name, type: { type: 'enum', name: `Kind${counter++}`, symbols, default: symbols[0] }, default: symbols[0] }
  }
  const required = Array.from({ length: 8 + Math.floor(rand() * 8) }, () => ({ name: fieldName(), type: requiredType() }))
  let optional = Array.from({ length: 7 + Math.floor(rand() * 6) }, optionalField)
  const name = `Entity${index}`
  const namespace = `com.bench.${pick(WORDS)}${index}`
  const versions = []
  for (let v = 1; v <= 10; v++) {
    if (v > 1) {
      const roll = rand()
      if (roll < 0.45 && required.length + optional.length < 30) optional.push(optionalField())
      else if (roll < 0.7 && optional.length > 4) optional.splice(Math.floor(rand() * optional.length), 1)
      else {
        // Replace, not mutate: earlier versions share the field objects.
        const at = optional.findIndex((f) => f.type.type === 'enum')
        if (at >= 0) optional[at] = { ...optional[at], type: { ...optional[at].type, symbols: [...optional[at].type.symbols, `ADDED_${v}`] } }
        else optional.push(optionalField())
      }
    }
    versions.push({ type: 'record', name, namespace, doc: `Entity ${index}, version ${v}.`, fields: [...required, ...optional] })
  }
  return versions
}

/** Path of the generated workspace of `subjects` × 10 versions under `base` (generated on first use, then reused). */
export function benchWorkspace(subjects = 2000, seed = 42, base = join(here, '.work')) {
  const dir = join(base, `workspace-${subjects}x10-seed${seed}`)
  if (existsSync(join(dir, '.complete'))) return dir
  rmSync(dir, { recursive: true, force: true })
  const rand = rng(seed)
  for (let i = 0; i < subjects; i++) {
    const folder = join(dir, `entity-${String(i).padStart(4, '0')}-value`)
    mkdirSync(folder, { recursive: true })
    makeSubject(i, rand).forEach((schema, v) => writeFileSync(join(folder, `${v + 1}.avsc`), JSON.stringify(schema, null, 2) + '\n'))
  }
  writeFileSync(join(dir, '.complete'), '')
  return dir
}
