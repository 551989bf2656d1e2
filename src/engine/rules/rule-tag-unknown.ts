import { taggedFields } from '../contracts/tags.js'
import { RULE_LISTS } from '../contracts/types.js'
import type { LintProblem, LintRule } from './types.js'

/** `RULE_TAG_UNKNOWN`: a contract rule names a tag that no field of the schema carries. */
export const ruleTagUnknownRule: LintRule = {
  id: 'RULE_TAG_UNKNOWN',
  kind: 'lint',
  category: 'STANDARD',
  severity: 'error',
  purpose: 'A rule of the contract names only tags that some field of the schema carries.',
  docs: 'A field rule (ENCRYPT, CEL_FIELD, …) applies to the fields carrying one of its tags: a field\'s tags are its "confluent:tags" property plus those of every metadata tags path that matches its full name. A tag no field carries is usually a typo, and the rule then silently applies to nothing (an ENCRYPT rule encrypts nothing). Tag the fields, or fix the rule\'s tags.',
  check(parsed, context) {
    const ruleSet = context.contract?.ruleSet
    if (ruleSet === undefined) return []
    const carried = new Set(taggedFields(parsed, context.contract?.metadata, { includeReferenced: true }).flatMap((f) => f.tags))
    const problems: LintProblem[] = []
    for (const list of RULE_LISTS) {
      ruleSet[list]?.forEach((rule, i) => {
        // Payload encryption works on the whole message: its tags select no field.
        if (rule.type === 'ENCRYPT_PAYLOAD') return
        rule.tags?.forEach((tag, j) => {
          if (!carried.has(tag))
            problems.push({
              message: `rule '${rule.name}' names tag '${tag}', which no field of the schema carries`,
              pointer: `/ruleSet/${list}/${i}/tags/${j}`,
              in: 'contract',
            })
        })
      })
    }
    return problems
  },
}
