import { describe, expect, it } from 'vitest'
import { validateConfig } from '../../src/config/validate.js'
import { levelForSubject } from '../../src/config/subject-level.js'
import { matchesSubject } from '../../src/config/subject-glob.js'

describe('validateConfig', () => {
  it('fills in defaults when there is no config', () => {
    const result = validateConfig(undefined)
    expect(result).toEqual({
      ok: true,
      config: {
        compatibility: 'BACKWARD',
        subjects: {},
        registries: {},
        approvals: [],
        lint: { use: ['STANDARD'], except: [], ignore: {}, fieldCase: 'camel', piiTags: ['PII'], piiExceptions: [] },
        contracts: {},
      },
      warnings: [],
    })
  })

  it('accepts a level in any letter case and returns it upper case', () => {
    const result = validateConfig({ compatibility: 'full_transitive', subjects: { 'orders-*': { compatibility: 'Forward' } } })
    expect(result.ok && result.config).toMatchObject({ compatibility: 'FULL_TRANSITIVE', subjects: { 'orders-*': { compatibility: 'FORWARD' } } })
  })

  it('names the key and lists the levels when a level is misspelt', () => {
    const result = validateConfig({ compatibility: 'BAKWARD' })
    expect(result.ok).toBe(false)
    expect(!result.ok && result.errors).toEqual([
      {
        path: 'compatibility',
        message: "'BAKWARD' is not a level (NONE, BACKWARD, BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL, FULL_TRANSITIVE); did you mean 'BACKWARD'?",
      },
    ])
  })

  it('reports a bad per-subject level under its subject key', () => {
    const result = validateConfig({ subjects: { 'a-value': { compatibility: 3 }, 'b-value': 'FULL' } })
    expect(!result.ok && result.errors.map((e) => e.path)).toEqual(['subjects.a-value.compatibility', 'subjects.b-value'])
  })

  it('rejects a non-object subjects and a non-object root', () => {
    expect(validateConfig({ subjects: [] }).ok).toBe(false)
    expect(validateConfig('BACKWARD').ok).toBe(false)
  })

  it('warns about unknown keys but still succeeds', () => {
    const result = validateConfig({ compatibility: 'NONE', registry: 'x', subjects: { s: { level: 'FULL' } } })
    expect(result.ok).toBe(true)
    expect(result.warnings.map((w) => w.path)).toEqual(['subjects.s.level', 'registry'])
  })

  it('suggests the nearest known key and level for a typo', () => {
    const result = validateConfig({ compatibilty: 'FULL', lint: { fieldcase: 'camel' } })
    expect(result.warnings.map((w) => w.message)).toEqual([
      expect.stringMatching(/^unknown key; did you mean 'fieldCase'\? \(known: /),
      expect.stringMatching(/^unknown key; did you mean 'compatibility'\? \(known: /),
    ])
    const level = validateConfig({ compatibility: 'backwrd' })
    expect(level.ok ? [] : level.errors.map((e) => e.message)).toEqual([expect.stringMatching(/is not a level \(.*\); did you mean 'BACKWARD'\?$/)])
  })
})

describe('levelForSubject', () => {
  const result = validateConfig({
    compatibility: 'FORWARD',
    subjects: { 'orders-*': { compatibility: 'FULL' }, '*-value': { compatibility: 'NONE' }, 'orders-value': { compatibility: 'BACKWARD_TRANSITIVE' } },
  })
  const config = result.ok ? result.config : (undefined as never)

  it('prefers the exact name, then the first matching glob, then the default', () => {
    expect(levelForSubject(config, 'orders-value')).toBe('BACKWARD_TRANSITIVE')
    expect(levelForSubject(config, 'orders-key')).toBe('FULL')
    expect(levelForSubject(config, 'users-value')).toBe('NONE')
    expect(levelForSubject(config, 'users-key')).toBe('FORWARD')
  })
})

describe('matchesSubject', () => {
  it('matches * across slashes and ? as one character, everything else literally', () => {
    expect(matchesSubject('com.acme/*', 'com.acme/orders')).toBe(true)
    expect(matchesSubject('a?c', 'abc')).toBe(true)
    expect(matchesSubject('a.c', 'abc')).toBe(false)
    expect(matchesSubject('orders', 'orders-value')).toBe(false)
  })
})

describe('validateConfig: contracts and the contract lint settings', () => {
  it('reads contracts at the top level and per subject, in the registry normal form', () => {
    const result = validateConfig({
      contracts: { compatibilityGroup: 'major', defaultMetadata: { properties: { owner: 'x' } } },
      subjects: { 'orders-*': { contracts: { overrideRuleSet: { domainRules: [{ name: 'r', type: 'CEL', mode: 'WRITE' }] } } } },
      lint: { piiTags: ['PII', 'PHI'], piiExceptions: ['**.email'] },
    })
    expect(result.ok && result.config.contracts).toEqual({ compatibilityGroup: 'major', defaultMetadata: { properties: { owner: 'x' } } })
    expect(result.ok && result.config.subjects['orders-*'].contracts?.overrideRuleSet?.domainRules?.[0]).toEqual({
      name: 'r',
      kind: 'TRANSFORM',
      mode: 'WRITE',
      type: 'CEL',
      disabled: false,
    })
    expect(result.ok && result.config.lint).toMatchObject({ piiTags: ['PII', 'PHI'], piiExceptions: ['**.email'] })
  })

  it('reports a rule set the registry would refuse, a bad group and bad lint lists at dotted paths; warns about unknown contract keys', () => {
    const result = validateConfig({
      contracts: { compatibilityGroup: 3, defaultRuleSet: { migrationRules: [{ name: 'm', type: 'JSONATA', mode: 'WRITE' }] }, overrideMetdata: {} },
      subjects: { s: { contracts: { defaultMetadata: { tags: { a: 'PII' } } } } },
      lint: { piiTags: 'PII', piiExceptions: [''] },
    })
    expect(!result.ok && result.errors.map((e) => e.path)).toEqual([
      'subjects.s.contracts.defaultMetadata.tags.a',
      'lint.piiTags',
      'lint.piiExceptions.0',
      'contracts.compatibilityGroup',
      'contracts.defaultRuleSet.migrationRules.0.mode',
    ])
    expect(!result.ok && result.errors.at(-1)?.message).toBe('Migration rules can only be UPGRADE, DOWNGRADE, UPDOWN')
    expect(result.warnings.map((w) => w.path)).toEqual(['contracts.overrideMetdata'])
  })
})

describe('contractConfigForSubject', () => {
  it('takes the exact subject entry, else the first matching glob with contracts, beside the top-level contracts', async () => {
    const { contractConfigForSubject } = await import('../../src/config/subject-contracts.js')
    const result = validateConfig({
      contracts: { compatibilityGroup: 'g' },
      subjects: {
        'a-*': { compatibility: 'FULL' },
        'a-?alue': { contracts: { compatibilityGroup: 'glob' } },
        'a-value': { compatibility: 'NONE' },
        'b-value': { contracts: { compatibilityGroup: 'exact' } },
      },
    })
    if (!result.ok) throw new Error('invalid')
    expect(contractConfigForSubject(result.config, 'a-value')).toEqual({ subject: { compatibilityGroup: 'glob' }, global: { compatibilityGroup: 'g' } })
    expect(contractConfigForSubject(result.config, 'b-value').subject).toEqual({ compatibilityGroup: 'exact' })
    expect(contractConfigForSubject(result.config, 'c-value')).toEqual({ global: { compatibilityGroup: 'g' } })
  })
})
