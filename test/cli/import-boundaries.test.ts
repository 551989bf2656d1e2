import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

// The layer table of docs/architecture.md, checked: what each folder of src/ may import.

const src = fileURLToPath(new URL('../../src/', import.meta.url))
const STATEMENT = /^\s*(import|export)\s+(type\s+)?([^'"]*?)from\s+['"]([^'"]+)['"]|^\s*import\s+['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/gm

/** One import of a file: its specifier, whether only types are imported (erased at build), whether it is a dynamic `import()`. */
interface Import {
  spec: string
  typeOnly: boolean
  dynamic: boolean
}

/** The imports and re-exports of a TypeScript file (static scan of its import lines). */
function importsOf(file: string): Import[] {
  const text = readFileSync(file, 'utf8')
  return [...text.matchAll(STATEMENT)].map((m) => {
    if (m[6] !== undefined) return { spec: m[6], typeOnly: false, dynamic: true }
    if (m[5] !== undefined) return { spec: m[5], typeOnly: false, dynamic: false }
    const names = /\{([^}]*)\}/
      .exec(m[3])?.[1]
      .split(',')
      .map((n) => n.trim())
      .filter((n) => n !== '')
    const allInlineTypes = names !== undefined && names.length > 0 && names.every((n) => n.startsWith('type ')) && !/^\s*\w+\s*,/.test(m[3])
    return { spec: m[4], typeOnly: m[2] !== undefined || allInlineTypes, dynamic: false }
  })
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tsFiles(join(dir, e.name)) : /\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts') ? [join(dir, e.name)] : [],
  )
}

/** The layer of a file of src/: its top folder, or the file name for a file at the top (`index.ts`, `errors.ts`). */
function layerOf(file: string): string {
  const path = relative(src, file)
  return path.includes('/') ? path.split('/')[0] : path
}

/** The source file a relative specifier names. */
function target(file: string, spec: string): string {
  const path = resolve(dirname(file), spec)
  return path.endsWith('.js') ? path.replace(/\.js$/, existsSync(path.replace(/\.js$/, '.tsx')) ? '.tsx' : '.ts') : path
}

/** Every file reachable from `entry` through relative imports. */
function importGraph(entry: string): string[] {
  const seen = new Set<string>()
  const queue = [entry]
  while (queue.length > 0) {
    const file = queue.pop() as string
    if (seen.has(file)) continue
    seen.add(file)
    for (const { spec } of importsOf(file)) if (spec.startsWith('.')) queue.push(target(file, spec))
  }
  return [...seen]
}

const UI_PACKAGES = /^(@oclif\/|oclif$|ink$|ink\/|chalk$|react$|react\/)/

/**
 * What a layer may import. `layers`: our layers it may import; those in `typesOnly` only as types
 * (erased at build). `packages`: which npm packages it may import (node:* included only where
 * `node` is true). `dynamicOnly`: layers it may import only with `import()` at the point of use.
 */
interface LayerRule {
  layers: readonly string[]
  typesOnly?: readonly string[]
  dynamicOnly?: readonly string[]
  packages: (spec: string) => boolean
  node: boolean
}

const only =
  (...names: string[]) =>
  (spec: string): boolean =>
    names.some((name) => spec === name || spec.startsWith(`${name}/`))

/** The layer table of docs/architecture.md. `engine` is checked on its own below (entry files, purity). */
const LAYERS: Record<string, LayerRule> = {
  registry: { layers: ['engine', 'errors.ts'], typesOnly: ['engine'], packages: only('undici'), node: false },
  workspace: { layers: ['engine', 'errors.ts'], packages: only(), node: true },
  config: { layers: ['engine', 'registry', 'workspace', 'errors.ts'], packages: only('cosmiconfig'), node: true },
  app: { layers: ['engine', 'registry', 'workspace', 'config', 'errors.ts'], packages: (spec) => !UI_PACKAGES.test(spec), node: true },
  output: { layers: ['app', 'engine', 'registry', 'workspace', 'errors.ts'], typesOnly: ['app'], packages: only('chalk'), node: false },
  // browse is an interactive use case: its views call app/ and reuse output/'s renderers.
  ui: { layers: ['app', 'output', 'config', 'registry', 'engine', 'errors.ts'], packages: only('ink', 'react', 'p-limit'), node: true },
  server: { layers: ['engine', 'errors.ts'], packages: (spec) => !UI_PACKAGES.test(spec) && !only('undici')(spec), node: true },
  cli: { layers: ['app', 'config', 'engine', 'registry', 'errors.ts'], packages: only('@oclif/core', 'chalk', 'yaml'), node: true },
  commands: {
    layers: ['cli', 'app', 'output', 'ui', 'config', 'engine', 'server', 'errors.ts'],
    packages: only('@oclif/core', '@oclif/plugin-help'),
    node: true,
  },
  'index.ts': { layers: ['engine', 'registry'], packages: only(), node: false },
  'errors.ts': { layers: [], packages: only(), node: false },
}

