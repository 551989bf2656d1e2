/**
 * Kafka messages in Confluent's Protobuf wire format ⇄ canonical proto3 JSON, for one parsed
 * schema. After the 5-byte header (engine/codec/framing.ts) come the message-index list and the
 * Protobuf payload: the decoder reads both (the list chooses the message type), the encoder writes
 * both for the chosen type (by default the file's first message, as the serializers do). Plans are
 * compiled once per message type. Pure: no I/O, never throws (outcomes say what is wrong and where).
 */
import { ByteSink } from '../../../codec/byte-sink.js'
import type { ParsedProtobuf } from '../schema.js'
import { DecodeFailure, PayloadDecoder, type ProtobufDecodeError, type ProtobufDecodeOptions, type UnknownField } from './decode.js'
import { EncodeFailure, JsonEncoder, type EncodeError } from './encode.js'
import type { JsonSink } from './json-text.js'
import { readMessageIndexes, writeMessageIndexes } from './message-indexes.js'
import { PlanError, Plans, indexesOf, messageAt, type MessagePlan } from './plan.js'

export { frameProtobufMessage, readMessageIndexes, writeMessageIndexes, type MessageIndexError, type MessageIndexesResult } from './message-indexes.js'
export type { ProtobufDecodeError, ProtobufDecodeErrorCode, ProtobufDecodeOptions, UnknownField } from './decode.js'
export type { EncodeError } from './encode.js'
export type { JsonSink } from './json-text.js'

/** A decoded message written as JSON, or why it could not be. */
export type ProtobufDecodeOutcome = { ok: true; messageType: string; unknownFields?: UnknownField[] } | { ok: false; error: ProtobufDecodeError }

/** Decodes the messages of one schema. Not reentrant: use one per concurrent caller. */
export interface ProtobufMessageDecoder {
  /**
   * Decodes the message-index list and payload filling `bytes[offset..end)` (what follows the
   * 5-byte header) and appends its JSON (UTF-8) to `out`; on failure `out` is left as it was.
   */
  decodeJson(bytes: Uint8Array, offset: number, end: number, out: JsonSink): ProtobufDecodeOutcome
  /** As `decodeJson`, the JSON parsed into a value (64-bit integers stay strings, as in the JSON). */
  decode(
    bytes: Uint8Array,
    offset: number,
    end: number,
  ): { ok: true; value: unknown; messageType: string; unknownFields?: UnknownField[] } | { ok: false; error: ProtobufDecodeError }
  /** Decodes a bare Protobuf payload (no index list) of message type `messageType` (full name). */
  decodePayloadJson(messageType: string, bytes: Uint8Array, offset: number, end: number, out: JsonSink): ProtobufDecodeOutcome
}

/** A decoder of messages written with `schema` (see ProtobufDecodeOptions). */
export function createProtobufDecoder(schema: ParsedProtobuf, options: ProtobufDecodeOptions = {}): ProtobufMessageDecoder {
  const plans = new Plans(schema)
  const decoder = new PayloadDecoder(plans, options)
  const byIndexes = new Map<string, MessagePlan>()
  let first: MessagePlan | undefined
  const scratch = new ByteSink()

  const planAt = (indexes: number[]): MessagePlan | ProtobufDecodeError => {
    const isFirst = indexes.length === 1 && indexes[0] === 0
    if (isFirst && first !== undefined) return first
    const key = indexes.join('.')
    const known = byIndexes.get(key)
    if (known !== undefined) return known
    const at = messageAt(schema.file, indexes)
    if (!at.ok)
      return {
        code: 'UNKNOWN_MESSAGE_INDEX',
        message: `${at.message}: the message was written with another schema, or by a serializer that numbers messages differently`,
        path: '$',
      }
    const plan = plans.message(at.fullName)
    if (isFirst) first = plan
    else if (byIndexes.size < 1000) byIndexes.set(key, plan)
    return plan
  }

  // One outcome object per message type, not one per message.
  const okOutcomes = new Map<MessagePlan, ProtobufDecodeOutcome>()
  const run = (plan: MessagePlan, bytes: Uint8Array, start: number, end: number, out: JsonSink): ProtobufDecodeOutcome => {
    const mark = out.length
    try {
      decoder.run(plan, bytes, start, end, out)
      if (options.unknownFields === 'report' && decoder.unknown.length > 0) return { ok: true, messageType: plan.fullName, unknownFields: decoder.unknown }
      let outcome = okOutcomes.get(plan)
      if (outcome === undefined) {
        outcome = Object.freeze({ ok: true, messageType: plan.fullName }) as ProtobufDecodeOutcome
        okOutcomes.set(plan, outcome)
      }
      return outcome
    } catch (e) {
      out.length = mark
      if (e instanceof DecodeFailure) return { ok: false, error: { code: e.code, message: e.message, path: e.path } }
      return { ok: false, error: internal(e) }
    }
  }

  const self: ProtobufMessageDecoder = {
    decodeJson(bytes, offset, end, out) {
      // The common case, the first message (index byte 0), without reading a list.
      if (first !== undefined && offset < end && bytes[offset] === 0) return run(first, bytes, offset + 1, end, out)
      const list = readMessageIndexes(bytes, offset, end)
      if (!list.ok) return { ok: false, error: { ...list.error, path: '$' } }
      let plan: MessagePlan | ProtobufDecodeError
      try {
        plan = planAt(list.indexes)
      } catch (e) {
        return { ok: false, error: internal(e) }
      }
      if ('code' in plan) return { ok: false, error: plan }
      return run(plan, bytes, list.payloadOffset, end, out)
    },
    decode(bytes, offset, end) {
      scratch.length = 0
      const outcome = self.decodeJson(bytes, offset, end, scratch)
      if (!outcome.ok) return outcome
      const text = new TextDecoder().decode(scratch.buf.subarray(0, scratch.length))
      return { ...outcome, value: JSON.parse(text) as unknown }
    },
    decodePayloadJson(messageType, bytes, offset, end, out) {
      let plan: MessagePlan
      try {
        plan = plans.message(messageType.startsWith('.') ? messageType.slice(1) : messageType)
      } catch (e) {
        return { ok: false, error: internal(e) }
      }
      return run(plan, bytes, offset, end, out)
    },
  }
  return self
}

