/** Public API of the wire codec: Confluent framing, Avro datums ⇄ JSON, record and message text. The entry of `engine/codec/` for other layers. */
export {
  HEADER_LENGTH,
  MAGIC_BYTE,
  MAX_PREFIXED_LENGTH,
  frameMessage,
  readFrame,
  readPrefixedMessage,
  type FrameError,
  type FrameResult,
  type PrefixedMessage,
} from './framing.js'
export {
  createDecoder,
  createEncoder,
  type DatumDecoder,
  type DatumEncoder,
  type DatumError,
  type DecodeOutcome,
  type DecoderOptions,
  type DecoderResult,
  type EncoderResult,
} from './avro-codec.js'
export type { ValueError } from './json-input.js'
export { ByteSink } from './byte-sink.js'
export { parseJsonExact, type ExactJsonResult } from './json-numbers.js'
export { JsonRecordSplitter, type JsonRecordsOutcome, type JsonRecordText } from './json-records.js'
export { readMessageLine, readPlainHex, type MessageLine, type MessageTextFormat } from './message-text.js'
