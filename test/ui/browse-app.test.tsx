/**
 * The browse screen as ink draws it (ink-testing-library: keys sent to stdin, frames asserted),
 * over a real registry (`schemactl serve` in-process) and a real workspace folder.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { render } from 'ink-testing-library'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createRegistrySource } from '../../src/app/browse/registry-source.js'
import { createWorkspaceSource } from '../../src/app/browse/workspace-source.js'
import type { BrowseSource } from '../../src/app/browse/source.js'
import { diffSchemaSides } from '../../src/app/diff/diff.js'
import { loadConfig } from '../../src/config/load.js'
import { RegistryClient } from '../../src/registry/client.js'
import { renderDiffText } from '../../src/output/diff-text.js'
import { BrowseApp } from '../../src/ui/browse/app.js'
import { BrowseStore } from '../../src/ui/browse/store.js'
import { openWorkspace } from '../../src/workspace/workspace.js'
import { registerSchema, seedBrowseRegistry } from '../helpers/browse-seed.js'
import { useTestRegistry, startTestRegistry } from '../helpers/registry-server.js'

const EXAMPLE = fileURLToPath(new URL('../../schemas-example', import.meta.url))
const KEYS = { down: '\u001b[B', up: '\u001b[A', right: '\u001b[C', left: '\u001b[D', enter: '\r', escape: '\u001b', backspace: '\u007f' }

const registry = useTestRegistry()
const clients: RegistryClient[] = []
const scratch = mkdtempSync(join(tmpdir(), 'schemactl-browse-'))

beforeAll(async () => {
  await seedBrowseRegistry(registry.url, 40)
}, 60_000)
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()))
  rmSync(scratch, { recursive: true, force: true })
})

interface Screen {
  store: BrowseStore
  frame: () => string
  /** Types keys, waiting after each until the store has nothing in flight and ink has drawn. */
  type: (...keys: string[]) => Promise<string>
  copied: string[]
  quits: number
  unmount: () => void
}

const mounted: Screen[] = []
afterEach(() => {
  for (const screen of mounted.splice(0)) screen.unmount()
})

function registrySource(options: { write?: boolean; pages?: { first: number; later: number } } = {}): BrowseSource {
  const client = new RegistryClient({ urls: [registry.url], retries: 0 })
  clients.push(client)
  const ctx = { flags: { registry: registry.url }, env: {}, cwd: process.cwd(), userAgent: 'test', warn: () => undefined }
  return createRegistrySource(client, { write: options.write ?? false, ctx, pages: options.pages })
}

async function mount(source: BrowseSource, columns = 100, rows = 30): Promise<Screen> {
  const copied: string[] = []
  const screen = { copied, quits: 0 } as Screen
  const store = new BrowseStore(source, { columns, rows, settleMs: 0, copy: (text) => copied.push(text), quit: () => screen.quits++ })
  const app = render(<BrowseApp store={store} color={false} />)
  const settle = async () => {
    await store.idle()
    // ink draws on its own schedule (throttled): give it a turn after the store settles.
    await new Promise((r) => setTimeout(r, 40))
    await store.idle()
    return app.lastFrame() ?? ''
  }
  Object.assign(screen, {
    store,
    frame: () => app.lastFrame() ?? '',
    type: async (...keys: string[]) => {
      // One key at a time, each after the last one's requests: as a person reads before pressing on.
      for (const key of keys) {
        app.stdin.write(key)
        await settle()
      }
      return settle()
    },
    unmount: () => {
      store.dispose()
      app.unmount()
    },
  })
  mounted.push(screen)
  store.start()
  await settle()
  return screen
}

/** The line of the frame that contains `text`. */
function lineWith(frame: string, text: string): string {
  return frame.split('\n').find((line) => line.includes(text)) ?? ''
}

