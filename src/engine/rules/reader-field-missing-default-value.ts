import type { CompatibilityRule } from './types.js'

/** `READER_FIELD_MISSING_DEFAULT_VALUE`: The reader has a field the writer lacks, and the field has no default. */
export const readerFieldMissingDefaultValueRule: CompatibilityRule = {
  id: 'READER_FIELD_MISSING_DEFAULT_VALUE',
  kind: 'compatibility',
  severity: 'error',
  type: 'READER_FIELD_MISSING_DEFAULT_VALUE',
  purpose: 'The reader has a field the writer lacks, and the field has no default.',
  docs: 'A reader fills a field the writer did not write from its default; without one, reading fails. See FIELD_ADDED_WITHOUT_DEFAULT and FIELD_REMOVED_WITHOUT_DEFAULT for the two directions.',
}
