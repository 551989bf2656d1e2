import { Flags } from '@oclif/core'
import { listRules, type RuleSummary } from '../app/list-rules.js'
import { BaseCommand } from '../cli/base-command.js'
import { outputFlag } from '../cli/output-flag.js'
import { loadStyle } from '../output/style.js'
import { renderRulesText } from '../output/rules-text.js'

/** `schemactl rules`: the rule catalogue (compatibility and lint rules) with stable ids. */
export default class Rules extends BaseCommand<RuleSummary[]> {
  static override summary = 'List the rules behind every finding of check and lint, with their stable ids.'

  static override examples = [
    { description: 'The catalogue as a table', command: '<%= config.bin %> rules' },
    { description: 'Only lint rules, as JSON', command: '<%= config.bin %> rules --kind lint --json' },
    { description: 'Every rule with its docs', command: '<%= config.bin %> rules --long' },
  ]

  static override flags = {
    output: outputFlag,
    kind: Flags.option({ options: ['compatibility', 'history', 'lint'] as const, description: 'Only rules of this kind.' })(),
    long: Flags.boolean({ char: 'l', description: 'Also print each rule\'s docs: why it matters and how to fix it.' }),
  }

  async run(): Promise<RuleSummary[]> {
    const { flags } = await this.parse(Rules)
    const rules = listRules(flags.kind)
    if (!this.jsonEnabled()) this.log(renderRulesText(rules, await loadStyle(this.colorEnabled), { long: flags.long }))
    return rules
  }
}
