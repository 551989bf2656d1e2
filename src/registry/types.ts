/**
 * Wire DTOs of the Confluent Schema Registry REST API (see shared/reference/confluent-api.md §1),
 * as the client returns them after tolerating the differences between registries (§11):
 * `schemaType` is always present (absent on the wire means AVRO), optional fields stay optional.
 */
import type { CompatibilityLevel } from '../engine/types.js'

/** The schema languages a registry may hold. */
export type SchemaType = 'AVRO' | 'JSON' | 'PROTOBUF'

/** A compatibility level as the registry names it (the engine's type). */
export type { CompatibilityLevel }

/** A registry mode (`READONLY_OVERRIDE` and `FORWARD` exist on some servers only). */
export type Mode = 'READWRITE' | 'READONLY' | 'READONLY_OVERRIDE' | 'IMPORT' | 'FORWARD'

/** Every mode a client may set. */
export const MODES: readonly Mode[] = ['READWRITE', 'READONLY', 'READONLY_OVERRIDE', 'IMPORT', 'FORWARD']

/** A reference from a schema to a named type registered under another subject and version. */
export interface SchemaReference {
  name: string
  subject: string
  version: number
}

/** A version reference: `latest`, or a positive version number. */
export type VersionRef = number | 'latest'

/** A schema together with its type and references, as sent in register/lookup/compatibility requests. */
export interface SchemaPayload {
  schema: string
  /** Default AVRO; omitted on the wire when AVRO is meant, for old servers. */
  schemaType?: SchemaType
  references?: SchemaReference[]
  metadata?: Record<string, unknown>
  ruleSet?: Record<string, unknown>
}

/** Body of POST /subjects/{s}/versions. `id` and `version` are for IMPORT mode. */
export interface RegisterRequest extends SchemaPayload {
  id?: number
  version?: number
}

/** A registered schema version (GET /subjects/{s}/versions/{v}, lookup, GET /schemas). */
export interface SubjectSchema {
  subject: string
  version: number
  id: number
  schemaType: SchemaType
  schema: string
  references?: SchemaReference[]
  metadata?: Record<string, unknown>
  ruleSet?: Record<string, unknown>
  guid?: string
  ts?: number
  deleted?: boolean
}

/** A schema by id (GET /schemas/ids/{id}). `subject`/`version` only when asked with `?subject=`. */
export interface SchemaById {
  schema: string
  schemaType: SchemaType
  references?: SchemaReference[]
  metadata?: Record<string, unknown>
  ruleSet?: Record<string, unknown>
  maxId?: number
  guid?: string
  subject?: string
  version?: number
  /** Subjects using the id (Karapace, with `includeSubjects=true`). */
  subjects?: string[]
}

/** Reply of a registration. Confluent ≤ 7.9, Karapace and others send only `id`. */
export interface RegisterResponse {
  id: number
  version?: number
  schemaType?: SchemaType
  schema?: string
  guid?: string
}

/** A (subject, version) pair using a schema id. */
export interface SubjectVersion {
  subject: string
  version: number
}

/** A compatibility verdict; `messages` only when the server supports and was asked for `verbose`. */
export interface CompatibilityCheck {
  isCompatible: boolean
  messages?: string[]
}

/** A compatibility configuration (GET /config…). */
export interface RegistryConfig {
  compatibilityLevel?: CompatibilityLevel
  normalize?: boolean
  validateFields?: boolean
  [key: string]: unknown
}

/** The config fields beside the level that schemactl reads and sets (Confluent 7.4+), named as the registry names them. */
export const CONFIG_FIELDS = ['compatibilityGroup', 'compatibilityPolicy', 'defaultMetadata', 'overrideMetadata', 'defaultRuleSet', 'overrideRuleSet'] as const

/**
 * Body of PUT /config… (the level is named `compatibility` on the wire). Confluent 7.4+ also takes
 * `compatibilityGroup` (a metadata property name), the data-contract defaults and overrides
 * (`defaultMetadata`, `overrideMetadata`, `defaultRuleSet`, `overrideRuleSet`) and, for JSON
 * Schema checks, `compatibilityPolicy` (STRICT or LENIENT).
 */
export interface ConfigUpdate {
  compatibility?: CompatibilityLevel
  normalize?: boolean
  validateFields?: boolean
  compatibilityGroup?: unknown
  compatibilityPolicy?: unknown
  defaultMetadata?: unknown
  overrideMetadata?: unknown
  defaultRuleSet?: unknown
  overrideRuleSet?: unknown
}
