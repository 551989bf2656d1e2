import { Args } from '@oclif/core'
import { getMode, type ModeSetting } from '../app/registry/config.js'
import { registryFlags } from '../cli/registry-flags.js'
import { RegistryCommand } from '../cli/registry-command.js'
import { outputFlag } from '../cli/output-flag.js'
import { renderMode } from '../output/registry.js'
import { loadStyle } from '../output/style.js'

/** `schemactl get-mode [subject]`. */
export default class GetMode extends RegistryCommand<ModeSetting> {
  static override summary = "Print the global mode, or a subject's effective mode."
  static override examples = ['<%= config.bin %> get-mode', '<%= config.bin %> get-mode orders-value --json']
  static override args = { subject: Args.string({ description: 'Subject name (default: the global mode).' }) }
  static override flags = { ...registryFlags, output: outputFlag }

  async run(): Promise<ModeSetting> {
    const { args, flags } = await this.parse(GetMode)
    const result = await getMode(this.registryContext(flags), args.subject)
    if (!this.jsonEnabled()) this.log(renderMode(result, await loadStyle(this.colorEnabled)))
    return result
  }
}
