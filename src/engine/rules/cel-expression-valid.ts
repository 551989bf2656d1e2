import { celExpressionParts, isCelRule } from '../contracts/expressions.js'
import { RULE_LISTS } from '../contracts/types.js'
import type { LintProblem, LintRule } from './types.js'

/** `CEL_EXPRESSION_VALID`: the expression of every CEL and CEL_FIELD rule parses. */
export const celExpressionValidRule: LintRule = {
  id: 'CEL_EXPRESSION_VALID',
  kind: 'lint',
  category: 'STANDARD',
  severity: 'error',
  purpose: 'The expression of every CEL and CEL_FIELD rule is valid CEL.',
  docs: 'The registry stores a rule\'s expression without reading it; a syntax error shows only when a producer or consumer runs the rule, and fails every message. The check parses each expression (and its guard, the text before a ";") with the CEL parser the official JavaScript client runs rules with. A CEL rule without an expression does nothing and is reported too.',
  check(_parsed, context) {
    const ruleSet = context.contract?.ruleSet
    const parse = context.expressions?.cel
    if (ruleSet === undefined || parse === undefined) return []
    const problems: LintProblem[] = []
    for (const list of RULE_LISTS) {
      ruleSet[list]?.forEach((rule, i) => {
        if (!isCelRule(rule)) return
        const pointer = `/ruleSet/${list}/${i}/expr`
        if (rule.expr === undefined) {
          problems.push({ message: `${rule.type} rule '${rule.name}' has no expression`, pointer: `/ruleSet/${list}/${i}`, in: 'contract' })
          return
        }
        for (const part of celExpressionParts(rule.expr)) {
          const error = parse(part.text)
          if (error === undefined) continue
          const at = error.offset === undefined ? '' : ` at character ${part.offset + error.offset + 1}`
          problems.push({ message: `${rule.type} rule '${rule.name}': invalid CEL${at} of its expression: ${error.message}`, pointer, in: 'contract' })
          break
        }
      })
    }
    return problems
  },
}
