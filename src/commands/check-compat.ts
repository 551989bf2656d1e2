import { Args, Flags } from '@oclif/core'
import { checkCompat, type CompatReport } from '../app/check/compat.js'
import { parseSchemaType } from '../app/input/schema.js'
import { followExternalLinksFlag } from '../cli/flags.js'
import { contractFlags, normalizeFlag, parseVersionArg, registryFlags, schemaTypeFlag } from '../cli/registry-flags.js'
import { RegistryCommand } from '../cli/registry-command.js'
import { renderCompat } from '../output/registry.js'
import { loadStyle } from '../output/style.js'

/** `schemactl check-compat <subject> <file>`: exit 1 when incompatible. */
export default class CheckCompat extends RegistryCommand<CompatReport> {
  static override summary = "Check a schema file against a subject's registered versions."
  static override description =
    "Without --version, compares with the versions the subject's compatibility level selects (the latest, or all for *_TRANSITIVE), as registering would. A subject that does not exist yet is compatible. The schema's data contract (the contract file beside it, or --metadata/--rule-set) is sent too: with a compatibilityGroup configured, only the versions of the same group are compared (--local applies the group as the registry does)."
  static override examples = [
    '<%= config.bin %> check-compat orders-value schemas/orders-value.avsc',
    '<%= config.bin %> check-compat orders-value new.avsc --version 3 --json',
    '<%= config.bin %> check-compat orders-value new.avsc --local',
  ]
  static override args = {
    subject: Args.string({ required: true, description: 'Subject name.' }),
    file: Args.string({ required: true, description: 'Schema file, or - for stdin.' }),
  }
  static override flags = {
    ...registryFlags,
    version: Flags.string({ description: 'Compare with this version only (a number or "latest").' }),
    local: Flags.boolean({ description: 'Fetch the versions and level, and decide with the embedded engine.' }),
    'schema-type': schemaTypeFlag,
    normalize: normalizeFlag,
    'follow-external-links': followExternalLinksFlag,
    ...contractFlags,
  }

  async run(): Promise<CompatReport> {
    const { args, flags } = await this.parse(CheckCompat)
    const result = await checkCompat(this.registryContext(flags), args.subject, args.file, {
      version: parseVersionArg(flags.version),
      local: flags.local,
      schemaType: parseSchemaType(flags['schema-type']),
      normalize: flags.normalize,
      followExternalLinks: flags['follow-external-links'],
      metadata: flags.metadata,
      ruleSet: flags['rule-set'],
    })
    if (!result.compatible) process.exitCode = 1
    if (!this.jsonEnabled()) this.log(renderCompat(result, await loadStyle(this.colorEnabled), { width: this.terminalWidth, raw: this.debugEnabled }))
    return result
  }
}
