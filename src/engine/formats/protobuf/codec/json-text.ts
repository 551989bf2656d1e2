/**
 * JSON text of Protobuf values, written as UTF-8 bytes into a growable sink: integers without a
 * string per number, 64-bit integers from their two 32-bit halves, floats in their shortest form,
 * strings straight from their wire bytes (escaped as JSON.stringify escapes them), bytes as base64,
 * Timestamps and Durations in their RFC 3339 and `"1.5s"` forms, and the parsing of those forms back.
 */

/** Where JSON text is written (the shape of the codec's ByteSink). */
export interface JsonSink {
  buf: Uint8Array
  length: number
  reserve(n: number): void
  append(bytes: Uint8Array, start?: number, end?: number): void
  ascii(text: string): void
  text(text: string): void
}

/** Appends one byte. */
export function writeByte(out: JsonSink, b: number): void {
  if (out.length >= out.buf.length) out.reserve(1)
  out.buf[out.length++] = b
}

export { writeInteger } from '../../../codec/byte-sink.js'

const TWO_32 = 4294967296

/** The decimal text of the unsigned 64-bit integer `hi·2^32 + lo` (halves as unsigned 32-bit numbers). */
export function uint64Text(lo: number, hi: number): string {
  if (hi < 0x200000) return String(hi * TWO_32 + lo)
  return ((BigInt(hi) << 32n) | BigInt(lo)).toString()
}

/** The decimal text of the two's-complement signed 64-bit integer of the halves. */
export function int64Text(lo: number, hi: number): string {
  if (hi < 0x80000000) return uint64Text(lo, hi)
  // Negate: invert and add one.
  const nlo = (~lo + 1) >>> 0
  const nhi = (~hi + (nlo === 0 ? 1 : 0)) >>> 0
  return `-${uint64Text(nlo, nhi)}`
}

/** Writes `text` (ASCII) as a JSON string. */
export function writeQuoted(out: JsonSink, text: string): void {
  out.reserve(text.length + 2)
  out.buf[out.length++] = 34
  out.ascii(text)
  out.buf[out.length++] = 34
}

/**
 * Writes a 64-bit integer (two's-complement halves, unsigned 32-bit numbers) as a JSON string,
 * without making a string when it is within ±2^53.
 */
export function writeInt64(out: JsonSink, lo: number, hi: number, signed: boolean): void {
  let negative = false
  if (signed && hi >= 0x80000000) {
    negative = true
    lo = (~lo + 1) >>> 0
    hi = (~hi + (lo === 0 ? 1 : 0)) >>> 0
  }
  if (hi >= 0x200000) return writeQuoted(out, `${negative ? '-' : ''}${uint64Text(lo, hi)}`)
  let n = hi * TWO_32 + lo
  out.reserve(20)
  const buf = out.buf
  buf[out.length++] = 34
  if (negative) buf[out.length++] = 45
  let digits = 1
  for (let rest = n; rest >= 10; rest = Math.floor(rest / 10)) digits++
  let at = out.length + digits
  out.length = at
  do {
    const q = Math.floor(n / 10)
    buf[--at] = 48 + (n - q * 10)
    n = q
  } while (n > 0)
  buf[out.length++] = 34
}

/** A double as JSON: NaN and the infinities as strings, as the JSON mapping says. */
export function doubleText(n: number): string {
  if (n - n !== 0) return n !== n ? '"NaN"' : n > 0 ? '"Infinity"' : '"-Infinity"'
  return Object.is(n, -0) ? '-0' : String(n)
}

/** A float (a double holding a float32 value) in the shortest text that reads back to the same float32. */
export function floatText(n: number): string {
  if (n - n !== 0 || Number.isInteger(n)) return doubleText(n)
  const plain = String(n)
  // Two decimals of at most 6 significant digits never read as the same float32, so a double
  // printed that short is already the float's shortest text.
  if (significantDigits(plain) <= 6) return plain
  // toPrecision(p) reads back to the float for every p at or above the shortest: search for it.
  let low = 1
  let high = 9
  while (low < high) {
    const mid = (low + high) >> 1
    if (Math.fround(Number(n.toPrecision(mid))) === n) high = mid
    else low = mid + 1
  }
  return String(Number(n.toPrecision(low)))
}

