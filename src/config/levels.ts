import type { CompatibilityLevel } from '../engine/index.js'

/** The level a registry applies when nothing is configured. */
export const DEFAULT_LEVEL: CompatibilityLevel = 'BACKWARD'
