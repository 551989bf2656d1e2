import { RULES, type Rule } from '../engine/rules/index.js'

/** A rule as `schemactl rules` shows it: the catalogue entry without its check function. */
export interface RuleSummary {
  id: string
  kind: Rule['kind']
  severity: Rule['severity']
  purpose: string
  docs: string
  /** Lint rules: the smallest category that includes the rule. */
  category?: string
  /** Compatibility rules: the Avro incompatibility type, and the direction of a finer id. */
  type?: string
  direction?: string
}

/** The rule catalogue (optionally one kind), as data. */
export function listRules(kind?: Rule['kind']): RuleSummary[] {
  return RULES.filter((r) => kind === undefined || r.kind === kind).map((r) => {
    const { check: _check, ...summary } = r as Rule & { check?: unknown }
    return summary
  })
}
