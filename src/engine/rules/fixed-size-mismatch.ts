import type { CompatibilityRule } from './types.js'

/** `FIXED_SIZE_MISMATCH`: A fixed type has a different size in the reader than in the writer. */
export const fixedSizeMismatchRule: CompatibilityRule = {
  id: 'FIXED_SIZE_MISMATCH',
  kind: 'compatibility',
  severity: 'error',
  type: 'FIXED_SIZE_MISMATCH',
  purpose: 'A fixed type has a different size in the reader than in the writer.',
  docs: 'A fixed value is exactly size bytes; a reader cannot read a different size. Keep the size, or introduce a new field of a new fixed type (with a default) and stop writing the old one.',
}
