/**
 * Data contracts offline, in the workspace: `check` applies inheritance and compatibility groups
 * as the registry does (the shared core), reports invalid contract files as findings (exit 5) and
 * contract changes of registered versions against a git baseline; `diff` reports contract changes
 * of files, workspace versions and contract files given for a side.
 */
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import Check from '../../src/commands/check.js'
import Diff from '../../src/commands/diff.js'
import { makeGitRepo, type GitRepo } from '../helpers/git-repo.js'
import { temporaryWorkspaces, type Tree } from '../workspace/make-workspace.js'
import { runCommand } from './run-command.js'

const folder = temporaryWorkspaces()

const v1 = { type: 'record', name: 'User', namespace: 'acme', fields: [{ name: 'id', type: 'string' }] }
const v2 = { ...v1, fields: [...v1.fields, { name: 'name', type: 'string', default: '' }] }
// A new major: the id changes type (a breaking change), then a field without a default (breaking again).
const v3 = { ...v1, fields: [{ name: 'id', type: 'long' }] }
const v4 = { ...v3, fields: [...v3.fields, { name: 'email', type: 'string' }] }
const major = (value: string) => ({ metadata: { properties: { 'application.major.version': value } } })

/** users-value with the four versions; the config and contract files as given. */
function users(extra: Tree = {}): Tree {
  return { 'users-value/1.avsc': v1, 'users-value/2.avsc': v2, 'users-value/3.avsc': v3, 'users-value/3.contract.json': major('2'), ...extra }
}

describe('check applies compatibility groups offline', () => {
  it('with contracts.compatibilityGroup, a breaking v3 under a new major passes and a breaking v4 within it is refused', async () => {
    const group = { 'schemactl.config.json': { contracts: { compatibilityGroup: 'application.major.version' } } }
    const three = await runCommand(Check, [folder(users(group)), '--json'])
    expect(three.code).toBe(0)
    expect(three.json.result.subjects[0]).toMatchObject({
      subject: 'users-value',
      verdict: 'compatible',
      versions: [1, 2, 3],
      compatibilityGroup: 'application.major.version',
    })
    // v4 has no contract file: it inherits v3's metadata, so it is in major 2 and checked against v3.
    const dir = folder(users({ ...group, 'users-value/4.avsc': v4 }))
    const four = await runCommand(Check, [dir, '--json'])
    expect(four.code).toBe(1)
    expect(four.json.result.subjects[0].refused).toEqual([expect.objectContaining({ version: 4, againstVersion: 3 })])
    const text = await runCommand(Check, [dir])
    expect(text.stdout).toMatch(
      /users-value\s+BACKWARD\s+incompatible\s+versions 1–4, v4 refused \(against v3\), compatibility group application\.major\.version/,
    )
    expect(text.stdout).toContain(`${join(dir, 'users-value/4.avsc')}:`)
  })

  it('without a group the breaking v3 is refused against v2; a group set for the subject only (glob) applies to it', async () => {
    const none = await runCommand(Check, [folder(users()), '--json'])
    expect(none.code).toBe(1)
    expect(none.json.result.subjects[0].refused).toEqual([expect.objectContaining({ version: 3, againstVersion: 2 })])
    const glob = { 'schemactl.config.json': { subjects: { 'users-*': { contracts: { compatibilityGroup: 'application.major.version' } } } } }
    const perSubject = await runCommand(Check, [folder(users(glob)), '--json'])
    expect(perSubject.code).toBe(0)
  })

  it("the group value may come from the config's defaultMetadata (versions without their own value share it)", async () => {
    const config = { contracts: { compatibilityGroup: 'application.major.version', defaultMetadata: { properties: { 'application.major.version': '1' } } } }
    // v1 and v2 take major 1 from the default; v3's own "2" wins over the default.
    const run = await runCommand(Check, [folder(users({ 'schemactl.config.json': config })), '--json'])
    expect(run.code).toBe(0)
    const override = { contracts: { compatibilityGroup: 'application.major.version', overrideMetadata: { properties: { 'application.major.version': '1' } } } }
    // An override wins over v3's own value: v3 is back in major 1 and refused.
    const refused = await runCommand(Check, [folder(users({ 'schemactl.config.json': override })), '--json'])
    expect(refused.code).toBe(1)
  })

  it('an invalid contract file is an INVALID_CONTRACT finding at its line:col (exit 5), the rest is still checked', async () => {
    const bad = '{\n  "ruleSet": { "domainRules": [{ "name": "a b", "type": "CEL" }] }\n}'
    const dir = folder({ 'users-value/1.avsc': v1, 'users-value/1.contract.json': bad, 'orders-value.avsc': v1 })
    const run = await runCommand(Check, [dir, '--json'])
    expect(run.code).toBe(5)
    const users = run.json.result.subjects.find((s: { subject: string }) => s.subject === 'users-value')
    expect(users.verdict).toBe('invalid')
    expect(users.findings[0]).toMatchObject({
      kind: 'invalid',
      code: 'INVALID_CONTRACT',
      file: join(dir, 'users-value/1.contract.json'),
      line: 2,
      message: 'ruleSet.domainRules.0.name: Illegal character in rule name: a b (the registry refuses this rule set: 42210)',
    })
    expect(run.json.result.subjects.find((s: { subject: string }) => s.subject === 'orders-value').verdict).toBe('compatible')
  })
})

