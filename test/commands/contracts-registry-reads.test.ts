/**
 * Reading data contracts from a registry: get, get-by-id, versions --long, get-config, diff of
 * registry sides, check-compat --local and check --against registry with a compatibility group,
 * register DIR recognising a registered contract. Every contract is registered for real on
 * `schemactl serve` (which stores and returns them) and read back over HTTP.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import CheckCompat from '../../src/commands/check-compat.js'
import Check from '../../src/commands/check.js'
import Diff from '../../src/commands/diff.js'
import GetById from '../../src/commands/get-by-id.js'
import GetConfig from '../../src/commands/get-config.js'
import Get from '../../src/commands/get.js'
import Register from '../../src/commands/register.js'
import Versions from '../../src/commands/versions.js'
import { useTestRegistry } from '../helpers/registry-server.js'
import { runCommand } from './run-command.js'

const registry = useTestRegistry()
let dir: string
let n = 0

const user = {
  type: 'record',
  name: 'User',
  namespace: 'acme',
  fields: [
    { name: 'id', type: 'string' },
    { name: 'ssn', type: 'string' },
  ],
}
const userV2 = { ...user, fields: [...user.fields, { name: 'email', type: ['null', 'string'], default: null }] }
const breaking = { ...user, fields: [{ name: 'uid', type: 'long' }] }
const breakingAgain = { ...breaking, fields: [...breaking.fields, { name: 'region', type: 'string' }] }
const metadata = { tags: { 'acme.User.ssn': ['PII'] }, properties: { owner: 'identity-team' }, sensitive: ['owner'] }
const ruleSet = {
  domainRules: [
    { name: 'encryptPii', kind: 'TRANSFORM', mode: 'WRITEREAD', type: 'ENCRYPT', tags: ['PII'], params: { 'encrypt.kek.name': 'kek1' }, disabled: false },
    { name: 'checkSsn', kind: 'CONDITION', mode: 'WRITE', type: 'CEL', expr: 'size(message.ssn) == 9', onFailure: 'ERROR', disabled: false },
  ],
}

function write(name: string, value: unknown): string {
  const file = join(dir, name)
  mkdirSync(join(file, '..'), { recursive: true })
  writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value, null, 2))
  return file
}

function subject(): string {
  return `r${++n}-value`
}

const r = () => ['--registry', registry.url]
const clean = { SCHEMA_REGISTRY_URL: undefined, SCHEMACTL_REGISTRY: undefined }

/** A schema with the contract members to send with it (none: the registry inherits the previous version's). */
type Registration = { schema: unknown; metadata?: unknown; ruleSet?: unknown }

/** Registers each entry in order under `s` on serve, with its contract; returns each version's id and version. */
async function registerAll(s: string, entries: Registration[]): Promise<Array<{ id: number; version: number }>> {
  const out = []
  for (const { schema, ...contract } of entries) {
    const reply = await fetch(`${registry.url}/subjects/${s}/versions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ schema: JSON.stringify(schema), ...contract }),
    })
    expect(reply.status).toBe(200)
    const { id, version } = (await reply.json()) as { id: number; version: number }
    out.push({ id, version })
  }
  return out
}

/** PUT /config[/{s}] on serve. */
async function putConfig(s: string | undefined, body: Record<string, unknown>): Promise<void> {
  const reply = await fetch(`${registry.url}/config${s === undefined ? '' : `/${s}`}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  expect(reply.status).toBe(200)
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'schemactl-contract-reads-'))
})

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true })
})

