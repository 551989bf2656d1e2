/**
 * The schema formats by the registry's `schemaType`, and the library functions that work for any
 * format with a difference engine: `schemaDifferences` and the compatibility check behind
 * `checkCompatibility(…, { schemaType })`. A new format is one line in `SCHEMA_FORMATS`.
 */
import { isCompatibilityLevel } from '../compat/levels.js'
import type { CompatibilityLevel, CompatibilityResult, SchemaError } from '../types.js'
import type { DifferenceOptions, FormatInput, FormatParseResult, SchemaDependencies, SchemaDifference, SchemaFormat, SchemaType } from './format.js'
import { avroFormat } from './avro/index.js'
import { jsonSchemaFormat } from './json/index.js'
import { checkFormatLevel } from './levels.js'
import { protobufFormat } from './protobuf/index.js'

/** The schema formats, by schema type. */
export const SCHEMA_FORMATS: Readonly<Partial<Record<SchemaType, SchemaFormat>>> = {
  AVRO: avroFormat,
  JSON: jsonSchemaFormat,
  PROTOBUF: protobufFormat,
}

/** The format of `schemaType`, or undefined when there is none. */
export function formatFor(schemaType: string): SchemaFormat<unknown> | undefined {
  return Object.prototype.hasOwnProperty.call(SCHEMA_FORMATS, schemaType) ? SCHEMA_FORMATS[schemaType as SchemaType] : undefined
}

/** The differences between two schemas, and `errors` (with the list empty) when either side is invalid. */
export type SchemaDifferencesResult = SchemaDifference[] & { errors: SchemaError[] }

/**
 * Every difference from `original` to `update` the registry's diff reports for `schemaType`, in its
 * order, each marked compatible or not under `options.policy` (STRICT by default). Each side is a
 * schema (text or parsed JSON) or `{ schema, dependencies }`. Never throws: invalid input gives an
 * empty list with `errors`.
 */
export function schemaDifferences(schemaType: SchemaType, original: FormatInput, update: FormatInput, options?: DifferenceOptions): SchemaDifferencesResult {
  const result = (differences: SchemaDifference[], errors: SchemaError[]) => Object.assign(differences, { errors })
  const format = formatFor(schemaType)
  if (!format) return result([], [noFormat(schemaType)])
  const a = parseSide(format, original, 'original schema')
  // The update is most often an edited copy of the original: a format may read only what changed.
  const b = parseSide(format, update, 'update schema', a.ok ? a.value : undefined)
  const errors = [...(a.ok ? [] : a.errors), ...(b.ok ? [] : b.errors)]
  if (!a.ok || !b.ok) return result([], errors)
  try {
    return result(format.differences(a.value, b.value, options), [])
  } catch (e) {
    return result([], [internal(e)])
  }
}

/** Options of a compatibility check for a format with a difference engine. */
export interface FormatCompatibilityOptions extends DifferenceOptions {
  /** Registry version numbers of `previous` (for `{oldSchemaVersion: n}`); default 1..n. */
  versions?: readonly number[]
}

/**
 * Would the registry accept `candidate` at `level` after `previous` (oldest → newest)? Only the
 * versions the level compares with are read, as the registry does. Never throws.
 */
