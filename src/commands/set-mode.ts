import { Args, Flags } from '@oclif/core'
import { setMode, type ModeRemoval, type ModeSetting } from '../app/registry/config.js'
import { registryFlags } from '../cli/registry-flags.js'
import { RegistryCommand } from '../cli/registry-command.js'
import { renderMode } from '../output/registry.js'
import { loadStyle } from '../output/style.js'

/** `schemactl set-mode [SUBJECT] MODE`, or `set-mode [SUBJECT] --delete`. */
export default class SetMode extends RegistryCommand<ModeSetting | ModeRemoval> {
  static override summary = "Set the global or a subject's mode (READWRITE, READONLY, IMPORT)."
  static override examples = [
    '<%= config.bin %> set-mode READONLY',
    '<%= config.bin %> set-mode IMPORT --force',
    '<%= config.bin %> set-mode orders-value READWRITE',
    '<%= config.bin %> set-mode orders-value --delete',
  ]
  static override args = {
    subject: Args.string({ description: 'Subject name; omit it to set the global mode (`set-mode READONLY`).' }),
    mode: Args.string({ description: 'The mode: READWRITE, READONLY, READONLY_OVERRIDE, IMPORT, FORWARD.' }),
  }
  static override flags = {
    ...registryFlags,
    force: Flags.boolean({ description: 'Required for IMPORT (also lets the registry enter IMPORT while subjects exist).' }),
    delete: Flags.boolean({ description: "Remove the subject's own mode (it then inherits the global one)." }),
  }

  async run(): Promise<ModeSetting | ModeRemoval> {
    const { args, flags } = await this.parse(SetMode)
    // One argument is the global mode, or with --delete the subject.
    const [subject, mode] = args.mode === undefined && !flags.delete ? [undefined, args.subject] : [args.subject, args.mode]
    const result = await setMode(this.registryContext(flags), subject, mode, { force: flags.force, remove: flags.delete })
    if (!this.jsonEnabled()) this.log(renderMode(result, await loadStyle(this.colorEnabled)))
    return result
  }
}
