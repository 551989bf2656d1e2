import type { CompatibilityRule } from './types.js'

/** `FIELD_REMOVED_WITHOUT_DEFAULT`: The new schema removes a field that has no default in the old schema, so readers on the old schema cannot read new data. */
export const fieldRemovedWithoutDefaultRule: CompatibilityRule = {
  id: 'FIELD_REMOVED_WITHOUT_DEFAULT',
  kind: 'compatibility',
  severity: 'error',
  type: 'READER_FIELD_MISSING_DEFAULT_VALUE',
  direction: 'forward',
  purpose: 'The new schema removes a field that has no default in the old schema, so readers on the old schema cannot read new data.',
  docs: 'Readers still on the old schema need the removed field. Add a default to the field in a compatible release first, then remove it.',
}
