/**
 * The engine's public API (pure: no I/O, clock, env or randomness). Every function accepts a
 * schema as JSON text, as parsed JSON, or as an already parsed `ParsedSchema` (not reparsed),
 * and reports invalid input in its result instead of throwing.
 */
import { checkLevel, isCompatibilityLevel } from './compat/levels.js'
import { checkParsedPair } from './compat/pair.js'
import { compareSchemas } from './diff/index.js'
import { checkFormatCompatibility } from './formats/index.js'
import type { SchemaComparison } from './diff/types.js'
import { parseSchemaDocument } from './schema/parse.js'
import type {
  CompatibilityLevel,
  CompatibilityOptions,
  CompatibilityResult,
  ParsedSchema,
  ParseOptions,
  ParseResult,
  ReaderWriterResult,
  SchemaError,
  SchemaInput,
} from './types.js'

export * from './schema/model.js'
export * from './types.js'
export { COMPATIBILITY_LEVELS, checkSubjectHistory, isCompatibilityLevel } from './compat/levels.js'
export { fromFileDescriptor, toFileDescriptor, normalizeProtobuf, parseProtobuf, protobufFormat, type ParsedProtobuf } from './formats/protobuf/index.js'
/** Kafka messages in Confluent's Protobuf wire format ⇄ canonical proto3 JSON. */
export {
  createProtobufDecoder,
  createProtobufEncoder,
  frameProtobufMessage,
  readMessageIndexes,
  writeMessageIndexes,
  type EncodeError as ProtobufEncodeError,
  type ProtobufDecodeError,
  type ProtobufDecodeOptions,
  type ProtobufDecodeOutcome,
  type ProtobufEncodeOptions,
  type ProtobufMessageDecoder,
  type ProtobufMessageEncoder,
  type UnknownField,
} from './formats/protobuf/codec/index.js'
export { CHANGE_KINDS, type ChangeKind, type DiffLevel, type DiffVerdict, type SchemaChange, type SchemaComparison } from './diff/types.js'
export { checkFormatCompatibility, formatFor, SCHEMA_FORMATS, schemaDifferences, type SchemaDifferencesResult } from './formats/index.js'
export type {
  CompatibilityPolicy,
  DifferenceOptions,
  FormatInput,
  SchemaDependencies,
  SchemaDifference,
  SchemaFormat,
  DifferenceDirection,
} from './formats/format.js'
export {
  COMPATIBLE_CHANGES_LENIENT,
  COMPATIBLE_CHANGES_STRICT,
  JSON_DIFFERENCE_TYPES,
  jsonSchemaFormat,
  parseJsonSchema,
  type JsonDifferenceType,
  type ParsedJsonSchema,
} from './formats/json/index.js'
/** Data contracts (schema metadata and rule sets): shapes, validation, the registry's merge, identity, groups, diff. */
export * as contracts from './contracts/index.js'

/** The registry's 42203 text, used when a level name is not one of the seven. */
const INVALID_LEVEL =
  'Invalid compatibility level. Valid values are none, backward, forward, full, backward_transitive, forward_transitive, and full_transitive'

/**
 * Parse and validate an Avro schema (JSON text with comments allowed, or parsed JSON).
 * An already parsed `ParsedSchema` is returned as is. Never throws.
 */
export function parseSchema(schema: SchemaInput, options?: ParseOptions): ParseResult {
  try {
    return parseSchemaDocument(schema, options)
  } catch (e) {
    return { ok: false, errors: [unexpectedError('parsing', e)] }
  }
}

/**
 * Can data written with `writer` be read with `reader`? Apache Avro 1.12.1's verdict with every
 * incompatibility (type, JSON Pointer location into the reader, Avro's message). An invalid
 * schema, or a pair Avro itself rejects with an exception, gives `compatible: false` and `errors`.
 */
export function readerWriterCompatibility(reader: SchemaInput, writer: SchemaInput, options?: ParseOptions): ReaderWriterResult {
  const parsedReader = parseSchema(reader, options)
  const parsedWriter = parseSchema(writer, options)
  const errors = [...sideErrors('reader schema', parsedReader), ...sideErrors('writer schema', parsedWriter)]
  if (!parsedReader.ok || !parsedWriter.ok) return { compatible: false, incompatibilities: [], errors }
  try {
    const outcome = checkParsedPair(parsedReader, parsedWriter)
    if (!outcome.ok) return { compatible: false, incompatibilities: [], errors: [outcome.error] }
    return { compatible: outcome.incompatibilities.length === 0, incompatibilities: [...outcome.incompatibilities] }
  } catch (e) {
    return { compatible: false, incompatibilities: [], errors: [unexpectedError('checking', e)] }
  }
}

