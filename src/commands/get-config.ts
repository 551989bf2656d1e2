import { Args } from '@oclif/core'
import { getCompatibility, type CompatibilitySetting } from '../app/registry/config.js'
import { registryFlags } from '../cli/registry-flags.js'
import { RegistryCommand } from '../cli/registry-command.js'
import { outputFlag } from '../cli/output-flag.js'
import { renderCompatibilitySetting } from '../output/registry.js'
import { loadStyle } from '../output/style.js'

/** `schemactl get-config [subject]`. */
export default class GetConfig extends RegistryCommand<CompatibilitySetting> {
  static override summary = "Print the global config, or a subject's effective one: level, compatibility group, policy, data-contract defaults and overrides."
  static override examples = ['<%= config.bin %> get-config', '<%= config.bin %> get-config orders-value --json']
  static override args = { subject: Args.string({ description: 'Subject name (default: the global level).' }) }
  static override flags = { ...registryFlags, output: outputFlag }

  async run(): Promise<CompatibilitySetting> {
    const { args, flags } = await this.parse(GetConfig)
    const result = await getCompatibility(this.registryContext(flags), args.subject)
    if (!this.jsonEnabled()) this.log(renderCompatibilitySetting(result, await loadStyle(this.colorEnabled)))
    return result
  }
}
