import { parseSchema } from '../../../src/engine/index.js'
import { diffSchemas } from '../../../src/engine/diff/index.js'
import type { ParsedSchema } from '../../../src/engine/types.js'

/** Parses a test schema, failing the test on invalid input. */
export function parsed(schema: unknown): ParsedSchema {
  const result = parseSchema(schema)
  if (!result.ok) throw new Error(`invalid test schema: ${result.errors[0].message}`)
  return result
}

/** The changes from `a` to `b`. */
export function diff(a: unknown, b: unknown) {
  return diffSchemas(parsed(a).schema, parsed(b).schema)
}

/** A record named R with these fields. */
export const record = (fields: unknown[], extra: Record<string, unknown> = {}) => ({ type: 'record', name: 'R', fields, ...extra })