describe('get, get-by-id and versions --long show the contract', () => {
  it('get: the schema alone on stdout, the contract as compact lines on stderr; --json exactly as the registry returns it', async () => {
    const s = subject()
    // A version registered with `confluent:version` keeps it, stamped with its number.
    await registerAll(s, [{ schema: user, metadata: { ...metadata, properties: { owner: 'identity-team', 'confluent:version': '7' } }, ruleSet }])
    const returned = { ...metadata, properties: { 'confluent:version': '1', owner: 'identity-team' } }
    const text = await runCommand(Get, [s, ...r()], clean)
    expect(text.code).toBe(0)
    expect(JSON.parse(text.stdout)).toEqual(user)
    expect(text.stderr.split('\n')).toEqual([
      'properties: confluent:version=1, owner=identity-team',
      'tags: acme.User.ssn → PII',
      'sensitive: owner',
      'rule encryptPii (domain): ENCRYPT TRANSFORM WRITEREAD, tags PII, params encrypt.kek.name=kek1',
      'rule checkSsn (domain): CEL CONDITION WRITE, expr size(message.ssn) == 9, onFailure ERROR',
      '',
    ])
    const json = await runCommand(Get, [s, '1', ...r(), '--json'], clean)
    expect(JSON.stringify(json.json.result.metadata)).toBe(JSON.stringify(returned))
    expect(JSON.stringify(json.json.result.ruleSet)).toBe(JSON.stringify(ruleSet))
  })

  it('get of a version without a contract prints nothing on stderr and no contract members in --json', async () => {
    const s = subject()
    await registerAll(s, [{ schema: user }])
    const text = await runCommand(Get, [s, ...r()], clean)
    expect(text.stderr).toBe('')
    const json = await runCommand(Get, [s, ...r(), '--json'], clean)
    expect(Object.keys(json.json.result)).not.toContain('metadata')
    expect(Object.keys(json.json.result)).not.toContain('ruleSet')
  })

  it('get-by-id: the contract under the usage line on stderr, and in --json', async () => {
    const s = subject()
    const own = { ...user, doc: s }
    const [v1] = await registerAll(s, [{ schema: own, metadata }])
    const text = await runCommand(GetById, [String(v1.id), ...r()], clean)
    expect(text.code).toBe(0)
    expect(text.stderr).toBe(`id ${v1.id}, AVRO, used by ${s} v1\nproperties: owner=identity-team\ntags: acme.User.ssn → PII\nsensitive: owner\n`)
    const json = await runCommand(GetById, [String(v1.id), ...r(), '--json'], clean)
    expect(json.json.result).toMatchObject({ id: v1.id, metadata })
    expect(json.json.result.ruleSet).toBeUndefined()
  })

  it('versions --long: each version with its id and type, its contract indented under it; --json details as returned', async () => {
    const s = subject()
    const migration = { migrationRules: [{ name: 'old', kind: 'TRANSFORM', mode: 'UPGRADE', type: 'JSONATA', expr: '$', disabled: true }] }
    const [v1, v2] = await registerAll(s, [{ schema: user }, { schema: userV2, metadata: { properties: { owner: 'identity-team' } }, ruleSet: migration }])
    const text = await runCommand(Versions, [s, '--long', ...r()], clean)
    expect(text.code).toBe(0)
    expect(text.stdout.trimEnd().split('\n')).toEqual([
      `1  id ${v1.id}, AVRO`,
      `2  id ${v2.id}, AVRO`,
      '   properties: owner=identity-team',
      '   rule old (migration, disabled): JSONATA TRANSFORM UPGRADE, expr $',
    ])
    const json = await runCommand(Versions, [s, '-l', ...r(), '--json'], clean)
    expect(json.json.result.versions).toEqual([1, 2])
    expect(json.json.result.details[0]).toMatchObject({ subject: s, version: 1, id: v1.id, schemaType: 'AVRO' })
    expect(Object.keys(json.json.result.details[0])).not.toContain('metadata')
    expect(json.json.result.details[1].ruleSet).toEqual(migration)
    expect(json.json.result.details[1].schema).toBeUndefined()
    const plain = await runCommand(Versions, [s, ...r()], clean)
    expect(plain.stdout).toBe('1\n2\n')
  })
})

