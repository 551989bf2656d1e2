import { Args, Flags } from '@oclif/core'
import { setCompatibility, type CompatibilityChange } from '../app/registry/config.js'
import { registryFlags } from '../cli/registry-flags.js'
import { RegistryCommand } from '../cli/registry-command.js'
import { renderCompatibilityChange } from '../output/registry.js'
import { loadStyle } from '../output/style.js'

const LEVELS = ['NONE', 'BACKWARD', 'BACKWARD_TRANSITIVE', 'FORWARD', 'FORWARD_TRANSITIVE', 'FULL', 'FULL_TRANSITIVE']

/** `schemactl set-config [subject] <LEVEL>`, config fields from flags, and `set-config <subject> --delete`. */
export default class SetConfig extends RegistryCommand<CompatibilityChange> {
  static override summary = "Set the global or a subject's compatibility level, compatibility group, policy and data-contract defaults and overrides."
  static override examples = [
    '<%= config.bin %> set-config FULL',
    '<%= config.bin %> set-config orders-value BACKWARD_TRANSITIVE',
    '<%= config.bin %> set-config orders-value --compatibility-group application.major.version',
    '<%= config.bin %> set-config --default-metadata owner.json --override-rule-set encrypt-pii.json',
    '<%= config.bin %> set-config orders-value --delete',
  ]
  static override args = {
    subject: Args.string({ description: 'Subject name; omit it to set the global config (`set-config FULL`).' }),
    level: Args.string({ description: 'The level: NONE, BACKWARD, BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL, FULL_TRANSITIVE.' }),
  }
  static override flags = {
    ...registryFlags,
    delete: Flags.boolean({ description: "Remove the subject's own config (it then inherits the global one)." }),
    'compatibility-group': Flags.string({
      description: 'Metadata property whose value groups versions: a new version is checked only against earlier versions with the same value.',
      helpValue: 'PROPERTY',
    }),
    policy: Flags.string({ description: "The registry's compatibilityPolicy for JSON Schema checks.", helpValue: 'STRICT|LENIENT' }),
    'default-metadata': Flags.string({ description: "Metadata merged under each new version's own (a JSON file).", helpValue: 'FILE' }),
    'override-metadata': Flags.string({ description: "Metadata merged over each new version's own (a JSON file).", helpValue: 'FILE' }),
    'default-rule-set': Flags.string({ description: "Rule set merged under each new version's own (a JSON file).", helpValue: 'FILE' }),
    'override-rule-set': Flags.string({ description: "Rule set merged over each new version's own (a JSON file).", helpValue: 'FILE' }),
  }

  async run(): Promise<CompatibilityChange> {
    const { args, flags } = await this.parse(SetConfig)
    const fields = {
      compatibilityGroup: flags['compatibility-group'],
      compatibilityPolicy: flags.policy,
      defaultMetadata: flags['default-metadata'],
      overrideMetadata: flags['override-metadata'],
      defaultRuleSet: flags['default-rule-set'],
      overrideRuleSet: flags['override-rule-set'],
    }
    const hasFields = Object.values(fields).some((v) => v !== undefined)
    // One argument is the global level, or with --delete the subject; with config fields, a subject unless it is a level name.
    const oneIsSubject = flags.delete || (hasFields && args.subject !== undefined && !LEVELS.includes(args.subject.trim().toUpperCase()))
    const [subject, level] = args.level === undefined && !oneIsSubject ? [undefined, args.subject] : [args.subject, args.level]
    const result = await setCompatibility(this.registryContext(flags), subject, level, { remove: flags.delete, fields })
    if (!this.jsonEnabled()) this.log(renderCompatibilityChange(result, await loadStyle(this.colorEnabled)))
    return result
  }
}