/** The files other layers may import the engine through: its own entry and each folder's `index.ts`. */
function isEngineEntry(path: string): boolean {
  const inEngine = relative(join(src, 'engine'), path)
  return inEngine === 'index.ts' || /^[a-z-]+\/index\.ts$/.test(inEngine)
}

/** A module that only loads others with `import()` (like `ui/browse/load.ts`): importing it statically loads nothing heavy. */
function isLoader(path: string): boolean {
  return existsSync(path) && importsOf(path).every((i) => i.dynamic || i.typeOnly)
}

/** Where `file` (with `imports`, by default those it has) breaks its layer's rule, one line per import. */
function breaches(file: string, imports: Import[] = importsOf(file)): string[] {
  const layer = layerOf(file)
  const rule = LAYERS[layer]
  const where = relative(src, file)
  return imports.flatMap(({ spec, typeOnly, dynamic }) => {
    if (!spec.startsWith('.')) {
      if (spec.startsWith('node:')) return rule.node ? [] : [`${where} imports ${spec} (no node:* in ${layer})`]
      return rule.packages(spec) ? [] : [`${where} imports the package ${spec}`]
    }
    const path = target(file, spec)
    const to = layerOf(path)
    if (to === layer) return []
    if (!rule.layers.includes(to)) return [`${where} imports ${relative(src, path)} (${layer} may not import ${to})`]
    if (rule.typesOnly?.includes(to) && !typeOnly) return [`${where} imports values from ${relative(src, path)} (${layer} imports only types of ${to})`]
    if (rule.dynamicOnly?.includes(to) && !dynamic && !isLoader(path))
      return [`${where} imports ${relative(src, path)} statically (${to} is loaded with import() where it is used)`]
    if (to === 'engine' && !isEngineEntry(path))
      return [`${where} imports ${relative(src, path)} (use the engine's entry files: engine/index.ts, engine/<folder>/index.ts)`]
    return []
  })
}

