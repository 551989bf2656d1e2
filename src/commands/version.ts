import { Flags } from '@oclif/core'
import { release, type as osType } from 'node:os'
import { BaseCommand } from '../cli/base-command.js'

/** What `schemactl version` reports. */
export interface VersionInfo {
  /** `schemactl/0.1.0 linux-x64 node-v20.20.2`, the line `--version` and `-v` print. */
  userAgent: string
  version: string
  architecture: string
  nodeVersion: string
  os: string
  /** The folder schemactl runs from (its package root). */
  root: string
}

/**
 * `schemactl version`: the version line that `--version` and `-v` print, as a command (as
 * @oclif/plugin-version has it), with `--verbose` and `--json` for bug reports and scripts.
 */
export default class Version extends BaseCommand<VersionInfo> {
  static override summary = 'Print the version of schemactl (also --version and -v).'
  static override examples = ['<%= config.bin %> version', '<%= config.bin %> version --verbose', '<%= config.bin %> version --json']
  static override flags = {
    verbose: Flags.boolean({ description: 'Also print the architecture, Node.js version, operating system and install folder.' }),
  }

  async run(): Promise<VersionInfo> {
    const { flags } = await this.parse(Version)
    const { config } = this
    const info: VersionInfo = {
      userAgent: config.userAgent,
      version: config.version,
      architecture: `${config.platform}-${config.arch}`,
      nodeVersion: process.version,
      os: `${osType()} ${release()}`,
      root: config.root,
    }
    if (this.jsonEnabled()) return info
    if (!flags.verbose) this.log(info.userAgent)
    else
      this.log(
        [`schemactl ${info.version}`, `architecture ${info.architecture}`, `node ${info.nodeVersion}`, `os ${info.os}`, `installed in ${info.root}`].join('\n'),
      )
    return info
  }
}
