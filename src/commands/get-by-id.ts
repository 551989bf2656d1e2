import { Flags } from '@oclif/core'
import { getSchemaById, type SchemaByIdResult } from '../app/registry/read.js'
import { registryFlags, schemaIdArg } from '../cli/registry-flags.js'
import { RegistryCommand } from '../cli/registry-command.js'
import { outputFlag } from '../cli/output-flag.js'
import { describeSchemaById, renderSchemaById } from '../output/registry.js'
import { loadStyle } from '../output/style.js'

/** `schemactl get-by-id <id>`. */
export default class GetById extends RegistryCommand<SchemaByIdResult> {
  static override summary = 'Print the schema with a global id, and the subject versions that use it.'
  static override examples = ['<%= config.bin %> get-by-id 42', '<%= config.bin %> get-by-id 42 --json']
  static override args = { id: schemaIdArg({ required: true, description: 'Schema id.' }) }
  static override flags = {
    ...registryFlags,
    raw: Flags.boolean({ description: 'Print the schema exactly as the registry stores it.' }),
    'out-file': Flags.string({ description: 'Write the schema to this file.' }),
    output: outputFlag,
  }

  async run(): Promise<SchemaByIdResult> {
    const { args, flags } = await this.parse(GetById)
    const result = await getSchemaById(this.registryContext(flags), args.id, { raw: flags.raw, output: flags['out-file'] })
    if (!this.jsonEnabled()) {
      process.stderr.write(describeSchemaById(result, await loadStyle(this.colorEnabled)) + '\n')
      if (flags['out-file'] === undefined) this.log(renderSchemaById(result))
    }
    return result
  }
}
