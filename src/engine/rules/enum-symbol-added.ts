import type { CompatibilityRule } from './types.js'

/** `ENUM_SYMBOL_ADDED`: The new schema adds an enum symbol that readers on the old schema do not know, and the old enum has no default. */
export const enumSymbolAddedRule: CompatibilityRule = {
  id: 'ENUM_SYMBOL_ADDED',
  kind: 'compatibility',
  severity: 'error',
  type: 'MISSING_ENUM_SYMBOLS',
  direction: 'forward',
  purpose: 'The new schema adds an enum symbol that readers on the old schema do not know, and the old enum has no default.',
  docs: 'Readers still on the old schema fail on the new symbol. Give the enum a default symbol in a compatible release first (old readers then map unknown symbols to it), then add symbols.',
}
