import { Args, Flags } from '@oclif/core'
import { setMode, type ModeSetting } from '../app/registry-config.js'
import { registryFlags } from '../cli/registry-flags.js'
import { RegistryCommand } from '../cli/registry-command.js'
import { renderMode } from '../output/registry.js'
import { loadStyle } from '../output/style.js'

/** `schemactl set-mode [subject] <MODE>`. */
export default class SetMode extends RegistryCommand<ModeSetting> {
  static override summary = "Set the global or a subject's mode (READWRITE, READONLY, IMPORT)."
  static override examples = ['<%= config.bin %> set-mode READONLY', '<%= config.bin %> set-mode IMPORT --force', '<%= config.bin %> set-mode orders-value READWRITE']
  static override args = {
    first: Args.string({ required: true, description: 'Subject name, or the mode when setting the global mode.' }),
    second: Args.string({ description: 'The mode: READWRITE, READONLY, READONLY_OVERRIDE, IMPORT, FORWARD.' }),
  }
  static override flags = { ...registryFlags, force: Flags.boolean({ description: 'Required for IMPORT (also lets the registry enter IMPORT while subjects exist).' }) }

  async run(): Promise<ModeSetting> {
    const { args, flags } = await this.parse(SetMode)
    const [subject, mode] = args.second === undefined ? [undefined, args.first] : [args.first, args.second]
    const result = await setMode(this.registryContext(flags), subject, mode, { force: flags.force })
    if (!this.jsonEnabled()) this.log(renderMode(result, await loadStyle(this.colorEnabled)))
    return result
  }
}
