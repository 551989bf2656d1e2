import type { ContractConfig } from '../engine/contracts/index.js'
import type { CompatibilityPolicy, SchemaType } from '../engine/formats/index.js'
import type { CompatibilityLevel } from '../engine/index.js'
import type { RegistryProfileConfig } from './registry-profile.js'

/** Settings that apply to the subjects matching one `subjects` key. */
export interface SubjectConfig {
  /** The subject's compatibility level (overrides the top-level `compatibility`). */
  compatibility?: CompatibilityLevel
  /** The subject's contract settings; each field set here wins over the top-level `contracts`' one. */
  contracts?: ContractConfig
  /** The type of the subject's `.json` files (JSON Schema is also recognised by `$schema`; AVRO keeps Avro in `.json`). */
  schemaType?: SchemaType
  /** JSON Schema's compatibility policy for the subject (overrides the top-level `compatibilityPolicy`). */
  compatibilityPolicy?: CompatibilityPolicy
}

/**
 * The validated configuration. Every key has its value or default filled in; a new key
 * (e.g. `registries` profiles and `defaultRegistry`) is one more property here plus one
 * rule file in `rules/`.
 */
export interface Config {
  /** Default compatibility level of every subject (default BACKWARD, as the registry's). */
  compatibility: CompatibilityLevel
  /** JSON Schema's compatibility policy of every subject (the registry's `compatibilityPolicy`); undefined: STRICT. */
  compatibilityPolicy?: CompatibilityPolicy
  /** Per-subject settings, keyed by subject name or glob (`*`, `?`), in file order. */
  subjects: Readonly<Record<string, SubjectConfig>>
  /** Named registry connection profiles (`--registry <name>`), as written (`${ENV}` not yet expanded). */
  registries: Readonly<Record<string, RegistryProfileConfig>>
  /** The profile used when neither --registry nor SCHEMA_REGISTRY_URL is given. */
  defaultRegistry?: string
  /** Approved breaks (default none). */
  approvals: readonly Approval[]
  /** Lint settings (default: STANDARD rules, camelCase fields). */
  lint: LintConfig
  /**
   * Data-contract settings of every subject, named as the registry's config fields
   * (`compatibilityGroup`, `defaultMetadata`, `overrideMetadata`, `defaultRuleSet`,
   * `overrideRuleSet`); default none.
   */
  contracts: ContractConfig
}

/** An approved incompatible change: findings of `rule` in subjects matching `subject` pass until `expires` (inclusive). */
export interface Approval {
  /** Subject name or glob. */
  subject: string
  /** A compatibility rule id: one of the six types (covers its finer ids) or a finer id. */
  rule: string
  reason: string
  /** YYYY-MM-DD, the last day the approval applies. */
  expires: string
}

/** Which lint rules apply: categories or ids in `use`, minus `except`; `ignore` exempts subjects or files per rule. */
export interface LintConfig {
  use: string[]
  except: string[]
  /** Rule id → subject names or file paths (globs with * and ?). */
  ignore: Record<string, string[]>
  fieldCase: 'camel' | 'snake'
  /** Tag names that mark personal data for PII_FIELD_ENCRYPTED (default `["PII"]`). */
  piiTags: string[]
  /** Field full names or patterns (`com.acme.User.email`, `**.email`) exempt from PII_FIELD_ENCRYPTED. */
  piiExceptions: string[]
}

/** One problem found in a configuration: the dotted key path and what is wrong with it. */
export interface ConfigIssue {
  /** Dotted path of the key, e.g. `compatibility` or `subjects.orders-value.compatibility`. */
  path: string
  message: string
}

/** The outcome of `validateConfig`. Warnings (e.g. unknown keys) never make it fail. */
export type ConfigValidation = { ok: true; config: Config; warnings: ConfigIssue[] } | { ok: false; errors: ConfigIssue[]; warnings: ConfigIssue[] }
