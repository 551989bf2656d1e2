import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import CheckCompat from '../../src/commands/check-compat.js'
import Delete from '../../src/commands/delete.js'
import GetById from '../../src/commands/get-by-id.js'
import GetConfig from '../../src/commands/get-config.js'
import GetMode from '../../src/commands/get-mode.js'
import Get from '../../src/commands/get.js'
import List from '../../src/commands/list.js'
import Lookup from '../../src/commands/lookup.js'
import Register from '../../src/commands/register.js'
import SetConfig from '../../src/commands/set-config.js'
import SetMode from '../../src/commands/set-mode.js'
import Versions from '../../src/commands/versions.js'
import { useTestRegistry } from '../helpers/registry-server.js'
import { runCommand } from './run-command.js'

const BIN = fileURLToPath(new URL('../../bin/run.js', import.meta.url))

const registry = useTestRegistry()
let dir: string
let n = 0

const v1 = { type: 'record', name: 'Order', namespace: 'acme', fields: [{ name: 'id', type: 'string' }] }
const v2 = { ...v1, fields: [...v1.fields, { name: 'note', type: ['null', 'string'], default: null }] }
const breaking = { ...v1, fields: [...v1.fields, { name: 'qty', type: 'int' }] }

/** Writes a schema file and returns its path. */
function schemaFile(name: string, schema: unknown): string {
  const file = join(dir, name)
  writeFileSync(file, typeof schema === 'string' ? schema : JSON.stringify(schema, null, 2))
  return file
}

/** A fresh subject name per test, so tests share one registry without interfering. */
function subject(): string {
  return `t${++n}-value`
}

const r = () => ['--registry', registry.url]

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'schemactl-commands-'))
})

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true })
})

beforeEach(() => {
  process.exitCode = undefined
})