function significantDigits(text: string): number {
  let count = 0
  let leading = true
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === 101 || c === 69) break // e
    if (c < 48 || c > 57) continue
    if (leading && c === 48) continue
    leading = false
    count++
  }
  return count
}

const HEX = '0123456789abcdef'
const textDecoder = new TextDecoder()

/**
 * Writes `bytes[start..end)` as a JSON string. Valid UTF-8 is copied as is (escaping what
 * JSON.stringify escapes); invalid UTF-8 returns false when `validate`, else is decoded with
 * replacement characters.
 */
export function writeUtf8String(out: JsonSink, bytes: Uint8Array, start: number, end: number, validate: boolean): boolean {
  // Plain ASCII is copied in the same pass that checks it; anything else starts over below.
  out.reserve(end - start + 2)
  const mark = out.length
  {
    const buf = out.buf
    let at = mark
    buf[at++] = 34
    let i = start
    for (; i < end; i++) {
      const c = bytes[i]!
      if (c < 0x20 || c > 0x7e || c === 34 || c === 92) break
      buf[at++] = c
    }
    if (i === end) {
      buf[at++] = 34
      out.length = at
      return true
    }
  }
  if (!isUtf8(bytes, start, end)) {
    if (validate) return false
    out.text(JSON.stringify(textDecoder.decode(bytes.subarray(start, end))))
    return true
  }
  out.reserve((end - start) * 6 + 2)
  const buf = out.buf
  let at = out.length
  buf[at++] = 34
  for (let i = start; i < end; i++) {
    const c = bytes[i]!
    if (c >= 0x20 && c !== 34 && c !== 92) {
      buf[at++] = c
      continue
    }
    buf[at++] = 92
    switch (c) {
      case 34:
        buf[at++] = 34
        break
      case 92:
        buf[at++] = 92
        break
      case 8:
        buf[at++] = 98 // b
        break
      case 12:
        buf[at++] = 102 // f
        break
      case 10:
        buf[at++] = 110 // n
        break
      case 13:
        buf[at++] = 114 // r
        break
      case 9:
        buf[at++] = 116 // t
        break
      default:
        buf[at++] = 117 // u
        buf[at++] = 48
        buf[at++] = 48
        buf[at++] = HEX.charCodeAt(c >> 4)
        buf[at++] = HEX.charCodeAt(c & 15)
    }
  }
  buf[at++] = 34
  out.length = at
  return true
}

/** Whether `bytes[start..end)` is well-formed UTF-8 (no overlongs, surrogates or values past U+10FFFF). */
export function isUtf8(bytes: Uint8Array, start: number, end: number): boolean {
  let i = start
  while (i < end) {
    const c = bytes[i]!
    if (c < 0x80) {
      i++
      continue
    }
    let more: number
    let low = 0x80
    let high = 0xbf
    if (c < 0xc2) return false
    else if (c < 0xe0) more = 1
    else if (c < 0xf0) {
      more = 2
      if (c === 0xe0) low = 0xa0
      else if (c === 0xed) high = 0x9f
    } else if (c < 0xf5) {
      more = 3
      if (c === 0xf0) low = 0x90
      else if (c === 0xf4) high = 0x8f
    } else return false
    if (i + more >= end) return false
    const b1 = bytes[i + 1]!
    if (b1 < low || b1 > high) return false
    for (let k = 2; k <= more; k++) {
      const b = bytes[i + k]!
      if (b < 0x80 || b > 0xbf) return false
    }
    i += more + 1
  }
  return true
}

