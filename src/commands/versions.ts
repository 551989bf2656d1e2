import { Args, Flags } from '@oclif/core'
import { listSubjectVersions, type VersionList } from '../app/registry/read.js'
import { contextFlag, registryFlags } from '../cli/registry-flags.js'
import { RegistryCommand } from '../cli/registry-command.js'
import { outputFlag } from '../cli/output-flag.js'
import { renderVersionList } from '../output/registry.js'
import { loadStyle } from '../output/style.js'

/** `schemactl versions <subject>`. */
export default class Versions extends RegistryCommand<VersionList> {
  static override summary = "List a subject's versions."
  static override examples = [
    '<%= config.bin %> versions orders-value',
    '<%= config.bin %> versions orders-value --long',
    '<%= config.bin %> versions orders-value --deleted --json',
  ]
  static override args = { subject: Args.string({ required: true, description: 'Subject name.' }) }
  static override flags = {
    ...registryFlags,
    deleted: Flags.boolean({ description: 'Include soft-deleted versions.' }),
    long: Flags.boolean({ char: 'l', description: "Also show each version's id, type, references and data contract (metadata, rules)." }),
    context: contextFlag,
    output: outputFlag,
  }

  async run(): Promise<VersionList> {
    const { args, flags } = await this.parse(Versions)
    const result = await listSubjectVersions(this.registryContext(flags), args.subject, { deleted: flags.deleted, context: flags.context, long: flags.long })
    if (!this.jsonEnabled()) this.log(renderVersionList(result, await loadStyle(this.colorEnabled)))
    return result
  }
}
