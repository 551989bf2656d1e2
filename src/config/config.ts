import type { CompatibilityLevel } from '../engine/types.js'

/** Settings that apply to the subjects matching one `subjects` key. */
export interface SubjectConfig {
  /** The subject's compatibility level (overrides the top-level `compatibility`). */
  compatibility?: CompatibilityLevel
}

/**
 * The validated configuration. Every key has its value or default filled in; a new key
 * (e.g. `registries` profiles and `defaultRegistry`) is one more property here plus one
 * rule file in `rules/`.
 */
export interface Config {
  /** Default compatibility level of every subject (default BACKWARD, as the registry's). */
  compatibility: CompatibilityLevel
  /** Per-subject settings, keyed by subject name or glob (`*`, `?`), in file order. */
  subjects: Readonly<Record<string, SubjectConfig>>
}

/** One problem found in a configuration: the dotted key path and what is wrong with it. */
export interface ConfigIssue {
  /** Dotted path of the key, e.g. `compatibility` or `subjects.orders-value.compatibility`. */
  path: string
  message: string
}

/** The outcome of `validateConfig`. Warnings (e.g. unknown keys) never make it fail. */
export type ConfigValidation =
  | { ok: true; config: Config; warnings: ConfigIssue[] }
  | { ok: false; errors: ConfigIssue[]; warnings: ConfigIssue[] }
