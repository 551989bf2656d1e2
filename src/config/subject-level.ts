import type { CompatibilityLevel } from '../engine/index.js'
import type { CompatibilityPolicy, SchemaType } from '../engine/formats/index.js'
import type { Config, SubjectConfig } from './config.js'
import { isGlob, matchesSubject } from './subject-glob.js'

/**
 * The compatibility level configured for a subject: its exact `subjects` entry, else the first
 * glob entry (in file order) that matches it and sets a level, else the top-level `compatibility`.
 */
export function levelForSubject(config: Config, subject: string): CompatibilityLevel {
  return ownLevelForSubject(config, subject) ?? config.compatibility
}

/** The level a `subjects` entry (exact, else the first matching glob) sets for a subject; undefined when only the top-level one applies. */
export function ownLevelForSubject(config: Config, subject: string): CompatibilityLevel | undefined {
  const exact = config.subjects[subject]?.compatibility
  if (exact !== undefined) return exact
  for (const [pattern, settings] of Object.entries(config.subjects)) {
    if (settings.compatibility !== undefined && isGlob(pattern) && matchesSubject(pattern, subject)) return settings.compatibility
  }
  return undefined
}

/** A per-subject setting: the exact `subjects` entry's, else the first matching glob entry's that sets it. */
function subjectSetting<K extends 'schemaType' | 'compatibilityPolicy'>(config: Config, subject: string, key: K): SubjectConfig[K] | undefined {
  const exact = config.subjects[subject]?.[key]
  if (exact !== undefined) return exact
  for (const [pattern, settings] of Object.entries(config.subjects)) {
    if (settings[key] !== undefined && isGlob(pattern) && matchesSubject(pattern, subject)) return settings[key]
  }
  return undefined
}

/** The schema type the config gives a subject's `.json` files (`subjects.<name or glob>.schemaType`), if any. */
export function schemaTypeForSubject(config: Config, subject: string): SchemaType | undefined {
  return subjectSetting(config, subject, 'schemaType')
}

/** JSON Schema's compatibility policy the config gives a subject: its own, else the top-level one; undefined when neither is set (STRICT). */
export function policyForSubject(config: Config, subject: string): CompatibilityPolicy | undefined {
  return subjectSetting(config, subject, 'compatibilityPolicy') ?? config.compatibilityPolicy
}
