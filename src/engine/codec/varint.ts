/**
 * Avro's zig-zag varints, read with Avro Java's bounds: a long takes at most 10 bytes and an int
 * at most 5; one longer is refused ("Invalid long encoding", "Invalid int encoding", Avro Java's
 * words), so a run of continuation bytes costs at most that many reads, never a pass over the
 * rest of the input. Bits beyond 64 (32 for an int) in the last byte are refused as well: Avro
 * Java drops them silently, giving a wrong number, and no Avro writer produces them.
 */

/** A varint longer than its type allows, or one holding more bits than its type has. */
export class InvalidEncodingError extends Error {}

/** Where a varint is read: `buf[pos]` onwards; `pos` is left after it. */
export interface Tap {
  buf: Uint8Array
  pos: number
}

const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER)
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER)

/** Bytes of the longest long varint (64 bits, 7 a byte). */
export const MAX_LONG_BYTES = 10

/** Bytes of the longest int varint (32 bits, 7 a byte). */
export const MAX_INT_BYTES = 5

/**
 * Reads a zig-zag varint long exactly: a number when it is a safe integer, a BigInt beyond.
 * Throws InvalidEncodingError for a varint past 10 bytes or 64 bits. Past the end of `buf` it
 * reads zeros (and leaves `pos` past the end), as avsc's taps do: the caller reports truncation.
 */
export function readLong(tap: Tap): number | bigint {
  const buf = tap.buf
  const start = tap.pos
  let n = 0
  let k = 0
  let b: number
  do {
    b = buf[tap.pos++]
    n |= (b & 0x7f) << k
    k += 7
  } while (b & 0x80 && k < 28)
  if (!(b & 0x80)) return (n >> 1) ^ -(n & 1)
  // 4 bytes read; sum the rest in doubles (exact below 2^53), at most 6 more bytes.
  let f = n
  let fk = 268435456 // 2^28
  do {
    if (tap.pos - start === MAX_LONG_BYTES) throw overlong('long', MAX_LONG_BYTES, start)
    b = buf[tap.pos++]
    f += (b & 0x7f) * fk
    fk *= 128
  } while (b & 0x80)
  // The tenth byte holds bit 63 only.
  if (tap.pos - start === MAX_LONG_BYTES && b > 1) throw overflow('long', 64, start)
  if (f <= Number.MAX_SAFE_INTEGER) return f % 2 ? -(f + 1) / 2 : f / 2
  // Beyond 2^53 the sum in doubles is not exact: redo it in BigInt (at most 10 bytes).
  let z = 0n
  let shift = 0n
  for (let p = start; p < tap.pos; p++, shift += 7n) z |= BigInt((buf[p] ?? 0) & 0x7f) << shift
  const v = (z >> 1n) ^ -(z & 1n)
  return v >= MIN_SAFE && v <= MAX_SAFE ? Number(v) : v
}

/**
 * Reads a long as a number (rounded beyond ±2^53): lengths, counts and indexes, which the data
 * cannot hold anyway when they are that large. Same bounds as `readLong`.
 */
export function readLongNumber(tap: Tap): number {
  const n = readLong(tap)
  return typeof n === 'number' ? n : Number(n)
}

/** Reads a zig-zag varint int. Throws InvalidEncodingError for a varint past 5 bytes or 32 bits. */
export function readInt(tap: Tap): number {
  const buf = tap.buf
  const start = tap.pos
  let n = 0
  let k = 0
  let b: number
  do {
    b = buf[tap.pos++]
    n |= (b & 0x7f) << k
    k += 7
  } while (b & 0x80 && k < 28)
  if (b & 0x80) {
    b = buf[tap.pos++]
    if (b & 0x80) throw overlong('int', MAX_INT_BYTES, start)
    // The fifth byte holds bits 28 to 31 only.
    if (b > 0x0f) throw overflow('int', 32, start)
    n |= b << 28
  }
  return (n >>> 1) ^ -(n & 1)
}

/** Skips a long varint, with `readLong`'s bounds. */
export function skipLong(tap: Tap): void {
  const buf = tap.buf
  const start = tap.pos
  while (buf[tap.pos++] & 0x80) {
    if (tap.pos - start === MAX_LONG_BYTES) throw overlong('long', MAX_LONG_BYTES, start)
  }
}

function overlong(type: 'int' | 'long', bytes: number, start: number): InvalidEncodingError {
  return new InvalidEncodingError(`Invalid ${type} encoding: the varint at byte ${start} goes on past ${bytes} bytes`)
}

function overflow(type: 'int' | 'long', bits: number, start: number): InvalidEncodingError {
  return new InvalidEncodingError(`Invalid ${type} encoding: the varint at byte ${start} holds more than ${bits} bits`)
}
