import { describe, expect, it } from 'vitest'
import { checkWorkspace } from '../../src/app/check/workspace.js'
import { lintWorkspace } from '../../src/app/lint/workspace.js'
import { locateInContract, subjectContracts } from '../../src/app/input/workspace-contracts.js'
import { loadConfig } from '../../src/config/load.js'
import { openWorkspace } from '../../src/workspace/workspace.js'
import { record, temporaryWorkspaces } from './make-workspace.js'

const folder = temporaryWorkspaces()
const v1 = record('User', [{ name: 'id', type: 'string' }])
const v2 = record('User', [
  { name: 'id', type: 'string' },
  { name: 'ssn', type: ['null', 'string'], default: null },
])

async function load(dir: string, subject: string) {
  const workspace = await openWorkspace(dir)
  const layout = workspace.layout.subjects.find((s) => s.subject === subject)
  if (layout === undefined) throw new Error(`no subject ${subject}`)
  return { workspace, loaded: await workspace.loadSubject(layout) }
}

describe('workspace contract files', () => {
  it('N.contract.json belongs to N.avsc and subject.contract.json to subject.avsc; a contract file without its schema is a problem', async () => {
    const dir = folder({
      'users-value/1.avsc': v1,
      'users-value/1.contract.json': { metadata: { properties: { owner: 'a' } } },
      'users-value/2.avsc': v2,
      'users-value/3.contract.json': {},
      'orders-value.avsc': v1,
      'orders-value.contract.json': { ruleSet: { domainRules: [{ name: 'r', type: 'CEL', mode: 'WRITE', expr: 'true' }] } },
      'lost-value.contract.json': {},
      'users-value.contract.json': {},
    })
    const workspace = await openWorkspace(dir)
    const users = workspace.layout.subjects.find((s) => s.subject === 'users-value')
    expect(users?.versions).toEqual([
      { version: 1, file: 'users-value/1.avsc', contract: 'users-value/1.contract.json' },
      { version: 2, file: 'users-value/2.avsc' },
    ])
    expect(users?.problems.map((p) => [p.code, p.file])).toEqual([
      ['CONTRACT_WITHOUT_SCHEMA', 'users-value/3.contract.json'],
      ['CONTRACT_WITHOUT_SCHEMA', 'users-value.contract.json'],
    ])
    expect(workspace.layout.problems.map((p) => [p.code, p.file])).toEqual([['CONTRACT_WITHOUT_SCHEMA', 'lost-value.contract.json']])
    const orders = await workspace.loadSubject(workspace.layout.subjects.find((s) => s.subject === 'orders-value')!)
    expect(orders.versions[0].contract?.document).toEqual({
      ruleSet: { domainRules: [{ name: 'r', kind: 'TRANSFORM', mode: 'WRITE', type: 'CEL', expr: 'true', disabled: false }] },
    })
    expect(orders.versions[0].problems).toEqual([])
  })

  it('an invalid contract file is INVALID_CONTRACT at file:line:col (bad JSON, or a rule set the registry refuses, with its message), and check exits 5', async () => {
    const dir = folder({
      'a-value/1.avsc': v1,
      'a-value/1.contract.json': '{\n  "metadata": {\n    "properties": { "owner": "x", }\n  }\n}\n',
      'b-value.avsc': v1,
      'b-value.contract.json': '{\n  "ruleSet": {\n    "domainRules": [\n      { "name": "r", "type": "CEL", "mode": "UPGRADE" }\n    ]\n  }\n}\n',
    })
    const a = (await load(dir, 'a-value')).loaded.versions[0]
    expect(a.problems).toMatchObject([{ code: 'INVALID_CONTRACT', file: 'a-value/1.contract.json', line: 3 }])
    expect(a.parsed).toBeDefined()
    const b = (await load(dir, 'b-value')).loaded.versions[0]
    expect(b.problems).toEqual([
      {
        code: 'INVALID_CONTRACT',
        file: 'b-value.contract.json',
        message: 'ruleSet.domainRules.0.mode: Domain rules can only be WRITE, READ, WRITEREAD (the registry refuses this rule set: 42210)',
        path: '/ruleSet/domainRules/0/mode',
        line: 4,
        column: 37,
      },
    ])
    const { report } = await checkWorkspace({ dir })
    expect(report.exitCode).toBe(5)
    expect((await lintWorkspace({ dir })).report.exitCode).toBe(5)
  })

  it('each version’s contract is what a registry that got the versions in order would store: inherited, merged with the config, stamped', async () => {
    const dir = folder({
      'users-value/1.avsc': v1,
      'users-value/1.contract.json': {
        metadata: { properties: { owner: 'a', 'confluent:version': '1' } },
        ruleSet: { domainRules: [{ name: 'own', type: 'CEL', mode: 'WRITE', expr: 'true' }] },
      },
      'users-value/2.avsc': v2,
      'users-value/3.avsc': v2,
      'users-value/3.contract.json': { metadata: { properties: { owner: 'b' } } },
      'schemactl.config.json': {
        contracts: { defaultMetadata: { properties: { org: 'acme' } } },
        subjects: { 'users-*': { contracts: { overrideRuleSet: { domainRules: [{ name: 'enforced', type: 'CEL', mode: 'WRITE', expr: 'false' }] } } } },
      },
    })
    const { loaded } = await load(dir, 'users-value')
    const { config, file } = await loadConfig(dir)
    const contracts = subjectContracts(loaded, config, { file: file as string })
    expect(contracts.map((c) => c.contract.metadata?.properties)).toEqual([
      { 'confluent:version': '1', org: 'acme', owner: 'a' },
      { 'confluent:version': '2', org: 'acme', owner: 'a' },
      { org: 'acme', owner: 'b' },
    ])
    expect(contracts.map((c) => c.contract.ruleSet?.domainRules?.map((r) => r.name))).toEqual([
      ['own', 'enforced'],
      ['own', 'enforced'],
      ['own', 'enforced'],
    ])
    // Findings in a contract are placed where the rule is written: the version's file, or the config.
    expect(locateInContract('/ruleSet/domainRules/0/expr', contracts[1])).toMatchObject({
      file: 'users-value/1.contract.json',
      location: '/ruleSet/domainRules/0/expr',
    })
    expect(locateInContract('/ruleSet/domainRules/1', contracts[2])).toMatchObject({
      file,
      location: '/subjects/users-*/contracts/overrideRuleSet/domainRules/0',
    })
  })

  it('lint reads each subject’s newest contract: a PII field covered by an inherited ENCRYPT rule passes, an uncovered one fails', async () => {
    const tagged = record('User', [{ name: 'id', type: 'string' }, { name: 'ssn', type: 'string', 'confluent:tags': ['PII'] } as never])
    const dir = folder({
      'users-value/1.avsc': tagged,
      'users-value/1.contract.json': {
        ruleSet: { domainRules: [{ name: 'encryptPii', type: 'ENCRYPT', tags: ['PII'], params: { 'encrypt.kek.name': 'k' } }] },
      },
      'users-value/2.avsc': tagged,
      'orders-value.avsc': tagged,
      'schemactl.config.json': { lint: { use: ['PII_FIELD_ENCRYPTED'] } },
    })
    const { report } = await lintWorkspace({ dir })
    expect(report.subjects.map((s) => [s.subject, s.findings.map((f) => f.target)])).toEqual([
      ['orders-value', ['com.acme.User.ssn']],
      ['users-value', []],
    ])
  })
})

