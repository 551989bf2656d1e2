/**
 * Confluent Schema Registry's verbose compatibility messages (CP ≥ 7.6 wording), built from
 * Avro incompatibilities so offline results read exactly like the registry's.
 */
import type { CompatibilityLevel, Incompatibility, IncompatibilityType } from '../types.js'

/** Which schema reads which: backward = the new schema reads the old one; forward = the reverse. */
export type Direction = 'backward' | 'forward'

type Describe = (path: string, info: string, reader: string, writer: string) => string

const DESCRIPTIONS: Readonly<Record<IncompatibilityType, Describe>> = {
  READER_FIELD_MISSING_DEFAULT_VALUE: (p, info, r, w) =>
    `The field '${info}' at path '${p}' in the ${r} schema has no default value and is missing in the ${w} schema`,
  TYPE_MISMATCH: (p, _info, r, w) => `The type (path '${p}') of a field in the ${r} schema does not match with the ${w} schema`,
  NAME_MISMATCH: (p) => `The name of the schema has changed (path '${p}')`,
  MISSING_ENUM_SYMBOLS: (p, info, r, w) => `The ${r} schema is missing enum symbols '${info}' at path '${p}' in the ${w} schema`,
  MISSING_UNION_BRANCH: (p, _info, r, w) => `The ${r} schema is missing a type inside a union field at path '${p}' in the ${w} schema`,
  FIXED_SIZE_MISMATCH: (p, _info, r, w) => `The size of FIXED type field at path '${p}' in the ${r} schema does not match with the ${w} schema`,
}

/** The registry caps the old schema text in messages at 10 KiB. */
const MAX_SCHEMA_TEXT = 10 * 1024

/** `{errorType:'…', description:'…', additionalInfo:'…'}` for one incompatibility seen in `direction`. */
export function formatIncompatibility(incompatibility: Incompatibility, direction: Direction): string {
  const [reader, writer] = direction === 'backward' ? ['new', 'old'] : ['old', 'new']
  const { type, location, message } = incompatibility
  const description = DESCRIPTIONS[type](location, message, reader, writer)
  return `{errorType:'${type}', description:'${description}', additionalInfo:'${message}'}`
}

/** The registry's text when Avro's checker throws instead of answering. */
export function formatCheckException(message: string): string {
  return `Unexpected exception during compatibility check: ${message}`
}

/** `{oldSchemaVersion: n}` and `{oldSchema: '…'}`, appended after a failing backward/forward check. */
export function formatOldSchema(version: number, schemaText: string): string[] {
  const schema = schemaText.length <= MAX_SCHEMA_TEXT ? `{oldSchema: '${schemaText}'}` : `{oldSchema: <truncated> '${schemaText.slice(0, MAX_SCHEMA_TEXT)}...'}`
  return [`{oldSchemaVersion: ${version}}`, schema]
}

/** The closing `{validateFields: 'false', compatibility: 'LEVEL'}` line of a failed check. */
export function formatLevelTrailer(level: CompatibilityLevel): string {
  return `{validateFields: 'false', compatibility: '${level}'}`
}
