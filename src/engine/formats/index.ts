/**
 * The schema types whose engines report differences (the seam in `format.ts`), by registry
 * `schemaType`, with the library entry points built on them: differences between two schemas and a
 * compatibility level's verdict. Pure; invalid input comes back as errors, never thrown.
 */
import type { CompatibilityLevel, CompatibilityOptions, CompatibilityResult, SchemaError } from '../types.js'
import type { DifferenceOptions, FormatInput, SchemaDifference, SchemaFormat, SchemaType } from './format.js'
import { checkFormatLevel } from './levels.js'
import { protobufFormat } from './protobuf/index.js'

/** Engines by schema type (AVRO has its own engine in `engine/compat`). */
export const SCHEMA_FORMATS: Readonly<Partial<Record<SchemaType, SchemaFormat<unknown>>>> = {
  PROTOBUF: protobufFormat as SchemaFormat<unknown>,
}

/** The engine for `type`, or undefined (AVRO, or an unknown type). */
export function formatFor(type: SchemaType): SchemaFormat<unknown> | undefined {
  return SCHEMA_FORMATS[type]
}

/** One side as the library takes it: the text, or `{ schema, dependencies }`. */
function parseSide(format: SchemaFormat<unknown>, input: FormatInput, side: string): { ok: true; value: unknown } | { ok: false; errors: SchemaError[] } {
  const hasDeps = typeof input === 'object' && input !== null && 'schema' in input
  const schema = hasDeps ? (input as { schema: unknown }).schema : input
  const dependencies = hasDeps ? ((input as { dependencies?: Record<string, string> }).dependencies ?? {}) : {}
  const parsed = format.parse(schema, dependencies)
  return parsed.ok ? parsed : { ok: false, errors: parsed.errors.map((e) => ({ ...e, message: `Invalid ${side}: ${e.message}` })) }
}

/**
 * Every difference from `original` to `update` (compatible ones included, each with the registry's
 * type, path and compatibility), in the registry's order.
 */
export function schemaDifferences(
  type: SchemaType,
  original: FormatInput,
  update: FormatInput,
  options?: DifferenceOptions,
): { ok: true; differences: SchemaDifference[] } | { ok: false; errors: SchemaError[] } {
  const format = formatFor(type)
  if (format === undefined) return { ok: false, errors: [{ message: `schemaDifferences does not support schema type ${type}`, path: '' }] }
  const o = parseSide(format, original, 'original schema')
  const u = parseSide(format, update, 'update schema')
  const errors = [...(o.ok ? [] : o.errors), ...(u.ok ? [] : u.errors)]
  if (!o.ok || !u.ok) return { ok: false, errors }
  return { ok: true, differences: format.differences(o.value, u.value, options) }
}

/** `checkCompatibility` for a difference-based schema type: the registry's verdict and messages at `level`. */
export function checkFormatCompatibility(
  format: SchemaFormat<unknown>,
  level: CompatibilityLevel,
  candidate: FormatInput,
  previous: readonly FormatInput[],
  options: CompatibilityOptions & DifferenceOptions = {},
): CompatibilityResult {
  // Like the registry, read only the versions the level compares with (none for NONE).
  const first = level === 'NONE' ? previous.length : level.endsWith('_TRANSITIVE') ? 0 : Math.max(previous.length - 1, 0)
  const versions = previous.map((_, i) => options.versions?.[i] ?? i + 1)
  const c = parseSide(format, candidate, 'candidate schema')
  const compared = previous.slice(first).map((p, i) => parseSide(format, p, `previous schema ${versions[first + i]}`))
  const errors = [...(c.ok ? [] : c.errors), ...compared.flatMap((p) => (p.ok ? [] : p.errors))]
  if (errors.length > 0) return { compatible: false, messages: errors.map((e) => e.message), failedAgainst: null, incompatibilities: [], errors }
  const values = compared.map((p) => (p as { value: unknown }).value)
  const result = checkFormatLevel(format, level, (c as { value: unknown }).value, values, { ...options, versions: versions.slice(first) })
  return {
    compatible: result.compatible,
    messages: result.messages,
    failedAgainst: result.failedAgainst === null ? null : first + result.failedAgainst,
    incompatibilities: [],
    differences: result.differences,
  }
}
