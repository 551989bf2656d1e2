import { findRule, LINT_CATEGORIES } from '../../engine/rules/index.js'
import { describeValue, isPlainObject, unknownKeyMessage, type KeyRule, type RuleContext } from './rule.js'

const LINT_KEYS = ['use', 'except', 'ignore', 'fieldCase', 'piiTags', 'piiExceptions'] as const

/** `lint`: which governance rules `schemactl lint` applies, and where not. */
export const lintRule: KeyRule<'lint'> = {
  key: 'lint',
  purpose:
    'Lint rules: { "use": ["STANDARD"], "except": [rule ids], "ignore": { "<RULE>": [subject or file globs] }, "fieldCase": "camel" | "snake", "piiTags": ["PII"], "piiExceptions": [field paths] }.',
  defaultValue: () => ({ use: ['STANDARD'], except: [], ignore: {}, fieldCase: 'camel', piiTags: ['PII'], piiExceptions: [] }),
  validate(value, context) {
    const config = lintRule.defaultValue()
    if (!isPlainObject(value)) {
      context.error('lint', `expected an object such as { "use": ["STANDARD"] }, got ${describeValue(value)}`)
      return config
    }
    if (value.use !== undefined) config.use = ruleNames(value.use, 'lint.use', context)
    if (value.except !== undefined) config.except = ruleNames(value.except, 'lint.except', context)
    if (value.ignore !== undefined) {
      if (!isPlainObject(value.ignore)) context.error('lint.ignore', `expected { "<RULE>": ["subject or path glob", …] }, got ${describeValue(value.ignore)}`)
      else {
        for (const [rule, paths] of Object.entries(value.ignore)) {
          if (findRule(rule)?.kind !== 'lint') context.error(`lint.ignore.${rule}`, 'not a lint rule id (see `schemactl rules`)')
          else if (!Array.isArray(paths) || !paths.every((p) => typeof p === 'string'))
            context.error(`lint.ignore.${rule}`, `expected a list of subject or path globs, got ${describeValue(paths)}`)
          else config.ignore[rule] = paths as string[]
        }
      }
    }
    if (value.fieldCase !== undefined) {
      if (value.fieldCase === 'camel' || value.fieldCase === 'snake') config.fieldCase = value.fieldCase
      else context.error('lint.fieldCase', `expected "camel" or "snake", got ${describeValue(value.fieldCase)}`)
    }
    if (value.piiTags !== undefined) config.piiTags = nonEmptyStrings(value.piiTags, 'lint.piiTags', 'tag names such as ["PII"]', context, config.piiTags)
    if (value.piiExceptions !== undefined)
      config.piiExceptions = nonEmptyStrings(value.piiExceptions, 'lint.piiExceptions', 'field paths such as ["com.acme.User.email", "**.email"]', context, [])
    for (const key of Object.keys(value)) {
      if (!(LINT_KEYS as readonly string[]).includes(key)) context.warn(`lint.${key}`, unknownKeyMessage(key, LINT_KEYS))
    }
    return config
  },
}

/** A list of lint categories or lint rule ids. */
function ruleNames(value: unknown, path: string, context: RuleContext): string[] {
  if (!Array.isArray(value)) {
    context.error(path, `expected a list of categories (${LINT_CATEGORIES.join(', ')}) or rule ids, got ${describeValue(value)}`)
    return []
  }
  return value.filter((name: unknown, i) => {
    const known = typeof name === 'string' && ((LINT_CATEGORIES as readonly string[]).includes(name) || findRule(name)?.kind === 'lint')
    if (!known) context.error(`${path}.${i}`, `${describeValue(name)} is neither a category (${LINT_CATEGORIES.join(', ')}) nor a lint rule id`)
    return known
  }) as string[]
}

/** A list of non-empty strings (`fallback` when it is not one, after reporting it). */
function nonEmptyStrings(value: unknown, path: string, expected: string, context: RuleContext, fallback: string[]): string[] {
  if (!Array.isArray(value)) {
    context.error(path, `expected a list of ${expected}, got ${describeValue(value)}`)
    return fallback
  }
  const bad = value.findIndex((v) => typeof v !== 'string' || v.trim() === '')
  if (bad >= 0) {
    context.error(`${path}.${bad}`, `expected a non-empty string, got ${describeValue(value[bad])}`)
    return fallback
  }
  return value as string[]
}
