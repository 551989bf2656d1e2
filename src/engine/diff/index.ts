/**
 * Semantic schema diff: what changed from one Avro schema to another (with JSON Pointers) and
 * whether each can read the other's data. Pure, like the rest of the engine.
 */
import type { ParsedSchema } from '../types.js'
import type { SchemaComparison } from './types.js'
import { diffSchemas } from './walk.js'
import { diffVerdicts } from './verdicts.js'

export * from './types.js'
export { diffSchemas } from './walk.js'
export { diffVerdicts } from './verdicts.js'

/** The changes from `a` (old) to `b` (new) and the BACKWARD, FORWARD and FULL verdicts. */
export function compareSchemas(a: ParsedSchema, b: ParsedSchema): SchemaComparison {
  return { changes: diffSchemas(a.schema, b.schema), verdicts: diffVerdicts(a, b) }
}