describe('check --against a git ref compares contracts', () => {
  let repo: GitRepo
  afterEach(() => repo?.remove())

  it('a registered version whose contract changed is REGISTERED_VERSION_CHANGED; the same contract given to a new version is fine; --changed-only sees contract-only changes', async () => {
    repo = makeGitRepo()
    const registered = { 'users-value/1.avsc': v1, 'users-value/1.contract.json': major('1'), 'users-value/2.avsc': v2 }
    repo.commit('schemas', registered, 'registered')
    const dir = join(repo.root, 'schemas')
    const unchanged = await runCommand(Check, [dir, '--against', 'git:HEAD', '--changed-only', '--json'])
    expect(unchanged.json.result.subjects).toEqual([])
    repo.commit('schemas', { ...registered, 'users-value/1.contract.json': major('7') }, 'rewrites a registered contract')
    const changed = await runCommand(Check, [dir, '--against', 'git:HEAD~1', '--changed-only', '--json'])
    expect(changed.code).toBe(1)
    expect(changed.json.result.subjects[0].findings).toEqual([
      expect.objectContaining({ code: 'REGISTERED_VERSION_CHANGED', version: 1, file: join(dir, 'users-value/1.contract.json') }),
    ])
    expect(changed.json.result.subjects[0].findings[0].message).toMatch(/^the data contract of version 1 differs from the registered one/)
    // Version 2 inherits version 1's contract: its contract changed too, but only through version 1, which is reported.
    repo.commit('schemas', { ...registered, 'users-value/3.avsc': v2, 'users-value/3.contract.json': major('7') }, 'a new version with the new contract')
    const added = await runCommand(Check, [dir, '--against', 'git:HEAD~2', '--json'])
    expect(added.code).toBe(0)
    expect(added.json.result.subjects[0]).toMatchObject({ verdict: 'compatible', versions: [3], findings: [] })
  })
})

