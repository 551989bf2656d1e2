/** Public API of the wire codec: Confluent framing and Avro datums ⇄ JSON. */
export { HEADER_LENGTH, MAGIC_BYTE, MAX_PREFIXED_LENGTH, frameMessage, readFrame, readPrefixedMessage, type FrameError, type FrameResult, type PrefixedMessage } from './framing.js'
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
export { ByteSink } from './json-transcode.js'
