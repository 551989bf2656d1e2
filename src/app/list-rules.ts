import type { SchemaType } from '../engine/formats/index.js'
import { RULES, ruleSchemaTypes, type Rule } from '../engine/rules/index.js'

/** A rule as `schemactl rules` shows it: the catalogue entry without its check function. */
export interface RuleSummary {
  id: string
  kind: Rule['kind']
  severity: Rule['severity']
  purpose: string
  docs: string
  /** The schema types the rule applies to (history rules: every type). */
  schemaTypes: SchemaType[]
  /** Lint rules: the smallest category that includes the rule. */
  category?: string
  /** Compatibility rules: the Avro incompatibility type, and the direction of a finer id. */
  type?: string
  direction?: string
  /** Lint rules that compare the newest version with the one before it. */
  comparesVersions?: boolean
}

/** The rule catalogue (optionally one kind, or the rules of one schema type), as data. */
export function listRules(kind?: Rule['kind'], schemaType?: SchemaType): RuleSummary[] {
  return RULES.filter((r) => (kind === undefined || r.kind === kind) && (schemaType === undefined || ruleSchemaTypes(r).includes(schemaType))).map((r) => {
    const { check: _check, schemaType: _type, ...summary } = r as Rule & { check?: unknown; schemaType?: unknown }
    return { ...summary, schemaTypes: ruleSchemaTypes(r) }
  })
}
