import { Flags } from '@oclif/core'
import { COMPATIBILITY_LEVELS } from '../engine/index.js'
import type { CompatibilityLevel } from '../engine/types.js'
import { UsageError } from '../errors.js'

/**
 * A `--level` flag: one of the seven compatibility levels, any letter case, returned upper case.
 * A wrong value is a usage error (exit 2) listing the levels.
 */
export const levelFlag = Flags.custom<CompatibilityLevel>({
  helpValue: '<level>',
  async parse(input) {
    const level = COMPATIBILITY_LEVELS.find((l) => l === input.trim().toUpperCase())
    if (level === undefined) throw new UsageError(`'${input}' is not a level (${COMPATIBILITY_LEVELS.join(', ')})`)
    return level
  },
})
