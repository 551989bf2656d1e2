import { Args, Flags } from '@oclif/core'
import { setCompatibility, type CompatibilityChange } from '../app/registry-config.js'
import { registryFlags } from '../cli/registry-flags.js'
import { RegistryCommand } from '../cli/registry-command.js'
import { renderCompatibilityChange } from '../output/registry.js'
import { loadStyle } from '../output/style.js'

/** `schemactl set-config [subject] <LEVEL>` and `set-config <subject> --delete`. */
export default class SetConfig extends RegistryCommand<CompatibilityChange> {
  static override summary = "Set the global or a subject's compatibility level."
  static override examples = ['<%= config.bin %> set-config FULL', '<%= config.bin %> set-config orders-value BACKWARD_TRANSITIVE', '<%= config.bin %> set-config orders-value --delete']
  static override args = {
    first: Args.string({ description: 'Subject name, or the level when setting the global level.' }),
    second: Args.string({ description: 'The level: NONE, BACKWARD, BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL, FULL_TRANSITIVE.' }),
  }
  static override flags = { ...registryFlags, delete: Flags.boolean({ description: "Remove the subject's own level (it then inherits the global one)." }) }

  async run(): Promise<CompatibilityChange> {
    const { args, flags } = await this.parse(SetConfig)
    // One argument is the global level, or with --delete the subject.
    const [subject, level] = args.second === undefined && !flags.delete ? [undefined, args.first] : [args.first, args.second]
    const result = await setCompatibility(this.registryContext(flags), subject, level, { remove: flags.delete })
    if (!this.jsonEnabled()) this.log(renderCompatibilityChange(result, await loadStyle(this.colorEnabled)))
    return result
  }
}
