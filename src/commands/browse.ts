import { Args, Flags } from '@oclif/core'
import { browseRegistry, browseWorkspace } from '../app/browse/browse.js'
import type { BrowseSource } from '../app/browse/source.js'
import { registryFlags } from '../cli/registry-flags.js'
import { RegistryCommand } from '../cli/registry-command.js'
import { UsageError } from '../errors.js'
import { loadBrowseUi, type BrowseOnTerminal } from '../ui/browse/load.js'

/** `schemactl browse [DIR]`: a terminal UI over a registry or a workspace folder; exit 2 without a terminal. */
export default class Browse extends RegistryCommand<void> {
  static override enableJsonFlag = false
  static override summary = 'Browse a registry or a workspace folder in a terminal UI.'
  static override description =
    'Subjects (type, latest version, level, mode; / filters, x switches context), the versions of the selected one and its schema, highlighted. d diffs two versions, r shows references both ways, c checks a local file against the subject, y copies to the clipboard, ? lists every key. Read-only unless --write (then L sets the level, M the mode, D soft-deletes a version, each after a confirmation). Needs a terminal: in scripts use list, versions and get.'
  static override examples = [
    '<%= config.bin %> browse',
    '<%= config.bin %> browse -r prod',
    '<%= config.bin %> browse -r http://localhost:8081 --write',
    '<%= config.bin %> browse ./schemas',
  ]
  static override args = {
    dir: Args.string({ description: 'A workspace folder to browse instead of a registry.' }),
  }
  static override flags = {
    ...registryFlags,
    write: Flags.boolean({ description: 'Allow changing levels and modes and soft-deleting versions (each asks first).' }),
  }

  protected override willUseRegistry(): boolean {
    return !this.argv.some((arg) => !arg.startsWith('-'))
  }

  private show?: BrowseOnTerminal

  override async init(): Promise<void> {
    // ink is most of browse's start-up: its loading starts first, overlapping flag parsing and the connection.
    if (process.stdout.isTTY && process.stdin.isTTY) this.show = loadBrowseUi()
    await super.init()
  }

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Browse)
    // SCHEMACTL_REGISTRY set in the environment does not conflict with a folder given on the command line.
    if (args.dir !== undefined && flags.registry !== undefined && this.flagSource('registry') === '--registry') {
      throw new UsageError('give a folder or --registry, not both', {
        code: 'USAGE',
        hint: 'schemactl browse DIR browses a workspace; schemactl browse -r PROFILE|URL a registry.',
      })
    }
    if (args.dir !== undefined && flags.write) throw new UsageError('--write applies to a registry: a workspace is browsed read-only', { code: 'USAGE' })
    if (!process.stdout.isTTY || !process.stdin.isTTY) {
      const which = !process.stdout.isTTY ? 'stdout' : 'stdin'
      throw new UsageError(`browse needs a terminal, and ${which} is not one`, {
        code: 'NOT_A_TERMINAL',
        hint: 'In scripts and pipes use schemactl list, versions and get (with --json).',
      })
    }
    const show = this.show ?? loadBrowseUi()
    const view = (source: BrowseSource) => show(source, { color: this.colorEnabled })
    if (args.dir !== undefined) await browseWorkspace(args.dir, view, (warning) => this.warn(warning))
    else await browseRegistry(this.registryContext(flags), { write: flags.write }, view)
  }
}
