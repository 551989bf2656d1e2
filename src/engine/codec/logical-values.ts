/**
 * JSON texts of Avro logical values, both ways: decimals as exact decimal strings ⇄ two's
 * complement unscaled integers, ISO-8601 instants and dates → epoch numbers, uuids checked.
 * Nothing is rounded: a value that does not fit says why.
 */

/** A converted value, or why the JSON value does not fit. */
export type LogicalResult<T> = { ok: true; value: T } | { ok: false; message: string }

const DECIMAL_TEXT = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/

/** Significant digits a double's shortest text keeps from any JSON number literal. */
const EXACT_DOUBLE_DIGITS = 15

/** Whether `text` is written like a decimal number (`12.34`, `-5`, `1e-3`). */
export function isDecimalText(text: string): boolean {
  const m = DECIMAL_TEXT.exec(text)
  return m !== null && `${m[2]}${m[3] ?? ''}` !== ''
}

/**
 * The unscaled integer of a decimal given as a JSON number or numeric string, for `scale` and
 * `precision`: refused when it has more fraction digits than the scale or more digits than the
 * precision, or when a JSON number has more digits than a double keeps.
 */
export function parseDecimal(json: number | string, precision: number, scale: number): LogicalResult<bigint> {
  const text = typeof json === 'number' ? String(json) : json.trim()
  const m = DECIMAL_TEXT.exec(text)
  if (m === null || `${m[2]}${m[3] ?? ''}` === '') return { ok: false, message: `${JSON.stringify(text)} is not a decimal number` }
  const [, sign, whole, fraction = '', exponent = '0'] = m
  let digits = (whole + fraction).replace(/^0+/, '')
  if (typeof json === 'number' && digits.replace(/0+$/, '').length > EXACT_DOUBLE_DIGITS) {
    return { ok: false, message: `the JSON number ${text} has more digits than a JSON number keeps exactly: write the decimal as a string ("…")` }
  }
  // Shift the digits so the last one is in units of 10^-scale.
  const shift = scale + Number(exponent) - fraction.length
  if (shift >= 0) digits = digits === '' ? '' : digits + '0'.repeat(shift)
  else {
    const dropped = digits.slice(shift)
    if (/[1-9]/.test(dropped)) return { ok: false, message: `${text} has more decimal places than the scale (${scale}) allows` }
    digits = digits.slice(0, shift)
  }
  if (digits.length > precision) return { ok: false, message: `${text} has more digits than the precision (${precision}) allows with scale ${scale}` }
  const unscaled = BigInt(digits === '' ? '0' : digits)
  return { ok: true, value: sign === '-' ? -unscaled : unscaled }
}

/** The decimal string (`-12.34`) of the unscaled integer `unscaled` at `scale`. */
export function formatDecimal(unscaled: bigint, scale: number): string {
  const negative = unscaled < 0n
  const digits = (negative ? -unscaled : unscaled).toString()
  if (scale === 0) return negative ? `-${digits}` : digits
  const padded = digits.padStart(scale + 1, '0')
  return `${negative ? '-' : ''}${padded.slice(0, -scale)}.${padded.slice(-scale)}`
}

/** The big-endian two's complement bytes of `n`: the fewest that hold it, or exactly `size` (undefined when it does not fit). */
export function toTwosComplement(n: bigint, size?: number): Uint8Array | undefined {
  let length = 1
  while (n < -(1n << BigInt(8 * length - 1)) || n >= 1n << BigInt(8 * length - 1)) length++
  if (size !== undefined && length > size) return undefined
  const bytes = new Uint8Array(size ?? length)
  let rest = n < 0n ? (1n << BigInt(8 * bytes.length)) + n : n
  for (let i = bytes.length - 1; i >= 0; i--, rest >>= 8n) bytes[i] = Number(rest & 0xffn)
  return bytes
}

/** The integer of big-endian two's complement `bytes` (0 for none). */
export function fromTwosComplement(bytes: Uint8Array): bigint {
  let n = 0n
  for (const b of bytes) n = (n << 8n) | BigInt(b)
  return bytes.length > 0 && bytes[0] & 0x80 ? n - (1n << BigInt(8 * bytes.length)) : n
}

const INSTANT = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?([Zz]|[+-]\d{2}(?::?\d{2})?)?$/
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/
const MS_PER_DAY = 86_400_000

/**
 * Epoch milliseconds (`unit` 3) or microseconds (6) of an ISO-8601 date-time: with a zone (`Z`,
 * `+02:00`) for an instant (`local` false), without one for a local timestamp. Sub-unit digits
 * that are not zero are refused rather than rounded.
 */
export function parseIsoTimestamp(text: string, unit: 3 | 6, local: boolean): LogicalResult<number | bigint> {
  const m = INSTANT.exec(text.trim())
  if (m === null) return { ok: false, message: `${JSON.stringify(text)} is not an ISO-8601 date-time (like 2024-05-01T12:30:00${local ? '.000' : 'Z'})` }
  const [, y, mo, d, h, mi, s = '0', fraction = '', zone] = m
  if (local && zone !== undefined) return { ok: false, message: `${text}: a local timestamp has no time zone; drop ${JSON.stringify(zone)}` }
  if (!local && zone === undefined) return { ok: false, message: `${text}: an instant needs a time zone, e.g. Z for UTC` }
  if (/[1-9]/.test(fraction.slice(unit)))
    return { ok: false, message: `${text} is more precise than the ${unit === 3 ? 'millisecond' : 'microsecond'} the type holds` }
  const day = epochDay(Number(y), Number(mo), Number(d))
  if (day === undefined || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return { ok: false, message: `${text} is not a valid date-time` }
  const offsetMinutes = zone === undefined || /^z$/i.test(zone) ? 0 : zoneMinutes(zone)
  const ms = day * MS_PER_DAY + ((Number(h) * 60 + Number(mi) - offsetMinutes) * 60 + Number(s)) * 1000
  const sub = Number(fraction.slice(0, unit).padEnd(unit, '0'))
  if (unit === 3) return { ok: true, value: ms + sub }
  const micros = BigInt(ms) * 1000n + BigInt(sub)
  return { ok: true, value: micros >= BigInt(Number.MIN_SAFE_INTEGER) && micros <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(micros) : micros }
}

/** Days since 1970-01-01 of an ISO-8601 calendar date (`2024-05-01`). */
export function parseIsoDate(text: string): LogicalResult<number> {
  const m = DAY.exec(text.trim())
  const day = m === null ? undefined : epochDay(Number(m[1]), Number(m[2]), Number(m[3]))
  return day === undefined ? { ok: false, message: `${JSON.stringify(text)} is not an ISO-8601 date (like 2024-05-01)` } : { ok: true, value: day }
}

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/

/** Whether `text` is a UUID in its 8-4-4-4-12 hex form. */
export function isUuid(text: string): boolean {
  return UUID.test(text)
}

/** Days since 1970-01-01 of a proleptic Gregorian date, or undefined when there is no such day (Hinnant's days_from_civil). */
function epochDay(year: number, month: number, day: number): number | undefined {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)
  const monthDays = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
  if (monthDays === undefined || day < 1 || day > monthDays) return undefined
  const y = month <= 2 ? year - 1 : year
  const era = Math.floor(y / 400)
  const yearOfEra = y - era * 400
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear
  return era * 146097 + dayOfEra - 719468
}

function zoneMinutes(zone: string): number {
  const digits = zone.slice(1).replace(':', '')
  const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0')
  return zone[0] === '-' ? -minutes : minutes
}
