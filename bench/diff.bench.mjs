// `schemactl diff` of two versions of a 500-field record: median wall time of the real binary
// (bin/run.js → dist/, so run `npm run build` first), text output and --json, BENCH_RUNS runs each (≥ 10).
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const RUNS = Math.max(10, Number(process.env.BENCH_RUNS ?? 15))
const FIELDS = 500
const BIN = fileURLToPath(new URL('../bin/run.js', import.meta.url))

const TYPES = [
  'string',
  'long',
  'int',
  'double',
  'boolean',
  ['null', 'string'],
  { type: 'long', logicalType: 'timestamp-millis' },
  { type: 'array', items: 'string' },
]

function record(version) {
  const fields = []
  for (let i = 0; i < FIELDS; i++) {
    const field = { name: `field_${i}`, type: TYPES[i % TYPES.length] }
    if (Array.isArray(field.type)) field.default = null
    // Version 2: every 10th int becomes long, every 25th field gains a doc, 5 fields are removed, 5 are added.
    if (version === 2 && field.type === 'int' && i % 10 === 2) field.type = 'long'
    if (version === 2 && i % 25 === 0) field.doc = `Field ${i}`
    if (version === 2 && i >= FIELDS - 5) continue
    fields.push(field)
  }
  if (version === 2) for (let i = 0; i < 5; i++) fields.push({ name: `added_${i}`, type: 'string', default: '' })
  return JSON.stringify({ type: 'record', name: 'Wide', namespace: 'bench', fields }, null, 2)
}

const dir = mkdtempSync(join(tmpdir(), 'schemactl-diff-bench-'))
try {
  writeFileSync(join(dir, 'v1.avsc'), record(1))
  writeFileSync(join(dir, 'v2.avsc'), record(2))
  // Runs are interleaved (diff text, --json, --text, --version, …) so load from other processes hits each alike.
  const variants = [
    ['(text)', []],
    ['--json', ['--json']],
    ['--text', ['--text']],
  ]
  const walls = new Map([...variants.map(([name]) => [name, []]), ['--version', []]])
  let changes
  const time = (args) => {
    const start = process.hrtime.bigint()
    const run = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
    if (run.status !== 0) throw new Error(`schemactl ${args.join(' ')} exited ${run.status}: ${run.stderr}`)
    return { wall: Number(process.hrtime.bigint() - start) / 1e6, stdout: run.stdout }
  }
  for (let i = 0; i < RUNS; i++) {
    for (const [name, extra] of variants) {
      const { wall, stdout } = time(['diff', join(dir, 'v1.avsc'), join(dir, 'v2.avsc'), ...extra])
      walls.get(name).push(wall)
      if (name === '--json') changes = JSON.parse(stdout).result.changes.length
    }
    walls.get('--version').push(time(['--version']).wall)
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
  const base = median(walls.get('--version'))
  for (const [name, xs] of walls) {
    const what = name === '--version' ? 'schemactl --version (start-up, for scale)' : `diff ${FIELDS}-field record ${name}`
    const extra = name === '--version' ? '' : ` (+${(median(xs) - base).toFixed(0)} ms over start-up)`
    console.log(`${what}: median ${median(xs).toFixed(0)} ms, min ${Math.min(...xs).toFixed(0)} ms over ${RUNS} runs${extra}`)
  }
  console.log(`(${changes} changes reported)`)
} finally {
  rmSync(dir, { recursive: true, force: true })
}