describe('get-config shows the contract config', () => {
  // The global config shapes every registration: these tests get a registry of their own.
  const own = useTestRegistry()
  const o = () => ['--registry', own.url]
  const put = async (s: string | undefined, body: Record<string, unknown>) => {
    const reply = await fetch(`${own.url}/config${s === undefined ? '' : `/${s}`}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
    expect(reply.status).toBe(200)
  }

  it("a subject's own fields and those inherited from the global config", async () => {
    const s = subject()
    await put(s, { compatibility: 'FULL', compatibilityGroup: 'application.major.version', overrideRuleSet: ruleSet })
    await put(undefined, { compatibilityPolicy: 'LENIENT', defaultMetadata: { properties: { owner: 'platform' } }, compatibilityGroup: 'ignored' })
    const text = await runCommand(GetConfig, [s, ...o()], clean)
    expect(text.code).toBe(0)
    expect(text.stdout.trimEnd().split('\n')).toEqual([
      `${s}: FULL`,
      '  compatibilityGroup: application.major.version',
      '  compatibilityPolicy: LENIENT (global)',
      '  defaultMetadata (global):',
      '    properties: owner=platform',
      '  overrideRuleSet:',
      '    rule encryptPii (domain): ENCRYPT TRANSFORM WRITEREAD, tags PII, params encrypt.kek.name=kek1',
      '    rule checkSsn (domain): CEL CONDITION WRITE, expr size(message.ssn) == 9, onFailure ERROR',
    ])
    const json = await runCommand(GetConfig, [s, ...o(), '--json'], clean)
    expect(json.json.result).toEqual({
      registry: own.url,
      subject: s,
      level: 'FULL',
      source: 'subject',
      compatibilityGroup: 'application.major.version',
      compatibilityPolicy: 'LENIENT',
      defaultMetadata: { properties: { owner: 'platform' } },
      overrideRuleSet: ruleSet,
      inherited: ['compatibilityPolicy', 'defaultMetadata'],
    })
  })

  it('the global config alone, without an inherited list', async () => {
    // Only the group: the members the test before set are taken away (an update keeps the members it does not set).
    await fetch(`${own.url}/config`, { method: 'DELETE' })
    await put(undefined, { compatibility: 'BACKWARD', compatibilityGroup: 'major' })
    const json = await runCommand(GetConfig, [...o(), '--json'], clean)
    expect(json.json.result).toEqual({ registry: own.url, level: 'BACKWARD', source: 'global', compatibilityGroup: 'major' })
    const text = await runCommand(GetConfig, [...o()], clean)
    expect(text.stdout).toBe('Global compatibility level: BACKWARD\n  compatibilityGroup: major\n')
  })
})

describe('diff of registry sides reports contract changes', () => {
  it('subject@1 → subject@2: a tag added to a field and a rule added, beside the schema changes; id:N likewise', async () => {
    const s = subject()
    const [v1] = await registerAll(s, [
      { schema: user, metadata: { tags: { 'acme.User.ssn': ['PII'] } } },
      { schema: userV2, metadata: { tags: { 'acme.User.ssn': ['PII'], 'acme.User.email': ['PII'] } }, ruleSet: { domainRules: [ruleSet.domainRules[0]] } },
    ])
    const run = await runCommand(Diff, [`${s}@1`, `${s}@2`, ...r(), '--json'], clean)
    expect(run.code).toBe(0)
    expect(run.json.result.changes.map((c: { kind: string }) => c.kind)).toEqual(['FIELD_ADDED'])
    expect(run.json.result.contractChanges.map((c: { kind: string; path: string }) => [c.kind, c.path])).toEqual([
      ['METADATA_TAG_ADDED', '/metadata/tags/acme.User.email'],
      ['RULE_ADDED', '/ruleSet/domainRules/0'],
    ])
    const byId = await runCommand(Diff, [`id:${v1.id}`, `${s}@2`, ...r()], clean)
    expect(byId.stdout).toContain('Data contract:')
    expect(byId.stdout).toMatch(/\+ \/metadata\/tags\/acme\.User\.email\s+METADATA_TAG_ADDED\s+tag 'PII' added to path 'acme\.User\.email'/)
  })
})

describe('compatibility groups from the registry config', () => {
  const group = { compatibility: 'BACKWARD', compatibilityGroup: 'application.major.version' }
  const major1 = { properties: { 'application.major.version': '1' } }

  it('check-compat --local: a breaking schema under a new major is compatible; within the major it is refused', async () => {
    const s = subject()
    await putConfig(s, group)
    // Version 2 inherits version 1's major.
    await registerAll(s, [{ schema: user, metadata: major1 }, { schema: userV2 }])
    const major2 = write('major2.json', { properties: { 'application.major.version': '2' } })
    const next = await runCommand(CheckCompat, [s, write('breaking.avsc', breaking), '--metadata', major2, '--local', ...r(), '--json'], clean)
    expect(next.code).toBe(0)
    expect(next.json.result).toMatchObject({ compatible: true, decidedBy: 'local', group: { property: 'application.major.version', value: '2', versions: [] } })
    // Without metadata the schema inherits the latest version's: major 1, so it is checked against it.
    const same = await runCommand(CheckCompat, [s, write('breaking.avsc', breaking), '--local', ...r()], clean)
    expect(same.code).toBe(1)
    expect(same.stdout).toContain('in compatibility group application.major.version=1 (versions 1, 2)')
  })

  it('check --against registry: the registry’s group applies; the workspace’s breaking v3 under a new major passes, a breaking v4 within it is refused', async () => {
    const s = subject()
    await putConfig(s, group)
    await registerAll(s, [{ schema: user, metadata: major1 }, { schema: userV2 }])
    const ws = join(dir, `ws-${s}`)
    write(`ws-${s}/${s}/1.avsc`, user)
    write(`ws-${s}/${s}/1.contract.json`, { metadata: major1 })
    write(`ws-${s}/${s}/2.avsc`, userV2)
    write(`ws-${s}/${s}/3.avsc`, breaking)
    write(`ws-${s}/${s}/3.contract.json`, { metadata: { properties: { 'application.major.version': '2' } } })
    const passes = await runCommand(Check, [ws, '--against', 'registry', ...r(), '--json'], clean)
    expect(passes.code).toBe(0)
    expect(passes.json.result.subjects[0]).toMatchObject({ subject: s, verdict: 'compatible', versions: [3], compatibilityGroup: 'application.major.version' })
    // The workspace configures no group: the registry's applies, and the user is told.
    expect(passes.json.warnings).toEqual([
      expect.stringContaining(
        `the registry's contract config (compatibilityGroup, defaults, overrides) differs from the workspace's "contracts" for ${s}: the registry's applies`,
      ),
    ])
    write(`ws-${s}/${s}/4.avsc`, breakingAgain)
    const refused = await runCommand(Check, [ws, '--against', 'registry', ...r(), '--json'], clean)
    expect(refused.code).toBe(1)
    expect(refused.json.result.subjects[0].refused).toEqual([expect.objectContaining({ version: 4, againstVersion: 3 })])
  })

  it('check --against registry: a registered schema whose contract the workspace changed is a new version, checked like one', async () => {
    const s = subject()
    await registerAll(s, [{ schema: user, metadata: { properties: { owner: 'a' } } }])
    const ws = join(dir, `ws-${s}`)
    write(`ws-${s}/${s}/1.avsc`, user)
    write(`ws-${s}/${s}/1.contract.json`, { metadata: { properties: { owner: 'a' } } })
    const same = await runCommand(Check, [ws, '--against', 'registry', ...r(), '--json'], clean)
    expect(same.json.result.subjects[0]).toMatchObject({ verdict: 'compatible', versions: [1] })
    expect(same.json.warnings).toEqual([])
    expect(same.json.result.subjects[0].findings).toEqual([])
    write(`ws-${s}/${s}/1.contract.json`, { metadata: { properties: { owner: 'b' } } })
    const changed = await runCommand(Check, [ws, '--against', 'registry', '--changed-only', ...r(), '--json'], clean)
    // Not REGISTERED_VERSION_CHANGED (a registry's numbers are not the files'): registering it would add a version.
    expect(changed.code).toBe(0)
    expect(changed.json.result.subjects).toHaveLength(1)
    expect(changed.json.result.subjects[0]).toMatchObject({ verdict: 'compatible', versions: [1], findings: [] })
  })
})