describe('register', () => {
  it('registers a file under the subject its name implies, then reports it as existing', async () => {
    const s = subject()
    const file = schemaFile(`${s}.avsc`, v1)
    const first = await runCommand(Register, [file, ...r(), '--json'])
    expect(first.code).toBe(0)
    expect(first.json?.result.outcomes).toEqual([{ subject: s, file, status: 'registered', id: expect.any(Number), version: 1 }])
    const again = await runCommand(Register, [file, ...r(), '--json'])
    expect(again.json?.result.outcomes[0]).toMatchObject({ status: 'existing', version: 1, id: first.json?.result.outcomes[0].id })
    const text = await runCommand(Register, [file, ...r()])
    expect(text.stdout).toMatch(new RegExp(`existing\\s+${s} version 1, id \\d+`))
  })

  it('takes --subject and accepts comments in the file', async () => {
    const s = subject()
    const file = schemaFile('with-comments.avsc', `// an order\n${JSON.stringify(v1)}`)
    const run = await runCommand(Register, [file, '--subject', s, ...r(), '--json'])
    expect(run.json?.result.outcomes[0]).toMatchObject({ subject: s, status: 'registered', version: 1 })
  })

  it('refuses an incompatible schema with the reasons and exit 1', async () => {
    const s = subject()
    await runCommand(Register, [schemaFile(`${s}.avsc`, v1), ...r()])
    const run = await runCommand(Register, [schemaFile('breaking.avsc', breaking), '--subject', s, ...r(), '--json'])
    expect(run.code).toBe(1)
    expect(run.json?.status).toBe(1)
    const outcome = run.json?.result.outcomes[0]
    expect(outcome.status).toBe('incompatible')
    expect(outcome.messages.join(' ')).toContain('qty')
  })

  it('--dry-run registers nothing', async () => {
    const s = subject()
    const run = await runCommand(Register, [schemaFile(`${s}.avsc`, v1), ...r(), '--dry-run', '--json'])
    expect(run.json?.result).toMatchObject({ dryRun: true, outcomes: [{ subject: s, status: 'planned' }] })
    expect((await runCommand(Versions, [s, ...r(), '--json'])).json?.error.code).toBe('SUBJECT_NOT_FOUND')
  })

  it('registers from stdin with `-` and --subject (the real binary, schema piped in)', async () => {
    const s = subject()
    const child = spawn(process.execPath, [BIN, 'register', '-', '--subject', s, ...r(), '--json'], { stdio: ['pipe', 'pipe', 'pipe'] })
    let out = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    child.stdin.end(JSON.stringify(v1))
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve))
    expect(code).toBe(0)
    expect(JSON.parse(out).result.outcomes[0]).toMatchObject({ subject: s, file: '-', status: 'registered', version: 1 })
    const stored = await runCommand(Get, [s, ...r(), '--json'])
    expect(JSON.parse(stored.json?.result.schema)).toEqual(v1)
  })

  it('sends --references as given and the registry stores them', async () => {
    const address = { type: 'record', name: 'Address', namespace: 'ref', fields: [{ name: 'city', type: 'string' }] }
    const addressSubject = subject()
    await runCommand(Register, [schemaFile('ref-address.json', address), '--subject', addressSubject, ...r()])
    const refs = [{ name: 'ref.Address', subject: addressSubject, version: 1 }]
    const user = { type: 'record', name: 'User', namespace: 'ref', fields: [{ name: 'home', type: 'ref.Address' }] }
    const s = subject()
    const run = await runCommand(Register, [schemaFile('ref-user.json', user), '--subject', s, '--references', JSON.stringify(refs), ...r(), '--json'])
    expect(run.code).toBe(0)
    expect(run.json?.result.outcomes[0]).toMatchObject({ status: 'registered', references: refs })
    expect((await runCommand(Get, [s, ...r(), '--json'])).json?.result.references).toEqual(refs)
    // Without the reference the registry cannot resolve ref.Address.
    const without = await runCommand(Register, [schemaFile('ref-user.json', user), '--subject', subject(), ...r(), '--json'])
    expect(without.code).toBe(5)
  })

  it('--schema-type JSON registers a JSON Schema', async () => {
    const s = subject()
    const jsonSchema = { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] }
    const run = await runCommand(Register, [schemaFile('person.json', jsonSchema), '--subject', s, '--schema-type', 'JSON', ...r(), '--json'])
    expect(run.code).toBe(0)
    const stored = await runCommand(Get, [s, ...r(), '--json'])
    expect(stored.json?.result.schemaType).toBe('JSON')
    expect(JSON.parse(stored.json?.result.schema)).toEqual(jsonSchema)
  })

  it('--normalize asks the registry to normalize (normalize=true on the lookup and the registration)', async () => {
    const s = subject()
    const run = await runCommand(Register, [schemaFile('norm.avsc', v1), '--subject', s, '--normalize', ...r(), '--debug'])
    expect(run.code).toBe(0)
    expect(run.stderr).toMatch(new RegExp(`POST ${registry.url}/subjects/${s}/versions\\?normalize=true → 200`))
    const plain = await runCommand(Register, [schemaFile('norm.avsc', v1), '--subject', subject(), ...r(), '--debug'])
    expect(plain.stderr).not.toContain('normalize=true')
  })

  it('exits 5 naming the file and position for invalid JSON', async () => {
    const run = await runCommand(Register, [schemaFile('bad.avsc', '{"type": "record",\n  "name": }'), '--subject', subject(), ...r()])
    expect(run.code).toBe(5)
    expect(run.stderr).toMatch(/bad\.avsc:2:11: Invalid JSON/)
  })

  it('exits 5 when the registry rejects the schema as invalid', async () => {
    const run = await runCommand(Register, [
      schemaFile('invalid.avsc', { type: 'record', name: 'X', fields: [{ name: 'a', type: 'nosuchtype' }] }),
      '--subject',
      subject(),
      ...r(),
      '--json',
    ])
    expect(run.code).toBe(5)
    expect(run.json?.error.code).toBe('INVALID_SCHEMA')
  })
})

