/**
 * Compatibility levels as Confluent Schema Registry applies them: which direction(s) the
 * reader/writer check runs in, against which previous versions, and the messages it returns.
 */
import type { CompatibilityLevel, CompatibilityResult, LevelIncompatibility, ParsedSchema, SchemaError } from '../types.js'
import { checkParsedPair } from './pair.js'
import { formatCheckException, formatIncompatibility, formatLevelTrailer, formatOldSchema, type Direction } from './registry-messages.js'

/** Every level the registry accepts, in the registry's documentation order. */
export const COMPATIBILITY_LEVELS: readonly CompatibilityLevel[] = [
  'NONE',
  'BACKWARD',
  'BACKWARD_TRANSITIVE',
  'FORWARD',
  'FORWARD_TRANSITIVE',
  'FULL',
  'FULL_TRANSITIVE',
]

/** Whether `value` is exactly one of the seven level names (upper case, as the registry stores them). */
export function isCompatibilityLevel(value: unknown): value is CompatibilityLevel {
  return typeof value === 'string' && (COMPATIBILITY_LEVELS as readonly string[]).includes(value)
}

const COMPATIBLE: CompatibilityResult = Object.freeze({ compatible: true, messages: [], failedAgainst: null, incompatibilities: [] })

/**
 * Would the registry accept `candidate` at `level` given the subject's `previous` versions
 * (oldest → newest, already parsed)? Non-transitive levels compare with the newest version
 * only; transitive ones walk newest → oldest and stop at the first failing version.
 * `versions` gives the registry version numbers of `previous` (default 1..n).
 */
export function checkLevel(
  level: CompatibilityLevel,
  candidate: ParsedSchema,
  previous: readonly ParsedSchema[],
  versions?: readonly number[],
): CompatibilityResult {
  if (level === 'NONE' || previous.length === 0) return COMPATIBLE
  const oldest = level.endsWith('_TRANSITIVE') ? 0 : previous.length - 1
  for (let i = previous.length - 1; i >= oldest; i--) {
    const result = checkAgainst(level, candidate, previous[i]!, versions?.[i] ?? i + 1)
    if (result.messages.length > 0) {
      return { compatible: false, failedAgainst: i, ...result, messages: [...result.messages, formatLevelTrailer(level)] }
    }
  }
  return COMPATIBLE
}

interface VersionCheck {
  messages: string[]
  incompatibilities: LevelIncompatibility[]
  errors?: SchemaError[]
}

/**
 * One previous version. FULL runs forward first, then backward; like the registry it appends the
 * old version and schema after a failing backward or forward part, but not after FULL's forward part.
 */
function checkAgainst(level: CompatibilityLevel, candidate: ParsedSchema, old: ParsedSchema, version: number): VersionCheck {
  const out: VersionCheck = { messages: [], incompatibilities: [] }
  const oldLines = () => formatOldSchema(version, old.normalized)
  if (!level.startsWith('BACKWARD')) addDirection(out, 'forward', old, candidate, level.startsWith('FORWARD') ? oldLines : undefined)
  if (!level.startsWith('FORWARD')) addDirection(out, 'backward', candidate, old, oldLines)
  return out
}

function addDirection(out: VersionCheck, direction: Direction, reader: ParsedSchema, writer: ParsedSchema, oldLines?: () => string[]): void {
  const outcome = checkParsedPair(reader, writer)
  const messages: string[] = []
  if (outcome.ok) {
    for (const inc of outcome.incompatibilities) {
      out.incompatibilities.push({ direction, ...inc })
      messages.push(formatIncompatibility(inc, direction))
    }
  } else {
    messages.push(formatCheckException(outcome.error.message))
    ;(out.errors ??= []).push(outcome.error)
  }
  if (messages.length === 0) return
  out.messages.push(...messages)
  if (oldLines) out.messages.push(...oldLines())
}

/**
 * For a subject's versions (oldest → newest, parsed once), whether each would have been
 * accepted at `level` after its predecessors: result `i` checks version `i` against `0..i-1`.
 * `versions` gives registry version numbers (default 1..n) for the messages.
 */
export function checkSubjectHistory(level: CompatibilityLevel, history: readonly ParsedSchema[], versions?: readonly number[]): CompatibilityResult[] {
  return history.map((schema, i) => checkLevel(level, schema, history.slice(0, i), versions?.slice(0, i)))
}
