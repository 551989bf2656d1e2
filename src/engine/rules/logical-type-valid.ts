import type { Schema } from '../schema/model.js'
import { visitSchema } from '../schema/visit.js'
import type { LintProblem, LintRule } from './types.js'

/** The Avro types each logical type annotates. */
const UNDERLYING: Record<string, readonly string[]> = {
  decimal: ['bytes', 'fixed'],
  'big-decimal': ['bytes'],
  uuid: ['string', 'fixed'],
  date: ['int'],
  'time-millis': ['int'],
  'time-micros': ['long'],
  'timestamp-millis': ['long'],
  'timestamp-micros': ['long'],
  'timestamp-nanos': ['long'],
  'local-timestamp-millis': ['long'],
  'local-timestamp-micros': ['long'],
  'local-timestamp-nanos': ['long'],
  duration: ['fixed'],
}

/** `LOGICAL_TYPE_VALID`: logical types annotate the right type and have sound parameters (decimal precision ≥ scale). */
export const logicalTypeValidRule: LintRule = {
  id: 'LOGICAL_TYPE_VALID',
  kind: 'lint',
  category: 'MINIMAL',
  severity: 'error',
  purpose:
    'Logical types annotate the type they are defined on and have sound parameters (decimal: 1 ≤ precision, 0 ≤ scale ≤ precision, fitting a fixed size).',
  docs: 'Avro silently ignores an invalid logical type and treats the value as its underlying type, so consumers decode raw bytes or numbers instead of decimals, dates or UUIDs. Fix the annotation before the first registration: changing it later changes the data’s meaning.',
  check(parsed) {
    const problems: LintProblem[] = []
    visitSchema(parsed.schema, parsed.definedTypes, {
      node(s) {
        if (s.logicalType === undefined) return
        const message = logicalTypeProblem(s)
        if (message !== undefined) problems.push({ message, pointer: s.pointer })
      },
    })
    return problems
  },
}

function logicalTypeProblem(s: Schema): string | undefined {
  const logical = s.logicalType as string
  const base = s.kind === 'primitive' ? s.type : s.kind
  const allowed = UNDERLYING[logical]
  if (allowed === undefined) return undefined
  if (!allowed.includes(base)) return `logical type '${logical}' must annotate ${allowed.join(' or ')}, not ${base}`
  if (logical === 'uuid' && s.kind === 'fixed' && s.size !== 16) return `logical type 'uuid' on a fixed needs size 16, not ${s.size}`
  if (logical === 'duration' && s.kind === 'fixed' && s.size !== 12) return `logical type 'duration' needs a fixed of size 12, not ${s.size}`
  if (logical !== 'decimal') return undefined
  const { precision, scale = 0 } = s.props as { precision?: unknown; scale?: unknown }
  if (typeof precision !== 'number' || !Number.isInteger(precision) || precision < 1)
    return `decimal precision must be a positive integer (got ${JSON.stringify(precision)})`
  if (typeof scale !== 'number' || !Number.isInteger(scale) || scale < 0) return `decimal scale must be a non-negative integer (got ${JSON.stringify(scale)})`
  if (scale > precision) return `decimal scale ${scale} is greater than its precision ${precision}`
  if (s.kind === 'fixed') {
    const max = Math.floor(Math.log10(2) * (8 * s.size - 1))
    if (precision > max) return `decimal precision ${precision} does not fit a fixed of ${s.size} bytes (at most ${max})`
  }
  return undefined
}
