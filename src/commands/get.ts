import { Args, Flags } from '@oclif/core'
import { getSubjectSchema, type SubjectSchemaResult } from '../app/registry/read.js'
import { contextFlag, parseVersionArg, registryFlags } from '../cli/registry-flags.js'
import { RegistryCommand } from '../cli/registry-command.js'
import { outputFlag } from '../cli/output-flag.js'
import { describeContract, describeSubjectSchema, renderSubjectSchema } from '../output/registry.js'
import { loadStyle } from '../output/style.js'

/** `schemactl get <subject> [version]`. */
export default class Get extends RegistryCommand<SubjectSchemaResult> {
  static override summary = "Print a subject's schema (the latest version unless one is given), and its data contract on stderr."
  static override examples = [
    '<%= config.bin %> get orders-value',
    '<%= config.bin %> get orders-value 3 --raw',
    '<%= config.bin %> get orders-value latest --out-file orders-value.avsc',
  ]
  static override args = {
    subject: Args.string({ required: true, description: 'Subject name.' }),
    version: Args.string({ description: 'A version number or "latest" (default).' }),
  }
  static override flags = {
    ...registryFlags,
    raw: Flags.boolean({ description: 'Print the schema exactly as the registry stores it (not pretty-printed).' }),
    'out-file': Flags.string({ description: 'Write the schema to this file.' }),
    output: outputFlag,
    deleted: Flags.boolean({ description: 'Allow a soft-deleted version.' }),
    context: contextFlag,
  }

  async run(): Promise<SubjectSchemaResult> {
    const { args, flags } = await this.parse(Get)
    const version = parseVersionArg(args.version) ?? 'latest'
    const result = await getSubjectSchema(this.registryContext(flags), args.subject, version, {
      raw: flags.raw,
      output: flags['out-file'],
      deleted: flags.deleted,
      context: flags.context,
    })
    if (!this.jsonEnabled()) {
      const style = await loadStyle(this.colorEnabled)
      if (process.stderr.isTTY && result.output === undefined) process.stderr.write(describeSubjectSchema(result, style) + '\n')
      this.log(renderSubjectSchema(result))
      // The contract goes to stderr, always: stdout stays the schema alone, for pipes and files.
      const contract = describeContract(result, style)
      if (contract !== '') process.stderr.write(contract + '\n')
    }
    return result
  }
}
