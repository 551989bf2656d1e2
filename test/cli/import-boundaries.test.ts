import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const src = fileURLToPath(new URL('../../src/', import.meta.url))
const IMPORT = /^\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|^\s*import\s+['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/gm

/** Module specifiers a TypeScript file imports or re-exports (static scan of its import lines). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8')
  return [...text.matchAll(IMPORT)].map((m) => m[1] ?? m[2] ?? m[3])
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tsFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  )
}

/** Every file reachable from `entry` through relative imports. */
function importGraph(entry: string): string[] {
  const seen = new Set<string>()
  const queue = [entry]
  while (queue.length > 0) {
    const file = queue.pop() as string
    if (seen.has(file)) continue
    seen.add(file)
    for (const spec of importsOf(file)) {
      if (spec.startsWith('.')) queue.push(resolve(dirname(file), spec.replace(/\.js$/, '.ts')))
    }
  }
  return [...seen]
}

const UI_PACKAGES = /^(@oclif\/|oclif$|ink$|ink\/|chalk$|react$|react\/)/

describe('module boundaries', () => {
  it('the engine imports only avsc (and its Tap), jsonc-parser and engine files (no node:*, oclif, ink or chalk)', () => {
    const engine = join(src, 'engine')
    const offending = tsFiles(engine).flatMap((file) =>
      importsOf(file)
        .filter((spec) => !(spec === 'avsc' || spec === 'avsc/lib/utils.js' || spec === 'jsonc-parser' || (spec.startsWith('.') && resolve(dirname(file), spec).startsWith(engine))))
        .map((spec) => `${file.slice(src.length)} imports ${spec}`),
    )
    expect(offending).toEqual([])
  })

  it.runIf(existsSync(join(src, 'index.ts')))("the library entry's import graph has no oclif, ink or chalk", () => {
    const graph = importGraph(join(src, 'index.ts'))
    expect(graph.length).toBeGreaterThan(1)
    const offending = graph.flatMap((file) => importsOf(file).filter((spec) => UI_PACKAGES.test(spec)).map((spec) => `${file.slice(src.length)} imports ${spec}`))
    expect(offending).toEqual([])
  })

  it('the scan sees the kinds of import it has to catch', () => {
    const fixture = join(src, 'cli', 'base-command.ts')
    expect(importsOf(fixture)).toContain('@oclif/core')
  })
})
