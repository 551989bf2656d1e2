/**
 * Every example of the docs runs: the fenced ```sh blocks of docs/*.md and README.md whose
 * commands start with `schemactl`. Each page is one scenario: its commands run in order, as the
 * real binary (bin/run.js, so `npm run build` first), in a scratch folder holding a copy of
 * schemas-example, against a fresh `schemactl serve` (SCHEMACTL_REGISTRY points at it). A command
 * exits 0 unless a comment on its line says otherwise (`# exit 1`). Examples that cannot run here
 * (installs, CI-only commands, a server that runs until stopped) belong in ```console or ```text.
 */
import { execFile } from 'node:child_process'
import { chmodSync, cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeTempDir, startTestRegistry, type TestRegistry } from '../helpers/registry-server.js'

const run = promisify(execFile)
const root = fileURLToPath(new URL('../../', import.meta.url))

/** One command of a ```sh block. */
interface Example {
  command: string
  exit: number
  /** Where it is written: page:line. */
  at: string
}

/** A ```sh block of a page: its commands and the lines that are not schemactl commands. */
interface Block {
  examples: Example[]
  others: string[]
}

/** The ```sh blocks of a Markdown page, each line joined with its `\` continuations. */
export function shBlocks(page: string, text: string): Block[] {
  const blocks: Block[] = []
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() !== '```sh') continue
    const block: Block = { examples: [], others: [] }
    for (i++; i < lines.length && lines[i].trim() !== '```'; i++) {
      const start = i + 1
      let line = lines[i]
      while (line.endsWith('\\') && i + 1 < lines.length) line = `${line.slice(0, -1)} ${lines[++i].trim()}`
      const trimmed = line.trim()
      if (trimmed === '' || trimmed.startsWith('#')) continue
      if (!trimmed.startsWith('schemactl ') && trimmed !== 'schemactl') {
        block.others.push(`${page}:${start}: ${trimmed}`)
        continue
      }
      const exit = /#.*\bexit (\d+)/.exec(trimmed)
      block.examples.push({ command: trimmed, exit: exit ? Number(exit[1]) : 0, at: `${page}:${start}` })
    }
    blocks.push(block)
  }
  return blocks
}

/** The ```js blocks of a page (library examples), with the line each starts at. */
function jsBlocks(text: string): { code: string; line: number }[] {
  const blocks: { code: string; line: number }[] = []
  const re = /^```js\n([\s\S]*?)^```$/gm
  for (let m = re.exec(text); m; m = re.exec(text)) blocks.push({ code: m[1], line: text.slice(0, m.index).split('\n').length })
  return blocks
}

