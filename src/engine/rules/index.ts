/**
 * The rule catalogue: the only registry of rules. Every finding of `check` and `lint` carries one
 * of these stable ids; `schemactl rules` prints this list. Pure (no I/O).
 */
import type { Contract } from '../contracts/types.js'
import type { ExpressionParsers } from '../contracts/expressions.js'
import type { ParsedSchema } from '../types.js'
import type { CompatibilityLevel, IncompatibilityType } from '../types.js'
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
import { jsonataExpressionValidRule } from './jsonata-expression-valid.js'
import { logicalTypeValidRule } from './logical-type-valid.js'
import { missingEnumSymbolsRule } from './missing-enum-symbols.js'
import { missingUnionBranchRule } from './missing-union-branch.js'
import { namespaceRequiredRule } from './namespace-required.js'
import { nameMismatchRule } from './name-mismatch.js'
import { nullableUnionRule } from './nullable-union.js'
import { piiFieldEncryptedRule } from './pii-field-encrypted.js'
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

/** Any rule of the catalogue. */
export type Rule = CompatibilityRule | HistoryRule | LintRule

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
]

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
 * The lint rules selected by `use` (categories or rule ids) minus `except` (rule ids or categories).
 * A category selects every rule of it and of the smaller categories.
 */
export function selectLintRules(use: readonly string[], except: readonly string[]): LintRule[] {
  const lint = RULES.filter((r): r is LintRule => r.kind === 'lint')
  const matches = (rule: LintRule, names: readonly string[]) =>
    names.some((n) => n === rule.id || (LINT_CATEGORIES.includes(n as LintCategory) && LINT_CATEGORIES.indexOf(rule.category) <= LINT_CATEGORIES.indexOf(n as LintCategory)))
  return lint.filter((r) => matches(r, use) && !except.includes(r.id) && !LINT_CATEGORIES.some((c) => except.includes(c) && r.category === c))
}
