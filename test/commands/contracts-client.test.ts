/**
 * The client side of data contracts against the real `schemactl serve`, through a recording proxy
 * so each test can assert what a command sent: register and check-compat send metadata and rule
 * sets (from --metadata/--rule-set files, a contract file beside the schema, a folder's contract
 * files), files are checked before any request, and set-config sends the contract config fields.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import CheckCompat from '../../src/commands/check-compat.js'
import Lookup from '../../src/commands/lookup.js'
import Register from '../../src/commands/register.js'
import SetConfig from '../../src/commands/set-config.js'
import { startRecordingProxy, type RecordingProxy } from '../helpers/recording-proxy.js'
import { useTestRegistry } from '../helpers/registry-server.js'
import { runCommand } from './run-command.js'

const registry = useTestRegistry()
let proxy: RecordingProxy
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
const metadata = { properties: { owner: 'identity-team' }, tags: { 'acme.User.ssn': ['PII'] } }
const ruleSet = {
  domainRules: [{ name: 'encryptPii', kind: 'TRANSFORM', mode: 'WRITEREAD', type: 'ENCRYPT', tags: ['PII'], params: { 'encrypt.kek.name': 'kek1' } }],
}

/** Writes a file under the test folder (JSON values pretty-printed) and returns its path. */
function write(name: string, value: unknown): string {
  const file = join(dir, name)
  mkdirSync(join(file, '..'), { recursive: true })
  writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value, null, 2))
  return file
}

/** A fresh subject name per test: tests share one registry. */
function subject(): string {
  return `c${++n}-value`
}

const r = () => ['--registry', proxy.url]
const clean = { SCHEMA_REGISTRY_URL: undefined, SCHEMACTL_REGISTRY: undefined }

beforeAll(async () => {
  proxy = await startRecordingProxy(registry.url)
  dir = mkdtempSync(join(tmpdir(), 'schemactl-contracts-'))
})

afterAll(async () => {
  await proxy.close()
  rmSync(dir, { recursive: true, force: true })
})

beforeEach(() => {
  proxy.requests.length = 0
})

