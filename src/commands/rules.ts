import { Flags } from '@oclif/core'
import { parseSchemaType } from '../app/schema-input.js'
import { listRules, type RuleSummary } from '../app/list-rules.js'
import { BaseCommand } from '../cli/base-command.js'
import { outputFlag } from '../cli/output-flag.js'
import { loadStyle } from '../output/style.js'
import { renderRulesText } from '../output/rules-text.js'

/** `schemactl rules`: the rule catalogue (compatibility and lint rules) with stable ids. */
export default class Rules extends BaseCommand<RuleSummary[]> {
  static override summary = 'List the rules behind every finding of check and lint, with their stable ids and the schema types they apply to.'

  static override examples = [
    { description: 'The catalogue as a table', command: '<%= config.bin %> rules' },
    { description: 'Only lint rules, as JSON', command: '<%= config.bin %> rules --kind lint --json' },
    { description: 'Every rule with its docs', command: '<%= config.bin %> rules --long' },
    { description: 'The rules that apply to Protobuf schemas', command: '<%= config.bin %> rules --schema-type protobuf' },
  ]

  static override flags = {
    output: outputFlag,
    kind: Flags.option({ options: ['compatibility', 'history', 'lint'] as const, description: 'Only rules of this kind.' })(),
    'schema-type': Flags.string({ description: 'Only rules that apply to schemas of this type: AVRO, JSON or PROTOBUF (any letter case).', helpValue: 'AVRO|JSON|PROTOBUF' }),
    long: Flags.boolean({ char: 'l', description: 'Also print each rule\'s docs: why it matters and how to fix it.' }),
  }

  async run(): Promise<RuleSummary[]> {
    const { flags } = await this.parse(Rules)
    const rules = listRules(flags.kind, parseSchemaType(flags['schema-type']))
    if (!this.jsonEnabled()) this.log(renderRulesText(rules, await loadStyle(this.colorEnabled), { long: flags.long }))
    return rules
  }
}
