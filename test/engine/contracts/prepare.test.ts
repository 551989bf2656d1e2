import { describe, expect, it } from 'vitest'
import {
  effectiveContractConfig,
  mergeMetadata,
  mergeRuleSets,
  prepareContract,
  type Contract,
  type ContractConfig,
  type Rule,
} from '../../../src/engine/contracts/index.js'

// Cases from Confluent's data-contract documentation, "Configuration enhancements" (defaultMetadata,
// overrideMetadata, defaultRuleSet, overrideRuleSet: the stored contract is the default merged with the
// version's own, then the override merged over that; a version registered without metadata or rules
// takes the previous version's):
//   https://docs.confluent.io/platform/current/schema-registry/fundamentals/data-contracts.html
//   https://docs.confluent.io/cloud/current/sr/fundamentals/data-contracts.html
// and from the merge functions themselves, Metadata.mergeMetadata and RuleSet.mergeRuleSets
// (client/src/main/java/io/confluent/kafka/schemaregistry/client/rest/entities/ in confluentinc/schema-registry).

const rule = (name: string, extra: Partial<Rule> = {}): Rule => ({
  name,
  kind: 'CONDITION',
  mode: 'WRITE',
  type: 'CEL',
  expr: 'true',
  disabled: false,
  ...extra,
})
const stored = (input: Parameters<typeof prepareContract>[0]): Contract => {
  const outcome = prepareContract(input)
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.issues))
  return outcome.value
}

describe('mergeMetadata', () => {
  it('the newer value wins per property key; keys only one side has are kept', () => {
    expect(mergeMetadata({ properties: { owner: 'a', tier: 'bronze' } }, { properties: { tier: 'gold', approved: 'yes' } })).toEqual({
      properties: { approved: 'yes', owner: 'a', tier: 'gold' },
    })
  })

  it('tags: per path, the newer path replaces the older one whole (its tags are not united)', () => {
    expect(mergeMetadata({ tags: { 'a.ssn': ['PII'], 'a.name': ['X'] } }, { tags: { 'a.ssn': ['SECRET'] } })).toEqual({
      tags: { 'a.name': ['X'], 'a.ssn': ['SECRET'] },
    })
  })

  it('sensitive: the union of both sets', () => {
    expect(mergeMetadata({ sensitive: ['ssn', 'b'] }, { sensitive: ['email', 'b'] })).toEqual({ sensitive: ['b', 'email', 'ssn'] })
  })

  it('a member one side lacks comes from the other; an absent side gives the other side unchanged', () => {
    expect(mergeMetadata({ properties: { a: '1' } }, { sensitive: ['a'] })).toEqual({ properties: { a: '1' }, sensitive: ['a'] })
    expect(mergeMetadata(undefined, { properties: { a: '1' } })).toEqual({ properties: { a: '1' } })
    expect(mergeMetadata({}, undefined)).toEqual({})
    expect(mergeMetadata(undefined, undefined)).toBeUndefined()
  })
})

describe('mergeRuleSets', () => {
  it('per list, a newer rule replaces the older rule of the same name; the older rules keep their order and the newer follow', () => {
    const merged = mergeRuleSets({ domainRules: [rule('a'), rule('b'), rule('c')] }, { domainRules: [rule('b', { expr: 'false' }), rule('d')] })
    expect(merged?.domainRules?.map((r) => `${r.name}:${r.expr}`)).toEqual(['a:true', 'c:true', 'b:false', 'd:true'])
  })

  it('lists merge independently: a migration rule does not replace a same-named domain rule', () => {
    const merged = mergeRuleSets({ domainRules: [rule('x')] }, { migrationRules: [rule('x', { mode: 'UPGRADE' })] })
    expect(merged).toEqual({ migrationRules: [rule('x', { mode: 'UPGRADE' })], domainRules: [rule('x')] })
  })
})