describe('register sends a data contract', () => {
  it('--metadata and --rule-set: the files are sent as written, on the lookup, the check and the registration', async () => {
    const s = subject()
    const file = write(`${s}.avsc`, user)
    const run = await runCommand(
      Register,
      [file, '--metadata', write('meta.json', metadata), '--rule-set', write('rules.json', ruleSet), ...r(), '--json'],
      clean,
    )
    expect(run.code).toBe(0)
    expect(run.json.result.outcomes[0]).toMatchObject({ subject: s, status: 'registered', version: 1 })
    const [registration] = proxy.bodies('POST', `/subjects/${s}/versions`) as Array<Record<string, unknown>>
    expect(registration.metadata).toEqual(metadata)
    expect(registration.ruleSet).toEqual(ruleSet)
    for (const lookup of proxy.bodies('POST', `/subjects/${s}`) as Array<Record<string, unknown>>) expect(lookup).toMatchObject({ metadata, ruleSet })
  })

  it('takes the contract file beside the schema file; --metadata replaces only its metadata', async () => {
    const s = subject()
    const file = write(`beside/${s}.avsc`, user)
    write(`beside/${s}.contract.json`, `// the contract of ${s}\n${JSON.stringify({ metadata, ruleSet })}`)
    const other = { properties: { owner: 'payments' } }
    const run = await runCommand(Register, [file, '--metadata', write('other-meta.json', other), ...r(), '--json'], clean)
    expect(run.code).toBe(0)
    const [registration] = proxy.bodies('POST', `/subjects/${s}/versions`) as Array<Record<string, unknown>>
    expect(registration).toMatchObject({ metadata: other, ruleSet })
  })

  it('sends neither member when there is no contract (the registry inherits the previous version’s)', async () => {
    const s = subject()
    const run = await runCommand(Register, [write(`${s}.avsc`, user), ...r(), '--json'], clean)
    expect(run.code).toBe(0)
    const [registration] = proxy.bodies('POST', `/subjects/${s}/versions`) as Array<Record<string, unknown>>
    expect(Object.keys(registration)).toEqual(['schema'])
  })

  it('an unreadable or malformed metadata file exits 5 at file:line:col before any request', async () => {
    const s = subject()
    const bad = write('bad-meta.json', '{\n  "properties": { "owner": }\n}')
    const run = await runCommand(Register, [write(`${s}.avsc`, user), '--metadata', bad, ...r()], clean)
    expect(run.code).toBe(5)
    expect(run.stderr).toContain(`${bad}:2:28: Invalid JSON`)
    const wrongShape = write('list-meta.json', '{\n  "tags": { "acme.User.ssn": "PII" }\n}')
    const shape = await runCommand(Register, [write(`${s}.avsc`, user), '--metadata', wrongShape, ...r(), '--json'], clean)
    expect(shape.code).toBe(5)
    expect(shape.json.error.code).toBe('INVALID_CONTRACT')
    expect(shape.json.error.message).toBe(`${wrongShape}:2:13: tags.acme.User.ssn: must be an array of strings, got the string "PII"`)
    const missing = await runCommand(Register, [write(`${s}.avsc`, user), '--metadata', join(dir, 'nope.json'), ...r()], clean)
    expect(missing.code).toBe(5)
    expect(proxy.requests).toEqual([])
  })

  it('a rule set the registry would refuse (42210) exits 5 with the registry’s message at the rule, before any request', async () => {
    const dup = {
      domainRules: [{ name: 'check', type: 'CEL', mode: 'WRITE', expr: 'true' }],
      migrationRules: [{ name: 'check', type: 'JSONATA', mode: 'UPGRADE', expr: '$' }],
    }
    const file = write('dup-rules.json', JSON.stringify(dup, null, 2))
    const run = await runCommand(Register, [write(`${subject()}.avsc`, user), '--rule-set', file, ...r(), '--json'], clean)
    expect(run.code).toBe(5)
    // The registry meets the migration rule first, then the domain rule of the same name (line 4 holds its name).
    expect(run.json.error.message).toBe(`${file}:4:7: domainRules.0.name: Found rule with duplicate name 'check' (the registry refuses this rule set: 42210)`)
    const mode = write('mode-rules.json', { migrationRules: [{ name: 'up', type: 'JSONATA', expr: '$' }] })
    const refused = await runCommand(Register, [write(`${subject()}.avsc`, user), '--rule-set', mode, ...r()], clean)
    expect(refused.code).toBe(5)
    expect(refused.stderr).toContain('Migration rules can only be UPGRADE, DOWNGRADE, UPDOWN')
    expect(proxy.requests).toEqual([])
  })

  it('an invalid contract file beside the schema exits 5 at its line:col', async () => {
    const s = subject()
    const file = write(`invalid/${s}.avsc`, user)
    const contract = write(`invalid/${s}.contract.json`, '{\n  "metadata": {},\n  "rulset": {}\n}')
    const run = await runCommand(Register, [file, ...r()], clean)
    expect(run.code).toBe(5)
    expect(run.stderr).toContain(`${contract}:3:3: rulset: unknown member 'rulset'`)
    expect(proxy.requests).toEqual([])
  })

  it('--metadata or --rule-set with a folder is a usage error (a folder has its contract files)', async () => {
    const folder = join(dir, 'ws-usage')
    write('ws-usage/x-value.avsc', user)
    const run = await runCommand(Register, [folder, '--metadata', write('meta2.json', metadata), ...r()], clean)
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('--metadata applies to a single schema file')
    expect(proxy.requests).toEqual([])
  })
})

describe('register DIR sends each version’s contract file', () => {
  it('a version’s contract file is sent with it; a version without one sends none (it inherits)', async () => {
    const s = subject()
    const folder = join(dir, `ws-${s}`)
    write(`ws-${s}/${s}/1.avsc`, user)
    write(`ws-${s}/${s}/1.contract.json`, { metadata })
    write(`ws-${s}/${s}/2.avsc`, userV2)
    write(`ws-${s}/${s}/2.contract.json`, { ruleSet })
    write(`ws-${s}/${s}/3.avsc`, { ...userV2, doc: 'v3' })
    const run = await runCommand(Register, [folder, ...r(), '--json'], clean)
    expect(run.code).toBe(0)
    expect(run.json.result.outcomes.map((o: { status: string; version: number }) => [o.status, o.version])).toEqual([
      ['registered', 1],
      ['registered', 2],
      ['registered', 3],
    ])
    const sent = proxy.bodies('POST', `/subjects/${s}/versions`) as Array<Record<string, unknown>>
    expect(sent.map((b) => [b.metadata ?? null, b.ruleSet ?? null])).toEqual([
      [metadata, null],
      [null, ruleSet],
      [null, null],
    ])
  })

  it('a registered version whose contract the folder changed is a conflict: nothing is registered (exit 1)', async () => {
    const s = subject()
    const folder = join(dir, `ws-${s}`)
    write(`ws-${s}/${s}/1.avsc`, user)
    expect((await runCommand(Register, [folder, ...r()], clean)).code).toBe(0)
    // The folder now states a contract for version 1 (registered without one), and adds version 2.
    write(`ws-${s}/${s}/1.contract.json`, { metadata })
    write(`ws-${s}/${s}/2.avsc`, userV2)
    proxy.requests.length = 0
    const run = await runCommand(Register, [folder, ...r(), '--json'], clean)
    expect(run.code).toBe(1)
    const [outcome] = run.json.result.outcomes
    expect(outcome.status).toBe('conflict')
    expect(outcome.messages[0]).toBe(
      `registered version 1 holds the schema of ${s}/1.avsc with another data contract than the folder states (${s}/1.contract.json); registered versions cannot change, so nothing of this subject is registered`,
    )
    expect(outcome.messages[1]).toContain(`add a new version (3.avsc with 3.contract.json)`)
    expect(proxy.bodies('POST', `/subjects/${s}/versions`)).toEqual([])
  })
})

