/**
 * What a rule is: the shapes of compatibility, history and lint rules and of what a lint rule
 * reads and reports. The rule files implement these; the catalogue (index.ts) lists them. Pure.
 */
import type { Contract } from '../contracts/types.js'
import type { ExpressionParsers } from '../contracts/expressions.js'
import type { CompatibilityLevel, IncompatibilityType, ParsedSchema } from '../types.js'
import type { SchemaType } from '../formats/format.js'

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
  /** Settings that change what the rule finds (config keys, flags). */
  readonly options?: readonly RuleOption[]
  /** A short example of what the rule finds, and the fix. */
  readonly example?: string
}

/** A setting that changes what a rule finds: a config key, flag or environment variable, and its effect. */
export interface RuleOption {
  readonly name: string
  readonly description: string
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

/**
 * A compatibility rule of a schema type whose engine reports the registry's differences (JSON
 * Schema, Protobuf): one difference type that can break compatibility, its id the type's own
 * name; or a verdict that holds for every type (a changed schema type).
 */
export interface DifferenceRule extends RuleBase {
  readonly kind: 'compatibility'
  /** The registry's difference type (the id). */
  readonly type: string
  readonly schemaTypes: readonly SchemaType[]
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
// eslint-disable-next-line @typescript-eslint/no-explicit-any
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
export type Rule = CompatibilityRule | DifferenceRule | HistoryRule | LintRule | FormatLintRule
