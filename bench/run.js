#!/usr/bin/env node
// Runs every bench/*.bench.mjs (or those whose name contains an argument) one after another.
// Each benchmark prints its own figures; record them in BENCHMARKS.md with date and machine.
import { readdirSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import { cpus } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const filters = process.argv.slice(2)
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.mjs'))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort()

console.log(`# schemactl benchmarks — ${new Date().toISOString().slice(0, 10)}, node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}`)
let failed = 0
for (const file of files) {
  console.log(`\n## ${file.replace('.bench.mjs', '')}`)
  const run = spawnSync(process.execPath, ['--expose-gc', join(here, file)], { stdio: 'inherit' })
  if (run.status !== 0) failed++
}
process.exit(failed ? 1 : 0)
