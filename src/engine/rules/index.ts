/**
 * The rule catalogue: the only registry of rules. Every finding of `check` and `lint` carries one
 * of these stable ids; `schemactl rules` prints this list. Pure (no I/O).
 */
import type { Contract } from '../contracts/types.js'
import type { ExpressionParsers } from '../contracts/expressions.js'
import type { ParsedSchema } from '../types.js'
import type { CompatibilityLevel, IncompatibilityType } from '../types.js'
import type { SchemaType } from '../formats/format.js'
import { celExpressionValidRule } from './cel-expression-valid.js'
import { docRequiredRule } from './doc-required.js'
import { enumDefaultRequiredRule } from './enum-default-required.js'
import { enumSymbolAddedRule } from './enum-symbol-added.js'
import { enumSymbolRemovedRule } from './enum-symbol-removed.js'
import { fieldAddedWithoutDefaultRule } from './field-added-without-default.js'
import { fieldDefaultRequiredRule } from './field-default-required.js'
import { fieldNameCaseRule } from './field-name-case.js'
import { fieldRemovedWithoutDefaultRule } from './field-removed-without-default.js'
import { fixedSizeMismatchRule } from './fixed-size-mismatch.js'
import { JSON_LINT_RULES } from './json/index.js'
import { jsonataExpressionValidRule } from './jsonata-expression-valid.js'
import { logicalTypeValidRule } from './logical-type-valid.js'
import { missingEnumSymbolsRule } from './missing-enum-symbols.js'
import { missingUnionBranchRule } from './missing-union-branch.js'
import { namespaceRequiredRule } from './namespace-required.js'
import { nameMismatchRule } from './name-mismatch.js'
import { nullableUnionRule } from './nullable-union.js'
import { piiFieldEncryptedRule } from './pii-field-encrypted.js'
import { PROTOBUF_LINT_RULES } from './protobuf/index.js'
import { registeredVersionChangedRule } from './registered-version-changed.js'
import { registeredVersionDeletedRule } from './registered-version-deleted.js'
import { readerFieldMissingDefaultValueRule } from './reader-field-missing-default-value.js'
import { ruleTagUnknownRule } from './rule-tag-unknown.js'
import { typeMismatchRule } from './type-mismatch.js'
import { typeNamePascalCaseRule } from './type-name-pascal-case.js'
import { unionBranchAddedRule } from './union-branch-added.js'
import { unionBranchRemovedRule } from './union-branch-removed.js'

/** Lint categories, each including the one before: MINIMAL ⊂ STANDARD ⊂ STRICT. */
export const LINT_CATEGORIES = ['MINIMAL', 'STANDARD', 'STRICT'] as const
/** One of the lint categories. */
export type LintCategory = (typeof LINT_CATEGORIES)[number]

/** What every rule states about itself. */
interface RuleBase {
  /** Stable SCREAMING_SNAKE id. */
  readonly id: string
  readonly severity: 'error' | 'warning'
  /** One sentence: what the rule finds. */
  readonly purpose: string
  /** Why it matters and how to fix it. */
  readonly docs: string
}

/**
 * A compatibility rule: one of Avro's six incompatibility types, or a finer id for one type in
 * one direction (`backward`: the new schema reads old data; `forward`: the old schema reads new data).
 */
export interface CompatibilityRule extends RuleBase {
  readonly kind: 'compatibility'
  readonly type: IncompatibilityType
  readonly direction?: 'backward' | 'forward'
}

/** A rule on a subject's history against the baseline: registered versions are neither rewritten nor dropped. */
export interface HistoryRule extends RuleBase {
  readonly kind: 'history'
}

/**
 * Settings a lint rule may read: the subject's level and the configured field name style, and for
 * the data-contract rules the version's contract and the contract settings. Schema rules read only
 * the first two; a contract rule with no contract to read finds nothing to say about it.
 */
export interface LintContext {
  level: CompatibilityLevel
  fieldCase: 'camel' | 'snake'
  /** The version's data contract as the registry would store it (inheritance and config defaults and overrides applied). */
  contract?: Contract
  /** Tag names that mark personal data (config `lint.piiTags`; default `PII`). */
  piiTags?: readonly string[]
  /** Field paths (full names, with the wildcards of metadata tag paths) exempt from PII encryption (config `lint.piiExceptions`). */
  piiExceptions?: readonly string[]
  /** Expression syntax checks, given by the caller; without them the expression rules report nothing. */
  expressions?: ExpressionParsers
}

/**
 * One lint problem: a message and the JSON Pointer of the offending node, in the schema's document
 * or, for `in: 'contract'`, in the contract (`/ruleSet/domainRules/0/expr`).
 */
export interface LintProblem {
  message: string
  pointer: string
  in?: 'schema' | 'contract'
}

/** A governance rule checked on one schema. */
export interface LintRule extends RuleBase {
  readonly kind: 'lint'
  /** The smallest category that includes the rule. */
  readonly category: LintCategory
  check(schema: ParsedSchema, context: LintContext): LintProblem[]
}