describe('prepareContract: what a registration stores', () => {
  const config = (c: ContractConfig) => c

  it('without config, the metadata and rules sent are stored as sent (normal form), with no confluent:version', () => {
    // The official client's end-to-end suite registers { owner, email } and reads exactly that back
    // (node_modules/@confluentinc/schemaregistry/dist/e2e/schemaregistry-client.spec.js, "Should get schema metadata").
    expect(stored({ schemaMetadata: { properties: { owner: 'Bob Jones', email: 'bob@acme.com' } }, newVersion: 1 })).toEqual({
      metadata: { properties: { email: 'bob@acme.com', owner: 'Bob Jones' } },
    })
    expect(stored({ newVersion: 1 })).toEqual({})
  })

  it('a registration without metadata or rules inherits the previous version’s, whole', () => {
    const previous: Contract = { metadata: { properties: { owner: 'team-data' } }, ruleSet: { domainRules: [rule('inherited')] } }
    expect(stored({ previous, newVersion: 2 })).toEqual(previous)
    // Sending metadata replaces the inherited metadata (no merge with it) but still inherits the rules.
    expect(stored({ previous, schemaMetadata: { properties: { owner: 'Bob Jones2' } }, newVersion: 2 })).toEqual({
      metadata: { properties: { owner: 'Bob Jones2' } },
      ruleSet: previous.ruleSet,
    })
    // null is "not sent", as the registry reads it.
    expect(stored({ previous, schemaMetadata: null, schemaRuleSet: null, newVersion: 2 })).toEqual(previous)
  })

  it('default, then the version’s own, then override: the override wins on a conflicting key, the default loses', () => {
    const subjectConfig = config({
      defaultMetadata: { properties: { source: 'default', tier: 'bronze' } },
      overrideMetadata: { properties: { tier: 'gold', approved: 'yes' } },
    })
    expect(stored({ schemaMetadata: { properties: { owner: 'alpha', tier: 'silver' } }, subjectConfig, newVersion: 1 })).toEqual({
      metadata: { properties: { approved: 'yes', owner: 'alpha', source: 'default', tier: 'gold' } },
    })
  })

  it('default and override rule sets: a default rule yields to the version’s same-named rule, an override rule to nothing and lands last', () => {
    const subjectConfig = config({
      defaultRuleSet: { domainRules: [rule('base'), rule('validate', { expr: 'default' })] },
      overrideRuleSet: { domainRules: [rule('enforced', { expr: 'override' }), rule('extra', { expr: 'override' })] },
    })
    const sent = { domainRules: [rule('validate', { expr: 'own' }), rule('extra', { expr: 'own' })] }
    expect(stored({ schemaRuleSet: sent, subjectConfig, newVersion: 1 }).ruleSet?.domainRules?.map((r) => `${r.name}:${r.expr}`)).toEqual([
      'base:true',
      'validate:own',
      'enforced:override',
      'extra:override',
    ])
  })

  it('default metadata and rules apply to a registration that sends none and has no previous version', () => {
    const globalConfig = config({
      defaultMetadata: { tags: { '**.ssn': ['PII'] }, sensitive: ['ssn'] },
      defaultRuleSet: { domainRules: [rule('defaultCheck')] },
    })
    expect(stored({ globalConfig, newVersion: 1 })).toEqual({
      metadata: { tags: { '**.ssn': ['PII'] }, sensitive: ['ssn'] },
      ruleSet: { domainRules: [rule('defaultCheck')] },
    })
  })

  it('inherited metadata is merged with the config again on each registration', () => {
    const subjectConfig = config({ overrideMetadata: { properties: { status: 'approved' } } })
    const v1 = stored({ schemaMetadata: { properties: { owner: 'team-x' } }, subjectConfig, newVersion: 1 })
    expect(v1).toEqual({ metadata: { properties: { owner: 'team-x', status: 'approved' } } })
    expect(stored({ previous: v1, subjectConfig, newVersion: 2 })).toEqual(v1)
  })

  it('the subject config wins field by field over the global one; fields are taken whole, not merged', () => {
    const globalConfig = config({
      compatibilityGroup: 'major',
      defaultMetadata: { properties: { org: 'acme' } },
      overrideMetadata: { properties: { global: 'yes' } },
    })
    const subjectConfig = config({ defaultMetadata: { properties: { team: 'payments' } } })
    expect(effectiveContractConfig(subjectConfig, globalConfig)).toEqual({
      compatibilityGroup: 'major',
      defaultMetadata: { properties: { team: 'payments' } },
      overrideMetadata: { properties: { global: 'yes' } },
    })
    expect(stored({ subjectConfig, globalConfig, newVersion: 1 })).toEqual({ metadata: { properties: { global: 'yes', team: 'payments' } } })
  })

  it('confluent:version: set to the new version when the request carries a version, or when the merged metadata has the property', () => {
    expect(stored({ requestVersion: 3, newVersion: 3 })).toEqual({ metadata: { properties: { 'confluent:version': '3' } } })
    // A stale value sent by a client is replaced, not refused.
    expect(stored({ schemaMetadata: { properties: { 'confluent:version': '1', owner: 'a' } }, newVersion: 5 }).metadata?.properties).toEqual({
      'confluent:version': '5',
      owner: 'a',
    })
    // Inherited from the previous version, it follows the new version.
    expect(stored({ previous: { metadata: { properties: { 'confluent:version': '4' } } }, newVersion: 5 }).metadata?.properties).toEqual({
      'confluent:version': '5',
    })
    // -1 ("latest", sent with schema tag edits) counts as a version.
    expect(stored({ requestVersion: -1, newVersion: 2 }).metadata?.properties).toEqual({ 'confluent:version': '2' })
  })

  it('a lookup (no new version) never stamps confluent:version but inherits and merges as a registration would', () => {
    const previous: Contract = { metadata: { properties: { 'confluent:version': '2', owner: 'a' } } }
    expect(stored({ previous, requestVersion: 2 })).toEqual(previous)
    expect(stored({ previous, subjectConfig: { overrideMetadata: { properties: { x: 'y' } } } })).toEqual({
      metadata: { properties: { 'confluent:version': '2', owner: 'a', x: 'y' } },
    })
  })

  it('in IMPORT mode the contract is stored as sent: no inheritance, no config, no stamp', () => {
    expect(
      stored({
        importing: true,
        previous: { metadata: { properties: { a: 'b' } } },
        globalConfig: { overrideMetadata: { properties: { c: 'd' } } },
        requestVersion: 7,
        newVersion: 7,
      }),
    ).toEqual({})
  })

  it('refuses an invalid rule set with 42210 and a malformed value with 400, the 400 first', () => {
    expect(prepareContract({ schemaRuleSet: { domainRules: [{ name: 'r', type: 'CEL', mode: 'UPGRADE' }] } })).toEqual({
      ok: false,
      issues: [{ errorCode: 42210, path: '/ruleSet/domainRules/0/mode', message: 'Domain rules can only be WRITE, READ, WRITEREAD' }],
    })
    const both = prepareContract({ schemaMetadata: { properties: [] }, schemaRuleSet: { domainRules: [{ name: '1' }] } })
    expect(!both.ok && both.issues.map((i) => i.errorCode)).toEqual([400, 42210, 42210])
  })
})