describe('a folder without contract files leaves contracts to the registry', () => {
  it('check --against registry: its registered versions are held (by schema); a new version inherits the latest stored contract and its group', async () => {
    const s = subject()
    await putConfig(s, { compatibility: 'BACKWARD', compatibilityGroup: 'application.major.version' })
    await registerAll(s, [
      { schema: user, metadata: { properties: { 'application.major.version': '1', owner: 'a' } } },
      { schema: userV2, metadata: { properties: { 'application.major.version': '1', owner: 'b' } } },
    ])
    const ws = join(dir, `ws-${s}`)
    write(`ws-${s}/${s}/1.avsc`, user)
    write(`ws-${s}/${s}/2.avsc`, userV2)
    const held = await runCommand(Check, [ws, '--against', 'registry', ...r(), '--json'], clean)
    expect(held.code).toBe(0)
    expect(held.json.result.subjects[0]).toMatchObject({ verdict: 'compatible', versions: [2], findings: [] })
    // Registered without a contract, v3 would inherit v2's major 1: the breaking change is refused against v2.
    write(`ws-${s}/${s}/3.avsc`, breaking)
    const refused = await runCommand(Check, [ws, '--against', 'registry', ...r(), '--json'], clean)
    expect(refused.code).toBe(1)
    expect(refused.json.result.subjects[0].refused).toEqual([expect.objectContaining({ version: 3, againstVersion: 2 })])
  })

  it('register DIR: registered versions holding contracts are not a conflict', async () => {
    const s = subject()
    await registerAll(s, [{ schema: user, metadata }])
    const ws = join(dir, `ws-${s}`)
    write(`ws-${s}/${s}/1.avsc`, user)
    const run = await runCommand(Register, [ws, ...r(), '--json'], clean)
    expect(run.code).toBe(0)
    expect(run.json.result.outcomes).toEqual([expect.objectContaining({ status: 'existing', version: 1 })])
  })
})

describe('register DIR recognises the registered contracts', () => {
  it('a folder whose contracts the registry holds is already registered (no conflict)', async () => {
    const s = subject()
    // Stored with `confluent:version` 1, which the folder's contract file does not state.
    await registerAll(s, [{ schema: user, metadata: { ...metadata, properties: { ...metadata.properties, 'confluent:version': '1' } } }])
    const ws = join(dir, `ws-${s}`)
    write(`ws-${s}/${s}/1.avsc`, user)
    write(`ws-${s}/${s}/1.contract.json`, { metadata })
    const run = await runCommand(Register, [ws, ...r(), '--json'], clean)
    expect(run.code).toBe(0)
    expect(run.json.result.outcomes).toEqual([expect.objectContaining({ subject: s, status: 'existing', version: 1 })])
  })
})