describe('browse over a registry', () => {
  it('shows the subjects with type, latest version, level and mode, the versions and the highlighted schema', async () => {
    const screen = await mount(registrySource(), 100, 30)
    let frame = screen.frame()
    expect(frame).toContain(`registry ${registry.url} · read-only · context: all · 45 subjects`)
    expect(frame).toContain('Subjects 45/45')
    expect(lineWith(frame, '  orders-value ')).toMatch(/orders-value\s+AVRO\s+v3\s+BWD\s+RW/)
    expect(lineWith(frame, 'person-value')).toMatch(/JSON\s+v2\s+NONE\s+RW/)
    expect(lineWith(frame, 'shipment-value')).toMatch(/PROTO\s+v1/)
    // The first subject (the :.staging context sorts first) is selected; its schema is shown.
    expect(lineWith(frame, '› :.staging:orders-value')).not.toBe('')
    expect(frame).toContain('Schema · v1 · id 1 · AVRO')

    frame = await screen.type('j', 'j')
    expect(lineWith(frame, '› orders-value')).not.toBe('')
    expect(frame).toContain('Versions · orders-value')
    expect(frame).toContain('AVRO · latest v3 · BACKWARD (global) · READWRITE')
    expect(frame).toMatch(/› {2}v4 +id \d+ +\d{4}-\d\d-\d\d \d\d:\d\d deleted/)
    expect(frame).toMatch(/ {3}v3 +id \d+/)
    // v4 (soft-deleted) is the newest, selected: its schema is shown, marked as deleted.
    expect(frame).toContain('soft-deleted')
    frame = await screen.type('l', 'j')
    expect(frame).toMatch(/Schema · v3 · id \d+ · AVRO/)
    expect(frame).toContain('1 reference')
    expect(frame).toContain('"name": "total",')
  })

  it('filters as you type, keeps the filter on Enter and clears it with Esc', async () => {
    const screen = await mount(registrySource())
    let frame = await screen.type('/', 'o', 'r', 'd')
    expect(frame).toContain('Subjects 2/45 /ord█')
    expect(frame).toContain(':.staging:orders-value')
    expect(frame).not.toContain('money-value')
    frame = await screen.type(KEYS.backspace, KEYS.backspace, KEYS.backspace, 'p', 'e', 'r', 's', 'o', 'n')
    expect(frame).toContain('Subjects 1/45 /person█')
    frame = await screen.type('z')
    expect(frame).toContain('no subject matches "personz"')
    frame = await screen.type(KEYS.backspace, KEYS.enter)
    expect(frame).toContain('Subjects 1/45 /person')
    expect(frame).not.toContain('█')
    // Out of the filter, letters are keys again: j moves (nowhere to go here), not types.
    frame = await screen.type('j')
    expect(frame).toContain('Subjects 1/45 /person')
    frame = await screen.type(KEYS.escape)
    expect(frame).toContain('Subjects 45/45')
  })

  it('switches context with x: all, the default one, .staging', async () => {
    const screen = await mount(registrySource())
    let frame = await screen.type('x')
    expect(frame).toContain('context: . ·')
    expect(frame).toContain('Subjects 44/45')
    frame = await screen.type('x')
    expect(frame).toContain('context: .staging')
    expect(frame).toContain('Subjects 1/45')
    frame = await screen.type('x')
    expect(frame).toContain('context: all')
  })

  it('diffs the previous version with the selected one, and a marked version with another, as schemactl diff reports them', async () => {
    const screen = await mount(registrySource(), 100, 30)
    // orders-value, versions pane, v3 (below the deleted v4).
    let frame = await screen.type('j', 'j', 'l', 'j', 'd')
    expect(frame).toContain('diff orders-value v2 → orders-value v3')
    expect(frame).toContain('+ /fields/2')
    expect(frame).toContain('FIELD_ADDED')
    expect(frame).toMatch(/BACKWARD +✓ compatible/)
    expect(frame).toMatch(/FULL +✓ compatible/)
    frame = await screen.type(KEYS.escape, ' ')
    expect(frame).toContain('marked orders-value v3')
    expect(frame).toMatch(/› \*v3/)
    // v4 (deleted) removes `note`: the marked v3 is the old side.
    frame = await screen.type('k', 'd')
    expect(frame).toContain('diff orders-value v3 → orders-value v4')
    expect(frame).toContain('FIELD_REMOVED')
    // A marked version diffs with a version of another subject too: the marked one is the old side.
    await screen.type(KEYS.escape, 'm', 'h')
    frame = await screen.type('j', 'j', 'j', 'l', 'd')
    expect(frame).toContain('diff orders-value v4 → topic-00000-value v1')
    expect(frame).toContain("record 'com.example.Order' renamed to 'com.example.Topic0'")
    expect(frame).toMatch(/BACKWARD +✗ incompatible/)
  })

  it('says a JSON Schema diff is not yet supported, and that schemas of two types have no diff', async () => {
    const screen = await mount(registrySource())
    let frame = await screen.type('/', 'p', 'e', 'r', 's', 'o', 'n', KEYS.enter, 'l', 'd')
    expect(frame).toContain('diff person-value v1 → person-value v2')
    expect(frame).toContain('Diff is not yet supported for JSON schemas (only AVRO).')
    // Esc clears the filter (the mark stays); money-value is two lines above person-value.
    frame = await screen.type(KEYS.escape, ' ', 'h', KEYS.escape, 'k', 'k', 'l', 'd')
    expect(frame).toContain('person-value v2 is JSON and money-value v1 is AVRO: schemas of different types have no diff.')
    frame = await screen.type(KEYS.escape, 'h', 'j', 'j', 'l', 'd')
    expect(frame).toContain('the marked version is the selected one')
  })

  it('diffs data contracts too, line for line as schemactl diff renders the same two versions', async () => {
    // A registry of its own: one subject whose second version changes its contract.
    const own = await startTestRegistry()
    try {
      const users = (fields: unknown[]) => ({ type: 'record', name: 'User', namespace: 'acme', fields })
      const ssn = { name: 'ssn', type: 'string' }
      await registerSchema(own.url, 'users-value', users([ssn]), { metadata: { properties: { owner: 'identity-team' } } })
      await registerSchema(own.url, 'users-value', users([ssn, { name: 'email', type: ['null', 'string'], default: null }]), {
        metadata: { tags: { 'acme.User.ssn': ['PII'] }, properties: { owner: 'platform' } },
      })
      const ctx = { flags: { registry: own.url }, env: {}, cwd: process.cwd(), userAgent: 'test', warn: () => undefined }
      const client = new RegistryClient({ urls: [own.url], retries: 0 })
      clients.push(client)
      const screen = await mount(createRegistrySource(client, { write: false, ctx }), 120, 40)
      const frame = await screen.type('l', 'd')
      expect(frame).toContain('diff users-value v1 → users-value v2')
      const expected = renderDiffText(await diffSchemaSides({ a: 'users-value@1', b: 'users-value@2' }, ctx), { color: false })
      const contractLines = expected.split('\n').filter((line) => line.includes('/metadata/'))
      expect(contractLines.length).toBeGreaterThan(0)
      for (const line of [...contractLines, ...expected.split('\n').filter((l) => /^(BACKWARD|FORWARD|FULL) /.test(l))]) expect(frame).toContain(line.trimEnd())
    } finally {
      await own.close()
    }
  })

  it('shows references both ways and goes to one with Enter', async () => {
    const screen = await mount(registrySource())
    let frame = await screen.type('j', 'j', 'l', 'j', 'r')
    expect(frame).toContain('references of orders-value v3')
    expect(frame).toContain('Uses (1):')
    expect(frame).toContain('com.example.Money → money-value v1')
    expect(frame).toContain('Used by (0):')
    frame = await screen.type(KEYS.enter)
    expect(lineWith(frame, '› money-value')).not.toBe('')
    frame = await screen.type('r')
    expect(frame).toContain('references of money-value v1')
    expect(frame).toContain('Uses (0):')
    // The soft-deleted v4 references it too, but the registry lists live referrers only.
    expect(frame).toContain('Used by (1):')
    expect(frame).toMatch(/orders-value v3 {2}\(id \d+\)/)
    expect(frame).not.toContain('orders-value v4')
  })

  it('checks a local file against the selected subject with the embedded engine', async () => {
    const file = join(scratch, 'order-without-id.avsc')
    writeFileSync(file, JSON.stringify({ type: 'record', name: 'Order', namespace: 'com.example', fields: [{ name: 'code', type: 'string' }] }))
    const screen = await mount(registrySource())
    let frame = await screen.type('j', 'j', 'c')
    expect(frame).toContain('check a file against orders-value')
    frame = await screen.type(...file, KEYS.enter)
    expect(frame).toContain(`✗ ${file} is incompatible with orders-value`)
    expect(frame).toContain('(decided locally)')
    expect(frame).toContain('READER_FIELD_MISSING_DEFAULT_VALUE')
    frame = await screen.type(KEYS.escape, 'c', ...join(scratch, 'missing.avsc'), KEYS.enter)
    expect(frame).toContain('missing.avsc: no such file')
  })

  it('copies the schema, its id or the name (OSC 52 through the copy function)', async () => {
    const screen = await mount(registrySource())
    let frame = await screen.type('j', 'y')
    expect(frame).toContain('s the schema')
    expect(frame).toContain('i its id (')
    frame = await screen.type('n')
    expect(screen.copied).toEqual(['money-value'])
    expect(frame).toContain('copied the name money-value to the clipboard')
    await screen.type('y', 's')
    expect(JSON.parse(screen.copied[1])).toMatchObject({ type: 'record', name: 'Money' })
  })

  it('lists every key with ?, refuses write keys without --write, quits with q', async () => {
    const screen = await mount(registrySource(), 100, 40)
    let frame = await screen.type('?')
    expect(frame).toContain('Keys')
    expect(frame).toContain('soft-delete the selected version (needs --write)')
    expect(frame).toContain('filter subjects as you type')
    frame = await screen.type(KEYS.escape, 'D')
    expect(frame).toContain('read-only: start browse with --write')
    await screen.type('q')
    expect(screen.quits).toBe(1)
  })

  it('with --write: sets a level, sets a mode and soft-deletes a version, each after a confirmation', async () => {
    const screen = await mount(registrySource({ write: true }), 100, 30)
    // topic-00000-value: the sixth subject.
    await screen.type('/', 't', 'o', 'p', 'i', 'c', '-', '0', '0', '0', '0', '0', KEYS.enter)
    let frame = await screen.type('L')
    expect(frame).toContain('compatibility level of topic-00000-value')
    // The picker starts at the current level, BACKWARD; FULL is four lines down.
    frame = await screen.type('j', 'j', 'j', 'j', KEYS.enter)
    expect(frame).toContain('Set the compatibility level of topic-00000-value to FULL? (y/N)')
    frame = await screen.type('n')
    expect(frame).toContain('cancelled: nothing changed')
    expect(await (await fetch(`${registry.url}/config/topic-00000-value`)).status).toBe(404)
    await screen.type('L', 'j', 'j', 'j', 'j', KEYS.enter)
    frame = await screen.type('y')
    expect(frame).toContain('✓ topic-00000-value: level set to FULL')
    expect(frame).toContain('FULL · READWRITE (global)')
    expect(await (await fetch(`${registry.url}/config/topic-00000-value`)).json()).toMatchObject({ compatibilityLevel: 'FULL' })

    await screen.type('M', 'j', KEYS.enter)
    frame = await screen.type('y')
    expect(frame).toContain('✓ topic-00000-value: mode set to READONLY')
    expect(await (await fetch(`${registry.url}/mode/topic-00000-value`)).json()).toMatchObject({ mode: 'READONLY' })
    await screen.type('M', 'G', KEYS.enter, 'y')
    expect((await fetch(`${registry.url}/mode/topic-00000-value`)).status).toBe(404)

    frame = await screen.type('l', 'D')
    expect(frame).toContain('Soft-delete topic-00000-value version 1?')
    frame = await screen.type('y')
    expect(frame).toContain('✓ soft-deleted topic-00000-value v1')
    expect(frame).toMatch(/› {2}v1 +id \d+ .*deleted/)
    expect((await fetch(`${registry.url}/subjects/topic-00000-value/versions`)).status).toBe(404)
  })

  it('loads subjects page by page and draws only the rows on screen', async () => {
    const all = (await (await fetch(`${registry.url}/subjects`)).json()) as string[]
    const screen = await mount(registrySource({ pages: { first: 10, later: 7 } }), 80, 24)
    const frame = screen.frame()
    expect(frame).toContain(`Subjects ${all.length}/${all.length}`)
    expect(screen.store.state.subjects.names).toEqual(all)
    // Only the rows on screen (and nothing below) had their details asked for.
    expect(screen.store.summaries.size).toBeLessThanOrEqual(13)
    const rows = frame.split('\n').filter((line) => /topic-\d{5}-value/.test(line))
    expect(rows.length).toBeLessThanOrEqual(11)
    const last = await screen.type('G')
    expect(last).toContain('topic-00039-value')
    expect(last).not.toContain('money-value')
  })

  it('redraws for a new size: 80×24, then 100×40, then too small', async () => {
    const screen = await mount(registrySource(), 80, 24)
    expect(screen.frame().split('\n')).toHaveLength(24)
    expect(screen.frame().split('\n')[0].length).toBeLessThanOrEqual(80)
    screen.store.resize(100, 40)
    let frame = await screen.type()
    expect(frame.split('\n')).toHaveLength(40)
    screen.store.resize(50, 20)
    frame = await screen.type()
    expect(frame).toContain('Too small (50×20): browse needs 60×12.')
  })

  it('shows a registry error in the status line and keeps running', async () => {
    const down = await startTestRegistry()
    const url = down.url
    await down.close()
    const client = new RegistryClient({ urls: [url], retries: 0, timeoutMs: 2000 })
    clients.push(client)
    const source = createRegistrySource(client, {
      write: false,
      ctx: { flags: { registry: url }, env: {}, cwd: process.cwd(), userAgent: 'test', warn: () => undefined },
    })
    const screen = await mount(source)
    const frame = screen.frame()
    expect(frame).toContain('✗ ')
    expect(frame).toMatch(/unreachable|refused|ECONNREFUSED/i)
    expect(await screen.type('?')).toContain('Keys')
  })
})

describe('browse over a workspace', () => {
  it('shows the example workspace: levels from its configuration, version files, references', async () => {
    const [workspace, config] = await Promise.all([openWorkspace(EXAMPLE), loadConfig(EXAMPLE)])
    const screen = await mount(createWorkspaceSource(workspace, config.config))
    let frame = screen.frame()
    expect(frame).toContain(`workspace ${EXAMPLE} · read-only`)
    expect(lineWith(frame, 'employee-value')).toMatch(/AVRO\s+v3\s+FULL-T\s+—/)
    // Subjects sort by name: com.acme.common.Address, customer-value, then employee-value.
    expect(lineWith(frame, 'customer-value')).toMatch(/JSON\s+v4/)
    frame = await screen.type('j', 'j')
    expect(frame).toContain('AVRO · latest v3 · FULL_TRANSITIVE (config)')
    expect(frame).toContain('employee-value/3.avsc')
    frame = await screen.type('l', 'd')
    expect(frame).toContain('diff employee-value v2 → employee-value v3')
    expect(frame).toMatch(/FULL +[✓✗]/)
    frame = await screen.type(KEYS.escape, 'L')
    expect(frame).toContain('a workspace is read-only')
  })
})
