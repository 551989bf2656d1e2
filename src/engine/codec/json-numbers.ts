/**
 * JSON text parsed without losing the digits of long numbers: JSON.parse reads every number as a
 * double, so `12345678901234567890` would come back as 12345678901234567000. Number literals
 * with more significant digits than a double keeps (15) are kept as marked strings instead, which
 * the JSON conversion (json-input.ts) reads exactly for longs and decimals and as numbers elsewhere.
 */

/** The prefix of a string standing for the number literal after it. */
export const NUMBER_MARK = '\u0000number:'

const LONG_DIGITS = /\d{16}/
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y

/** A record's JSON text read: its value, or JSON.parse's message for invalid JSON. */
export type ExactJsonResult = { ok: true; value: unknown } | { ok: false; message: string }

/** JSON.parse, with number literals of more than 15 significant digits as NUMBER_MARK strings; invalid JSON gives JSON.parse's message. */
export function parseJsonExact(text: string): ExactJsonResult {
  try {
    if (!LONG_DIGITS.test(text)) return { ok: true, value: JSON.parse(text) }
    try {
      return { ok: true, value: JSON.parse(markLongNumbers(text)) }
    } catch {
      // Report the error at its place in the text as given.
      return { ok: true, value: JSON.parse(text) }
    }
  } catch (e) {
    return { ok: false, message: e instanceof Error ? e.message : String(e) }
  }
}

/** The number literal of a NUMBER_MARK string, or undefined for any other value. */
export function markedNumber(json: unknown): string | undefined {
  return typeof json === 'string' && json.startsWith(NUMBER_MARK) ? json.slice(NUMBER_MARK.length) : undefined
}

function markLongNumbers(text: string): string {
  let out = ''
  let copied = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 92) i++
      else if (c === 34) inString = false
      continue
    }
    if (c === 34) inString = true
    else if (c === 45 || (c >= 48 && c <= 57)) {
      NUMBER.lastIndex = i
      const token = NUMBER.exec(text)?.[0]
      if (token === undefined) continue
      const significant = token.split(/[eE]/)[0].replace(/\D/g, '').replace(/^0+/, '').replace(/0+$/, '')
      if (significant.length > 15) {
        out += text.slice(copied, i) + JSON.stringify(NUMBER_MARK + token)
        copied = i + token.length
      }
      i += token.length - 1
    }
  }
  return out + text.slice(copied)
}
