/** Types of the engine's public API, shared by its modules. */
import type { CompatibilityPolicy, DifferenceDirection, SchemaDifference, SchemaType } from './formats/format.js'
import type { NamedSchema, Schema } from './schema/model.js'

/**
 * A schema as JSON text (comments allowed, as Avro Java's parser accepts), as parsed JSON,
 * or as an already parsed `ParsedSchema` (skips parsing: callers comparing many versions parse each once).
 */
export type SchemaInput = string | unknown

export interface ParseOptions {
  /** Check field defaults against their types (default true). The registry skips this for schemas it holds. */
  validateDefaults?: boolean
  /** Named types defined elsewhere (other workspace files, schema references), usable by name. */
  namedTypes?: Iterable<NamedSchema>
}

/** A problem in a schema: message, JSON Pointer and, for text input, 1-based line and column. */
export interface SchemaError {
  message: string
  path: string
  line?: number
  column?: number
}

export interface ParsedSchema {
  ok: true
  schema: Schema
  /** Avro Parsing Canonical Form. */
  canonical: string
  /** 64-bit Rabin fingerprint (CRC-64-AVRO) of the canonical form, 16 lowercase hex digits. */
  fingerprint: string
  /**
   * Avro Java `Schema.toString()` compact text: what the registry stores and dedupes on. Types taken
   * from `options.namedTypes` (schema references) stay names, as the registry stores them.
   */
  normalized: string
  /** Named types defined in this document, by full name. */
  definedTypes: ReadonlyMap<string, NamedSchema>
  /** Full names this document used from `options.namedTypes`. */
  referencedTypes: readonly string[]
}

export type ParseResult = ParsedSchema | { ok: false; errors: SchemaError[] }

export type IncompatibilityType =
  'NAME_MISMATCH' | 'FIXED_SIZE_MISMATCH' | 'MISSING_ENUM_SYMBOLS' | 'READER_FIELD_MISSING_DEFAULT_VALUE' | 'TYPE_MISMATCH' | 'MISSING_UNION_BRANCH'

export interface Incompatibility {
  type: IncompatibilityType
  /** JSON Pointer into the reader schema, as Avro reports it. */
  location: string
  /** Avro's message (the registry's `additionalInfo`). */
  message: string
}

export interface ReaderWriterResult {
  compatible: boolean
  incompatibilities: Incompatibility[]
  /** Present when a schema could not be parsed or the check itself failed. */
  errors?: SchemaError[]
}

export type CompatibilityLevel = 'NONE' | 'BACKWARD' | 'BACKWARD_TRANSITIVE' | 'FORWARD' | 'FORWARD_TRANSITIVE' | 'FULL' | 'FULL_TRANSITIVE'

/** The level a registry applies when nothing is configured (for every schema type). */
export const DEFAULT_LEVEL: CompatibilityLevel = 'BACKWARD'

export interface LevelIncompatibility extends Incompatibility {
  direction: 'backward' | 'forward'
}

export interface CompatibilityResult {
  compatible: boolean
  /** The registry's verbose messages, exactly as Confluent Schema Registry words them. */
  messages: string[]
  /** Index into `previous` of the version that failed, or null. */
  failedAgainst: number | null
  incompatibilities: LevelIncompatibility[]
  /** Formats compared by differences (JSON Schema): the incompatible ones found against `failedAgainst`, with their direction. */
  differences?: Array<SchemaDifference & { direction: DifferenceDirection }>
  errors?: SchemaError[]
}

export interface CompatibilityOptions extends ParseOptions {
  /** Registry version numbers of `previous` (for `{oldSchemaVersion: n}`); default 1..n. */
  versions?: readonly number[]
  /** The schemas' type (default AVRO). JSON routes to the JSON Schema engine; each side may then be `{ schema, dependencies }`. */
  schemaType?: SchemaType
  /** JSON Schema's compatibility policy (the registry's `compatibilityPolicy`): STRICT (default) or LENIENT. */
  policy?: CompatibilityPolicy
}
