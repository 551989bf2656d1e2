import { isJsonataRule } from '../contracts/expressions.js'
import { RULE_LISTS } from '../contracts/types.js'
import type { LintProblem, LintRule } from './types.js'

/** `JSONATA_EXPRESSION_VALID`: the expression of every JSONATA rule parses. */
export const jsonataExpressionValidRule: LintRule = {
  id: 'JSONATA_EXPRESSION_VALID',
  kind: 'lint',
  category: 'STANDARD',
  severity: 'error',
  purpose: 'The expression of every JSONATA rule is valid JSONata.',
  docs: 'Migration rules (UPGRADE, DOWNGRADE) usually transform messages with JSONata. The registry stores the expression without reading it, so a syntax error shows only when a consumer reads data across versions, and fails every message. The check compiles each expression with the jsonata package, which the official JavaScript client runs these rules with. A JSONATA rule without an expression does nothing and is reported too.',
  check(_parsed, context) {
    const ruleSet = context.contract?.ruleSet
    const parse = context.expressions?.jsonata
    if (ruleSet === undefined || parse === undefined) return []
    const problems: LintProblem[] = []
    for (const list of RULE_LISTS) {
      ruleSet[list]?.forEach((rule, i) => {
        if (!isJsonataRule(rule)) return
        if (rule.expr === undefined) {
          problems.push({ message: `JSONATA rule '${rule.name}' has no expression`, pointer: `/ruleSet/${list}/${i}`, in: 'contract' })
          return
        }
        const error = parse(rule.expr)
        if (error === undefined) return
        const at = error.offset === undefined ? '' : ` at character ${error.offset + 1}`
        problems.push({
          message: `JSONATA rule '${rule.name}': invalid JSONata${at} of its expression: ${error.message}`,
          pointer: `/ruleSet/${list}/${i}/expr`,
          in: 'contract',
        })
      })
    }
    return problems
  },
}