describe('lint baseline of contract findings', () => {
  it('names the rule and tag, so reordering the rules keeps a baselined finding baselined', async () => {
    const schema = record('Order', [{ name: 'id', type: 'string' }])
    const rules = (order: string[]) => ({
      ruleSet: { domainRules: order.map((name) => ({ name, type: 'ENCRYPT', tags: [name === 'a' ? 'TYPO' : 'OTHER_TYPO'] })) },
    })
    const dir = folder({
      'orders-value.avsc': schema,
      'orders-value.contract.json': rules(['a']),
      'schemactl.config.json': { lint: { use: ['RULE_TAG_UNKNOWN'] } },
    })
    const written = await lintWorkspace({ dir, writeBaseline: true })
    expect(written.report.subjects[0].findings.map((f) => f.target)).toEqual(['contract:ruleSet.domainRules.a/tags/TYPO'])
    const { writeFileSync } = await import('node:fs')
    const { join } = await import('node:path')
    writeFileSync(join(dir, 'orders-value.contract.json'), JSON.stringify(rules(['b', 'a'])))
    const { report } = await lintWorkspace({ dir })
    expect(report.subjects[0].findings.map((f) => [f.target, f.baselined === true])).toEqual([
      ['contract:ruleSet.domainRules.b/tags/OTHER_TYPO', false],
      ['contract:ruleSet.domainRules.a/tags/TYPO', true],
    ])
    expect(report.exitCode).toBe(1)
  })
})
