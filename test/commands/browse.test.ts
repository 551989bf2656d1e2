/**
 * `schemactl browse` end to end: the real binary on a pseudo-terminal against `schemactl serve`
 * holding a few hundred subjects; keys typed, the screen read back. Needs a build (npm run build).
 * With SCHEMACTL_BROWSE_CAPTURE=<dir>, the screens are also written there (README's captures).
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import Browse from '../../src/commands/browse.js'
import { seedBrowseRegistry } from '../helpers/browse-seed.js'
import { hasScript, startOnPty, type PtyScreen } from '../helpers/pty-screen.js'
import { startTestRegistry, type TestRegistry } from '../helpers/registry-server.js'
import { runCommand } from './run-command.js'

const EXTRA = 300
const KEYS = { down: '\u001b[B', enter: '\r', escape: '\u001b' }
const capture = process.env.SCHEMACTL_BROWSE_CAPTURE

let registry: TestRegistry
beforeAll(async () => {
  registry = await startTestRegistry()
  await seedBrowseRegistry(registry.url, EXTRA)
}, 120_000)
afterAll(() => registry.close())

/** Saves a screen for the README when SCHEMACTL_BROWSE_CAPTURE names a folder. */
function save(name: string, screen: string): void {
  if (capture === undefined) return
  mkdirSync(capture, { recursive: true })
  writeFileSync(join(capture, `${name}.txt`), screen.replaceAll(registry.url, 'http://localhost:8081') + '\n')
}

/** The screen's rows, for assertions on width. */
const rows = (screen: string) => screen.split('\n')

