import type { CompatibilityRule } from './types.js'

/** `ENUM_SYMBOL_REMOVED`: The new schema removes an enum symbol that old data may hold, so the new schema cannot read old data. */
export const enumSymbolRemovedRule: CompatibilityRule = {
  id: 'ENUM_SYMBOL_REMOVED',
  kind: 'compatibility',
  severity: 'error',
  type: 'MISSING_ENUM_SYMBOLS',
  direction: 'backward',
  purpose: 'The new schema removes an enum symbol that old data may hold, so the new schema cannot read old data.',
  docs: 'Readers on the new schema fail on records written with the removed symbol. Keep the symbol (deprecate it in the doc), or give the enum a default symbol before removing it.',
}