function internal(e: unknown): ProtobufDecodeError {
  if (e instanceof PlanError) return { code: 'INTERNAL_ERROR', message: `the schema cannot be used to decode: ${e.message}`, path: '$' }
  const detail = e instanceof RangeError ? 'the message is nested too deeply' : e instanceof Error ? e.message : String(e)
  return { code: 'INTERNAL_ERROR', message: `internal error while decoding: ${detail}`, path: '$' }
}

/** Options of the encoder. */
export interface ProtobufEncodeOptions {
  /** The message type to write (full name, or relative to the package); default: the file's first message. */
  message?: string
  /** The deepest nesting of messages accepted. Default 100. */
  maxDepth?: number
}

/** Encodes JSON records as one message type of a schema. Not reentrant. */
export interface ProtobufMessageEncoder {
  /** The full name of the message type written. */
  readonly messageType: string
  /** Its message indexes in the schema file. */
  readonly messageIndexes: readonly number[]
  /** The message-index list and payload of the parsed JSON `json` (what follows the 5-byte header), or the first value that does not fit. */
  encode(json: unknown): { ok: true; bytes: Uint8Array } | { ok: false; error: EncodeError }
  /** The bare Protobuf payload of `json` (no index list). */
  encodePayload(json: unknown): { ok: true; bytes: Uint8Array } | { ok: false; error: EncodeError }
}

/** An encoder for `schema`'s message type `options.message` (default: its first message), or why there is none. */
export function createProtobufEncoder(
  schema: ParsedProtobuf,
  options: ProtobufEncodeOptions = {},
): { ok: true; encoder: ProtobufMessageEncoder } | { ok: false; message: string } {
  const plans = new Plans(schema)
  const messages = schema.file.types.filter((t) => t.kind === 'message')
  let chosen: { fullName: string; indexes: number[] } | null
  if (options.message === undefined) {
    if (messages.length === 0) return { ok: false, message: 'the schema declares no message type to encode' }
    chosen = indexesOf(schema.file, messages[0]!.name)
  } else {
    chosen = indexesOf(schema.file, options.message)
    if (chosen === null) {
      const imported = schema.scope.type(options.message.replace(/^\./, ''))
      const why =
        imported !== undefined && imported.source.kind !== 'main'
          ? ` (it is defined in ${imported.source.name}, an import: a message written with this schema id must be one the schema itself declares)`
          : ''
      return { ok: false, message: `message type ${JSON.stringify(options.message)} is not declared in the schema${why}; it declares ${listMessages(schema)}` }
    }
  }
  let plan: MessagePlan
  try {
    plan = plans.message(chosen!.fullName)
  } catch (e) {
    return { ok: false, message: e instanceof Error ? `the schema cannot be used to encode: ${e.message}` : String(e) }
  }
  const encoder = new JsonEncoder(plans, options.maxDepth ?? 100)
  const list = writeMessageIndexes(chosen!.indexes)
  const payload = (json: unknown): { ok: true; bytes: Uint8Array } | { ok: false; error: EncodeError } => {
    try {
      return { ok: true, bytes: encoder.run(plan, json) }
    } catch (e) {
      if (e instanceof EncodeFailure) return { ok: false, error: { path: e.path, message: e.message } }
      const detail = e instanceof RangeError ? 'the record is nested too deeply' : e instanceof Error ? e.message : String(e)
      return { ok: false, error: { path: '$', message: `internal error while encoding: ${detail}` } }
    }
  }
  return {
    ok: true,
    encoder: {
      messageType: plan.fullName,
      messageIndexes: chosen!.indexes,
      encodePayload: payload,
      encode(json) {
        const result = payload(json)
        if (!result.ok) return result
        const bytes = new Uint8Array(list.length + result.bytes.length)
        bytes.set(list)
        bytes.set(result.bytes, list.length)
        return { ok: true, bytes }
      },
    },
  }
}

function listMessages(schema: ParsedProtobuf): string {
  const names: string[] = []
  const prefix = schema.file.packageName ? `${schema.file.packageName}.` : ''
  const visit = (types: ParsedProtobuf['file']['types'], scope: string) => {
    for (const t of types) {
      if (t.kind !== 'message') continue
      names.push(`${prefix}${scope}${t.name}`)
      visit(t.nestedTypes, `${scope}${t.name}.`)
    }
  }
  visit(schema.file.types, '')
  return names.length === 0 ? 'no messages' : names.slice(0, 12).join(', ') + (names.length > 12 ? ', …' : '')
}
