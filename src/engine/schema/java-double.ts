/** Java's `Double.parseDouble` for the string defaults Avro 1.12.1 converts on float and double fields. */

const DECIMAL = /^[+-]?(NaN|Infinity|(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?[fFdD]?)$/
const HEX = /^([+-]?)0[xX]([0-9a-fA-F]*)\.?([0-9a-fA-F]*)[pP]([+-]?\d+)[fFdD]?$/

/**
 * The number Java's `Double.parseDouble` reads from `text` (surrounding whitespace and control
 * characters ignored; "NaN", "Infinity", a trailing f/d and hex floats accepted), or undefined
 * where Java throws `NumberFormatException`.
 */
export function parseJavaDouble(text: string): number | undefined {
  // Java's String.trim() removes every character up to U+0020.
  let start = 0
  let end = text.length
  while (start < end && text.charCodeAt(start) <= 0x20) start++
  while (end > start && text.charCodeAt(end - 1) <= 0x20) end--
  const trimmed = text.slice(start, end)
  if (DECIMAL.test(trimmed)) {
    const body = trimmed.replace(/[fFdD]$/, '')
    if (body.endsWith('NaN')) return NaN
    if (body.endsWith('Infinity')) return body.startsWith('-') ? -Infinity : Infinity
    return Number(body)
  }
  const hex = HEX.exec(trimmed)
  if (hex && (hex[2] !== '' || hex[3] !== '')) {
    const mantissa = parseInt(hex[2] + hex[3] || '0', 16) / 16 ** hex[3].length
    const value = mantissa * 2 ** Number(hex[4])
    return hex[1] === '-' ? -value : value
  }
  return undefined
}

/**
 * A double as Java's `Double.toString` (and so Jackson and Avro's `Schema.toString()`) writes it:
 * always with a fraction (`1.0`), in scientific notation below 10^-3 and from 10^7 (`1.0E-4`, `1.25E7`).
 */
export function formatJavaDouble(value: number): string {
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0'
  const magnitude = Math.abs(value)
  if (magnitude >= 1e-3 && magnitude < 1e7) {
    const text = String(value)
    return text.includes('.') ? text : `${text}.0`
  }
  const [mantissa, exponent] = value.toExponential().split('e')
  return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}E${Number(exponent)}`
}
