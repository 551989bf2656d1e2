import { describe, expect, it } from 'vitest'
import { diffContracts, matchesFieldPath, parseContractDocument, taggedFields, type Contract } from '../../../src/engine/contracts/index.js'
import { CHANGE_KINDS } from '../../../src/engine/diff/types.js'
import { parseSchema } from '../../../src/engine/index.js'
import type { ParsedSchema } from '../../../src/engine/types.js'

const read = (raw: unknown): Contract => {
  const outcome = parseContractDocument(raw)
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.issues))
  return outcome.value
}
const schema = (fields: object[]): ParsedSchema => {
  const parsed = parseSchema({ type: 'record', name: 'User', namespace: 'com.acme', fields })
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors))
  return parsed
}

describe('metadata tag paths', () => {
  // The wildcard examples of the serializers' matcher (node_modules/@confluentinc/schemaregistry/dist/serde/wildcard-matcher.js).
  it.each([
    ['eve', 'eve*', true],
    ['alice.bob.eve', 'a*.bob.eve', true],
    ['alice.bob.eve', 'a*.bob.e*', true],
    ['alice.bob.eve', 'a*', false],
    ['alice.bob.eve', 'a**', true],
    ['alice.bob.eve', 'alice.bob*', false],
    ['alice.bob.eve', 'alice.bob**', true],
    ['com.acme.User.ssn', '**.ssn', true],
    ['com.acme.User.ssn', 'com.acme.User.s?n', true],
    ['com.acme.User.ssn', 'com.acme.User', false],
    ['a+b', 'a+b', true],
  ])('%s matches %s: %s', (name, pattern, expected) => {
    expect(matchesFieldPath(name, pattern)).toBe(expected)
  })

  it('a field carries its inline confluent:tags and the tags of every matching metadata path, including nested records', () => {
    const parsed = schema([
      { name: 'ssn', type: 'string', 'confluent:tags': ['PII'] },
      { name: 'address', type: { type: 'record', name: 'Address', fields: [{ name: 'street', type: 'string' }] } },
    ])
    const fields = taggedFields(parsed, { tags: { '**.street': ['PII', 'ADDRESS'], 'com.acme.User.ssn': ['SSN'] } })
    expect(fields.map((f) => [f.fullName, f.pointer, f.tags])).toEqual([
      ['com.acme.User.ssn', '/fields/0', ['PII', 'SSN']],
      ['com.acme.User.address', '/fields/1', []],
      ['com.acme.Address.street', '/fields/1/type/fields/0', ['PII', 'ADDRESS']],
    ])
  })
})

describe('diffContracts', () => {
  it('reports tags, properties and sensitive keys added, changed and removed, leaving confluent:version out', () => {
    const a = read({ metadata: { tags: { '**.ssn': ['PII'] }, properties: { owner: 'a', gone: 'x', 'confluent:version': '1' }, sensitive: ['old'] } })
    const b = read({
      metadata: { tags: { '**.ssn': ['SECRET'], '**.email': ['PII'] }, properties: { owner: 'b', added: 'y', 'confluent:version': '2' }, sensitive: ['new'] },
    })
    expect(diffContracts(a, b).map((c) => [c.kind, c.path])).toEqual([
      ['METADATA_TAG_ADDED', '/metadata/tags/**.email'],
      ['METADATA_TAG_ADDED', '/metadata/tags/**.ssn'],
      ['METADATA_TAG_REMOVED', '/metadata/tags/**.ssn'],
      ['METADATA_PROPERTY_ADDED', '/metadata/properties/added'],
      ['METADATA_PROPERTY_REMOVED', '/metadata/properties/gone'],
      ['METADATA_PROPERTY_CHANGED', '/metadata/properties/owner'],
      ['SENSITIVE_PROPERTY_ADDED', '/metadata/sensitive/0'],
      ['SENSITIVE_PROPERTY_REMOVED', '/metadata/sensitive/0'],
    ])
  })

  it('reports rules added, removed, changed (naming the attributes), moved between lists and reordered', () => {
    const r = (name: string, extra: object = {}) => ({ name, kind: 'CONDITION', mode: 'WRITE', type: 'CEL', expr: 'true', ...extra })
    const a = read({ ruleSet: { domainRules: [r('x'), r('y'), r('z'), r('gone')], encodingRules: [r('moving')] } })
    const b = read({ ruleSet: { domainRules: [r('z'), r('y', { expr: 'false', disabled: true }), r('x'), r('new'), r('moving')] } })
    const changes = diffContracts(a, b)
    expect(changes.map((c) => [c.kind, c.path])).toEqual([
      ['RULE_CHANGED', '/ruleSet/domainRules/1'],
      ['RULE_ADDED', '/ruleSet/domainRules/3'],
      ['RULE_MOVED', '/ruleSet/domainRules/4'],
      ['RULE_REMOVED', '/ruleSet/domainRules/3'],
      ['RULE_ORDER_CHANGED', '/ruleSet/domainRules'],
    ])
    expect(changes[0]).toMatchObject({
      before: { expr: 'true', disabled: false },
      after: { expr: 'false', disabled: true },
      message: `rule 'y' changed: expr "true" → "false", disabled false → true`,
    })
    expect(changes[4]).toMatchObject({ before: ['x', 'y', 'z'], after: ['z', 'y', 'x'] })
    for (const change of changes) expect(CHANGE_KINDS).toContain(change.kind)
  })

  it('with the schemas, reports inline field tags added and removed, paired by field full name', () => {
    const before = schema([
      { name: 'ssn', type: 'string', 'confluent:tags': ['PII'] },
      { name: 'old', type: 'string', 'confluent:tags': ['X'] },
    ])
    const after = schema([
      { name: 'email', type: 'string', 'confluent:tags': ['PII'] },
      { name: 'ssn', type: 'string', 'confluent:tags': ['PII', 'SSN'] },
    ])
    expect(diffContracts({}, {}, { schemas: { a: before, b: after } }).map((c) => [c.kind, c.path, c.message])).toEqual([
      ['FIELD_TAG_ADDED', '/fields/0/confluent:tags', "tag 'PII' added to field com.acme.User.email"],
      ['FIELD_TAG_ADDED', '/fields/1/confluent:tags', "tag 'SSN' added to field com.acme.User.ssn"],
      ['FIELD_TAG_REMOVED', '/fields/1/confluent:tags', "tag 'X' removed from field com.acme.User.old (the field is gone)"],
    ])
  })

  it('finds nothing between equal contracts', () => {
    const c = read({ metadata: { tags: { a: ['B'] } }, ruleSet: { domainRules: [{ name: 'r', type: 'CEL' }] } })
    expect(diffContracts(c, c)).toEqual([])
  })
})
