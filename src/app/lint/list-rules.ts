import { closestMatches } from '../../config/did-you-mean.js'
import type { SchemaType } from '../../engine/formats/index.js'
import { CATALOGUE, ruleSchemaTypes, type Rule } from '../../engine/rules/index.js'
import { UsageError } from '../../errors.js'
import { INPUT_PROBLEMS } from '../input-problems.js'

/** The kinds of catalogue entries: the rule kinds, and input problems. */
export const RULE_KINDS = ['compatibility', 'history', 'lint', 'input'] as const
/** One of the kinds. */
export type RuleKind = (typeof RULE_KINDS)[number]

/** A catalogue entry as `schemactl rules` shows it: a rule without its check function, or an input problem. */
export interface RuleSummary {
  id: string
  kind: RuleKind
  severity: 'error' | 'warning'
  purpose: string
  docs: string
  /** The schema types the rule applies to (history rules and input problems: every type). */
  schemaTypes: SchemaType[]
  /** Lint rules: the smallest category that includes the rule. */
  category?: string
  /** Compatibility rules: the Avro incompatibility type (or the registry's difference type), and the direction of a finer id. */
  type?: string
  direction?: string
  /** Lint rules that compare the newest version with the one before it. */
  comparesVersions?: boolean
  /** Settings that change what the rule finds. */
  options?: Array<{ name: string; description: string }>
  example?: string
  /** Input problems: the exit code of a run that meets one. */
  exitCode?: number
}

const ALL_TYPES: SchemaType[] = ['AVRO', 'JSON', 'PROTOBUF']

/** The whole catalogue as data: every rule (compatibility, history, lint), then the input problems. */
export function ruleCatalogue(): RuleSummary[] {
  return [
    ...CATALOGUE.map(summarize),
    ...INPUT_PROBLEMS.map((p) => ({
      ...p,
      kind: 'input' as const,
      severity: 'error' as const,
      schemaTypes: ALL_TYPES,
      options: p.options?.map((o) => ({ ...o })),
    })),
  ].map(withoutUndefined)
}

/** The catalogue (optionally one kind, or the entries of one schema type), as data. */
export function listRules(kind?: RuleKind, schemaType?: SchemaType): RuleSummary[] {
  return ruleCatalogue().filter((r) => (kind === undefined || r.kind === kind) && (schemaType === undefined || r.schemaTypes.includes(schemaType)))
}

/** One entry by id (any letter case); an unknown id is a usage error that names the nearest ids. */
export function showRule(id: string): RuleSummary {
  const catalogue = ruleCatalogue()
  const found = catalogue.find((r) => r.id === id.trim().toUpperCase())
  if (found !== undefined) return found
  const nearest = closestMatches(
    id.trim().toUpperCase(),
    catalogue.map((r) => r.id),
  )
  throw new UsageError(`'${id}' is not a rule id`, {
    code: 'UNKNOWN_RULE',
    hint: nearest.length > 0 ? `Did you mean ${nearest.join(', ')}?` : 'See `schemactl rules` for the ids.',
  })
}

function summarize(rule: Rule): RuleSummary {
  const {
    check: _check,
    schemaType: _type,
    schemaTypes: _types,
    options,
    ...summary
  } = rule as Rule & { check?: unknown; schemaType?: unknown; schemaTypes?: unknown }
  return { ...summary, schemaTypes: ruleSchemaTypes(rule), ...(options ? { options: options.map((o) => ({ ...o })) } : {}) }
}

function withoutUndefined(entry: RuleSummary): RuleSummary {
  return Object.fromEntries(Object.entries(entry).filter(([, v]) => v !== undefined)) as unknown as RuleSummary
}