describe('list, versions, get, get-by-id', () => {
  let s: string
  let id: number
  beforeAll(async () => {
    s = `team/${subject()}`
    await runCommand(Register, [schemaFile('o1.avsc', v1), '--subject', s, ...r()])
    const second = await runCommand(Register, [schemaFile('o2.avsc', v2), '--subject', s, ...r(), '--json'])
    id = second.json?.result.outcomes[0].id
  })

  it('list prints subjects (with / in names) and --prefix filters', async () => {
    const all = await runCommand(List, [...r()])
    expect(all.code).toBe(0)
    expect(all.stdout.split('\n')).toContain(s)
    const some = await runCommand(List, [...r(), '--prefix', 'team/', '--json'])
    expect(some.json?.result.subjects).toEqual([s])
    expect(some.json?.result.registry).toBe(registry.url)
  })

  it('--context scopes list and versions to a registry context', async () => {
    const name = subject()
    await runCommand(Register, [schemaFile('ctx.avsc', v1), '--subject', `:.staging:${name}`, ...r()])
    const listed = await runCommand(List, ['--context', 'staging', ...r(), '--json'])
    expect(listed.json.result.subjects).toEqual([`:.staging:${name}`])
    const versions = await runCommand(Versions, [name, '--context', '.staging', ...r(), '--json'])
    expect(versions.json.result).toMatchObject({ subject: `:.staging:${name}`, versions: [1] })
  })

  it('list --deleted also shows soft-deleted subjects', async () => {
    const gone = subject()
    await runCommand(Register, [schemaFile('gone.avsc', v1), '--subject', gone, ...r()])
    await runCommand(Delete, [gone, '--yes', ...r()])
    expect((await runCommand(List, [...r(), '--json'])).json?.result.subjects).not.toContain(gone)
    expect((await runCommand(List, ['--deleted', ...r(), '--json'])).json?.result.subjects).toContain(gone)
  })

  it('versions lists ascending versions', async () => {
    const run = await runCommand(Versions, [s, ...r(), '--json'])
    expect(run.json?.result).toEqual({ registry: registry.url, subject: s, versions: [1, 2] })
  })

  it('versions of an unknown subject exits 4 with a sentence', async () => {
    const run = await runCommand(Versions, ['no-such-subject', ...r()])
    expect(run.code).toBe(4)
    expect(run.stderr).toContain(`Subject 'no-such-subject' not found in registry ${registry.url} (error 40401)`)
  })

  it('get prints the latest schema pretty-printed, or a version raw, or to a file', async () => {
    const latest = await runCommand(Get, [s, ...r()])
    expect(JSON.parse(latest.stdout)).toMatchObject({ fields: [{ name: 'id' }, { name: 'note' }] })
    expect(latest.stdout).toContain('\n  ')
    const raw = await runCommand(Get, [s, '1', '--raw', ...r(), '--json'])
    expect(raw.json?.result).toMatchObject({ subject: s, version: 1, schemaType: 'AVRO' })
    expect(raw.json?.result.schema).not.toContain('\n')
    const out = join(dir, 'out.avsc')
    const written = await runCommand(Get, [s, 'latest', '--out-file', out, ...r()])
    expect(written.stdout).toContain(`Wrote ${s} version 2`)
    expect(JSON.parse(readFileSync(out, 'utf8')).fields).toHaveLength(2)
  })

  it('get of a missing version exits 4 with VERSION_NOT_FOUND; a bad version exits 2', async () => {
    const missing = await runCommand(Get, [s, '9', ...r(), '--json'])
    expect(missing.code).toBe(4)
    expect(missing.json?.error.code).toBe('VERSION_NOT_FOUND')
    expect((await runCommand(Get, [s, 'zero', ...r()])).code).toBe(2)
  })

  it('get-by-id prints the schema and the subject versions using it', async () => {
    const run = await runCommand(GetById, [String(id), ...r(), '--json'])
    expect(run.code).toBe(0)
    expect(run.json?.result).toMatchObject({ id, schemaType: 'AVRO', usedBy: [{ subject: s, version: 2 }] })
    const unknown = await runCommand(GetById, ['999999', ...r(), '--json'])
    expect(unknown.code).toBe(4)
    expect(unknown.json?.error.code).toBe('SCHEMA_NOT_FOUND')
  })

  it('lookup finds the registered version (exit 0) and reports an unregistered schema (exit 1)', async () => {
    const found = await runCommand(Lookup, [s, schemaFile('o1-again.avsc', v1), ...r(), '--json'])
    expect(found.code).toBe(0)
    expect(found.json?.result).toMatchObject({ registered: true, version: 1 })
    const missing = await runCommand(Lookup, [s, schemaFile('other.avsc', breaking), ...r(), '--json'])
    expect(missing.code).toBe(1)
    expect(missing.json?.result).toMatchObject({ registered: false })
  })
})

