/**
 * Changelog records, shaped like the records of Confluent's `_schemas` topic: a key naming
 * what changed and a value (or `null`, a tombstone, for a permanent delete).
 */
import type { contracts } from '../../engine/index.js'

/** A schema reference as stored: concrete version, subject as written by the client. */
export interface SchemaReference {
  name: string
  subject: string
  version: number
}

/** Key of a subject version. */
export interface SchemaKey {
  keytype: 'SCHEMA'
  subject: string
  version: number
  magic: 1
}

/** Key of a compatibility config; `subject` null is the global config, `:.ctx:` a context's. */
export interface ConfigKey {
  keytype: 'CONFIG'
  subject: string | null
  magic: 0
}

/** Key of a mode; `subject` as for ConfigKey. */
export interface ModeKey {
  keytype: 'MODE'
  subject: string | null
  magic: 0
}

/** Key of a context's id counter, written by compaction so that ids are never reused. */
export interface ContextKey {
  keytype: 'CONTEXT'
  context: string
  magic: 0
}

/** Key of a topic–subject association: one per resource and association type. */
export interface AssociationKey {
  keytype: 'ASSOCIATION'
  resourceType: string
  resourceNamespace: string
  resourceName: string
  associationType: string
  magic: 0
}

export type LogKey = SchemaKey | ConfigKey | ModeKey | ContextKey | AssociationKey

/** Value of a subject version. */
export interface SchemaValue {
  subject: string
  version: number
  id: number
  schemaType: string
  schema: string
  references?: SchemaReference[]
  /** The version's data contract, in the registry's normal form; absent in changelogs written before contracts were kept. */
  metadata?: contracts.Metadata
  ruleSet?: contracts.RuleSet
  deleted: boolean
  ts: number
}

/**
 * Value of a config (the GET /config form, members in the order it answers them): only the
 * members set at that scope are present.
 */
export interface ConfigValue {
  compatibilityLevel?: string
  alias?: string
  normalize?: boolean
  validateFields?: boolean
  validateRules?: boolean
  compatibilityGroup?: string
  compatibilityPolicy?: string
  defaultMetadata?: contracts.Metadata
  overrideMetadata?: contracts.Metadata
  defaultRuleSet?: contracts.RuleSet
  overrideRuleSet?: contracts.RuleSet
}

/** Value of a mode. */
export interface ModeValue {
  mode: string
}

/** Value of a topic–subject association (the Association entity GET /associations/… answers). */
export interface AssociationValue {
  subject: string
  guid: string
  resourceName: string
  resourceNamespace: string
  resourceId: string
  resourceType: string
  associationType: string
  lifecycle: 'STRONG' | 'WEAK'
  frozen: boolean
  createTs: number
  updateTs: number
}

/** Value of a context's id counter. */
export interface ContextValue {
  maxId: number
}

/** One changelog record. */
export type LogRecord =
  | { key: SchemaKey; value: SchemaValue | null }
  | { key: ConfigKey; value: ConfigValue | null }
  | { key: ModeKey; value: ModeValue | null }
  | { key: ContextKey; value: ContextValue | null }
  | { key: AssociationKey; value: AssociationValue | null }
