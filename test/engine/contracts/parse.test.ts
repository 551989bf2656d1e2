import { describe, expect, it } from 'vitest'
import { parseContractConfig, parseContractDocument, parseMetadata, parseRuleSet } from '../../../src/engine/contracts/index.js'

// The normal form is Confluent's entities after Jackson read them: sorted maps and sets, kind and mode
// defaulted, disabled always present, empty members left out (client/.../rest/entities/{Metadata,Rule,RuleSet}.java
// in confluentinc/schema-registry; Jackson's NON_EMPTY leaves out empty strings, maps and collections but not false).
describe('parseMetadata', () => {
  it('sorts tag paths, tags, properties and sensitive keys, drops duplicates and empty members, as the registry stores them', () => {
    const outcome = parseMetadata({
      tags: { 'b.x': ['PII', 'A', 'PII'], 'a.y': [] },
      properties: { owner: 'x', email: 'y' },
      sensitive: ['z', 'a', 'z'],
      unknown: 1,
    })
    expect(outcome.ok).toBe(true)
    expect(JSON.stringify(outcome.ok && outcome.value)).toBe(
      '{"tags":{"a.y":[],"b.x":["A","PII"]},"properties":{"email":"y","owner":"x"},"sensitive":["a","z"]}',
    )
    expect(parseMetadata({ tags: {}, properties: {}, sensitive: [] })).toEqual({ ok: true, value: {} })
  })

  it('reads null or absent as no metadata, and numbers or booleans where strings belong as their text (Jackson coerces them)', () => {
    expect(parseMetadata(null)).toEqual({ ok: true, value: undefined })
    expect(parseMetadata(undefined)).toEqual({ ok: true, value: undefined })
    expect(parseMetadata({ properties: { major: 2, beta: true }, tags: { a: [1] } })).toEqual({
      ok: true,
      value: { tags: { a: ['1'] }, properties: { beta: 'true', major: '2' } },
    })
  })

  it('reports a value of the wrong shape with error code 400 at its JSON Pointer', () => {
    const outcome = parseMetadata({ tags: { 'a/b': 'PII' }, properties: { owner: { name: 'x' }, n: null }, sensitive: 'ssn' })
    expect(outcome.ok).toBe(false)
    expect(!outcome.ok && outcome.issues.map((i) => [i.errorCode, i.path])).toEqual([
      [400, '/metadata/tags/a~1b'],
      [400, '/metadata/properties/n'],
      [400, '/metadata/properties/owner'],
      [400, '/metadata/sensitive'],
    ])
    expect(parseMetadata([1])).toMatchObject({
      ok: false,
      issues: [{ errorCode: 400, path: '/metadata', message: 'metadata must be a JSON object, got an array' }],
    })
  })
})

describe('parseRuleSet', () => {
  it('fills in kind TRANSFORM, mode WRITEREAD and disabled false, sorts tags and params, keeps the members in the registry order', () => {
    const outcome = parseRuleSet({ domainRules: [{ expr: 'true', type: 'CEL', name: 'r', tags: ['b', 'a', 'b'], params: { z: '1', a: 2 }, doc: '' }] })
    expect(JSON.stringify(outcome.ok && outcome.value)).toBe(
      '{"domainRules":[{"name":"r","kind":"TRANSFORM","mode":"WRITEREAD","type":"CEL","tags":["a","b"],"params":{"a":"2","z":"1"},"expr":"true","disabled":false}]}',
    )
  })

  it('keeps the rule lists in their order and drops empty ones', () => {
    const rule = (name: string, mode: string) => ({ name, type: 'CEL', mode, kind: 'CONDITION' })
    const outcome = parseRuleSet({ encodingRules: [], domainRules: [rule('b', 'READ'), rule('a', 'WRITE')], migrationRules: [rule('m', 'UPGRADE')] })
    expect(outcome.ok && Object.keys(outcome.value ?? {})).toEqual(['migrationRules', 'domainRules'])
    expect(outcome.ok && outcome.value?.domainRules?.map((r) => r.name)).toEqual(['b', 'a'])
  })

  it('refuses an unknown kind or mode with 400 (the registry never reads past them), before any 42210 issue', () => {
    const outcome = parseRuleSet({
      domainRules: [
        { name: '1bad', type: 'CEL', kind: 'condition' },
        { name: 'x', type: 'CEL', mode: 'BOTH' },
      ],
    })
    expect(!outcome.ok && outcome.issues).toEqual([
      { errorCode: 400, path: '/ruleSet/domainRules/0/kind', message: '"condition" is not a rule kind (one of TRANSFORM, CONDITION)' },
      { errorCode: 400, path: '/ruleSet/domainRules/1/mode', message: '"BOTH" is not a rule mode (one of UPGRADE, DOWNGRADE, UPDOWN, WRITE, READ, WRITEREAD)' },
    ])
  })

  it('reads disabled as Jackson reads a primitive boolean', () => {
    const disabledOf = (value: unknown) => {
      const outcome = parseRuleSet({ domainRules: [{ name: 'r', type: 'CEL', disabled: value }] })
      return outcome.ok ? outcome.value?.domainRules?.[0].disabled : 'refused'
    }
    expect([true, false, null, 1, 0, 'true', 'false', 'yes'].map(disabledOf)).toEqual([true, false, false, true, false, true, false, 'refused'])
  })
})

describe('parseContractConfig and parseContractDocument', () => {
  it('reads the contract fields of a registry config and checks its rule sets', () => {
    const outcome = parseContractConfig({
      compatibility: 'BACKWARD',
      compatibilityGroup: 'major',
      defaultMetadata: { properties: { a: 'b' } },
      overrideRuleSet: { domainRules: [{ name: 'r', type: 'CEL', mode: 'UPGRADE' }] },
    })
    expect(outcome).toEqual({
      ok: false,
      issues: [{ errorCode: 42210, path: '/overrideRuleSet/domainRules/0/mode', message: 'Domain rules can only be WRITE, READ, WRITEREAD' }],
    })
    expect(parseContractConfig({ compatibilityGroup: 'major' })).toEqual({ ok: true, value: { compatibilityGroup: 'major' } })
  })

  it('a contract document holds metadata and ruleSet only: another member is a typo, reported', () => {
    expect(parseContractDocument({ metadata: null, ruleSet: { domainRules: [{ name: 'r', type: 'CEL' }] } })).toMatchObject({
      ok: true,
      value: { ruleSet: { domainRules: [{ name: 'r' }] } },
    })
    expect(parseContractDocument({ metdata: {} })).toEqual({
      ok: false,
      issues: [{ errorCode: 400, path: '/metdata', message: `unknown member 'metdata' (a contract file holds "metadata" and "ruleSet")` }],
    })
    expect(parseContractDocument([])).toMatchObject({ ok: false })
  })
})
