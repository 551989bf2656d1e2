/**
 * The message-index list of Confluent's Protobuf wire format, between the 5-byte header (magic
 * byte 0, big-endian schema id) and the Protobuf payload: the path to the message type among the
 * schema file's top-level messages and their nested messages, as a zig-zag varint count followed
 * by zig-zag varint indexes; the single byte 0 stands for `[0]`, the first message.
 */

/** Why the bytes after the header are not a message-index list. */
export interface MessageIndexError {
  code: 'INVALID_MESSAGE_INDEXES'
  message: string
}

/** The indexes and where the payload starts, or why there is no valid list. */
export type MessageIndexesResult = { ok: true; indexes: number[]; payloadOffset: number } | { ok: false; error: MessageIndexError }

/** The most indexes a list may hold (deeper nesting than any schema the registry accepts). */
const MAX_INDEXES = 1000

function invalid(message: string): MessageIndexesResult {
  return { ok: false, error: { code: 'INVALID_MESSAGE_INDEXES', message: `message indexes are absent or malformed: ${message}` } }
}

/** Reads a zig-zag varint of at most 32 bits at `pos`; returns [value, next position], or null when cut off or too long. */
function readZigZag(bytes: Uint8Array, pos: number, end: number): [number, number] | null {
  let raw = 0
  for (let shift = 0; shift < 35; shift += 7) {
    if (pos >= end) return null
    const b = bytes[pos++]!
    raw += (b & 0x7f) * 2 ** shift
    if (b < 0x80) {
      if (raw > 0xffffffff) return null
      const value = raw % 2 === 0 ? raw / 2 : -(raw + 1) / 2
      return [value, pos]
    }
  }
  return null
}

/** Reads the message-index list at `bytes[offset..end)` (the bytes after the 5-byte header). */
export function readMessageIndexes(bytes: Uint8Array, offset: number, end: number = bytes.length): MessageIndexesResult {
  if (offset >= end) return invalid('the message ends after the schema id (a Protobuf message has at least the index byte 0)')
  if (bytes[offset] === 0) return { ok: true, indexes: [0], payloadOffset: offset + 1 }
  const count = readZigZag(bytes, offset, end)
  if (count === null) return invalid('the index count is cut off or longer than 5 bytes')
  const [n, afterCount] = count
  if (n < 0)
    return invalid(
      `the index count reads as ${n} (the bytes after the schema id look like a Protobuf payload without the index list, as a non-Confluent or older serializer writes)`,
    )
  // A count of zero however written (Java reads the varint; the byte 0 is the usual spelling) is [0].
  if (n === 0) return { ok: true, indexes: [0], payloadOffset: afterCount }
  if (n > MAX_INDEXES || n > end - afterCount) return invalid(`an index count of ${n} is more than the ${end - afterCount} bytes after it can hold`)
  const indexes: number[] = []
  let pos = afterCount
  for (let i = 0; i < n; i++) {
    const read = readZigZag(bytes, pos, end)
    if (read === null) return invalid(`index ${i + 1} of ${n} is cut off`)
    if (read[0] < 0) return invalid(`index ${i + 1} of ${n} is negative (${read[0]})`)
    indexes.push(read[0])
    pos = read[1]
  }
  return { ok: true, indexes, payloadOffset: pos }
}

function pushZigZag(out: number[], n: number): void {
  let v = n >= 0 ? n * 2 : -n * 2 - 1
  while (v > 127) {
    out.push((v % 128) | 0x80)
    v = Math.floor(v / 128)
  }
  out.push(v)
}

/** The message-index list of `indexes` as the serializer writes it: `[0]` as the single byte 0. */
export function writeMessageIndexes(indexes: readonly number[]): Uint8Array {
  if (indexes.length === 1 && indexes[0] === 0) return Uint8Array.of(0)
  const out: number[] = []
  pushZigZag(out, indexes.length)
  for (const index of indexes) pushZigZag(out, index)
  return Uint8Array.from(out)
}

/** A Confluent-framed Protobuf message: magic byte 0, `schemaId` big-endian, the message-index list, then `payload`. */
export function frameProtobufMessage(schemaId: number, indexes: readonly number[], payload: Uint8Array): Uint8Array {
  const list = writeMessageIndexes(indexes)
  const out = new Uint8Array(5 + list.length + payload.length)
  out[0] = 0
  out[1] = (schemaId >>> 24) & 0xff
  out[2] = (schemaId >>> 16) & 0xff
  out[3] = (schemaId >>> 8) & 0xff
  out[4] = schemaId & 0xff
  out.set(list, 5)
  out.set(payload, 5 + list.length)
  return out
}
