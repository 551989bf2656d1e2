import type { CompatibilityLevel } from '../engine/types.js'

/** Every compatibility level a registry accepts, in the registry's documentation order. */
export const COMPATIBILITY_LEVELS: readonly CompatibilityLevel[] = [
  'NONE',
  'BACKWARD',
  'BACKWARD_TRANSITIVE',
  'FORWARD',
  'FORWARD_TRANSITIVE',
  'FULL',
  'FULL_TRANSITIVE',
]

/** The level a registry applies when nothing is configured. */
export const DEFAULT_LEVEL: CompatibilityLevel = 'BACKWARD'

/** Whether `value` names a compatibility level (exact, upper case, as the registry spells it). */
export function isCompatibilityLevel(value: unknown): value is CompatibilityLevel {
  return typeof value === 'string' && (COMPATIBILITY_LEVELS as readonly string[]).includes(value)
}
