import type { CompatibilityRule } from './types.js'

/** `MISSING_ENUM_SYMBOLS`: The writer can write an enum symbol the reader does not know, and the reader enum has no default. */
export const missingEnumSymbolsRule: CompatibilityRule = {
  id: 'MISSING_ENUM_SYMBOLS',
  kind: 'compatibility',
  severity: 'error',
  type: 'MISSING_ENUM_SYMBOLS',
  purpose: 'The writer can write an enum symbol the reader does not know, and the reader enum has no default.',
  docs: 'A reader meeting an unknown symbol fails unless its enum declares a default symbol. See ENUM_SYMBOL_REMOVED and ENUM_SYMBOL_ADDED for the two directions.',
}
