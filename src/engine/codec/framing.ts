/**
 * The Confluent wire format (confluent-api.md §9): magic byte 0, the schema id as a 4-byte
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
  const schemaId = ((message[1] << 24) | (message[2] << 16) | (message[3] << 8) | message[4]) | 0
  // Registries number schemas from 1: no registry can answer for these, so do not ask one.
  if (schemaId <= 0) return { ok: false, error: { code: 'INVALID_SCHEMA_ID', message: `schema id ${schemaId} in the header is not a registry id (ids start at 1): not a Confluent-framed message` } }
  return { ok: true, schemaId, payloadOffset: HEADER_LENGTH }
}

function hexByte(n: number): string {
  return n.toString(16).padStart(2, '0')
}
