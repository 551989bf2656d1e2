import { Args, Flags } from '@oclif/core'
import { deleteSchema, type DeleteResult } from '../app/registry/delete.js'
import { parseVersionArg, registryFlags } from '../cli/registry-flags.js'
import { RegistryCommand } from '../cli/registry-command.js'
import { renderDelete } from '../output/registry.js'

/** `schemactl delete <subject> [version]`: soft by default; asks first on a terminal. */
export default class Delete extends RegistryCommand<DeleteResult> {
  static override summary = 'Delete a subject or one of its versions (soft delete unless --permanent).'
  static override examples = [
    '<%= config.bin %> delete orders-value',
    '<%= config.bin %> delete orders-value 2 --yes',
    '<%= config.bin %> delete orders-value --permanent --yes',
  ]
  static override args = {
    subject: Args.string({ required: true, description: 'Subject name.' }),
    version: Args.string({ description: 'A version number or "latest" (default: every version).' }),
  }
  static override flags = {
    ...registryFlags,
    permanent: Flags.boolean({ description: 'Delete for good (the subject or version must be soft-deleted first).' }),
    yes: Flags.boolean({ char: 'y', description: 'Do not ask for confirmation.' }),
  }

  async run(): Promise<DeleteResult> {
    const { args, flags } = await this.parse(Delete)
    const version = parseVersionArg(args.version)
    const what = `${flags.permanent ? 'Permanently delete' : 'Soft-delete'} ${args.subject}${version === undefined ? ' (every version)' : ` version ${version}`}?`
    await this.confirmOrAbort(what, { yes: flags.yes, aborted: 'Aborted: nothing deleted.' })
    const result = await deleteSchema(this.registryContext(flags), args.subject, version, { permanent: flags.permanent })
    if (!this.jsonEnabled()) this.log(renderDelete(result))
    return result
  }
}
