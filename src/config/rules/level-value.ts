import { DEFAULT_LEVEL, type CompatibilityLevel } from '../../engine/types.js'
import { COMPATIBILITY_LEVELS } from '../../engine/index.js'
import { describeValue, didYouMean, type RuleContext } from './rule.js'

/**
 * Validates one compatibility level value at `path`. Accepts any letter case (the registry's
 * server config is written in lower case) and returns the upper-case level, or the default
 * after reporting an error.
 */
export function validateLevel(value: unknown, path: string, context: RuleContext): CompatibilityLevel {
  const upper = typeof value === 'string' ? value.trim().toUpperCase() : undefined
  const level = COMPATIBILITY_LEVELS.find((l) => l === upper)
  if (level !== undefined) return level
  const suggestion = upper === undefined ? '' : didYouMean(upper, COMPATIBILITY_LEVELS)
  context.error(path, `${describeValue(value)} is not a level (${COMPATIBILITY_LEVELS.join(', ')})${suggestion}`)
  return DEFAULT_LEVEL
}
