import type { Config, ConfigIssue, ConfigValidation } from './config.js'
import { KEY_RULES } from './rules/index.js'
import { describeType, isPlainObject, unknownKeyMessage, type RuleContext } from './rules/rule.js'

/**
 * Validates a raw configuration value (what cosmiconfig loaded) against the key rules.
 * Pure. Missing keys get their defaults; unknown keys are warnings; any rule error makes the
 * result `{ok: false, errors}`. `undefined` (no config file) is the all-defaults config.
 */
export function validateConfig(raw: unknown): ConfigValidation {
  const errors: ConfigIssue[] = []
  const warnings: ConfigIssue[] = []
  if (raw === undefined || raw === null) raw = {}
  if (!isPlainObject(raw)) {
    return { ok: false, errors: [{ path: '(root)', message: `expected an object, got ${describeType(raw)}` }], warnings }
  }
  const context: RuleContext = {
    raw,
    error: (path, message) => errors.push({ path, message }),
    warn: (path, message) => warnings.push({ path, message }),
  }
  const config: Record<string, unknown> = {}
  for (const rule of KEY_RULES) {
    config[rule.key] = rule.key in raw ? rule.validate(raw[rule.key], context) : rule.defaultValue()
  }
  const known = KEY_RULES.map((r) => r.key)
  for (const key of Object.keys(raw)) {
    if (!(known as string[]).includes(key) && key !== '$schema') {
      warnings.push({ path: key, message: unknownKeyMessage(key, known) })
    }
  }
  return errors.length > 0 ? { ok: false, errors, warnings } : { ok: true, config: config as unknown as Config, warnings }
}
