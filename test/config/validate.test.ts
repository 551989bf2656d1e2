import { describe, expect, it } from 'vitest'
import { validateConfig } from '../../src/config/validate.js'
import { levelForSubject } from '../../src/config/subject-level.js'
import { matchesSubject } from '../../src/config/subject-glob.js'

describe('validateConfig', () => {
  it('fills in defaults when there is no config', () => {
    const result = validateConfig(undefined)
    expect(result).toEqual({ ok: true, config: { compatibility: 'BACKWARD', subjects: {}, registries: {}, approvals: [], lint: { use: ['STANDARD'], except: [], ignore: {}, fieldCase: 'camel', piiTags: ['PII'], piiExceptions: [] }, contracts: {} }, warnings: [] })
  })

  it('accepts a level in any letter case and returns it upper case', () => {
    const result = validateConfig({ compatibility: 'full_transitive', subjects: { 'orders-*': { compatibility: 'Forward' } } })
    expect(result.ok && result.config).toMatchObject({ compatibility: 'FULL_TRANSITIVE', subjects: { 'orders-*': { compatibility: 'FORWARD' } } })
  })

  it('names the key and lists the levels when a level is misspelt', () => {
    const result = validateConfig({ compatibility: 'BAKWARD' })
    expect(result.ok).toBe(false)
    expect(!result.ok && result.errors).toEqual([
      { path: 'compatibility', message: "'BAKWARD' is not a level (NONE, BACKWARD, BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL, FULL_TRANSITIVE)" },
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