describe('check-compat', () => {
  it('says a new subject is compatible', async () => {
    const run = await runCommand(CheckCompat, [subject(), schemaFile('n.avsc', v1), ...r()])
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('does not exist yet')
  })

  it('reports compatible (exit 0) and incompatible with verbose messages (exit 1)', async () => {
    const s = subject()
    await runCommand(Register, [schemaFile('c1.avsc', v1), '--subject', s, ...r()])
    const ok = await runCommand(CheckCompat, [s, schemaFile('c2.avsc', v2), ...r(), '--json'])
    expect(ok.code).toBe(0)
    expect(ok.json?.result).toMatchObject({ compatible: true, newSubject: false, against: 'all', level: 'BACKWARD', decidedBy: 'registry' })
    const bad = await runCommand(CheckCompat, [s, schemaFile('c3.avsc', breaking), ...r(), '--json'])
    expect(bad.code).toBe(1)
    expect(bad.json?.status).toBe(1)
    expect(bad.json?.result.compatible).toBe(false)
    expect(bad.json?.result.messages.join(' ')).toContain('qty')
    const text = await runCommand(CheckCompat, [s, schemaFile('c3.avsc', breaking), '--version', '1', ...r()])
    expect(text.code).toBe(1)
    expect(text.stdout).toMatch(/incompatible with .*version 1/)
  })
})

describe('check-compat --local', () => {
  it('decides with the embedded engine, as the registry would', async () => {
    const s = subject()
    await runCommand(Register, [schemaFile('l1.avsc', v1), '--subject', s, ...r()])
    const ok = await runCommand(CheckCompat, [s, schemaFile('l2.avsc', v2), '--local', ...r(), '--json'])
    expect(ok.json.result).toMatchObject({ compatible: true, decidedBy: 'local' })
    const bad = await runCommand(CheckCompat, [s, schemaFile('l3.avsc', breaking), '--local', ...r(), '--json'])
    expect(bad.code).toBe(1)
    expect(bad.json.result).toMatchObject({ compatible: false, decidedBy: 'local', level: 'BACKWARD' })
    const remote = await runCommand(CheckCompat, [s, schemaFile('l3.avsc', breaking), ...r(), '--json'])
    expect(bad.json.result.messages).toEqual(remote.json.result.messages)
  })

  it('--version compares with that version only', async () => {
    const s = subject()
    await runCommand(Register, [schemaFile('lv1.avsc', v1), '--subject', s, ...r()])
    await runCommand(Register, [schemaFile('lv2.avsc', v2), '--subject', s, ...r()])
    // An int `note` reads v1 (no note: the default) but not v2 (note is null or string).
    const candidate = schemaFile('lv3.avsc', { ...v1, fields: [...v1.fields, { name: 'note', type: 'int', default: 0 }] })
    const first = await runCommand(CheckCompat, [s, candidate, '--local', '--version', '1', ...r(), '--json'])
    expect(first.code).toBe(0)
    expect(first.json.result).toMatchObject({ compatible: true, against: 1, decidedBy: 'local' })
    const second = await runCommand(CheckCompat, [s, candidate, '--local', '--version', '2', ...r(), '--json'])
    expect(second.code).toBe(1)
    expect(second.json.result).toMatchObject({ compatible: false, against: 2, decidedBy: 'local' })
    expect(second.json.result.messages.join(' ')).toContain('note')
  })

  it('resolves the schema references of registered versions and of a workspace file', async () => {
    const ws = mkdtempSync(join(dir, 'refs-'))
    const address = { type: 'record', name: 'Address', namespace: 'acme', fields: [{ name: 'city', type: 'string' }] }
    const parcel = (fields: unknown[]) => ({ type: 'record', name: 'Parcel', namespace: 'acme', fields: [{ name: 'to', type: 'acme.Address' }, ...fields] })
    writeFileSync(join(ws, 'address.avsc'), JSON.stringify(address))
    writeFileSync(join(ws, 'parcels-value.avsc'), JSON.stringify(parcel([])))
    expect((await runCommand(Register, [ws, ...r()])).code).toBe(0)
    const ok = await runCommand(CheckCompat, ['parcels-value', join(ws, 'parcels-value.avsc'), '--local', ...r(), '--json'])
    expect(ok.json.result).toMatchObject({ compatible: true, decidedBy: 'local' })
    writeFileSync(join(ws, 'parcels-value.avsc'), JSON.stringify(parcel([{ name: 'qty', type: 'int' }])))
    const bad = await runCommand(CheckCompat, ['parcels-value', join(ws, 'parcels-value.avsc'), '--local', ...r(), '--json'])
    const remote = await runCommand(CheckCompat, ['parcels-value', join(ws, 'parcels-value.avsc'), ...r(), '--json'])
    expect(bad.json.result).toMatchObject({ compatible: false, decidedBy: 'local' })
    expect(bad.json.result.messages).toEqual(remote.json.result.messages)
  })
})

