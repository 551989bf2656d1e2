import { matchesFieldPath, taggedFields } from '../contracts/tags.js'
import type { Rule, RuleSet } from '../contracts/types.js'
import type { LintProblem, LintRule } from './types.js'

/** `PII_FIELD_ENCRYPTED`: a field tagged as personal data is covered by an enabled encryption rule. */
export const piiFieldEncryptedRule: LintRule = {
  id: 'PII_FIELD_ENCRYPTED',
  kind: 'lint',
  category: 'STANDARD',
  severity: 'error',
  purpose: 'A field tagged as personal data (PII) is encrypted by an enabled ENCRYPT rule of its contract.',
  docs: "A field carrying a PII tag (its \"confluent:tags\" property, or a metadata tags path that matches it; tag names set by lint.piiTags) must be covered by an enabled domain rule of type ENCRYPT whose mode writes (WRITE or WRITEREAD) and whose tags include one of the field's tags (a rule without tags covers every field), or by an enabled ENCRYPT_PAYLOAD encoding rule. Otherwise producers write the value in clear text. Add the rule to the version's contract file or to the config's overrideRuleSet, or list the field in lint.piiExceptions.",
  options: [
    { name: 'lint.piiTags', description: 'The tag names that mark personal data (default ["PII"]).' },
    { name: 'lint.piiExceptions', description: 'Field full names or patterns exempt from the rule (com.acme.User.email, **.email).' },
  ],
  check(parsed, context) {
    // The config's default is the same single tag (config/rules/lint.ts).
    const piiTags = context.piiTags ?? ['PII']
    const exceptions = context.piiExceptions ?? []
    const problems: LintProblem[] = []
    for (const field of taggedFields(parsed, context.contract?.metadata)) {
      const pii = field.tags.filter((t) => piiTags.includes(t))
      if (pii.length === 0 || exceptions.some((pattern) => matchesFieldPath(field.fullName, pattern))) continue
      if (encryptedBy(context.contract?.ruleSet, field.tags) !== undefined) continue
      problems.push({
        message: `field ${field.fullName} is tagged ${pii.join(', ')} but no enabled ENCRYPT rule covers it (add one with "tags": ["${pii[0]}"], or list the field in lint.piiExceptions)`,
        pointer: field.pointer,
      })
    }
    return problems
  },
}

/** The enabled rule that encrypts a field with these tags when producers write, if any. */
function encryptedBy(ruleSet: RuleSet | undefined, fieldTags: readonly string[]): Rule | undefined {
  const writes = (rule: Rule) => !rule.disabled && (rule.mode === 'WRITE' || rule.mode === 'WRITEREAD')
  const field = (ruleSet?.domainRules ?? []).find(
    (r) => writes(r) && r.type === 'ENCRYPT' && (r.tags === undefined || r.tags.some((t) => fieldTags.includes(t))),
  )
  return field ?? (ruleSet?.encodingRules ?? []).find((r) => writes(r) && r.type === 'ENCRYPT_PAYLOAD')
}
