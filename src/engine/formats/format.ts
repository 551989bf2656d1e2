/**
 * The seam between schemactl and a schema type (AVRO, JSON, PROTOBUF): everything a command or
 * `serve` needs from a format, so nothing above the engine branches on the type. Pure.
 */
import type { CompatibilityLevel, CompatibilityResult, SchemaError } from '../types.js'

/** The registry's `schemaType` values. */
export type SchemaType = 'AVRO' | 'JSON' | 'PROTOBUF'

/** Schemas referenced by name (a reference's `name`: an import path, a `$ref` target) → their text. */
export type SchemaDependencies = Readonly<Record<string, string>>

/** A schema side as the library takes it: its text (or parsed JSON), or the schema with its dependencies. */
export type FormatInput = string | unknown | { schema: string | unknown; dependencies?: SchemaDependencies }

/** JSON Schema's compatibility policy (the registry's `compatibilityPolicy`): STRICT by default. */
export type CompatibilityPolicy = 'STRICT' | 'LENIENT'

export interface DifferenceOptions {
  policy?: CompatibilityPolicy
}

/** One difference from the original (registered) schema to the update, as the registry's diff reports it. */
export interface SchemaDifference {
  /** The registry's difference type, e.g. `TYPE_NARROWED`, `FIELD_ADDED`. */
  type: string
  /** The registry's path, e.g. `#/properties/name/maxLength`, `#/Order/3`. */
  path: string
  /** Whether the change is compatible under the options' policy. */
  compatible: boolean
  /** The engine's own detail, when it has one (Avro's message for an incompatibility). */
  message?: string
}

/** Which schema plays "new": backward = the candidate is the update; forward = the candidate is the original. */
export type DifferenceDirection = 'backward' | 'forward'

export type FormatParseResult<P> = { ok: true; value: P } | { ok: false; errors: SchemaError[] }

/** A schema type's engine. `P` is its parsed form (parsed once, compared many times). */
export interface SchemaFormat<P = unknown> {
  readonly type: SchemaType
  /** Parse and validate, with located errors (JSON Pointer, line:col for text); `dependencies` resolve references. */
  parse(input: string | unknown, dependencies?: SchemaDependencies): FormatParseResult<P>
  /**
   * `parse`, with the same result, for a schema that is probably another version of `previous`
   * (parsed already): a format may read only what changed and share the rest with `previous`.
   */
  parseAfter?(previous: P, input: string | unknown, dependencies?: SchemaDependencies): FormatParseResult<P>
  /** The registry's normalised text: what "same schema" and lookups compare. */
  canonical(parsed: P): string
  /** The names (reference `name`s) of the other schemas this one uses. */
  references(parsed: P): string[]
  /** Every difference from `original` to `update`, compatible ones included, in the registry's order. */
  differences(original: P, update: P, options?: DifferenceOptions): SchemaDifference[]
  /** The registry's verbose message for an incompatible difference found in `direction`. */
  describe(difference: SchemaDifference, direction: DifferenceDirection): string
  /**
   * The format's own level check, when it is richer than differences walked by level (Avro: reader
   * and writer incompatibilities at their place in the reader). `checkParsedCompatibility` prefers it.
   */
  checkLevel?(
    level: CompatibilityLevel,
    candidate: P,
    previous: readonly P[],
    options: DifferenceOptions & { versions?: readonly number[] },
  ): CompatibilityResult
  /** The 1-based line:column in the schema's `text` of a difference's `path`, or of its nearest enclosing element; undefined when unknown. */
  locate(parsed: P, path: string, text: string): { line: number; column: number } | undefined
}