/** The string of UTF-8 `bytes[start..end)` (invalid sequences replaced). */
export function utf8Text(bytes: Uint8Array, start: number, end: number): string {
  return textDecoder.decode(bytes.subarray(start, end))
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
const B64_CODES = Uint8Array.from(B64, (c) => c.charCodeAt(0))

/** Writes `bytes[start..end)` as a JSON string of standard base64 with padding. */
export function writeBase64(out: JsonSink, bytes: Uint8Array, start: number, end: number): void {
  const n = end - start
  out.reserve(Math.ceil(n / 3) * 4 + 2)
  const buf = out.buf
  let at = out.length
  buf[at++] = 34
  let i = start
  for (; i + 2 < end; i += 3) {
    const v = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!
    buf[at++] = B64_CODES[v >> 18]!
    buf[at++] = B64_CODES[(v >> 12) & 63]!
    buf[at++] = B64_CODES[(v >> 6) & 63]!
    buf[at++] = B64_CODES[v & 63]!
  }
  if (i < end) {
    const two = i + 1 < end
    const v = (bytes[i]! << 16) | (two ? bytes[i + 1]! << 8 : 0)
    buf[at++] = B64_CODES[v >> 18]!
    buf[at++] = B64_CODES[(v >> 12) & 63]!
    buf[at++] = two ? B64_CODES[(v >> 6) & 63]! : 61
    buf[at++] = 61
  }
  buf[at++] = 34
  out.length = at
}

const B64_VALUES = new Int8Array(128).fill(-1)
for (let i = 0; i < 64; i++) B64_VALUES[B64.charCodeAt(i)] = i
B64_VALUES[45] = 62 // - (base64url)
B64_VALUES[95] = 63 // _ (base64url)

/** The bytes of standard or URL-safe base64, padded or not; null when the text is not base64. */
export function parseBase64(text: string): Uint8Array | null {
  let end = text.length
  while (end > 0 && text.charCodeAt(end - 1) === 61) end--
  if (text.length - end > 2 || end % 4 === 1 || (text.length !== end && text.length % 4 !== 0)) return null
  const out = new Uint8Array(Math.floor((end * 3) / 4))
  let acc = 0
  let bits = 0
  let o = 0
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i)
    const v = c < 128 ? B64_VALUES[c]! : -1
    if (v < 0) return null
    acc = ((acc << 6) | v) & 0xffffff
    bits += 6
    if (bits >= 8) {
      bits -= 8
      out[o++] = (acc >> bits) & 0xff
    }
  }
  return out.subarray(0, o)
}

/** Smallest and largest seconds of a Timestamp (0001-01-01T00:00:00Z, 9999-12-31T23:59:59Z). */
export const TIMESTAMP_MIN_SECONDS = -62135596800
export const TIMESTAMP_MAX_SECONDS = 253402300799
/** Largest magnitude of a Duration's seconds (10,000 years). */
export const DURATION_MAX_SECONDS = 315576000000

/** The fraction of `nanos` (0–999,999,999) as `.fff`, `.ffffff` or `.fffffffff`, or '' when zero. */
function fraction(nanos: number): string {
  if (nanos === 0) return ''
  if (nanos % 1_000_000 === 0) return `.${String(nanos / 1_000_000).padStart(3, '0')}`
  if (nanos % 1000 === 0) return `.${String(nanos / 1000).padStart(6, '0')}`
  return `.${String(nanos).padStart(9, '0')}`
}

function pad2(out: Uint8Array, at: number, n: number): number {
  out[at] = 48 + ((n / 10) | 0)
  out[at + 1] = 48 + (n % 10)
  return at + 2
}

/** Writes the RFC 3339 JSON string of a Timestamp (the caller checked the range). */
export function writeTimestamp(out: JsonSink, seconds: number, nanos: number): void {
  const days = Math.floor(seconds / 86400)
  let rest = seconds - days * 86400
  // Civil date from days since 1970-01-01 (H. Hinnant's algorithm).
  const z = days + 719468
  const era = Math.floor(z / 146097)
  const doe = z - era * 146097
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365)
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))
  const mp = Math.floor((5 * doy + 2) / 153)
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1
  const month = mp < 10 ? mp + 3 : mp - 9
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0)
  const hour = Math.floor(rest / 3600)
  rest -= hour * 3600
  const minute = Math.floor(rest / 60)
  const second = rest - minute * 60
  out.reserve(32)
  const buf = out.buf
  let at = out.length
  buf[at++] = 34
  at = pad2(buf, at, Math.floor(year / 100))
  at = pad2(buf, at, year % 100)
  buf[at++] = 45
  at = pad2(buf, at, month)
  buf[at++] = 45
  at = pad2(buf, at, day)
  buf[at++] = 84 // T
  at = pad2(buf, at, hour)
  buf[at++] = 58
  at = pad2(buf, at, minute)
  buf[at++] = 58
  at = pad2(buf, at, second)
  if (nanos !== 0) {
    // 3, 6 or 9 digits, as few as hold the value.
    let digits = 9
    let n = nanos
    while (digits > 3 && n % 1000 === 0) {
      n /= 1000
      digits -= 3
    }
    buf[at++] = 46 // .
    for (let d = digits - 1; d >= 0; d--) {
      buf[at + d] = 48 + (n % 10)
      n = Math.floor(n / 10)
    }
    at += digits
  }
  buf[at++] = 90 // Z
  buf[at++] = 34
  out.length = at
}

