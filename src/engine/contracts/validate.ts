/**
 * The registry's checks of a rule set (Confluent's `RuleSet#validate` and `Rule#validate`), answered
 * with error code 42210 and the registry's own messages. The registry stops at the first problem;
 * these checks report every problem, in the order the registry meets them, so the first one is
 * its answer. Metadata has no such checks: the registry takes any well-formed metadata.
 */
import { DOMAIN_MODES, MIGRATION_MODES, RULE_LISTS, type ContractIssue, type Rule, type RuleList, type RuleSet } from './types.js'

/** A rule as read, before the checks that require a name and a type. */
export type LooseRule = Partial<Rule> & Pick<Rule, 'kind' | 'mode' | 'disabled'>

/** A rule set as read, before its checks. */
export type LooseRuleSet = { [L in RuleList]?: LooseRule[] }

/** The longest rule name the registry takes (`Rule.NAME_MAX_LENGTH`). */
export const RULE_NAME_MAX_LENGTH = 64

const ONLY: Record<RuleList, { modes: readonly string[]; message: string }> = {
  migrationRules: { modes: MIGRATION_MODES, message: 'Migration rules can only be UPGRADE, DOWNGRADE, UPDOWN' },
  domainRules: { modes: DOMAIN_MODES, message: 'Domain rules can only be WRITE, READ, WRITEREAD' },
  encodingRules: { modes: DOMAIN_MODES, message: 'Encoding rules can only be WRITE, READ, WRITEREAD' },
}

/**
 * The 42210 issues of a rule set, in the registry's order: across all three lists (migration, then
 * domain, then encoding rules) a rule name may appear once; each rule needs a well-formed name
 * (a letter or `_`, then letters, digits, `_` or `-`, at most 64 characters) and a `type`; an action
 * pair (`onSuccess: "NONE,ERROR"`) needs a WRITEREAD or UPDOWN rule; and each list takes only its
 * own modes. `path` is the rule set's JSON Pointer, prefixed to each issue's path.
 */
export function validateRuleSet(ruleSet: LooseRuleSet | RuleSet, path = '/ruleSet'): ContractIssue[] {
  const issues: ContractIssue[] = []
  const names = new Set<string | undefined>()
  for (const list of RULE_LISTS) {
    ruleSet[list]?.forEach((rule: LooseRule, i) => {
      const at = `${path}/${list}/${i}`
      const fail = (member: string, message: string) => issues.push({ errorCode: 42210, path: `${at}${member}`, message })
      if (names.has(rule.name)) fail('/name', `Found rule with duplicate name '${String(rule.name ?? null)}'`)
      names.add(rule.name)
      const nameProblem = ruleNameProblem(rule.name)
      if (nameProblem !== undefined) fail('/name', nameProblem)
      if (rule.type === undefined) fail('', 'Missing rule type')
      for (const action of ['onSuccess', 'onFailure'] as const) {
        if (rule.mode !== 'WRITEREAD' && rule.mode !== 'UPDOWN' && rule[action]?.includes(','))
          fail(`/${action}`, 'Multiple actions only valid with WRITEREAD and UPDOWN')
      }
      if (!ONLY[list].modes.includes(rule.mode)) fail('/mode', ONLY[list].message)
    })
  }
  return issues
}

/** The registry's message for a malformed rule name, or undefined when the name is fine. */
export function ruleNameProblem(name: string | undefined): string | undefined {
  if (name === undefined) return 'Missing rule name'
  if (name.length === 0) return 'Empty rule name'
  if (name.length > RULE_NAME_MAX_LENGTH) return 'Rule name too long'
  // Java checks UTF-16 code units one by one: a character outside the BMP is never a letter there.
  if (!(isJavaLetter(name[0]) || name[0] === '_')) return `Illegal initial character in rule name: ${name}`
  for (let i = 1; i < name.length; i++) {
    const c = name[i]
    if (!(isJavaLetter(c) || /^\p{Nd}$/u.test(c) || c === '_' || c === '-')) return `Illegal character in rule name: ${name}`
  }
  return undefined
}

function isJavaLetter(codeUnit: string): boolean {
  return /^\p{L}$/u.test(codeUnit)
}
