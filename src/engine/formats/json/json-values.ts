/** Comparisons of JSON values as the registry's Java objects compare them. */

/** Structural equality (object keys in any order), as the registry compares `enum` and `const` values. */
export function jsonEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false
    for (let i = 0; i < a.length; i++) if (!jsonEquals(a[i], b[i])) return false
    return true
  }
  if (Array.isArray(b)) return false
  const ka = Object.keys(a)
  if (ka.length !== Object.keys(b).length) return false
  for (const k of ka) {
    if (!Object.prototype.hasOwnProperty.call(b, k)) return false
    if (!jsonEquals((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false
  }
  return true
}

/**
 * Whether two `default` values are equal to the registry. It holds them as org.json values, whose
 * objects and arrays compare by identity, so an object or array default always differs from the
 * other side's; `null` equals an absent default.
 */
export function defaultsEqual(a: unknown, b: unknown): boolean {
  const x = a ?? null
  const y = b ?? null
  if (x === null || y === null) return x === y
  if (typeof x === 'object' || typeof y === 'object') return false
  return x === y
}

/** A decimal as an integer mantissa and a power of ten: `value = mantissa × 10^-scale`. */
interface Decimal {
  mantissa: bigint
  scale: number
}

function toDecimal(n: number): Decimal {
  const text = String(n)
  const match = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/i.exec(text)
  if (!match) return { mantissa: 0n, scale: 0 }
  const [, sign, whole, fraction = '', exponent = '0'] = match
  const digits = BigInt(`${sign}${whole}${fraction}`)
  return { mantissa: digits, scale: fraction.length - Number(exponent) }
}

/** Whether `a` is an exact multiple of `b` in decimal arithmetic (Java's `BigDecimal.remainder` is zero). */
export function isDecimalMultiple(a: number, b: number): boolean {
  const x = toDecimal(a)
  const y = toDecimal(b)
  if (y.mantissa === 0n) return false
  const scale = Math.max(x.scale, y.scale)
  const xm = x.mantissa * 10n ** BigInt(scale - x.scale)
  const ym = y.mantissa * 10n ** BigInt(scale - y.scale)
  return xm % ym === 0n
}
