/**
 * The compatibility rules of JSON Schema and Protobuf: the registry's difference types that can
 * break compatibility, in the registry's order, taken from the formats' own tables; and the two
 * verdicts `check` gives for any type. Not one file per rule: the types are the registry's, and
 * their conformance cases live with the formats. Pure.
 */
import { COMPATIBLE_CHANGES_LENIENT, COMPATIBLE_CHANGES_STRICT, JSON_DIFFERENCE_TYPES } from '../../formats/json/difference-types.js'
import { COMPATIBLE_CHANGES, PROTOBUF_DIFFERENCE_TYPES } from '../../formats/protobuf/diff/types.js'
import type { DifferenceRule } from '../types.js'
import { JSON_DIFFERENCE_TEXTS, type DifferenceText } from './json.js'
import { PROTOBUF_DIFFERENCE_TEXTS } from './protobuf.js'

const ALL_TYPES = ['AVRO', 'JSON', 'PROTOBUF'] as const

const FORWARD =
  'Under FORWARD levels the two swap: the old schema must accept what the new one writes. An approval in the config (approvals) lets a deliberate break pass until it expires.'

/** Checks of any schema type: what `check` reports when no finer rule applies. */
const VERDICTS: readonly DifferenceRule[] = [
  {
    id: 'SCHEMA_TYPE_CHANGED',
    kind: 'compatibility',
    type: 'SCHEMA_TYPE_CHANGED',
    schemaTypes: ALL_TYPES,
    severity: 'error',
    purpose: 'A version has another schema type (AVRO, JSON, PROTOBUF) than the version it is checked against, which the registry never finds compatible.',
    docs: "Keep the subject's schema type (the file extension and, for JSON Schema, $schema); a schema of another type belongs in a new subject, or in a subject whose level is NONE.",
  },
  {
    id: 'CHECK_FAILED',
    kind: 'compatibility',
    type: 'CHECK_FAILED',
    schemaTypes: ALL_TYPES,
    severity: 'error',
    purpose: "The compatibility check failed without naming a difference (the registry's own message says why).",
    docs: "Read the message: most often an older version cannot be read as its type. Fix that version, or run `schemactl check-compat --local` on the pair for the registry's full answer.",
  },
]

/** The rules of one format: each type of `types` not in `compatible`, worded by `texts`; those in `accepted` (LENIENT's set) name the policy option. */
function formatRules(
  schemaType: 'JSON' | 'PROTOBUF',
  types: readonly string[],
  compatible: ReadonlySet<string>,
  texts: Readonly<Record<string, DifferenceText | undefined>>,
  accepted: ReadonlySet<string> = compatible,
): DifferenceRule[] {
  return types
    .filter((type) => !compatible.has(type) && texts[type] !== undefined)
    .map((type) => {
      const text = texts[type] as DifferenceText
      return {
        id: type,
        kind: 'compatibility',
        type,
        schemaTypes: [schemaType],
        severity: 'error',
        purpose: text.purpose,
        docs: `${text.docs} ${FORWARD}`,
        ...(accepted.has(type)
          ? {
              options: [
                {
                  name: 'compatibilityPolicy',
                  description: "LENIENT (config compatibilityPolicy, or the registry's) accepts this change; STRICT, the default, does not.",
                },
              ],
            }
          : {}),
      }
    })
}

/** Every compatibility rule of JSON Schema and Protobuf, then the verdicts of any type. */
export const DIFFERENCE_RULES: readonly DifferenceRule[] = [
  ...formatRules('JSON', JSON_DIFFERENCE_TYPES, COMPATIBLE_CHANGES_STRICT, JSON_DIFFERENCE_TEXTS, COMPATIBLE_CHANGES_LENIENT),
  ...formatRules('PROTOBUF', PROTOBUF_DIFFERENCE_TYPES, COMPATIBLE_CHANGES, PROTOBUF_DIFFERENCE_TEXTS),
  ...VERDICTS,
]

/** The difference types of a format that can break compatibility (under STRICT for JSON Schema): each needs a text. */
export const INCOMPATIBLE_DIFFERENCE_TYPES: Readonly<Record<'JSON' | 'PROTOBUF', readonly string[]>> = {
  JSON: JSON_DIFFERENCE_TYPES.filter((t) => !COMPATIBLE_CHANGES_STRICT.has(t)),
  PROTOBUF: PROTOBUF_DIFFERENCE_TYPES.filter((t) => !COMPATIBLE_CHANGES.has(t)),
}