/** The JSON text of a Duration (`"-1.500s"`); the caller checked range and signs. */
export function durationText(seconds: number, nanos: number): string {
  const negative = seconds < 0 || nanos < 0
  return `"${negative ? '-' : ''}${Math.abs(seconds)}${fraction(Math.abs(nanos))}s"`
}

const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/

/** Days since 1970-01-01 of a proleptic Gregorian date. */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year
  const era = Math.floor(y / 400)
  const yoe = y - era * 400
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * 146097 + doe - 719468
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31
}

/** An RFC 3339 timestamp as seconds and nanos, or why it is not one. */
export function parseTimestamp(text: string): { seconds: number; nanos: number } | string {
  const m = TIMESTAMP.exec(text)
  if (m === null) return 'expected an RFC 3339 timestamp such as "2024-05-01T12:30:00Z" or "2024-05-01T12:30:00.250+02:00"'
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number) as [number, number, number, number, number, number]
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
    return `${JSON.stringify(text)} is not a valid date and time`
  const nanos = m[7] === undefined ? 0 : Number(m[7].padEnd(9, '0'))
  let seconds = daysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second
  if (m[8] === undefined) {
    const offset = Number(m[10]) * 3600 + Number(m[11]) * 60
    if (Number(m[10]) > 23 || Number(m[11]) > 59) return `${JSON.stringify(text)} has an invalid UTC offset`
    seconds += m[9] === '+' ? -offset : offset
  }
  if (seconds < TIMESTAMP_MIN_SECONDS || seconds > TIMESTAMP_MAX_SECONDS)
    return `${JSON.stringify(text)} is outside the Timestamp range (years 0001 to 9999, UTC)`
  return { seconds, nanos }
}

const DURATION = /^(-)?(\d+)(?:\.(\d{1,9}))?s$/

/** A JSON Duration (`"1.5s"`, `"-0.001s"`) as seconds and nanos of the same sign, or why it is not one. */
export function parseDuration(text: string): { seconds: number; nanos: number } | string {
  const m = DURATION.exec(text)
  if (m === null) return 'expected a duration in seconds with an "s" suffix, such as "1.5s" or "-0.010s"'
  const seconds = Number(m[2])
  if (seconds > DURATION_MAX_SECONDS) return `${JSON.stringify(text)} is outside the Duration range (±315,576,000,000 s)`
  const nanos = m[3] === undefined ? 0 : Number(m[3].padEnd(9, '0'))
  const sign = m[1] === undefined ? 1 : -1
  return { seconds: seconds === 0 ? 0 : sign * seconds, nanos: nanos === 0 ? 0 : sign * nanos }
}

/** A FieldMask path in its JSON form: `user.display_name` → `user.displayName`; null when it cannot round-trip. */
export function fieldMaskPathToJson(path: string): string | null {
  let out = ''
  for (let i = 0; i < path.length; i++) {
    const c = path[i]!
    if (c >= 'A' && c <= 'Z') return null
    if (c === '_') {
      const next = path[i + 1]
      if (next === undefined || next < 'a' || next > 'z') return null
      out += next.toUpperCase()
      i++
    } else out += c
  }
  return out
}

/** A FieldMask path from its JSON form: `user.displayName` → `user.display_name`; null when it holds an underscore. */
export function fieldMaskPathFromJson(path: string): string | null {
  let out = ''
  for (const c of path) {
    if (c === '_') return null
    out += c >= 'A' && c <= 'Z' ? `_${c.toLowerCase()}` : c
  }
  return out
}
