import { Args, Flags } from '@oclif/core'
import { register } from '../app/register/register.js'
import type { RegisterResult } from '../app/register/schema.js'
import { parseReferencesFlag, parseSchemaType } from '../app/input/schema.js'
import { followExternalLinksFlag } from '../cli/flags.js'
import { contractFlags, normalizeFlag, registryFlags, schemaTypeFlag } from '../cli/registry-flags.js'
import { RegistryCommand } from '../cli/registry-command.js'
import { renderRegister } from '../output/registry.js'
import { loadStyle } from '../output/style.js'

/** `schemactl register <file|dir|->`: exit 1 when a schema is incompatible or a subject's registered history conflicts with the folder's. */
export default class Register extends RegistryCommand<RegisterResult> {
  static override summary = 'Register a schema file, or every version of a workspace folder that the registry lacks.'
  static override examples = [
    '<%= config.bin %> register schemas/orders-value.avsc',
    'cat order.avsc | <%= config.bin %> register - --subject orders-value',
    '<%= config.bin %> register orders-value.avsc --metadata owner.json --rule-set encrypt-pii.json',
    '<%= config.bin %> register schemas/ --dry-run',
  ]
  static override args = { input: Args.string({ required: true, description: 'Schema file, workspace folder, or - for stdin.' }) }
  static override flags = {
    ...registryFlags,
    subject: Flags.string({ char: 's', description: 'Subject (default: from the file name, as in the workspace layout).' }),
    'schema-type': schemaTypeFlag,
    references: Flags.string({ description: 'Schema references as a JSON array of {name, subject, version}, inline or a file.' }),
    ...contractFlags,
    normalize: normalizeFlag,
    'dry-run': Flags.boolean({ description: 'Only look up and check compatibility; print what would be registered.' }),
    partial: Flags.boolean({ description: 'Folder: register the compatible subjects even when others are refused (default: register none).' }),
    'latest-only': Flags.boolean({
      description: "Folder: register only each subject's newest version (default: every version the registry lacks, oldest first).",
    }),
    'follow-external-links': followExternalLinksFlag,
  }

  async run(): Promise<RegisterResult> {
    const { args, flags } = await this.parse(Register)
    const result = await register(this.registryContext(flags), args.input, {
      subject: flags.subject,
      schemaType: parseSchemaType(flags['schema-type']),
      references: await parseReferencesFlag(flags.references),
      metadata: flags.metadata,
      ruleSet: flags['rule-set'],
      normalize: flags.normalize,
      dryRun: flags['dry-run'],
      partial: flags.partial,
      latestOnly: flags['latest-only'],
      followExternalLinks: flags['follow-external-links'],
    })
    if (result.outcomes.some((o) => o.status === 'incompatible' || o.status === 'conflict')) process.exitCode = 1
    if (!this.jsonEnabled()) this.log(renderRegister(result, await loadStyle(this.colorEnabled), { width: this.terminalWidth, raw: this.debugEnabled }))
    return result
  }
}
