/**
 * The Confluent wire format (docs/registry-api.md, "Wire format"): magic byte 0, the schema id as a 4-byte
 * big-endian signed integer, then the payload (for Avro, the binary datum without any header).
 */

/** The magic byte of a Confluent-framed message. */
export const MAGIC_BYTE = 0

/** Bytes before the payload: magic byte and schema id. */
export const HEADER_LENGTH = 5

/** Why a message is not a Confluent-framed message. */
export interface FrameError {
  code: 'EMPTY_MESSAGE' | 'WRONG_MAGIC_BYTE' | 'TRUNCATED_HEADER' | 'INVALID_SCHEMA_ID'
  message: string
}

/** A message's header: the schema id and where the payload starts. */
export type FrameResult = { ok: true; schemaId: number; payloadOffset: number } | { ok: false; error: FrameError }

/** Frames `payload` with the magic byte and `schemaId` (a non-negative 32-bit integer). */
export function frameMessage(schemaId: number, payload: Uint8Array): Buffer {
  const message = Buffer.allocUnsafe(HEADER_LENGTH + payload.length)
  message[0] = MAGIC_BYTE
  message.writeInt32BE(schemaId, 1)
  message.set(payload, HEADER_LENGTH)
  return message
}

/**
 * Reads the header of `message[0..length)`: the schema id, or why the bytes are not a framed
 * message (also an id ≤ 0). An empty payload is allowed here (a record with no fields encodes to no bytes).
 */
export function readFrame(message: Uint8Array, length: number = message.length): FrameResult {
  if (length === 0) return { ok: false, error: { code: 'EMPTY_MESSAGE', message: 'empty message (no bytes)' } }
  const magic = message[0]
  if (magic !== MAGIC_BYTE) {
    const why =
      magic === 1
        ? 'magic byte 0x01 (a schema GUID, Confluent Platform 8) is not supported; expected 0x00'
        : `wrong magic byte 0x${hexByte(magic)} (expected 0x00): not a Confluent-framed message`
    return { ok: false, error: { code: 'WRONG_MAGIC_BYTE', message: why } }
  }
  if (length < HEADER_LENGTH) {
    return {
      ok: false,
      error: { code: 'TRUNCATED_HEADER', message: `truncated header: ${length} byte${length === 1 ? '' : 's'}, the magic byte and schema id need 5` },
    }
  }
  const schemaId = (message[1] << 24) | (message[2] << 16) | (message[3] << 8) | message[4] | 0
  // Registries number schemas from 1: no registry can answer for these, so do not ask one.
  if (schemaId <= 0)
    return {
      ok: false,
      error: {
        code: 'INVALID_SCHEMA_ID',
        message: `schema id ${schemaId} in the header is not a registry id (ids start at 1): not a Confluent-framed message`,
      },
    }
  return { ok: true, schemaId, payloadOffset: HEADER_LENGTH }
}

function hexByte(n: number): string {
  return n.toString(16).padStart(2, '0')
}

/** The largest message a length prefix may announce (Kafka's own limit is far lower): beyond, the input is not length-prefixed. */
export const MAX_PREFIXED_LENGTH = 64 * 1024 * 1024

/**
 * The next message of a length-prefixed stream (a 4-byte big-endian length, then the value, as
 * `kcat -f '%R%s'` writes) at `bytes[pos..]`: where it lies, a tombstone (length 0 or -1: no
 * value), `incomplete` when the bytes end first (with the bytes from `pos` the message needs, as
 * far as known), or an error when the length cannot be one.
 */
export type PrefixedMessage =
  | { kind: 'message'; start: number; end: number }
  | { kind: 'tombstone'; end: number }
  | { kind: 'incomplete'; needs: number }
  | { kind: 'error'; message: string }

/** Reads the length-prefixed message at `bytes[pos..]` (see PrefixedMessage). */
export function readPrefixedMessage(bytes: Uint8Array, pos: number): PrefixedMessage {
  if (bytes.length - pos < 4) return { kind: 'incomplete', needs: 4 }
  const length = (bytes[pos] << 24) | (bytes[pos + 1] << 16) | (bytes[pos + 2] << 8) | bytes[pos + 3] | 0
  if (length === 0 || length === -1) return { kind: 'tombstone', end: pos + 4 }
  if (length < 0 || length > MAX_PREFIXED_LENGTH) {
    return {
      kind: 'error',
      message: `a length prefix of ${length} bytes cannot be a message's: the input is not length-prefixed (4-byte big-endian lengths, as kcat -f '%R%s' writes)`,
    }
  }
  const end = pos + 4 + length
  return end > bytes.length ? { kind: 'incomplete', needs: 4 + length } : { kind: 'message', start: pos + 4, end }
}
