import { Flags } from '@oclif/core'
import { COMPATIBILITY_LEVELS, type CompatibilityLevel } from '../engine/index.js'
import { UsageError } from '../errors.js'
import { choiceHint } from '../config/did-you-mean.js'

/**
 * A `--level` flag: one of the seven compatibility levels, any letter case, returned upper case.
 * A wrong value is a usage error (exit 2) listing the levels.
 */
export const levelFlag = Flags.custom<CompatibilityLevel>({
  helpValue: '<level>',
  async parse(input) {
    const level = COMPATIBILITY_LEVELS.find((l) => l === input.trim().toUpperCase())
    if (level === undefined)
      throw new UsageError(`'${input}' is not a level (${COMPATIBILITY_LEVELS.join(', ')})`, { hint: choiceHint(input, COMPATIBILITY_LEVELS) })
    return level
  },
})

/**
 * `--follow-external-links` (SCHEMACTL_FOLLOW_EXTERNAL_LINKS): read schema files through symbolic
 * links that leave the workspace. Off by default, so a link in an untrusted pull request cannot
 * make a CI check read (and quote) a file outside the checkout.
 */
export const followExternalLinksFlag = Flags.boolean({
  description: 'Follow symbolic links that lead outside the workspace folder (refused by default: LINK_OUTSIDE_WORKSPACE).',
  env: 'SCHEMACTL_FOLLOW_EXTERNAL_LINKS',
})
