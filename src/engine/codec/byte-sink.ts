/**
 * Where decoded messages are written as JSON bytes.
 */
/** A growable byte buffer that JSON text is written into (Avro and Protobuf decoders alike). */
export class ByteSink {
  /** The bytes; valid up to `length`. */
  buf = new Uint8Array(1 << 17)
  /** Bytes written (set it back to drop what was written after). */
  length = 0

  /** Makes room for `n` more bytes. */
  reserve(n: number): void {
    if (this.length + n <= this.buf.length) return
    const grown = new Uint8Array(Math.max(this.buf.length * 2, this.length + n))
    grown.set(this.buf.subarray(0, this.length))
    this.buf = grown
  }

  /** Appends `bytes[start..end)`. */
  append(bytes: Uint8Array, start = 0, end = bytes.length): void {
    this.reserve(end - start)
    const buf = this.buf
    let at = this.length
    // Byte by byte: the pieces are short, and a subarray per piece costs more than the copy.
    if (end - start < 64) for (let i = start; i < end; i++) buf[at++] = bytes[i]
    else {
      buf.set(bytes.subarray(start, end), at)
      at += end - start
    }
    this.length = at
  }

  /** Appends `text`, which must be ASCII (numbers, keys, markup): no encoder call for a few bytes. */
  ascii(text: string): void {
    this.reserve(text.length)
    const buf = this.buf
    let at = this.length
    for (let i = 0; i < text.length; i++) buf[at++] = text.charCodeAt(i)
    this.length = at
  }

  /** Appends one byte. */
  byte(b: number): void {
    this.reserve(1)
    this.buf[this.length++] = b
  }

  /** Appends `text` as UTF-8. */
  text(text: string): void {
    this.reserve(text.length * 3)
    this.length += encoder.encodeInto(text, this.buf.subarray(this.length)).written
  }

  /** Takes what was written (a copy) and empties the sink. */
  take(): Uint8Array {
    const out = this.buf.slice(0, this.length)
    this.length = 0
    return out
  }
}

const encoder = new TextEncoder()

/** The parts of a sink that integers are written through. */
export interface IntegerSink {
  buf: Uint8Array
  length: number
  reserve(n: number): void
  ascii(text: string): void
}

/** Appends the decimal text of an integer: digits straight into the buffer, no string per number. */
export function writeInteger(out: IntegerSink, n: number | bigint): void {
  // Beyond 32 bits, String() is as quick as digit arithmetic in doubles.
  if (typeof n === 'bigint' || n > 0x7fffffff || n < -0x7fffffff) return out.ascii(String(n))
  out.reserve(11)
  const buf = out.buf
  if (n < 0) {
    buf[out.length++] = 45 // -
    n = -n
  }
  let digits = 1
  for (let rest = n; rest >= 10; rest = (rest / 10) | 0) digits++
  let at = out.length + digits
  out.length = at
  do {
    buf[--at] = 48 + (n % 10)
    n = (n / 10) | 0
  } while (n > 0)
}
