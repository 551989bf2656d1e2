import type { SubjectConfig } from '../config.js'
import { validateContractSettings } from './contracts.js'
import { validateLevel } from './level-value.js'
import { validatePolicy, validateSchemaType } from './schema-type-value.js'
import { describeValue, isPlainObject, unknownKeyMessage, type KeyRule } from './rule.js'

const SUBJECT_KEYS = ['compatibility', 'contracts', 'schemaType', 'compatibilityPolicy'] as const

/** `subjects`: per-subject settings keyed by subject name or glob. */
export const subjectsRule: KeyRule<'subjects'> = {
  key: 'subjects',
  purpose:
    'Per-subject settings ({ "<subject or glob>": { "compatibility": "FULL", "schemaType": "JSON", "compatibilityPolicy": "LENIENT", "contracts": { … } } }); the exact name wins, then the first matching glob.',
  defaultValue: () => ({}),
  validate(value, context) {
    if (!isPlainObject(value)) {
      context.error('subjects', `expected an object of subject names or globs, got ${describeValue(value)}`)
      return {}
    }
    const out: Record<string, SubjectConfig> = {}
    for (const [subject, settings] of Object.entries(value)) {
      const path = `subjects.${subject}`
      if (!isPlainObject(settings)) {
        context.error(path, `expected an object such as { "compatibility": "FULL" }, got ${describeValue(settings)}`)
        continue
      }
      const entry: SubjectConfig = {}
      for (const [key, setting] of Object.entries(settings)) {
        if (key === 'compatibility') entry.compatibility = validateLevel(setting, `${path}.compatibility`, context)
        else if (key === 'contracts') entry.contracts = validateContractSettings(setting, `${path}.contracts`, context)
        else if (key === 'schemaType') entry.schemaType = validateSchemaType(setting, `${path}.schemaType`, context)
        else if (key === 'compatibilityPolicy') entry.compatibilityPolicy = validatePolicy(setting, `${path}.compatibilityPolicy`, context)
        else context.warn(`${path}.${key}`, unknownKeyMessage(key, SUBJECT_KEYS))
      }
      out[subject] = entry
    }
    return out
  },
}
