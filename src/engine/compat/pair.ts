/** The reader/writer walk applied to two parsed documents. */
import { toAvroJson } from '../schema/avro-json.js'
import type { ParsedSchema } from '../types.js'
import { checkReaderWriter, type WalkOutcome } from './walk.js'

/** Check whether `reader` can read data written with `writer` (both parsed); see `checkReaderWriter`. */
export function checkParsedPair(reader: ParsedSchema, writer: ParsedSchema): WalkOutcome {
  return checkReaderWriter(reader.schema, writer.schema, (schema) => toAvroJson(schema))
}
