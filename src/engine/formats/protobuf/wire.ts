/**
 * The Protobuf binary wire format, just enough to read and write `FileDescriptorProto`s: varints,
 * length-delimited fields, skipping unknown fields. Pure; reads report malformed input by throwing
 * `WireFormatError`, which callers turn into results.
 */

/** Malformed Protobuf bytes (truncated varint, length past the end, unknown wire type). */
export class WireFormatError extends Error {}

/** Sequential reader over a byte array. */
export class WireReader {
  pos = 0

  constructor(
    readonly bytes: Uint8Array,
    readonly end = bytes.length,
  ) {}

  done(): boolean {
    return this.pos >= this.end
  }

  varint(): number {
    let result = 0
    let shift = 0
    while (true) {
      if (this.pos >= this.end) throw new WireFormatError('truncated varint')
      const b = this.bytes[this.pos++]!
      if (shift < 53) result += (b & 0x7f) * 2 ** shift
      if ((b & 0x80) === 0) break
      shift += 7
      if (shift > 63) throw new WireFormatError('varint longer than 10 bytes')
    }
    return result
  }

  /** A varint read as a signed 32-bit integer (int32/enum fields). */
  int32(): number {
    return this.varint() | 0
  }

  tag(): { field: number; wireType: number } {
    const key = this.varint()
    return { field: Math.floor(key / 8), wireType: key & 7 }
  }

  bytesField(): Uint8Array {
    const length = this.varint()
    if (this.pos + length > this.end) throw new WireFormatError('length-delimited field runs past the end')
    const out = this.bytes.subarray(this.pos, this.pos + length)
    this.pos += length
    return out
  }

  string(): string {
    return new TextDecoder('utf-8', { fatal: false }).decode(this.bytesField())
  }

  sub(): WireReader {
    const length = this.varint()
    if (this.pos + length > this.end) throw new WireFormatError('embedded message runs past the end')
    const reader = new WireReader(this.bytes, this.pos + length)
    reader.pos = this.pos
    this.pos += length
    return reader
  }

  skip(wireType: number): void {
    switch (wireType) {
      case 0:
        this.varint()
        return
      case 1:
        this.pos += 8
        break
      case 2:
        this.bytesField()
        return
      case 5:
        this.pos += 4
        break
      default:
        throw new WireFormatError(`unsupported wire type ${wireType}`)
    }
    if (this.pos > this.end) throw new WireFormatError('fixed-width field runs past the end')
  }
}

/** Accumulates an encoded message. */
export class WireWriter {
  private readonly chunks: number[] = []

  varint(value: number): void {
    let v = value
    if (v < 0) {
      // Negative int32 values are written as 10-byte two's complement varints.
      const lo = v >>> 0
      const hi = 0xffffffff
      this.varint64(lo, hi)
      return
    }
    while (v >= 0x80) {
      this.chunks.push((v % 128) | 0x80)
      v = Math.floor(v / 128)
    }
    this.chunks.push(v)
  }

  private varint64(lo: number, hi: number): void {
    let l = lo
    let h = hi
    for (let i = 0; i < 9; i++) {
      this.chunks.push((l & 0x7f) | 0x80)
      l = ((l >>> 7) | (h << 25)) >>> 0
      h = h >>> 7
    }
    this.chunks.push(l & 0x01)
  }

  tag(field: number, wireType: number): void {
    this.varint(field * 8 + wireType)
  }

  uint(field: number, value: number): void {
    this.tag(field, 0)
    this.varint(value)
  }

  bool(field: number, value: boolean): void {
    this.uint(field, value ? 1 : 0)
  }

  bytes(field: number, value: Uint8Array | number[]): void {
    this.tag(field, 2)
    this.varint(value.length)
    for (const b of value) this.chunks.push(b)
  }

  string(field: number, value: string): void {
    this.bytes(field, new TextEncoder().encode(value))
  }

  message(field: number, build: (w: WireWriter) => void): void {
    const inner = new WireWriter()
    build(inner)
    this.bytes(field, inner.chunks)
  }

  finish(): Uint8Array {
    return Uint8Array.from(this.chunks)
  }
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

/** Standard base64 (with padding) of `bytes`. */
export function toBase64(bytes: Uint8Array): string {
  let out = ''
  let i = 0
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!
    out += BASE64[n >> 18]! + BASE64[(n >> 12) & 63]! + BASE64[(n >> 6) & 63]! + BASE64[n & 63]!
  }
  if (i < bytes.length) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8)
    out += BASE64[n >> 18]! + BASE64[(n >> 12) & 63]! + (i + 1 < bytes.length ? BASE64[(n >> 6) & 63]! : '=') + '='
  }
  return out
}

/** Bytes of standard or URL-safe base64 text (whitespace ignored), or null when it is not base64. */
export function fromBase64(text: string): Uint8Array | null {
  const clean = text.replace(/\s+/g, '').replace(/-/g, '+').replace(/_/g, '/')
  if (clean.length === 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.replace(/=+$/, '').length % 4 === 1) return null
  const body = clean.replace(/=+$/, '')
  const out = new Uint8Array(Math.floor((body.length * 3) / 4))
  let bits = 0
  let acc = 0
  let o = 0
  for (let i = 0; i < body.length; i++) {
    acc = (acc << 6) | BASE64.indexOf(body[i]!)
    bits += 6
    if (bits >= 8) {
      bits -= 8
      out[o++] = (acc >> bits) & 0xff
    }
  }
  return out.subarray(0, o)
}
