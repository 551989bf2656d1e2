import { describe, expect, it } from 'vitest'
import { parseRuleSet, ruleNameProblem } from '../../../src/engine/contracts/index.js'

// The registry's checks: RuleSet#validate and Rule#validate (client/.../rest/entities/RuleSet.java and
// Rule.java in confluentinc/schema-registry), answered with 42210 (reference: error-code catalogue,
// "42210 invalid ruleSet").
const rule = (name: string | undefined, mode: string, extra: object = {}) => ({
  ...(name !== undefined ? { name } : {}),
  kind: 'CONDITION',
  type: 'CEL',
  mode,
  expr: 'true',
  ...extra,
})
const firstIssue = (raw: unknown) => {
  const outcome = parseRuleSet(raw)
  return outcome.ok ? undefined : outcome.issues[0]
}

describe('rule set validation (42210)', () => {
  it('accepts each list with its own modes', () => {
    expect(
      parseRuleSet({
        migrationRules: ['UPGRADE', 'DOWNGRADE', 'UPDOWN'].map((m, i) => rule(`m${i}`, m)),
        domainRules: ['WRITE', 'READ', 'WRITEREAD'].map((m, i) => rule(`d${i}`, m)),
        encodingRules: [rule('e', 'WRITE')],
      }).ok,
    ).toBe(true)
  })

  it.each([
    [{ domainRules: [rule('r', 'UPGRADE')] }, 'Domain rules can only be WRITE, READ, WRITEREAD', '/ruleSet/domainRules/0/mode'],
    [{ migrationRules: [rule('r', 'WRITE')] }, 'Migration rules can only be UPGRADE, DOWNGRADE, UPDOWN', '/ruleSet/migrationRules/0/mode'],
    [{ encodingRules: [rule('r', 'UPDOWN')] }, 'Encoding rules can only be WRITE, READ, WRITEREAD', '/ruleSet/encodingRules/0/mode'],
    // No mode is WRITEREAD, which a migration rule cannot have.
    [{ migrationRules: [{ name: 'r', type: 'JSONATA' }] }, 'Migration rules can only be UPGRADE, DOWNGRADE, UPDOWN', '/ruleSet/migrationRules/0/mode'],
    [{ domainRules: [rule(undefined, 'WRITE')] }, 'Missing rule name', '/ruleSet/domainRules/0/name'],
    [{ domainRules: [rule('', 'WRITE')] }, 'Empty rule name', '/ruleSet/domainRules/0/name'],
    [{ domainRules: [rule('1r', 'WRITE')] }, 'Illegal initial character in rule name: 1r', '/ruleSet/domainRules/0/name'],
    [{ domainRules: [rule('a b', 'WRITE')] }, 'Illegal character in rule name: a b', '/ruleSet/domainRules/0/name'],
    [{ domainRules: [rule('x'.repeat(65), 'WRITE')] }, 'Rule name too long', '/ruleSet/domainRules/0/name'],
    [{ domainRules: [{ name: 'r', mode: 'WRITE' }] }, 'Missing rule type', '/ruleSet/domainRules/0'],
    [{ domainRules: [rule('r', 'WRITE'), rule('r', 'READ')] }, "Found rule with duplicate name 'r'", '/ruleSet/domainRules/1/name'],
    // A name is unique across the lists.
    [{ migrationRules: [rule('r', 'UPGRADE')], encodingRules: [rule('r', 'WRITE')] }, "Found rule with duplicate name 'r'", '/ruleSet/encodingRules/0/name'],
    [
      { domainRules: [rule('r', 'WRITE', { onFailure: 'ERROR,NONE' })] },
      'Multiple actions only valid with WRITEREAD and UPDOWN',
      '/ruleSet/domainRules/0/onFailure',
    ],
  ])('%j → %s', (raw, message, path) => {
    expect(firstIssue(raw)).toEqual({ errorCode: 42210, message, path })
  })

  it('lets WRITEREAD and UPDOWN rules have an action pair', () => {
    expect(
      parseRuleSet({
        domainRules: [rule('r', 'WRITEREAD', { onSuccess: 'NONE,ERROR', onFailure: 'ERROR,DLQ' })],
        migrationRules: [rule('m', 'UPDOWN', { onFailure: 'ERROR,NONE' })],
      }).ok,
    ).toBe(true)
  })

  it('names: Java letters and digits (any script), _ and -, 64 characters at most; a character outside the BMP is refused as Java refuses it', () => {
    expect(['_r', 'règle', 'r-1_x', 'x'.repeat(64), 'ルール9'].map(ruleNameProblem)).toEqual([undefined, undefined, undefined, undefined, undefined])
    expect(ruleNameProblem('-r')).toBe('Illegal initial character in rule name: -r')
    expect(ruleNameProblem('a\u{1D400}')).toBe('Illegal character in rule name: a\u{1D400}')
    expect(ruleNameProblem('a.b')).toBe('Illegal character in rule name: a.b')
  })

  it('reports every problem in the registry order, so the first is the registry answer', () => {
    const outcome = parseRuleSet({ migrationRules: [rule('1m', 'WRITE')], domainRules: [{ name: 'd', mode: 'UPGRADE' }] })
    expect(!outcome.ok && outcome.issues.map((i) => i.message)).toEqual([
      'Illegal initial character in rule name: 1m',
      'Migration rules can only be UPGRADE, DOWNGRADE, UPDOWN',
      'Missing rule type',
      'Domain rules can only be WRITE, READ, WRITEREAD',
    ])
  })
})
