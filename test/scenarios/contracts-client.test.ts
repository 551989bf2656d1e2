/**
 * Scenarios: the data-contract chains users run, against the real `schemactl serve` on 127.0.0.1,
 * written against the registry's documented behaviour (docs/data-contracts.md): `serve` stores and
 * returns contracts, so every registry-side step reads back what was registered.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import Check from '../../src/commands/check.js'
import Diff from '../../src/commands/diff.js'
import GetConfig from '../../src/commands/get-config.js'
import Get from '../../src/commands/get.js'
import Register from '../../src/commands/register.js'
import SetConfig from '../../src/commands/set-config.js'
import Versions from '../../src/commands/versions.js'
import { runCommand } from '../commands/run-command.js'
import { useTestRegistry } from '../helpers/registry-server.js'

const clean = { SCHEMA_REGISTRY_URL: undefined, SCHEMACTL_REGISTRY: undefined, SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO: undefined }

const v1 = {
  type: 'record',
  name: 'User',
  namespace: 'acme',
  fields: [
    { name: 'id', type: 'string' },
    { name: 'ssn', type: 'string' },
  ],
}
const v2 = { ...v1, fields: [...v1.fields, { name: 'email', type: ['null', 'string'], default: null }] }
// Major 2 changes the id's type (breaking); its next version adds a field without a default (breaking again).
const v3 = {
  ...v1,
  fields: [
    { name: 'id', type: 'long' },
    { name: 'ssn', type: 'string' },
  ],
}
const v4 = { ...v3, fields: [...v3.fields, { name: 'region', type: 'string' }] }

// Written in the registry's normal form, so what comes back equals what was sent.
const metadata = { tags: { 'acme.User.ssn': ['PII'] }, properties: { owner: 'identity-team' } }
const encryptPii = {
  name: 'encryptPii',
  kind: 'TRANSFORM',
  mode: 'WRITEREAD',
  type: 'ENCRYPT',
  tags: ['PII'],
  params: { 'encrypt.kek.name': 'kek1' },
  disabled: false,
}
const ruleSet = { domainRules: [encryptPii] }
const major = (value: string) => ({ metadata: { properties: { 'application.major.version': value } } })

const registry = useTestRegistry({ per: 'test' })
let dir: string
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'schemactl-contract-scenario-'))
})
afterEach(async () => {
  rmSync(dir, { recursive: true, force: true })
})

const r = () => ['--registry', registry.url]

function write(name: string, value: unknown): string {
  const file = join(dir, name)
  mkdirSync(join(file, '..'), { recursive: true })
  writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value, null, 2))
  return file
}

describe('a folder with contract files, registered, read back', () => {
  it('register → get shows each version’s contract (version 2 inherits version 1’s) → register again finds them all', async () => {
    const ws = join(dir, 'ws')
    write('ws/users-value/1.avsc', v1)
    write('ws/users-value/1.contract.json', { metadata, ruleSet })
    write('ws/users-value/2.avsc', v2)
    const registered = await runCommand(Register, [ws, ...r(), '--json'], clean)
    expect(registered.code).toBe(0)
    for (const version of ['1', '2']) {
      const got = await runCommand(Get, ['users-value', version, ...r(), '--json'], clean)
      expect(got.json.result.metadata).toEqual(metadata)
      expect(got.json.result.ruleSet).toEqual(ruleSet)
    }
    const text = await runCommand(Get, ['users-value', ...r()], clean)
    expect(JSON.parse(text.stdout)).toEqual(v2)
    expect(text.stderr).toContain('tags: acme.User.ssn → PII')
    expect(text.stderr).toContain('rule encryptPii (domain): ENCRYPT TRANSFORM WRITEREAD, tags PII, params encrypt.kek.name=kek1')
    const long = await runCommand(Versions, ['users-value', '--long', ...r()], clean)
    expect(long.stdout).toContain('   properties: owner=identity-team')
    const again = await runCommand(Register, [ws, ...r(), '--json'], clean)
    expect(again.code).toBe(0)
    expect(again.json.result.outcomes.map((o: { status: string }) => o.status)).toEqual(['existing'])
    // A new contract for the same schema is a new version, as the registry decides.
    write('ws/users-value/3.avsc', v2)
    write('ws/users-value/3.contract.json', { metadata: { ...metadata, properties: { owner: 'platform' } } })
    const third = await runCommand(Register, [ws, ...r(), '--json'], clean)
    expect(third.json.result.outcomes).toEqual([expect.objectContaining({ status: 'registered', version: 3 })])
  })
})

describe('compatibility groups: a breaking change under a new major', () => {
  it('offline: check lets the breaking v3 in under major 2 and refuses the breaking v4 within it', async () => {
    const ws = join(dir, 'ws')
    write('ws/schemactl.config.json', { contracts: { compatibilityGroup: 'application.major.version' } })
    write('ws/users-value/1.avsc', v1)
    write('ws/users-value/1.contract.json', major('1'))
    write('ws/users-value/2.avsc', v2)
    write('ws/users-value/3.avsc', v3)
    write('ws/users-value/3.contract.json', major('2'))
    const three = await runCommand(Check, [ws], clean)
    expect(three.code).toBe(0)
    expect(three.stdout).toMatch(/users-value\s+BACKWARD\s+compatible\s+versions 1–3, compatibility group application\.major\.version/)
    write('ws/users-value/4.avsc', v4)
    const four = await runCommand(Check, [ws, '--json'], clean)
    expect(four.code).toBe(1)
    expect(four.json.result.subjects[0].refused).toEqual([expect.objectContaining({ version: 4, againstVersion: 3 })])
  })

  it('against serve: with the group set on the registry, register takes v1–v3 and refuses v4', async () => {
    expect((await runCommand(SetConfig, ['users-value', '--compatibility-group', 'application.major.version', ...r()], clean)).code).toBe(0)
    const ws = join(dir, 'ws')
    write('ws/users-value/1.avsc', v1)
    write('ws/users-value/1.contract.json', major('1'))
    write('ws/users-value/2.avsc', v2)
    write('ws/users-value/3.avsc', v3)
    write('ws/users-value/3.contract.json', major('2'))
    const registered = await runCommand(Register, [ws, ...r(), '--json'], clean)
    expect(registered.code).toBe(0)
    expect(registered.json.result.outcomes.map((o: { version: number }) => o.version)).toEqual([1, 2, 3])
    write('ws/users-value/4.avsc', v4)
    const against = await runCommand(Check, [ws, '--against', 'registry', ...r(), '--json'], clean)
    expect(against.code).toBe(1)
    const refused = await runCommand(Register, [ws, ...r(), '--json'], clean)
    expect(refused.code).toBe(1)
    expect(refused.json.result.outcomes).toEqual([expect.objectContaining({ status: 'incompatible' })])
  })
})

describe('config defaults', () => {
  it('set-config with a default metadata file, a group and a policy → get-config shows them; a registration without metadata gets the default', async () => {
    const defaults = write('default-metadata.json', { properties: { owner: 'platform' } })
    const set = await runCommand(
      SetConfig,
      ['users-value', '--default-metadata', defaults, '--compatibility-group', 'major', '--policy', 'LENIENT', ...r()],
      clean,
    )
    expect(set.code).toBe(0)
    expect(set.stdout).toContain('Config of users-value: set compatibilityGroup, compatibilityPolicy, defaultMetadata.')
    const shown = await runCommand(GetConfig, ['users-value', ...r(), '--json'], clean)
    expect(shown.json.result).toMatchObject({
      compatibilityGroup: 'major',
      compatibilityPolicy: 'LENIENT',
      defaultMetadata: { properties: { owner: 'platform' } },
    })
    const text = await runCommand(GetConfig, ['users-value', ...r()], clean)
    expect(text.stdout).toContain('  defaultMetadata:\n    properties: owner=platform')
    await runCommand(Register, [write('users-value.avsc', v1), ...r()], clean)
    const got = await runCommand(Get, ['users-value', ...r(), '--json'], clean)
    expect(got.json.result.metadata).toEqual({ properties: { owner: 'platform' } })
  })
})

describe('diff shows a tag added', () => {
  it('offline: two versions of a workspace subject, the second tagging a field PII', async () => {
    const ws = join(dir, 'ws')
    write('ws/users-value/1.avsc', v1)
    write('ws/users-value/2.avsc', v1)
    write('ws/users-value/2.contract.json', { metadata: { tags: { 'acme.User.ssn': ['PII'] } } })
    const run = await runCommand(Diff, [`${ws}/users-value@1`, `${ws}/users-value@2`], clean)
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/\+ \/metadata\/tags\/acme\.User\.ssn\s+METADATA_TAG_ADDED\s+tag 'PII' added to path 'acme\.User\.ssn'/)
  })

  it('registry: subject@1 → subject@2, the second registered with --metadata tagging the field', async () => {
    await runCommand(Register, [write('users-value.avsc', v1), ...r()], clean)
    const tags = write('tags.json', { tags: { 'acme.User.ssn': ['PII'] } })
    const second = await runCommand(Register, [write('users-value.avsc', v1), '--metadata', tags, ...r(), '--json'], clean)
    expect(second.json.result.outcomes).toEqual([expect.objectContaining({ status: 'registered', version: 2 })])
    const run = await runCommand(Diff, ['users-value@1', 'users-value@2', ...r(), '--json'], clean)
    expect(run.json.result.changes).toEqual([])
    expect(run.json.result.contractChanges).toEqual([
      expect.objectContaining({ kind: 'METADATA_TAG_ADDED', path: '/metadata/tags/acme.User.ssn', after: 'PII' }),
    ])
  })
})