const pages = [
  ...readdirSync(join(root, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
  'README.md',
]
const blocksOf = new Map(pages.map((page) => [page, shBlocks(page, readFileSync(join(root, page), 'utf8'))]))

describe('docs examples', () => {
  it('every ```sh block of docs/ holds only schemactl commands (others go in ```console or ```text)', () => {
    const others = pages.filter((p) => p.startsWith('docs/')).flatMap((p) => blocksOf.get(p)!.flatMap((b) => b.others))
    expect(others).toEqual([])
    expect([...blocksOf.values()].flat().flatMap((b) => b.examples).length).toBeGreaterThan(20)
  })

  it('the README quick start installs and checks schemas-example, then runs the tests: two commands', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8')
    const quick = /## Quick start\n[\s\S]*?```sh\n([\s\S]*?)```/.exec(readme)
    expect(quick).not.toBeNull()
    const commands = quick![1].split('\n').filter((l) => l.trim() !== '' && !l.trim().startsWith('#'))
    expect(commands).toHaveLength(2)
    expect(commands[0]).toMatch(/^npm ci && .*check schemas-example/)
    expect(commands[1]).toMatch(/^npm (test|run test)\b/)
  })
})

describe('library examples of docs/library.md', () => {
  let registry: TestRegistry
  let temp: ReturnType<typeof makeTempDir>
  beforeAll(async () => {
    registry = await startTestRegistry()
    temp = makeTempDir('schemactl-docs-js-')
  })
  afterAll(async () => {
    await registry?.close()
    temp?.remove()
  })
  const blocks = jsBlocks(readFileSync(join(root, 'docs/library.md'), 'utf8'))
  it('there are some', () => expect(blocks.length).toBeGreaterThan(1))
  for (const block of blocks) {
    it(`docs/library.md:${block.line} runs against the built package (dist/index.js)`, async () => {
      // The examples import the package by name; here it is the build of this checkout.
      const code = block.code
        .replaceAll("from 'schemactl'", `from '${pathToFileURL(join(root, 'dist/index.js')).href}'`)
        .replaceAll('http://127.0.0.1:8081', registry.url)
      const file = join(temp.dir, `example-${block.line}.mjs`)
      writeFileSync(file, code)
      const { stdout, stderr } = await run(process.execPath, [file], { cwd: temp.dir })
      // Each example prints what it shows in its comments (a registry error on stderr, for the client).
      expect(`${stdout}${stderr}`.trim().length).toBeGreaterThan(0)
    })
  }
})

/** Runs one page's examples in order in a fresh scratch folder and registry; returns the mismatches. */
async function runScenario(examples: Example[]): Promise<string[]> {
  const registry = await startTestRegistry()
  const temp = makeTempDir('schemactl-docs-')
  try {
    const bin = join(temp.dir, '.bin')
    mkdirSync(bin)
    writeFileSync(join(bin, 'schemactl'), `#!/bin/sh\nexec "${process.execPath}" "${join(root, 'bin/run.js')}" "$@"\n`)
    chmodSync(join(bin, 'schemactl'), 0o755)
    mkdirSync(join(temp.dir, 'work'))
    cpSync(join(root, 'schemas-example'), join(temp.dir, 'work/schemas-example'), { recursive: true })
    const state = join(temp.dir, '.state')
    const env: NodeJS.ProcessEnv = { ...process.env }
    // The examples' own connection and flags only: none inherited from the shell that runs the tests.
    for (const name of Object.keys(env)) if (name.startsWith('SCHEMA_REGISTRY_') || name.startsWith('SCHEMACTL_')) delete env[name]
    Object.assign(env, {
      PATH: `${bin}:${process.env.PATH}`,
      SCHEMACTL_REGISTRY: registry.url,
      NO_COLOR: '1',
      XDG_STATE_HOME: state,
      XDG_DATA_HOME: state,
      XDG_CACHE_HOME: state,
    })
    const mismatches: string[] = []
    for (const example of examples) {
      let status = 0
      let output = ''
      try {
        const r = await run('bash', ['-o', 'pipefail', '-c', example.command], { cwd: join(temp.dir, 'work'), env, maxBuffer: 64 * 1024 * 1024 })
        output = r.stdout + r.stderr
      } catch (err) {
        const e = err as { code?: number; stdout?: string; stderr?: string }
        status = typeof e.code === 'number' ? e.code : -1
        output = `${e.stdout ?? ''}${e.stderr ?? ''}`
      }
      if (status !== example.exit)
        mismatches.push(`${example.at}: ${example.command}\n  exited ${status}, documented ${example.exit}:\n${output.slice(0, 2000)}`)
    }
    return mismatches
  } finally {
    await registry.close()
    temp.remove()
  }
}

// Pages are independent scenarios, run side by side; the commands of one page run in order.
describe.concurrent('sh examples of each page, in order, against serve and schemas-example', () => {
  for (const page of pages) {
    // README's non-schemactl blocks (the quick start) are checked above; a block of schemactl commands runs.
    const examples = blocksOf
      .get(page)!
      .filter((b) => b.others.length === 0)
      .flatMap((b) => b.examples)
    if (examples.length === 0) continue
    it(`${page}: ${examples.length} commands exit as documented`, async () => {
      expect(await runScenario(examples)).toEqual([])
    }, 1_200_000)
  }
})