/**
 * Would Confluent Schema Registry accept `candidate` at `level`, given the subject's `previous`
 * versions (oldest → newest)? Returns the registry's verbose messages word for word, the index
 * of the failing previous version and the incompatibilities with their direction.
 * `candidate` is parsed with `options`; the previous versions the level compares with are parsed,
 * like the registry's stored schemas, without checking field defaults (the others are not read).
 * Invalid input gives `compatible: false` with `errors`. With `schemaType: 'PROTOBUF'` each side is a
 * `.proto` text or `{ schema, dependencies }` (import path → text; bundled well-known files need none)
 * and the verdict and messages are those of the registry's Protobuf provider.
 */
export function checkCompatibility(
  level: CompatibilityLevel,
  candidate: SchemaInput,
  previous: readonly SchemaInput[],
  options?: CompatibilityOptions,
): CompatibilityResult {
  const failed = (errors: SchemaError[]): CompatibilityResult => ({
    compatible: false,
    messages: errors.map((e) => e.message),
    failedAgainst: null,
    incompatibilities: [],
    errors,
  })
  if (options?.schemaType !== undefined && options.schemaType !== 'AVRO') {
    return checkFormatCompatibility(options.schemaType, level, candidate, previous, { policy: options.policy, versions: options.versions })
  }
  if (!isCompatibilityLevel(level)) return failed([{ message: INVALID_LEVEL, path: '' }])
  const parsedCandidate = parseSchema(candidate, options)
  // Like the registry, read only the versions the level compares with (none for NONE).
  const first = level === 'NONE' ? previous.length : level.endsWith('_TRANSITIVE') ? 0 : Math.max(previous.length - 1, 0)
  const compared = previous.slice(first).map((p) => parseSchema(p, { ...options, validateDefaults: false }))
  const versions = compared.map((_, i) => options?.versions?.[first + i] ?? first + i + 1)
  const errors = [...sideErrors('candidate schema', parsedCandidate), ...compared.flatMap((p, i) => sideErrors(`previous schema ${versions[i]}`, p))]
  if (errors.length > 0) return failed(errors)
  try {
    const result = checkLevel(level, parsedCandidate as ParsedSchema, compared as ParsedSchema[], versions)
    return result.failedAgainst === null ? result : { ...result, failedAgainst: first + result.failedAgainst }
  } catch (e) {
    return failed([unexpectedError('checking', e)])
  }
}

/** A parse failure's errors, each message naming the schema it concerns. */
function sideErrors(side: string, result: ParseResult): SchemaError[] {
  return result.ok ? [] : result.errors.map((e) => ({ ...e, message: `Invalid ${side}: ${e.message}` }))
}

/** Turn an unexpected throw (e.g. stack exhaustion on absurdly deep input) into a result error. */
function unexpectedError(phase: string, e: unknown): SchemaError {
  const detail = e instanceof RangeError ? 'schema nested too deeply' : e instanceof Error ? e.message : String(e)
  return { message: `Internal error while ${phase} the schema: ${detail}`, path: '' }
}

/**
 * What changed from `a` (old) to `b` (new), as `schemactl diff` reports it: semantic changes, each
 * with its JSON Pointer, and the BACKWARD (b reads a's data), FORWARD (a reads b's data) and FULL
 * verdicts with the registry's messages. Invalid input gives `ok: false` with `errors`.
 */
export function diffSchemas(a: SchemaInput, b: SchemaInput, options?: ParseOptions): ({ ok: true } & SchemaComparison) | { ok: false; errors: SchemaError[] } {
  const old = parseSchema(a, options)
  const next = parseSchema(b, options)
  const errors = [...sideErrors('old schema', old), ...sideErrors('new schema', next)]
  if (errors.length > 0) return { ok: false, errors }
  return { ok: true, ...compareSchemas(old as ParsedSchema, next as ParsedSchema) }
}
export { DEFAULT_LEVEL } from './types.js'
export { checkFormatLevel, type FormatLevelResult } from './formats/levels.js'
