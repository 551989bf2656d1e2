/**
 * The rule catalogue: the only registry of rules. Every finding of `check` and `lint` carries one
 * of these stable ids; `schemactl rules` prints this list. Pure (no I/O).
 */
import type { IncompatibilityType } from '../types.js'
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
import { LINT_CATEGORIES, type CompatibilityRule, type LintCategory, type LintRule, type Rule } from './types.js'

export * from './types.js'
export { registeredVersionChangedRule, registeredVersionDeletedRule, celExpressionValidRule, jsonataExpressionValidRule }

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
