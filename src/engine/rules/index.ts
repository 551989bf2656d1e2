/**
 * The rule catalogue: the only registry of rules. Every finding of `check` and `lint` carries one
 * of these stable ids; `schemactl rules` prints this list. Pure (no I/O).
 */
import type { IncompatibilityType } from '../types.js'
import { celExpressionValidRule } from './cel-expression-valid.js'
import { DIFFERENCE_RULES } from './differences/index.js'
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
import { LINT_CATEGORIES, type CompatibilityRule, type FormatLintRule, type LintCategory, type LintRule, type Rule } from './types.js'
import type { SchemaType } from '../formats/format.js'

export * from './types.js'
export { registeredVersionChangedRule, registeredVersionDeletedRule, celExpressionValidRule, jsonataExpressionValidRule }
export { DIFFERENCE_RULES, INCOMPATIBLE_DIFFERENCE_TYPES } from './differences/index.js'
export { lintSchema, type LintedFormat, type SchemaLintOptions, type SchemaLintResult } from './lint-schema.js'

/** Every rule of its own file: Avro's compatibility rules first, then history and lint rules; ids are unique (a test checks it). */
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

/**
 * The whole catalogue: the rules above with the compatibility rules of JSON Schema and Protobuf
 * (the registry's difference types) after Avro's. Every finding of `check` and `lint` but an
 * invalid input carries one of these ids.
 */
export const CATALOGUE: readonly Rule[] = [
  ...RULES.filter((r) => r.kind === 'compatibility'),
  ...DIFFERENCE_RULES,
  ...RULES.filter((r) => r.kind !== 'compatibility'),
]

/** The lint rules of each schema type: `lint` applies a schema's own set, chosen here and nowhere else. */
export const LINT_RULE_SETS = {
  AVRO: RULES.filter((r): r is LintRule => r.kind === 'lint' && !('schemaType' in r)),
  JSON: JSON_LINT_RULES,
  PROTOBUF: PROTOBUF_LINT_RULES,
} as const satisfies Record<SchemaType, readonly (LintRule | FormatLintRule)[]>

/** The schema types a rule applies to: a lint rule its set's type, history rules every type, a difference rule its types, Avro's compatibility rules Avro. */
export function ruleSchemaTypes(rule: Rule): SchemaType[] {
  if (rule.kind === 'history') return ['AVRO', 'JSON', 'PROTOBUF']
  if ('schemaTypes' in rule) return [...rule.schemaTypes]
  return 'schemaType' in rule ? [rule.schemaType] : ['AVRO']
}

/** The rule of the catalogue with this id, if any. */
export function findRule(id: string): Rule | undefined {
  return CATALOGUE.find((r) => r.id === id)
}

/** The finest rule for an incompatibility: the type's rule for its direction, else the type's own rule. */
export function ruleForIncompatibility(type: IncompatibilityType, direction: 'backward' | 'forward'): CompatibilityRule {
  const rules = RULES.filter((r): r is CompatibilityRule => r.kind === 'compatibility' && !('schemaTypes' in r) && r.type === type)
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
export function selectRuleSet<T extends SchemaType>(
  schemaType: T,
  use: readonly string[],
  except: readonly string[],
): Array<(typeof LINT_RULE_SETS)[T][number]> {
  return selectFrom<(typeof LINT_RULE_SETS)[T][number]>(LINT_RULE_SETS[schemaType], use, except)
}

function selectFrom<R extends { id: string; category: LintCategory }>(rules: readonly R[], use: readonly string[], except: readonly string[]): R[] {
  const matches = (rule: R, names: readonly string[]) =>
    names.some(
      (n) =>
        n === rule.id || (LINT_CATEGORIES.includes(n as LintCategory) && LINT_CATEGORIES.indexOf(rule.category) <= LINT_CATEGORIES.indexOf(n as LintCategory)),
    )
  return rules.filter((r) => matches(r, use) && !except.includes(r.id) && !LINT_CATEGORIES.some((c) => except.includes(c) && r.category === c))
}