describe('get-config and set-config', () => {
  it('validates the level before any request (exit 2)', async () => {
    const run = await runCommand(SetConfig, ['orders-value', 'SIDEWAYS', '--registry', 'http://127.0.0.1:1'])
    expect(run.code).toBe(2)
    expect(run.stderr).toContain("'SIDEWAYS' is not a compatibility level")
  })

  it('sets, reads and deletes a subject level; the subject then inherits the global level', async () => {
    const s = subject()
    const set = await runCommand(SetConfig, [s, 'full_transitive', ...r(), '--json'])
    expect(set.json?.result).toMatchObject({ subject: s, level: 'FULL_TRANSITIVE' })
    const own = await runCommand(GetConfig, [s, ...r(), '--json'])
    expect(own.json?.result).toMatchObject({ subject: s, level: 'FULL_TRANSITIVE', source: 'subject' })
    const removed = await runCommand(SetConfig, [s, '--delete', ...r(), '--json'])
    expect(removed.json?.result).toMatchObject({ subject: s, level: null })
    const inherited = await runCommand(GetConfig, [s, ...r()])
    expect(inherited.stdout).toMatch(/BACKWARD.*inherited from the global level/)
  })

  it('--delete on the global level says it was reset, not that it inherits itself', async () => {
    await runCommand(SetConfig, ['FULL', ...r()])
    const reset = await runCommand(SetConfig, ['--delete', ...r()])
    expect(reset.code).toBe(0)
    expect(reset.stdout).toContain("Global compatibility level reset to the registry's default (was FULL).")
    expect(reset.stdout).not.toContain('inherits')
    expect((await runCommand(GetConfig, [...r(), '--json'])).json?.result.level).toBe('BACKWARD')
  })
})

describe('get-mode and set-mode', () => {
  it('IMPORT needs --force, checked before any request', async () => {
    const run = await runCommand(SetMode, ['IMPORT', '--registry', 'http://127.0.0.1:1', '--json'])
    expect(run.code).toBe(2)
    expect(run.json?.error.code).toBe('IMPORT_NEEDS_FORCE')
  })

  it('IMPORT with --force switches the global mode while subjects exist', async () => {
    await runCommand(Register, [schemaFile('imp.avsc', v1), '--subject', subject(), ...r()])
    const run = await runCommand(SetMode, ['import', '--force', ...r(), '--json'])
    expect(run.code).toBe(0)
    expect(run.json?.result).toMatchObject({ mode: 'IMPORT', source: 'global' })
    expect((await runCommand(GetMode, [...r(), '--json'])).json?.result.mode).toBe('IMPORT')
    expect((await runCommand(SetMode, ['READWRITE', ...r()])).code).toBe(0)
  })

  it('sets a subject mode and reads it back', async () => {
    const s = subject()
    expect((await runCommand(GetMode, [...r(), '--json'])).json?.result).toMatchObject({ mode: 'READWRITE', source: 'global' })
    const set = await runCommand(SetMode, [s, 'readonly', ...r(), '--json'])
    expect(set.json?.result).toMatchObject({ subject: s, mode: 'READONLY' })
    expect((await runCommand(GetMode, [s, ...r()])).stdout).toContain(`${s}: READONLY`)
    const refused = await runCommand(Register, [schemaFile('ro.avsc', v1), '--subject', s, ...r(), '--json'])
    expect(refused.code).toBe(4)
    expect(refused.json?.error.code).toBe('OPERATION_NOT_PERMITTED')
  })

  it('--delete removes a subject mode: the subject inherits the global mode and accepts writes again', async () => {
    const s = subject()
    await runCommand(SetMode, [s, 'READONLY', ...r()])
    const removed = await runCommand(SetMode, [s, '--delete', ...r(), '--json'])
    expect(removed.code).toBe(0)
    expect(removed.json?.result).toEqual({ registry: registry.url, subject: s, removed: true, previous: 'READONLY' })
    expect((await runCommand(GetMode, [s, ...r(), '--json'])).json?.result).toMatchObject({ mode: 'READWRITE', source: 'global' })
    expect((await runCommand(Register, [schemaFile('rw.avsc', v1), '--subject', s, ...r()])).code).toBe(0)
    const text = await runCommand(SetMode, [s, 'READONLY', ...r()]).then(() => runCommand(SetMode, [s, '--delete', ...r()]))
    expect(text.stdout).toContain(`Mode of ${s} removed (was READONLY); it now inherits the global mode.`)
  })

  it('a mode and --delete together, or neither, is a usage error before any request', async () => {
    const both = await runCommand(SetMode, ['x', 'READONLY', '--delete', '--registry', 'http://127.0.0.1:1', '--json'])
    expect(both.code).toBe(2)
    const neither = await runCommand(SetMode, ['--registry', 'http://127.0.0.1:1', '--json'])
    expect(neither.code).toBe(2)
    expect(neither.json?.error.message).toBe('Missing the mode')
  })
})

