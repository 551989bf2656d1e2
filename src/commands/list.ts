import { Flags } from '@oclif/core'
import { listSubjects, type SubjectList } from '../app/registry-read.js'
import { contextFlag, registryFlags } from '../cli/registry-flags.js'
import { RegistryCommand } from '../cli/registry-command.js'
import { outputFlag } from '../cli/output-flag.js'
import { renderSubjectList } from '../output/registry.js'
import { loadStyle } from '../output/style.js'

/** `schemactl list`: the registry's subjects. */
export default class List extends RegistryCommand<SubjectList> {
  static override summary = 'List the subjects of a registry.'
  static override examples = ['<%= config.bin %> list', '<%= config.bin %> list --long', '<%= config.bin %> list --prefix orders- --json', '<%= config.bin %> list --context .staging']
  static override flags = {
    ...registryFlags,
    prefix: Flags.string({ description: 'Only subjects whose name starts with this.' }),
    deleted: Flags.boolean({ description: 'Include soft-deleted subjects.' }),
    long: Flags.boolean({ char: 'l', description: "A table: each subject's type, latest version and id, effective level and mode." }),
    context: contextFlag,
    output: outputFlag,
  }

  async run(): Promise<SubjectList> {
    const { flags } = await this.parse(List)
    const result = await listSubjects(this.registryContext(flags), { prefix: flags.prefix, deleted: flags.deleted, context: flags.context, long: flags.long })
    if (!this.jsonEnabled()) this.log(renderSubjectList(result, await loadStyle(this.colorEnabled)))
    return result
  }
}
