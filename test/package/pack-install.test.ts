import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hasScript, startOnPty } from '../helpers/pty-screen.js'
import { record, temporaryWorkspaces } from '../workspace/make-workspace.js'

// The package is not published: what users install is `npm pack`'s tarball (or a git URL, which
// npm packs the same way after `prepare`). Packed here from the current build (`npm run build`
// first; --ignore-scripts so that packing does not rebuild dist/ under the other tests), installed
// globally into a scratch prefix with production dependencies only, and run from there.
const root = fileURLToPath(new URL('../../', import.meta.url))
const work = mkdtempSync(join(tmpdir(), 'schemactl-pack-'))
const prefix = join(work, 'prefix')
const folder = temporaryWorkspaces()
afterAll(() => rmSync(work, { recursive: true, force: true }))

// npm run by `npm test` passes its own settings down as npm_* variables; the nested npm takes none.
const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.toLowerCase().startsWith('npm_')))
env.NO_COLOR = '1'
delete env.FORCE_COLOR

let packed: { filename: string; files: Array<{ path: string }> }
let install: { status: number | null; stderr: string }

beforeAll(() => {
  const json = execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], {
    cwd: root,
    encoding: 'utf8',
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  packed = (JSON.parse(json) as Array<typeof packed>)[0]
  // --prefer-offline: packages npm ci already fetched come from npm's cache, the rest from the registry.
  const child = spawnSync('npm', ['install', '--global', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', join(work, packed.filename)], {
    cwd: work,
    encoding: 'utf8',
    env,
  })
  install = { status: child.status, stderr: child.stderr }
}, 600_000)

/** Runs the installed `schemactl` from a folder outside the repository, with the prefix's bin on PATH. */
function schemactl(cwd: string, ...args: string[]) {
  const child = spawnSync(join(prefix, 'bin', 'schemactl'), args, { cwd, encoding: 'utf8', env: { ...env, PATH: `${join(prefix, 'bin')}:${env.PATH}` } })
  return { status: child.status, stdout: child.stdout, stderr: child.stderr }
}

describe('npm pack → npm install --global', () => {
  it('packs the built CLI and nothing of the sources or tests', () => {
    const paths = packed.files.map((f) => f.path)
    for (const path of [
      'package.json',
      'README.md',
      'bin/run.js',
      'oclif.manifest.json',
      'dist/cli/run.js',
      'dist/commands/check.js',
      'dist/cli/hooks/command-not-found.js',
    ])
      expect(paths).toContain(path)
    expect(paths.filter((p) => /^(src|test|bench|scripts)\//.test(p) || p === 'package-lock.json')).toEqual([])
    // The README links into docs/: every page it links to ships with it (npm shows the README offline too).
    const readme = readFileSync(join(root, 'README.md'), 'utf8')
    const linked = [...new Set([...readme.matchAll(/\]\((docs\/[^)#]+)/g)].map((m) => m[1]))]
    expect(linked.length).toBeGreaterThan(5)
    for (const page of linked) expect(paths).toContain(page)
  })

  it('installs with production dependencies only and no engine warning', () => {
    expect(install.stderr).not.toContain('EBADENGINE')
    expect(install.status).toBe(0)
    const modules = readdirSync(join(prefix, 'lib', 'node_modules', 'schemactl', 'node_modules'))
    for (const dev of ['vitest', 'typescript', 'esbuild', 'oclif', 'fast-check']) expect(modules).not.toContain(dev)
    expect(existsSync(join(prefix, 'bin', 'schemactl'))).toBe(true)
  })

  it('runs: --version, check (compatible and incompatible), a mistyped command, help', () => {
    const version = schemactl(work, '--version')
    expect(version.stdout).toMatch(/^schemactl\/\d+\.\d+\.\d+ \S+ node-v/)
    expect(version.status).toBe(0)

    const good = folder({
      'users-value/1.avsc': record('User', [{ name: 'id', type: 'string' }]),
      'users-value/2.avsc': record('User', [
        { name: 'id', type: 'string' },
        { name: 'age', type: 'int', default: 0 },
      ]),
    })
    const ok = schemactl(good, 'check', '.')
    expect(ok.stdout).toContain('1 subject checked: 1 compatible, 0 incompatible, 0 invalid')
    expect(ok.status).toBe(0)
    const bad = folder({
      'users-value/1.avsc': record('User', [{ name: 'id', type: 'string' }]),
      'users-value/2.avsc': record('User', [{ name: 'id', type: 'long' }]),
    })
    const broken = schemactl(bad, 'check', '.', '--format', 'github')
    expect(broken.stdout).toMatch(/^::error file=[^,]*users-value\/2\.avsc,line=\d+,col=\d+,title=TYPE_MISMATCH::/m)
    expect(broken.status).toBe(1)

    const typo = schemactl(work, 'lst')
    expect(typo.stderr).toContain("Did you mean 'schemactl list'?")
    expect(typo.status).toBe(2)
    expect(schemactl(work, 'help', 'check').stdout).toContain('$ schemactl check [DIR]')
  })

  // browse's ink, react and yoga are bundled into dist/chunks: the installed package must draw without them installed.
  it.skipIf(!hasScript)(
    'browses a folder on a pseudo-terminal and quits',
    async () => {
      const dir = folder({ 'users-value/1.avsc': record('User', [{ name: 'id', type: 'string' }]) })
      const pty = startOnPty(['browse', dir], {
        columns: 80,
        rows: 24,
        env: { NO_COLOR: '1' },
        bin: join(prefix, 'lib', 'node_modules', 'schemactl', 'bin', 'run.js'),
      })
      try {
        const screen = await pty.waitFor('"type": "record"')
        expect(screen).toMatch(/users-value +AVRO +v1/)
        pty.type('q')
        expect(await pty.exited).toBe(0)
      } finally {
        pty.kill()
      }
    },
    60_000,
  )
})