describe('delete', () => {
  it('soft-deletes by default, then permanently with --permanent', async () => {
    const s = subject()
    await runCommand(Register, [schemaFile('d1.avsc', v1), '--subject', s, ...r()])
    const soft = await runCommand(Delete, [s, '--yes', ...r(), '--json'])
    expect(soft.json?.result).toEqual({ registry: registry.url, subject: s, versions: [1], permanent: false })
    expect((await runCommand(Versions, [s, '--deleted', ...r(), '--json'])).json?.result.versions).toEqual([1])
    const again = await runCommand(Delete, [s, '--yes', ...r(), '--json'])
    expect(again.code).toBe(4)
    expect(again.json?.error.code).toBe('SUBJECT_SOFT_DELETED')
    expect(again.json?.error.hint).toContain('--permanent')
    const hard = await runCommand(Delete, [s, '--permanent', '--yes', ...r()])
    expect(hard.stdout).toContain(`Permanently deleted ${s} version 1`)
    expect((await runCommand(Versions, [s, '--deleted', ...r()])).code).toBe(4)
  })

  it('deletes one version', async () => {
    const s = subject()
    await runCommand(Register, [schemaFile('e1.avsc', v1), '--subject', s, ...r()])
    await runCommand(Register, [schemaFile('e2.avsc', v2), '--subject', s, ...r()])
    const run = await runCommand(Delete, [s, '2', '--yes', ...r(), '--json'])
    expect(run.json?.result.versions).toEqual([2])
    expect((await runCommand(Versions, [s, ...r(), '--json'])).json?.result.versions).toEqual([1])
  })
})

describe('connection failures and secrets', () => {
  it('a registry that is down exits 4 with UNREACHABLE', async () => {
    const run = await runCommand(List, ['--registry', 'http://127.0.0.1:1', '--json'], { SCHEMA_REGISTRY_TIMEOUT_MS: '2000' })
    expect(run.code).toBe(4)
    expect(run.json?.error.code).toBe('UNREACHABLE')
  })

  it('never prints credentials: URL user info, env passwords, even with --debug', async () => {
    const withCreds = registry.url.replace('http://', 'http://admin:hunter2-pass@')
    const run = await runCommand(Versions, ['no-such-subject', '--registry', withCreds, '--debug', '--json'])
    expect(run.code).toBe(4)
    expect(run.stdout + run.stderr).not.toContain('hunter2-pass')
    const env = await runCommand(List, ['--debug'], {
      SCHEMA_REGISTRY_URL: 'http://127.0.0.1:1',
      SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO: 'bob:correct-horse-battery',
    })
    expect(env.code).toBe(4)
    expect(env.stdout + env.stderr).not.toContain('correct-horse-battery')
  })
})