/** Source text without comments, for scanning the names the code uses. */
function code(file: string): string {
  return readFileSync(file, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1')
}

describe('module boundaries', () => {
  it('every file of src/ belongs to a layer of the table', () => {
    const unknown = tsFiles(src)
      .map(layerOf)
      .filter((layer) => layer !== 'engine' && !(layer in LAYERS))
    expect([...new Set(unknown)]).toEqual([])
  })

  it.each(Object.keys(LAYERS))('%s imports only what the layer table allows', (layer) => {
    const files = layer.endsWith('.ts') ? [join(src, layer)] : tsFiles(join(src, layer))
    expect(files.length).toBeGreaterThan(0)
    expect(files.flatMap((file) => breaches(file))).toEqual([])
  })

  it('no command loads ink or react before it runs: only an import() where a terminal view is shown reaches them', () => {
    const offending = tsFiles(join(src, 'commands')).flatMap((command) => {
      const seen = new Set<string>()
      const queue = [command]
      const found: string[] = []
      while (queue.length > 0) {
        const file = queue.pop() as string
        if (seen.has(file) || !existsSync(file)) continue
        seen.add(file)
        for (const { spec, typeOnly, dynamic } of importsOf(file)) {
          if (typeOnly || dynamic) continue
          if (spec.startsWith('.')) queue.push(target(file, spec))
          else if (/^(ink|react)(\/|$)/.test(spec)) found.push(`${relative(src, command)} loads ${spec} through ${relative(src, file)}`)
        }
      }
      return found
    })
    expect(offending).toEqual([])
  })

  it('the engine imports only jsonc-parser and engine files, and avsc only in the codec (no node:*, no other layer)', () => {
    const engine = join(src, 'engine')
    const offending = tsFiles(engine).flatMap((file) =>
      importsOf(file)
        .map(({ spec }) => spec)
        .filter((spec) => {
          if (spec.startsWith('.')) return !resolve(dirname(file), spec).startsWith(engine + '/')
          if (spec === 'jsonc-parser') return false
          return !((spec === 'avsc' || spec === 'avsc/lib/utils.js') && file.startsWith(join(engine, 'codec') + '/'))
        })
        .map((spec) => `${relative(src, file)} imports ${spec}`),
    )
    expect(offending).toEqual([])
  })

  it('the engine reads no clock, env or randomness, and only the codec touches Node Buffers', () => {
    const engine = join(src, 'engine')
    const codec = join(engine, 'codec') + '/'
    const IMPURE = /\b(process\.\w+|Date\.now\(|new Date\(|Math\.random\(|performance\.now\(|crypto\.\w+|setTimeout\(|setInterval\(|globalThis\.\w+)/g
    const offending = tsFiles(engine).flatMap((file) => {
      const text = code(file)
      const found = [...text.matchAll(IMPURE)].map((m) => m[1])
      if (!file.startsWith(codec)) found.push(...[...text.matchAll(/\bBuffer\b/g)].map(() => 'Buffer'))
      return found.map((name) => `${relative(src, file)} uses ${name}`)
    })
    expect(offending).toEqual([])
  })

  it.runIf(existsSync(join(src, 'index.ts')))("the library entry's import graph has no oclif, ink or chalk", () => {
    const graph = importGraph(join(src, 'index.ts'))
    expect(graph.length).toBeGreaterThan(1)
    const offending = graph.flatMap((file) =>
      importsOf(file)
        .filter(({ spec }) => UI_PACKAGES.test(spec))
        .map(({ spec }) => `${relative(src, file)} imports ${spec}`),
    )
    expect(offending).toEqual([])
  })

  it('the scan sees the kinds of import it has to catch', () => {
    const base = importsOf(join(src, 'cli', 'base-command.ts'))
    expect(base.map((i) => i.spec)).toContain('@oclif/core')
    const migrate = importsOf(join(src, 'commands', 'migrate.ts'))
    expect(migrate).toContainEqual({ spec: '../ui/migrate-progress.js', typeOnly: false, dynamic: true })
    const output = importsOf(join(src, 'output', 'lint-text.ts'))
    expect(output).toContainEqual({ spec: '../app/lint/workspace.js', typeOnly: true, dynamic: false })
  })

  it('reports a breach: another layer, a deep engine import, a value of a types-only layer, a package', () => {
    const imports = (spec: string, typeOnly = false, dynamic = false): Import[] => [{ spec, typeOnly, dynamic }]
    expect(breaches(join(src, 'app', 'x.ts'), imports('../engine/index.js'))).toEqual([])
    expect(breaches(join(src, 'app', 'x.ts'), imports('../engine/schema/index.js'))).toEqual([])
    expect(breaches(join(src, 'app', 'x.ts'), imports('../engine/schema/locate.js'))).toHaveLength(1)
    expect(breaches(join(src, 'app', 'x.ts'), imports('../engine/formats/json/index.js'))).toHaveLength(1)
    expect(breaches(join(src, 'app', 'x.ts'), imports('../output/style.js'))).toEqual(['app/x.ts imports output/style.ts (app may not import output)'])
    expect(breaches(join(src, 'app', 'x.ts'), imports('chalk'))).toEqual(['app/x.ts imports the package chalk'])
    expect(breaches(join(src, 'output', 'x.ts'), imports('../app/diff/diff.js', true))).toEqual([])
    expect(breaches(join(src, 'output', 'x.ts'), imports('../app/diff/diff.js'))).toHaveLength(1)
    expect(breaches(join(src, 'output', 'x.ts'), imports('node:fs'))).toHaveLength(1)
    expect(breaches(join(src, 'commands', 'x.ts'), imports('../registry/client.js'))).toHaveLength(1)
    expect(breaches(join(src, 'server', 'x.ts'), imports('../app/check/workspace.js'))).toHaveLength(1)
    expect(breaches(join(src, 'registry', 'x.ts'), imports('../engine/index.js'))).toHaveLength(1)
  })
})