export function checkFormatCompatibility(
  schemaType: SchemaType,
  level: CompatibilityLevel,
  candidate: FormatInput,
  previous: readonly FormatInput[],
  options: FormatCompatibilityOptions = {},
): CompatibilityResult {
  const failed = (errors: SchemaError[]): CompatibilityResult => ({
    compatible: false,
    messages: errors.map((e) => e.message),
    failedAgainst: null,
    incompatibilities: [],
    differences: [],
    errors,
  })
  const format = formatFor(schemaType)
  if (!format) return failed([noFormat(schemaType)])
  if (!isCompatibilityLevel(level)) {
    return failed([
      {
        message: 'Invalid compatibility level. Valid values are none, backward, forward, full, backward_transitive, forward_transitive, and full_transitive',
        path: '',
      },
    ])
  }
  const first = level === 'NONE' ? previous.length : level.endsWith('_TRANSITIVE') ? 0 : Math.max(previous.length - 1, 0)
  const versions = previous.slice(first).map((_, i) => options.versions?.[first + i] ?? first + i + 1)
  // Each version is read after the one before it (and the candidate after the newest): formats that
  // can share what did not change between versions do so.
  let before: unknown
  const compared = previous.slice(first).map((p, i) => {
    const side = parseSide(format, p, `previous schema ${versions[i]}`, before)
    before = side.ok ? side.value : undefined
    return side
  })
  const parsedCandidate = parseSide(format, candidate, 'candidate schema', before)
  const errors = [...(parsedCandidate.ok ? [] : parsedCandidate.errors), ...compared.flatMap((p) => (p.ok ? [] : p.errors))]
  if (!parsedCandidate.ok || errors.length > 0) return failed(errors)
  try {
    const values = compared.map((p) => (p as { ok: true; value: unknown }).value)
    const result = checkParsedCompatibility(format, level, parsedCandidate.value, values, { policy: options.policy, versions })
    return { ...result, failedAgainst: result.failedAgainst === null ? null : first + result.failedAgainst }
  } catch (e) {
    return failed([internal(e)])
  }
}

/**
 * The one dispatch of a level check between parsed schemas of one format: the format's own check
 * when it has one (Avro), else its differences walked by level (`checkFormatLevel`). Every
 * version in `previous` is compared as the level says (the caller passes only those it reads).
 */
export function checkParsedCompatibility<P>(
  format: SchemaFormat<P>,
  level: CompatibilityLevel,
  candidate: P,
  previous: readonly P[],
  options: DifferenceOptions & { versions?: readonly number[] } = {},
): CompatibilityResult {
  if (format.checkLevel) return format.checkLevel(level, candidate, previous, options)
  return { ...checkFormatLevel(format, level, candidate, previous, options), incompatibilities: [] }
}

/**
 * Parses one side: a schema (text or parsed JSON) or `{ schema, dependencies }`; errors name the
 * side. `after`: a parsed schema this one is probably another version of (see `parseAfter`).
 */
export function parseSide<P>(format: SchemaFormat<P>, side: FormatInput, name: string, after?: P): FormatParseResult<P> {
  const { schema, dependencies } = splitInput(side)
  let parsed: FormatParseResult<P>
  try {
    parsed = after !== undefined && format.parseAfter ? format.parseAfter(after, schema, dependencies) : format.parse(schema, dependencies)
  } catch (e) {
    parsed = { ok: false, errors: [internal(e)] }
  }
  return parsed.ok ? parsed : { ok: false, errors: parsed.errors.map((e) => ({ ...e, message: `Invalid ${name}: ${e.message}` })) }
}

/** `{ schema, dependencies }` (only those keys, `schema` present) is a schema with its references; anything else is the schema. */
function splitInput(side: FormatInput): { schema: unknown; dependencies?: SchemaDependencies } {
  if (side !== null && typeof side === 'object' && !Array.isArray(side) && Object.prototype.hasOwnProperty.call(side, 'schema')) {
    const keys = Object.keys(side)
    if (keys.every((k) => k === 'schema' || k === 'dependencies')) {
      const wrapped = side as { schema: unknown; dependencies?: SchemaDependencies }
      return { schema: wrapped.schema, dependencies: wrapped.dependencies }
    }
  }
  return { schema: side }
}

function noFormat(schemaType: string): SchemaError {
  return {
    message: `Unknown schema type '${schemaType}': expected one of ${Object.keys(SCHEMA_FORMATS).join(', ')}`,
    path: '',
  }
}

function internal(e: unknown): SchemaError {
  const detail = e instanceof RangeError ? 'schema nested too deeply' : e instanceof Error ? e.message : String(e)
  return { message: `Internal error while checking the schema: ${detail}`, path: '' }
}

export type {
  CompatibilityPolicy,
  DifferenceDirection,
  DifferenceOptions,
  FormatInput,
  FormatParseResult,
  SchemaDependencies,
  SchemaDifference,
  SchemaFormat,
  SchemaType,
} from './format.js'
export { avroFormat } from './avro/index.js'
export { isWellKnownImport, parseProtoText } from './protobuf/index.js'