/**
 * A lint problem of a schema type other than Avro: `pointer` is a JSON Pointer (JSON Schema) or an
 * element's name (`Order.status` in a `.proto` file); a rule that knows the position gives line:col.
 */
export interface FormatLintProblem extends LintProblem {
  line?: number
  column?: number
}

/** What a format lint rule reads besides the schema: the settings, and the previous version for a rule that compares versions. */
export interface FormatLintContext<D> extends LintContext {
  previous?: D
}

/** A governance rule for JSON Schema or Protobuf, checked on the schema's document (`D`: the format's lint view of it). */
export interface FormatLintRule<D = any> extends RuleBase {
  readonly kind: 'lint'
  readonly schemaType: Exclude<SchemaType, 'AVRO'>
  /** The smallest category that includes the rule. */
  readonly category: LintCategory
  /** Whether the rule compares the schema with its previous version (without one it finds nothing). */
  readonly comparesVersions?: boolean
  check(document: D, context: FormatLintContext<D>): FormatLintProblem[]
}

/** Any rule of the catalogue. */
export type Rule = CompatibilityRule | HistoryRule | LintRule | FormatLintRule

/** Every rule, compatibility rules first, then history and lint rules; ids are unique (a test checks it). */
export const RULES: readonly Rule[] = [
  nameMismatchRule,
  fixedSizeMismatchRule,
  missingEnumSymbolsRule,
  enumSymbolRemovedRule,
  enumSymbolAddedRule,
  readerFieldMissingDefaultValueRule,
  fieldAddedWithoutDefaultRule,
  fieldRemovedWithoutDefaultRule,
  typeMismatchRule,
  missingUnionBranchRule,
  unionBranchRemovedRule,
  unionBranchAddedRule,
  registeredVersionChangedRule,
  registeredVersionDeletedRule,
  namespaceRequiredRule,
  typeNamePascalCaseRule,
  fieldNameCaseRule,
  docRequiredRule,
  nullableUnionRule,
  enumDefaultRequiredRule,
  fieldDefaultRequiredRule,
  logicalTypeValidRule,
  piiFieldEncryptedRule,
  ruleTagUnknownRule,
  celExpressionValidRule,
  jsonataExpressionValidRule,
  ...JSON_LINT_RULES,
  ...PROTOBUF_LINT_RULES,
]

/** The lint rules of each schema type: `lint` applies a schema's own set, chosen here and nowhere else. */
export const LINT_RULE_SETS = {
  AVRO: RULES.filter((r): r is LintRule => r.kind === 'lint' && !('schemaType' in r)),
  JSON: JSON_LINT_RULES,
  PROTOBUF: PROTOBUF_LINT_RULES,
} as const satisfies Record<SchemaType, readonly (LintRule | FormatLintRule)[]>

/** The schema types a rule applies to: a lint rule its set's type, history rules every type, compatibility rules Avro (the other types report the registry's differences). */
export function ruleSchemaTypes(rule: Rule): SchemaType[] {
  if (rule.kind === 'history') return ['AVRO', 'JSON', 'PROTOBUF']
  return 'schemaType' in rule ? [rule.schemaType] : ['AVRO']
}

/** The rule with this id, if any. */
export function findRule(id: string): Rule | undefined {
  return RULES.find((r) => r.id === id)
}

/** The finest rule for an incompatibility: the type's rule for its direction, else the type's own rule. */
export function ruleForIncompatibility(type: IncompatibilityType, direction: 'backward' | 'forward'): CompatibilityRule {
  const rules = RULES.filter((r): r is CompatibilityRule => r.kind === 'compatibility' && r.type === type)
  return rules.find((r) => r.direction === direction) ?? (rules.find((r) => r.direction === undefined) as CompatibilityRule)
}

/**
 * The Avro lint rules selected by `use` (categories or rule ids) minus `except` (rule ids or categories).
 * A category selects every rule of it and of the smaller categories.
 */
export function selectLintRules(use: readonly string[], except: readonly string[]): LintRule[] {
  return selectFrom(LINT_RULE_SETS.AVRO, use, except)
}

/** The rules of `schemaType`'s set selected by `use` minus `except`, as `selectLintRules` selects Avro's. */
export function selectRuleSet<T extends SchemaType>(schemaType: T, use: readonly string[], except: readonly string[]): Array<(typeof LINT_RULE_SETS)[T][number]> {
  return selectFrom<(typeof LINT_RULE_SETS)[T][number]>(LINT_RULE_SETS[schemaType], use, except)
}

function selectFrom<R extends { id: string; category: LintCategory }>(rules: readonly R[], use: readonly string[], except: readonly string[]): R[] {
  const matches = (rule: R, names: readonly string[]) =>
    names.some((n) => n === rule.id || (LINT_CATEGORIES.includes(n as LintCategory) && LINT_CATEGORIES.indexOf(rule.category) <= LINT_CATEGORIES.indexOf(n as LintCategory)))
  return rules.filter((r) => matches(r, use) && !except.includes(r.id) && !LINT_CATEGORIES.some((c) => except.includes(c) && r.category === c))
}