describe.skipIf(!hasScript)('browse on a terminal (the real binary on a pseudo-terminal)', () => {
  let pty: PtyScreen | undefined
  afterAll(() => pty?.kill())

  it('browses, filters, diffs, shows references and help, follows resizes, and quits restoring the screen', async () => {
    const total = EXTRA + 5
    pty = startOnPty(['browse', '-r', registry.url], { columns: 100, rows: 30, env: { NO_COLOR: '1', CI: 'true' } })
    // CI=true is what .ci/run sets: browse still draws every frame.
    let screen = await pty.waitFor(`Subjects ${total}/${total}`)
    await pty.waitFor(/orders-value +AVRO +v3 +BWD +RW/)
    screen = await pty.waitFor(/Schema · v1 · id \d+ · AVRO/)
    expect(rows(screen)).toHaveLength(30)
    expect(rows(screen)[0]).toContain(`registry ${registry.url} · read-only · context: all · ${total} subjects`)
    expect(screen).toMatch(/person-value +JSON +v2 +NONE +RW/)
    expect(screen).toMatch(/shipment-value +PROTO +v1/)
    expect(rows(screen).at(-1)).toContain('↑↓ move  ←→ panes  / filter')

    pty.type('jj')
    screen = await pty.waitFor(/v4 +id \d+ +\d{4}-\d\d-\d\d \d\d:\d\d deleted/)
    expect(screen).toContain('› orders-value')
    expect(screen).toContain('Versions · orders-value')
    expect(screen).toContain('soft-deleted')
    pty.type('l')
    pty.type(KEYS.down)
    screen = await pty.waitFor(/Schema · v3 · id \d+ · AVRO/)
    await pty.waitFor('"name": "total",')
    screen = pty.text()
    save('main', screen)

    pty.type('d')
    screen = await pty.waitFor(/FULL +✓ compatible/)
    expect(screen).toContain('diff orders-value v2 → orders-value v3')
    expect(screen).toContain('FIELD_ADDED')
    save('diff', screen)

    pty.type(`${KEYS.escape}r`)
    screen = await pty.waitFor('Uses (1):')
    expect(screen).toContain('com.example.Money → money-value v1')
    save('references', screen)
    pty.type(KEYS.enter)
    screen = await pty.waitFor('› money-value')

    pty.type('h/topic-0029')
    screen = await pty.waitFor(`Subjects 10/${total} /topic-0029█`)
    expect(screen).toContain('topic-00299-value')
    expect(screen).not.toContain('orders-value')
    save('filter', screen)
    pty.type(KEYS.enter)

    // Smaller: 80×24 still shows every pane.
    pty.resize(80, 24)
    screen = await pty.waitFor(/Subjects 10\/.*Schema · v1[\s\S]*Versions · topic-00290-value/)
    expect(rows(screen)).toHaveLength(24)
    expect(rows(screen).every((line) => line.length <= 80)).toBe(true)
    expect(screen).toContain('Versions · topic-00290-value')
    expect(screen).toMatch(/Schema · v1/)
    save('80x24', screen)

    // Larger: the three panes side by side.
    pty.resize(140, 40)
    screen = await pty.waitFor(/Subjects 10\/\d+.*Versions · topic-00290-value.*Schema · v1/)
    expect(rows(screen)).toHaveLength(40)

    pty.type('?')
    screen = await pty.waitFor('Keys')
    expect(screen).toContain('soft-delete the selected version (needs --write)')
    save('help', screen)
    // q closes an overlay; on the panes it quits.
    pty.type('q')
    await pty.waitFor(/Subjects 10\/\d+/)
    pty.type('q')
    expect(await pty.exited).toBe(0)
    // The alternate screen was left: the shell's screen is back as it was.
    expect(pty.output()).toContain('\u001b[?1049l')
    // NO_COLOR: no foreground colour anywhere (bold and inverse are not colours).
    expect(pty.output()).not.toMatch(/\u001b\[(3[0-7]|9[0-7]|38;)/)
  }, 120_000)

  it('with --write, soft-deletes a version after a confirmation', async () => {
    pty = startOnPty(['browse', '--registry', registry.url, '--write'], { columns: 100, rows: 30, env: { NO_COLOR: '1' } })
    await pty.waitFor('· WRITE ·')
    pty.type('/topic-00001-value\r')
    await pty.waitFor(/› topic-00001-value +AVRO/)
    pty.type('lD')
    await pty.waitFor('Soft-delete topic-00001-value version 1?')
    pty.type('y')
    await pty.waitFor('✓ soft-deleted topic-00001-value v1')
    expect((await fetch(`${registry.url}/subjects/topic-00001-value/versions`)).status).toBe(404)
    pty.type('q')
    expect(await pty.exited).toBe(0)
  }, 60_000)

  it('browses a workspace folder, in colour without NO_COLOR', async () => {
    pty = startOnPty(['browse', 'schemas-example'], { columns: 100, rows: 30, env: { NO_COLOR: undefined, FORCE_COLOR: undefined } })
    const screen = await pty.waitFor(/employee-value +AVRO +v3 +FULL-T/)
    expect(screen).toContain('workspace schemas-example · read-only')
    await pty.waitFor('"type": "record"')
    pty.type('q')
    expect(await pty.exited).toBe(0)
    // JSON keys in cyan.
    expect(pty.output()).toMatch(/\u001b\[36m"type"/)
  }, 60_000)

  it('shows the registry URL without its credentials', async () => {
    const withCredentials = registry.url.replace('http://', 'http://svc-browse:s3cret-pw@')
    pty = startOnPty(['browse', '-r', withCredentials], { columns: 120, rows: 30, env: { NO_COLOR: '1' } })
    const screen = await pty.waitFor(`registry ${registry.url} · read-only`)
    expect(screen).toContain('Subjects ')
    pty.type('q')
    expect(await pty.exited).toBe(0)
    expect(pty.output()).not.toContain('s3cret-pw')
  }, 60_000)
})

describe('browse without a terminal', () => {
  it('refuses with exit 2 and points to list, versions and get', async () => {
    const run = await runCommand(Browse, ['-r', registry.url])
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('Error: browse needs a terminal, and stdout is not one')
    expect(run.stderr).toContain('schemactl list, versions and get')
  })

  it('refuses a folder together with --registry, and --write for a folder', async () => {
    // Checked before the terminal: these are usage errors wherever it runs.
    expect((await runCommand(Browse, ['schemas-example', '-r', registry.url])).code).toBe(2)
    expect((await runCommand(Browse, ['schemas-example', '--write'])).code).toBe(2)
  })
})
