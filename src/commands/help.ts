import type { Command } from '@oclif/core'
import { commands } from '@oclif/plugin-help'

/**
 * `schemactl help [COMMAND]`: oclif's help command (@oclif/plugin-help). It is one of the CLI's
 * own commands rather than a plugin looked up at every start; scripts/build.mjs bundles it with
 * the shared @oclif/core.
 */
const Help: Command.Class = commands.help
export default Help
