/** The reader/writer walk applied to two parsed documents. */
import type { ParsedSchema } from '../types.js'
import { checkReaderWriter, type WalkOutcome } from './walk.js'
import type { Schema } from '../schema/model.js'

/** Check `reader` against `writer` (both parsed); see `checkReaderWriter`. */
export function checkParsedPair(reader: ParsedSchema, writer: ParsedSchema): WalkOutcome {
  return checkReaderWriter(reader.schema, writer.schema, (s: Schema) => (s === writer.schema ? writer.normalized : JSON.stringify(s)))
}
