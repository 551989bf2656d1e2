/**
 * Compatibility levels for the formats whose engine reports differences (JSON Schema, Protobuf),
 * applied as the registry's validator does for every schema type: BACKWARD compares the candidate
 * (as the update) with an older version, FORWARD swaps the two, FULL needs both (forward part
 * first), non-transitive levels compare with the newest version only, transitive ones walk newest →
 * oldest and stop at the first failure.
 */
import { formatLevelTrailer, formatOldSchema } from '../compat/registry-messages.js'
import type { CompatibilityLevel } from '../types.js'
import type { DifferenceDirection, DifferenceOptions, SchemaDifference, SchemaFormat } from './format.js'

/** A level's verdict for one candidate, with the registry's verbose messages. */
export interface FormatLevelResult {
  compatible: boolean
  /** The registry's messages, word for word. */
  messages: string[]
  /** Index into `previous` of the version that failed, or null. */
  failedAgainst: number | null
  /** The incompatible differences found against that version, with their direction. */
  differences: Array<SchemaDifference & { direction: DifferenceDirection }>
}

const COMPATIBLE: FormatLevelResult = Object.freeze({ compatible: true, messages: [], failedAgainst: null, differences: [] })

/**
 * Would the registry accept `candidate` at `level` after `previous` (oldest → newest, parsed)?
 * `versions` numbers `previous` for `{oldSchemaVersion: n}` (default 1..n).
 */
export function checkFormatLevel<P>(
  format: SchemaFormat<P>,
  level: CompatibilityLevel,
  candidate: P,
  previous: readonly P[],
  options: DifferenceOptions & { versions?: readonly number[] } = {},
): FormatLevelResult {
  if (level === 'NONE' || previous.length === 0) return COMPATIBLE
  const oldest = level.endsWith('_TRANSITIVE') ? 0 : previous.length - 1
  for (let i = previous.length - 1; i >= oldest; i--) {
    const old = previous[i]!
    const version = options.versions?.[i] ?? i + 1
    const messages: string[] = []
    const differences: FormatLevelResult['differences'] = []
    const add = (direction: DifferenceDirection, withOldSchema: boolean) => {
      const [original, update] = direction === 'backward' ? [old, candidate] : [candidate, old]
      const found = format.differences(original, update, options).filter((d) => !d.compatible)
      if (found.length === 0) return
      for (const d of found) {
        differences.push({ ...d, direction })
        messages.push(format.describe(d, direction))
      }
      if (withOldSchema) messages.push(...formatOldSchema(version, format.canonical(old)))
    }
    if (!level.startsWith('BACKWARD')) add('forward', level.startsWith('FORWARD'))
    if (!level.startsWith('FORWARD')) add('backward', true)
    if (messages.length > 0) return { compatible: false, failedAgainst: i, differences, messages: [...messages, formatLevelTrailer(level)] }
  }
  return COMPATIBLE
}
