import { describe, expect, it } from 'vitest'
import {
  contractIdentity,
  findVersionByContract,
  matchesMetadataProperties,
  parseContractDocument,
  sameContract,
  versionsInCompatibilityGroup,
  type Contract,
  type Metadata,
} from '../../../src/engine/contracts/index.js'

const read = (raw: unknown): Contract => {
  const outcome = parseContractDocument(raw)
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.issues))
  return outcome.value
}

// The registry keys a schema by an MD5 of its text, references, metadata and rule set (Schema#updateHash,
// with a marker byte for present metadata / rule set), over the entities' sorted maps and sets.
describe('contract identity', () => {
  it('differs when only the metadata or only the rules differ: such a registration is a new version', () => {
    const a = read({ metadata: { properties: { owner: 'a' } } })
    expect(sameContract(a, read({ metadata: { properties: { owner: 'b' } } }))).toBe(false)
    expect(sameContract(a, read({ metadata: { properties: { owner: 'a' } }, ruleSet: { domainRules: [{ name: 'r', type: 'CEL' }] } }))).toBe(false)
  })

  it('ignores how the JSON was written: key order, set order, duplicates, defaulted kind/mode/disabled', () => {
    const a = read({
      metadata: { sensitive: ['b', 'a'], properties: { y: '1', x: '2' } },
      ruleSet: { domainRules: [{ name: 'r', type: 'CEL', tags: ['T', 'S'] }] },
    })
    const b = read({
      ruleSet: { domainRules: [{ tags: ['S', 'T', 'S'], disabled: false, mode: 'WRITEREAD', kind: 'TRANSFORM', type: 'CEL', name: 'r' }] },
      metadata: { properties: { x: '2', y: 1 }, sensitive: ['a', 'b'] },
    })
    expect(sameContract(a, b)).toBe(true)
    expect(contractIdentity(a)).toBe(contractIdentity(b))
  })

  it('rule order counts (rules run in order); no metadata differs from empty metadata', () => {
    const r = (n: string) => ({ name: n, type: 'CEL' })
    expect(sameContract(read({ ruleSet: { domainRules: [r('a'), r('b')] } }), read({ ruleSet: { domainRules: [r('b'), r('a')] } }))).toBe(false)
    expect(sameContract(read({}), read({ metadata: {} }))).toBe(false)
  })

  it('the second look ignores confluent:version, as the registry does when a schema is sent without it or with another value', () => {
    const v2 = read({ metadata: { properties: { 'confluent:version': '2', owner: 'a' } } })
    expect(sameContract(v2, read({ metadata: { properties: { owner: 'a' } } }))).toBe(false)
    expect(sameContract(v2, read({ metadata: { properties: { owner: 'a' } } }), { ignoreConfluentVersion: true })).toBe(true)
    expect(sameContract(v2, read({ metadata: { properties: { 'confluent:version': '9', owner: 'a' } } }), { ignoreConfluentVersion: true })).toBe(true)
    expect(sameContract(read({ metadata: { properties: { 'confluent:version': '1' } } }), read({ metadata: {} }), { ignoreConfluentVersion: true })).toBe(true)
  })

  it('the second look keeps the members in their order: tags, properties and sensitive around the stamp still match', () => {
    const metadata = { tags: { 'acme.User.ssn': ['PII'] }, properties: { owner: 'a' }, sensitive: ['owner'] }
    const stamped = read({ metadata: { ...metadata, properties: { ...metadata.properties, 'confluent:version': '1' } } })
    expect(sameContract(stamped, read({ metadata }), { ignoreConfluentVersion: true })).toBe(true)
    expect(contractIdentity(stamped, { ignoreConfluentVersion: true })).toBe(contractIdentity(read({ metadata })))
  })

  it('a registration or lookup finds the newest version with exactly its contract, else one differing only in confluent:version', () => {
    const versions = [
      { v: 3, contract: read({ metadata: { properties: { 'confluent:version': '3', owner: 'a' } } }) },
      { v: 2, contract: read({ metadata: { properties: { owner: 'a' } } }) },
      { v: 1, contract: read({ metadata: { properties: { owner: 'b' } } }) },
    ]
    const find = (contract: Contract) => findVersionByContract(versions, contract, (x) => x.contract)?.v
    expect(find(read({ metadata: { properties: { owner: 'a' } } }))).toBe(2)
    expect(find(read({ metadata: { properties: { owner: 'a', 'confluent:version': '4' } } }))).toBe(3)
    expect(find(read({ metadata: { properties: { owner: 'c' } } }))).toBeUndefined()
  })

  it('GET /subjects/{s}/metadata matches every key and value asked for', () => {
    const metadata: Metadata = { properties: { owner: 'Bob Jones', email: 'bob@acme.com' } }
    expect(matchesMetadataProperties(metadata, { owner: 'Bob Jones' })).toBe(true)
    expect(matchesMetadataProperties(metadata, { owner: 'Bob Jones', email: 'x' })).toBe(false)
    expect(matchesMetadataProperties(undefined, { owner: 'Bob Jones' })).toBe(false)
  })
})

// compatibilityGroup: "only schemas that belong to the same compatibility group will be checked for
// compatibility" (https://docs.confluent.io/platform/current/schema-registry/fundamentals/data-contracts.html,
// "Configuration enhancements"); the registry filters the previous versions on the group property's
// value, absent equal to absent (AbstractSchemaRegistry#isCompatibleWithPrevious).
describe('versionsInCompatibilityGroup', () => {
  const versions = [
    { v: 1, metadata: { properties: { major: '1' } } },
    { v: 2, metadata: { properties: { major: '1' } } },
    { v: 3, metadata: { properties: { major: '2' } } },
    { v: 4, metadata: undefined },
  ]
  const against = (metadata: Metadata | undefined, group: string | undefined, upTo: number) =>
    versionsInCompatibilityGroup(metadata, versions.slice(0, upTo), group, (x) => x.metadata).map((x) => x.v)

  it('a new major is checked against none of the old major (so a breaking change gets in), later versions of it against it', () => {
    expect(against({ properties: { major: '2' } }, 'major', 2)).toEqual([])
    expect(against({ properties: { major: '2' } }, 'major', 3)).toEqual([3])
    expect(against({ properties: { major: '1' } }, 'major', 3)).toEqual([1, 2])
  })

  it('without the property a version is grouped with the versions without it; without a group every version counts', () => {
    expect(against(undefined, 'major', 4)).toEqual([4])
    expect(against({}, 'major', 3)).toEqual([])
    expect(against({ properties: { major: '1' } }, undefined, 4)).toEqual([1, 2, 3, 4])
  })
})