describe('diff reports data-contract changes', () => {
  it('two files with contract files beside them: a tag added on a path, a field tag added inline, a rule removed', async () => {
    const tagged = { ...v2, fields: [v2.fields[0], { ...v2.fields[1], 'confluent:tags': ['PII'] }] }
    const dir = folder({
      'old.avsc': v2,
      'old.contract.json': {
        metadata: { tags: { 'acme.User.id': ['KEY'] } },
        ruleSet: { domainRules: [{ name: 'checkId', kind: 'CONDITION', type: 'CEL', mode: 'WRITE', expr: 'size(message.id) > 0' }] },
      },
      'new.avsc': tagged,
      'new.contract.json': { metadata: { tags: { 'acme.User.id': ['KEY', 'PII'] } } },
    })
    const run = await runCommand(Diff, [join(dir, 'old.avsc'), join(dir, 'new.avsc'), '--json'])
    expect(run.code).toBe(0)
    expect(run.json.result.changes).toEqual([])
    expect(run.json.result.a.contractFile).toBe(join(dir, 'old.contract.json'))
    expect(run.json.result.contractChanges.map((c: { kind: string; path: string }) => [c.kind, c.path])).toEqual([
      ['METADATA_TAG_ADDED', '/metadata/tags/acme.User.id'],
      ['RULE_REMOVED', '/ruleSet/domainRules/0'],
      ['FIELD_TAG_ADDED', '/fields/1/confluent:tags'],
    ])
    const text = await runCommand(Diff, [join(dir, 'old.avsc'), join(dir, 'new.avsc')])
    expect(text.stdout).toContain(`--- a: ${join(dir, 'old.avsc')}, contract ${join(dir, 'old.contract.json')}`)
    expect(text.stdout).toContain('No semantic changes.\n\nData contract:\n')
    expect(text.stdout).toMatch(/\+ \/metadata\/tags\/acme\.User\.id\s+METADATA_TAG_ADDED\s+tag 'PII' added to path 'acme\.User\.id'/)
    expect(text.stdout).toMatch(/- \/ruleSet\/domainRules\/0\s+RULE_REMOVED\s+condition rule 'checkId' \(CEL, WRITE\) removed from domainRules/)
    expect(text.stdout).toMatch(/\+ \/fields\/1\/confluent:tags\s+FIELD_TAG_ADDED\s+tag 'PII' added to field acme\.User\.name/)
  })

  it('workspace versions: the contract a registry would store (inherited, with the config’s override)', async () => {
    const dir = folder({
      'schemactl.config.json': { contracts: { overrideMetadata: { properties: { owner: 'platform' } } } },
      'users-value/1.avsc': v1,
      'users-value/2.avsc': v2,
      'users-value/2.contract.json': { metadata: { properties: { owner: 'team' }, tags: { '**.name': ['PII'] } } },
      'users-value/3.avsc': v2,
    })
    const run = await runCommand(Diff, [`${dir}/users-value@1`, `${dir}/users-value@2`, '--json'])
    expect(run.code).toBe(0)
    // The override wins over version 2's own owner, so only the tag is new.
    expect(run.json.result.contractChanges.map((c: { kind: string }) => c.kind)).toEqual(['METADATA_TAG_ADDED'])
    const inherited = await runCommand(Diff, [`${dir}/users-value@2`, `${dir}/users-value@3`, '--json'])
    expect(inherited.json.result.contractChanges).toEqual([])
  })

  it('--a-contract and --b-contract replace a side’s contract; an invalid one exits 5 at its line:col', async () => {
    const dir = folder({
      'a.avsc': v1,
      'b.avsc': v1,
      'a.json': { ruleSet: { domainRules: [{ name: 'r', type: 'CEL', mode: 'WRITE', expr: 'true' }] } },
      'b.json': { ruleSet: { domainRules: [{ name: 'r', type: 'CEL', mode: 'READ', expr: 'true' }] } },
      'bad.json': '{\n  "metadata": { "sensitive": "owner" }\n}',
    })
    const run = await runCommand(Diff, [
      join(dir, 'a.avsc'),
      join(dir, 'b.avsc'),
      '--a-contract',
      join(dir, 'a.json'),
      '--b-contract',
      join(dir, 'b.json'),
      '--json',
    ])
    expect(run.json.result.contractChanges).toEqual([
      expect.objectContaining({ kind: 'RULE_CHANGED', path: '/ruleSet/domainRules/0', message: `rule 'r' changed: mode "WRITE" → "READ"` }),
    ])
    const bad = await runCommand(Diff, [join(dir, 'a.avsc'), join(dir, 'b.avsc'), '--b-contract', join(dir, 'bad.json')])
    expect(bad.code).toBe(5)
    expect(bad.stderr).toContain(`${join(dir, 'bad.json')}:2:17: metadata.sensitive: must be an array of strings, got the string "owner"`)
  })
})
