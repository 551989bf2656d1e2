/**
 * JSON.parse rounds every number to the nearest double: 2^53 + 1 becomes 2^53 and
 * 7.0000000000000001 becomes 7. A request naming an id or a version must be checked as the
 * client wrote it, so the top-level numbers of a body are compared with their source text.
 */

const PLAIN_INTEGER = /^-?(0|[1-9]\d*)$/
const MAYBE_INEXACT = /\d[.eE]|\d{16}/

/** A number of a request body kept as written, because as a double it would be another number. */
export class NumberText {
  constructor(readonly text: string) {}

  toString(): string {
    return this.text
  }
}

/**
 * Replaces each top-level number of `body` (the value JSON.parse made of `text`) that does not
 * stand exactly for what `text` writes (a fraction, an exponent, or an integer beyond 2^53) with
 * a NumberText, which validation refuses instead of using a nearby number.
 */
export function keepInexactNumbersAsText(text: string, body: unknown): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return body
  const object = body as Record<string, unknown>
  let hasNumber = false
  for (const key in object) if (typeof object[key] === 'number') hasNumber = true
  // Only a fraction, an exponent or 16+ digits can be inexact: text without any (most bodies) needs no scan.
  if (!hasNumber || !MAYBE_INEXACT.test(text)) return body
  for (const [key, literal] of topLevelNumberLiterals(text)) {
    if (typeof object[key] === 'number' && !(PLAIN_INTEGER.test(literal) && Number.isSafeInteger(object[key]))) object[key] = new NumberText(literal)
  }
  return body
}

/** The source text of the numbers that are members of the top-level object of `text` (valid JSON), by key; the last wins, as in JSON.parse. */
export function topLevelNumberLiterals(text: string): Map<string, string> {
  const out = new Map<string, string>()
  let i = skipSpace(text, 0)
  if (text[i] !== '{') return out
  i = skipSpace(text, i + 1)
  while (i < text.length && text[i] !== '}') {
    const keyEnd = skipString(text, i)
    const rawKey = text.slice(i + 1, keyEnd - 1)
    const key = rawKey.includes('\\') ? (JSON.parse(text.slice(i, keyEnd)) as string) : rawKey
    i = skipSpace(text, skipSpace(text, keyEnd) + 1) // past the colon
    const start = i
    const c = text[i]
    if (c === '"') i = skipString(text, i)
    else if (c === '{' || c === '[') i = skipNested(text, i)
    else {
      while (i < text.length && !',} \t\r\n'.includes(text[i])) i++
      if (c === '-' || (c >= '0' && c <= '9')) out.set(key, text.slice(start, i))
    }
    i = skipSpace(text, i)
    if (text[i] === ',') i = skipSpace(text, i + 1)
  }
  return out
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && (text[i] === ' ' || text[i] === '\n' || text[i] === '\r' || text[i] === '\t')) i++
  return i
}

/** The index after the string starting at `i` (its opening quote). */
function skipString(text: string, i: number): number {
  let from = i + 1
  for (;;) {
    const quote = text.indexOf('"', from)
    if (quote === -1) return text.length
    let backslashes = 0
    while (text[quote - 1 - backslashes] === '\\') backslashes++
    if (backslashes % 2 === 0) return quote + 1
    from = quote + 1
  }
}

/** The index after the object or array starting at `i`. */
function skipNested(text: string, i: number): number {
  let depth = 0
  while (i < text.length) {
    const c = text[i]
    if (c === '"') {
      i = skipString(text, i)
      continue
    }
    if (c === '{' || c === '[') depth++
    else if (c === '}' || c === ']') {
      depth--
      if (depth === 0) return i + 1
    }
    i++
  }
  return i
}
