import { Args, Flags } from '@oclif/core'
import { lookupSchema, type LookupResult } from '../app/registry/lookup.js'
import { parseSchemaType } from '../app/input/schema.js'
import { followExternalLinksFlag } from '../cli/flags.js'
import { normalizeFlag, registryFlags, schemaTypeFlag } from '../cli/registry-flags.js'
import { RegistryCommand } from '../cli/registry-command.js'
import { renderLookup } from '../output/registry.js'
import { loadStyle } from '../output/style.js'

/** `schemactl lookup <subject> <file>`: exit 0 when registered, 1 when not. */
export default class Lookup extends RegistryCommand<LookupResult> {
  static override summary = 'Tell whether a schema file is registered under a subject, and as which id and version.'
  static override examples = ['<%= config.bin %> lookup orders-value schemas/orders-value.avsc', 'cat s.avsc | <%= config.bin %> lookup orders-value - --json']
  static override args = {
    subject: Args.string({ required: true, description: 'Subject name.' }),
    file: Args.string({ required: true, description: 'Schema file, or - for stdin.' }),
  }
  static override flags = {
    ...registryFlags,
    'schema-type': schemaTypeFlag,
    normalize: normalizeFlag,
    deleted: Flags.boolean({ description: 'Also match soft-deleted versions.' }),
    'follow-external-links': followExternalLinksFlag,
  }

  async run(): Promise<LookupResult> {
    const { args, flags } = await this.parse(Lookup)
    const result = await lookupSchema(this.registryContext(flags), args.subject, args.file, {
      schemaType: parseSchemaType(flags['schema-type']),
      normalize: flags.normalize,
      deleted: flags.deleted,
      followExternalLinks: flags['follow-external-links'],
    })
    if (!result.registered) process.exitCode = 1
    if (!this.jsonEnabled()) this.log(renderLookup(result, await loadStyle(this.colorEnabled)))
    return result
  }
}
