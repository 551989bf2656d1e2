import { describe, expect, it } from 'vitest'
import { contracts } from '../../src/engine/index.js'
import { schemaGuid } from '../../src/server/schema-hash.js'

// The registry's own regression data for its schema hash (Confluent's schema-md5-golden-data.json):
// one schema with every combination of references, metadata and rules, and the guid of each.
const schema =
  '{"type":"record","name":"Person","namespace":"io.confluent.kafka.example","fields":[{"name":"name","type":"string"},{"name":"age","type":"int"},' +
  '{"name":"ssn","type":"string"},{"name":"user","type":"io.confluent.kafka.example.User"},{"name":"address","type":"io.confluent.kafka.example.Address"}]}'
const references = [
  { name: 'io.confluent.kafka.example.User', subject: 'User', version: 1 },
  { name: 'io.confluent.kafka.example.Address', subject: 'Address', version: 2 },
]
const metadata = contracts.parseMetadata({
  tags: { team: ['data-engineering'], environment: ['staging', 'production'] },
  properties: { version: '1.0.0', owner: 'data-team', description: 'Person schema for user management' },
  sensitive: ['ssn', 'credit-card'],
})
const rule = (name: string, doc: string, kind: string, mode: string, type: string, field: string, expr: string) => ({
  name,
  doc,
  kind,
  mode,
  type,
  tags: ['PERSON'],
  params: { field },
  expr,
  onSuccess: 'none',
  onFailure: 'error',
  disabled: false,
})
const ruleSet = contracts.parseRuleSet({
  migrationRules: [
    rule('upgrade-rule-1', 'Upgrade rule for field changes', 'TRANSFORM', 'UPGRADE', 'FIELD_UPDATE', 'name', 'field.name = field.name.toUpperCase()'),
    rule('downgrade-rule-1', 'Downgrade rule for compatibility', 'TRANSFORM', 'DOWNGRADE', 'FIELD_DELETE', 'ssn', 'delete field.ssn'),
  ],
  domainRules: [
    rule('validation-rule-1', 'Validate age field', 'CONDITION', 'WRITE', 'FIELD_VALIDATION', 'age', 'field.age >= 0 && field.age <= 150'),
    rule('masking-rule-1', 'Mask sensitive data on read', 'TRANSFORM', 'READ', 'DATA_MASKING', 'ssn', "field.ssn = '***-**-****'"),
  ],
})
const expected: Record<string, string> = {
  '000': 'd629bb05-ad85-3d20-fbcb-895de3c459f7',
  '001': 'c0708b8f-65f6-b698-bffe-45c1dfa8987c',
  '010': '2034166c-90a8-1166-0ff2-f5f62c80dbe0',
  '011': 'd9877161-cfdf-d8c5-4eb4-ab37ed50e9d5',
  '100': '5c08d70e-5347-41b2-6369-199425d044eb',
  '101': '96825311-eb10-b7f5-48be-2a023b4c018e',
  '110': '3619d8e0-2ee8-de51-0d9e-2520d39174d5',
  '111': '589556fb-ad98-e8e0-94fa-e6da3455433a',
}

describe('schemaGuid (the registry hash of a schema with its references and contract)', () => {
  it('gives the registry guid for each combination of references, metadata and rules', () => {
    if (!metadata.ok || !ruleSet.ok) throw new Error('fixture contract does not parse')
    for (const [combination, guid] of Object.entries(expected)) {
      const [refs, meta, rules] = [...combination].map((c) => c === '1')
      const got = schemaGuid({
        schema,
        references: refs ? references : [],
        ...(meta ? { metadata: metadata.value } : {}),
        ...(rules ? { ruleSet: ruleSet.value } : {}),
      })
      expect(got, combination).toBe(guid)
    }
  })

  it('tells empty metadata from none, and a disabled rule from an enabled one', () => {
    const plain = schemaGuid({ schema, references: [] })
    expect(schemaGuid({ schema, references: [], metadata: {} })).not.toBe(plain)
    const enabled = { domainRules: [{ name: 'r', kind: 'CONDITION', mode: 'WRITE', type: 'CEL', disabled: false }] } as contracts.RuleSet
    const disabled = { domainRules: [{ name: 'r', kind: 'CONDITION', mode: 'WRITE', type: 'CEL', disabled: true }] } as contracts.RuleSet
    expect(schemaGuid({ schema, references: [], ruleSet: enabled })).not.toBe(schemaGuid({ schema, references: [], ruleSet: disabled }))
  })
})
