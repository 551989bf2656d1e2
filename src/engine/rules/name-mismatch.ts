import type { CompatibilityRule } from './types.js'

/** `NAME_MISMATCH`: A named type (record, enum, fixed) has a different full name in the reader than in the writer, and no alias bridges them. */
export const nameMismatchRule: CompatibilityRule = {
  id: 'NAME_MISMATCH',
  kind: 'compatibility',
  severity: 'error',
  type: 'NAME_MISMATCH',
  purpose: 'A named type (record, enum, fixed) has a different full name in the reader than in the writer, and no alias bridges them.',
  docs: 'Avro resolves named types by full name (namespace + name). Renaming a record, enum or fixed, or moving it to another namespace, makes old and new data unreadable by each other. Keep the name, or add the old full name to the new type’s aliases (readers resolve aliases; writers do not).',
}
