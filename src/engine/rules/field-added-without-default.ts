import type { CompatibilityRule } from './types.js'

/** `FIELD_ADDED_WITHOUT_DEFAULT`: The new schema adds a field without a default, so it cannot read old data that lacks the field. */
export const fieldAddedWithoutDefaultRule: CompatibilityRule = {
  id: 'FIELD_ADDED_WITHOUT_DEFAULT',
  kind: 'compatibility',
  severity: 'error',
  type: 'READER_FIELD_MISSING_DEFAULT_VALUE',
  direction: 'backward',
  purpose: 'The new schema adds a field without a default, so it cannot read old data that lacks the field.',
  docs: 'Give the new field a default (for an optional field: type ["null", T] with default null).',
  example: 'Version 2 adds {"name": "age", "type": "int"} to a record of version 1.\nFix: {"name": "age", "type": ["null", "int"], "default": null}',
}
