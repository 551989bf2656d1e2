import { Args, Flags } from '@oclif/core'
import { parseSchemaType } from '../app/input/schema.js'
import { listRules, RULE_KINDS, showRule, type RuleSummary } from '../app/lint/list-rules.js'
import { BaseCommand } from '../cli/base-command.js'
import { outputFlag } from '../cli/output-flag.js'
import { loadStyle } from '../output/style.js'
import { renderRuleText, renderRulesText } from '../output/rules-text.js'

/** `schemactl rules [ID]`: the catalogue of every id a finding of check or lint can carry, or one entry in full. */
export default class Rules extends BaseCommand<RuleSummary[] | RuleSummary> {
  static override summary = 'List every id a finding of check and lint can carry (rules and input problems), or show one in full.'

  static override examples = [
    { description: 'The catalogue as a table', command: '<%= config.bin %> rules' },
    { description: 'One rule in full: description, kind, schema types, severity, options', command: '<%= config.bin %> rules FIELD_ADDED_WITHOUT_DEFAULT' },
    { description: 'Only lint rules, as JSON', command: '<%= config.bin %> rules --kind lint --json' },
    { description: 'Problems of the input itself (unreadable files, bad layout, configuration)', command: '<%= config.bin %> rules --kind input' },
    { description: 'Every rule with its docs', command: '<%= config.bin %> rules --long' },
    { description: 'The rules that apply to Protobuf schemas', command: '<%= config.bin %> rules --schema-type protobuf' },
  ]

  static override args = {
    id: Args.string({ description: 'A rule or input problem id (any letter case): show that entry in full.' }),
  }

  static override flags = {
    output: outputFlag,
    kind: Flags.option({ options: RULE_KINDS, description: 'Only entries of this kind (input: problems of the input itself, not rules).' })(),
    'schema-type': Flags.string({
      description: 'Only rules that apply to schemas of this type: AVRO, JSON or PROTOBUF (any letter case).',
      helpValue: 'AVRO|JSON|PROTOBUF',
    }),
    long: Flags.boolean({ char: 'l', description: "Also print each rule's docs: why it matters and how to fix it." }),
  }

  async run(): Promise<RuleSummary[] | RuleSummary> {
    const { args, flags } = await this.parse(Rules)
    const style = this.jsonEnabled() ? undefined : await loadStyle(this.colorEnabled)
    if (args.id !== undefined) {
      const rule = showRule(args.id)
      if (style) this.log(renderRuleText(rule, style))
      return rule
    }
    const rules = listRules(flags.kind, parseSchemaType(flags['schema-type']))
    if (style) this.log(renderRulesText(rules, style, { long: flags.long }))
    return rules
  }
}
