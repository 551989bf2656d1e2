/** Types of the semantic schema diff. */
import type { CompatibilityLevel, LevelIncompatibility } from '../types.js'

/** Every kind of change `diffSchemas` and `diffContracts` report; stable identifiers for scripts. */
export const CHANGE_KINDS = [
  'FIELD_ADDED',
  'FIELD_REMOVED',
  'FIELD_RENAMED',
  'TYPE_CHANGED',
  'TYPE_PROMOTED',
  'DEFAULT_ADDED',
  'DEFAULT_CHANGED',
  'DEFAULT_REMOVED',
  'DOC_CHANGED',
  'ENUM_SYMBOL_ADDED',
  'ENUM_SYMBOL_REMOVED',
  'ENUM_DEFAULT_CHANGED',
  'UNION_BRANCH_ADDED',
  'UNION_BRANCH_REMOVED',
  'FIXED_SIZE_CHANGED',
  'NAME_CHANGED',
  'NAMESPACE_CHANGED',
  'LOGICAL_TYPE_CHANGED',
  // Data contract changes (engine/contracts/diff.ts).
  'METADATA_TAG_ADDED',
  'METADATA_TAG_REMOVED',
  'FIELD_TAG_ADDED',
  'FIELD_TAG_REMOVED',
  'METADATA_PROPERTY_ADDED',
  'METADATA_PROPERTY_CHANGED',
  'METADATA_PROPERTY_REMOVED',
  'SENSITIVE_PROPERTY_ADDED',
  'SENSITIVE_PROPERTY_REMOVED',
  'RULE_ADDED',
  'RULE_REMOVED',
  'RULE_CHANGED',
  'RULE_MOVED',
  'RULE_ORDER_CHANGED',
] as const

export type ChangeKind = (typeof CHANGE_KINDS)[number]

/**
 * One semantic difference between schema `a` (old) and `b` (new). `path` is a JSON Pointer into
 * `b`, or into `a` for something only `a` has (a removed field, symbol, branch, default or doc).
 * `before`/`after` are the values on each side when the change has them (JSON values).
 */
export interface SchemaChange {
  kind: ChangeKind
  path: string
  message: string
  before?: unknown
  after?: unknown
}

/** The directions a diff reports: BACKWARD (b reads data written with a), FORWARD (a reads b), FULL (both). */
export type DiffLevel = Extract<CompatibilityLevel, 'BACKWARD' | 'FORWARD' | 'FULL'>

/** Whether the pair passes one level, with the registry's messages and the incompatibilities behind them. */
export interface DiffVerdict {
  level: DiffLevel
  compatible: boolean
  /** The registry's `{errorType:…, description:…, additionalInfo:…}` lines, one per incompatibility. */
  messages: string[]
  incompatibilities: LevelIncompatibility[]
}

/** A semantic diff with its verdicts. */
export interface SchemaComparison {
  changes: SchemaChange[]
  verdicts: DiffVerdict[]
}
