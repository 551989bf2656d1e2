import type { CompatibilityLevel } from '../engine/types.js'
import type { Config } from './config.js'
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
