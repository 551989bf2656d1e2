/**
 * Framed messages as text lines (hex or base64), tolerant of what consumers print: `kcat` and
 * `kafka-console-consumer` key/timestamp columns (the value is the last tab-separated column),
 * their `%`/`Processed a total of` status lines, `0x` prefixes, spaced or colon-separated hex
 * pairs, and Kafka's `Bytes.toString` form (printable ASCII as is, other bytes as `\xNN`, what
 * kafka-console-consumer prints with its BytesDeserializer). A `null`/`NULL` line, or an empty
 * value column after a tab, is a tombstone (a record without a value).
 */

/** Text encodings of a message line. */
export type MessageTextFormat = 'hex' | 'base64'

/** A line's bytes written into the caller's buffer, a line to skip, or why it is not a message. */
export type MessageLine = { kind: 'message'; length: number } | { kind: 'tombstone' } | { kind: 'skip' } | { kind: 'error'; message: string }

const HEX = /^[0-9a-fA-F]*$/
const BASE64 = /^[A-Za-z0-9+/\-_]*={0,2}$/
const SEPARATORS = /[\s:]/g
const TOMBSTONES = new Set(['null', 'NULL'])

/**
 * Reads one input line (without its newline) into `into`, which must hold at least as many
 * bytes as the line has characters. Blank lines and status lines are skipped.
 */
export function readMessageLine(line: string, format: MessageTextFormat, into: Buffer): MessageLine {
  const tab = line.lastIndexOf('\t')
  let text = (tab >= 0 ? line.slice(tab + 1) : line).trim()
  if (TOMBSTONES.has(text) || (text === '' && tab >= 0)) return { kind: 'tombstone' }
  if (text === '' || (tab < 0 && (text.startsWith('%') || text.startsWith('Processed a total of')))) return { kind: 'skip' }
  if (format === 'hex') {
    if (!HEX.test(text)) {
      if (text.startsWith('\\x')) return readBytesToString(text, into)
      if (text.startsWith('0x') || text.startsWith('0X')) text = text.slice(2)
      text = text.replace(SEPARATORS, '')
      if (!HEX.test(text)) return { kind: 'error', message: `not hex: ${preview(text)}` }
    }
    if (text.length % 2 !== 0) return { kind: 'error', message: `odd number of hex digits (${text.length})` }
    return { kind: 'message', length: into.write(text, 0, 'hex') }
  }
  if (!BASE64.test(text)) {
    text = text.replace(SEPARATORS, '')
    if (!BASE64.test(text)) return { kind: 'error', message: `not base64: ${preview(text)}` }
  }
  return { kind: 'message', length: into.write(text, 0, 'base64') }
}

/** Kafka's `Bytes.toString` form: `\xNN` for each byte that is not printable ASCII or a backslash, the rest as is. */
function readBytesToString(text: string, into: Buffer): MessageLine {
  let length = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c !== 92) {
      if (c < 0x20 || c > 0x7e) return { kind: 'error', message: `not hex or \\x-escaped bytes: character ${JSON.stringify(text[i])} at ${i}` }
      into[length++] = c
      continue
    }
    const high = HEX_VALUES[text.charCodeAt(i + 1) === 120 ? text.charCodeAt(i + 2) : 0]
    const low = HEX_VALUES[text.charCodeAt(i + 3)]
    if (high === undefined || low === undefined || (high | low) < 0)
      return { kind: 'error', message: `a backslash not followed by xNN at ${i}: ${preview(text.slice(i))}` }
    into[length++] = (high << 4) | low
    i += 3
  }
  return { kind: 'message', length }
}

const HEX_VALUES = new Int8Array(256).fill(-1)
for (let c = 0; c < 16; c++) {
  HEX_VALUES['0123456789abcdef'.charCodeAt(c)] = c
  HEX_VALUES['0123456789ABCDEF'.charCodeAt(c)] = c
}

/**
 * The fast path for hex lines: decodes `source[start..end)` (ASCII hex digits, an optional
 * trailing `\r`) into `into` and returns the byte count, or -1 when the line holds anything
 * else (then `readMessageLine` deals with it). Needs no string and no copy of the line.
 */
export function readPlainHex(source: Uint8Array, start: number, end: number, into: Uint8Array): number {
  if (end > start && source[end - 1] === 13) end--
  const length = (end - start) >> 1
  if (length === 0 || (end - start) % 2 !== 0) return -1
  for (let i = 0, j = start; i < length; i++, j += 2) {
    const high = HEX_VALUES[source[j]]
    const low = HEX_VALUES[source[j + 1]]
    if ((high | low) < 0) return -1
    into[i] = (high << 4) | low
  }
  return length
}

function preview(text: string): string {
  return JSON.stringify(text.length > 24 ? `${text.slice(0, 21)}...` : text)
}