describe('check-compat sends the contract', () => {
  it('the compatibility check carries --metadata and the beside file’s rule set', async () => {
    const s = subject()
    await runCommand(Register, [write(`${s}.avsc`, user), ...r()], clean)
    const file = write(`cc/${s}.avsc`, userV2)
    write(`cc/${s}.contract.json`, { ruleSet })
    proxy.requests.length = 0
    const run = await runCommand(CheckCompat, [s, file, '--metadata', write('cc-meta.json', metadata), ...r(), '--json'], clean)
    expect(run.code).toBe(0)
    expect(run.json.result.compatible).toBe(true)
    expect(proxy.bodies('POST', `/compatibility/subjects/${s}/versions`)).toEqual([{ schema: JSON.stringify(userV2), metadata, ruleSet }])
  })

  it('a bad --rule-set exits 5 before any request', async () => {
    const run = await runCommand(CheckCompat, [subject(), write('cc2.avsc', user), '--rule-set', write('cc-rules.json', '[1]'), ...r()], clean)
    expect(run.code).toBe(5)
    expect(run.stderr).toContain('a rule set must be a JSON object, got an array')
    expect(proxy.requests).toEqual([])
  })
})

describe('lookup sends the contract file beside the schema', () => {
  it('the registry looks a version up by its schema and its contract', async () => {
    const s = subject()
    const file = write(`lookup/${s}.avsc`, user)
    write(`lookup/${s}.contract.json`, { metadata })
    await runCommand(Register, [file, ...r()], clean)
    proxy.requests.length = 0
    const run = await runCommand(Lookup, [s, file, ...r(), '--json'], clean)
    expect(run.json.result).toMatchObject({ registered: true, version: 1 })
    expect(proxy.bodies('POST', `/subjects/${s}`)).toEqual([{ schema: JSON.stringify(user), metadata }])
  })
})

describe('set-config sends the contract config fields', () => {
  it('level, group, policy and a default metadata file in one PUT, the files as written', async () => {
    const s = subject()
    const run = await runCommand(
      SetConfig,
      [
        s,
        'full',
        '--compatibility-group',
        'application.major.version',
        '--policy',
        'lenient',
        '--default-metadata',
        write('default-meta.json', metadata),
        '--override-rule-set',
        write('override-rules.json', ruleSet),
        ...r(),
        '--json',
      ],
      clean,
    )
    expect(run.code).toBe(0)
    expect(run.json.result.level).toBe('FULL')
    expect(proxy.bodies('PUT', `/config/${s}`)).toEqual([
      {
        compatibility: 'FULL',
        compatibilityGroup: 'application.major.version',
        compatibilityPolicy: 'LENIENT',
        defaultMetadata: metadata,
        overrideRuleSet: ruleSet,
      },
    ])
  })

  it('with config fields, one argument that is not a level names the subject; a level name sets the global config', async () => {
    const s = subject()
    await runCommand(SetConfig, [s, '--compatibility-group', 'major', ...r()], clean)
    expect(proxy.bodies('PUT', `/config/${s}`)).toContainEqual({ compatibilityGroup: 'major' })
    proxy.requests.length = 0
    await runCommand(SetConfig, ['backward', '--compatibility-group', 'major', ...r()], clean)
    expect(proxy.bodies('PUT', '/config')).toEqual([{ compatibility: 'BACKWARD', compatibilityGroup: 'major' }])
  })

  it('bad input is refused before any request: a bad file (exit 5), a bad policy, --delete with fields (exit 2)', async () => {
    const badRules = write('bad-default-rules.json', { domainRules: [{ name: '1st', type: 'CEL', mode: 'WRITE' }] })
    const file = await runCommand(SetConfig, [subject(), '--default-rule-set', badRules, ...r()], clean)
    expect(file.code).toBe(5)
    expect(file.stderr).toContain(
      `${badRules}:4:7: domainRules.0.name: Illegal initial character in rule name: 1st (the registry refuses this rule set: 42210)`,
    )
    const policy = await runCommand(SetConfig, [subject(), '--policy', 'loose', ...r()], clean)
    expect(policy.code).toBe(2)
    expect(policy.stderr).toContain("'loose' is not a compatibility policy")
    const both = await runCommand(SetConfig, [subject(), '--delete', '--compatibility-group', 'x', ...r()], clean)
    expect(both.code).toBe(2)
    expect(proxy.requests).toEqual([])
  })
})
