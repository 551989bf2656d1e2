/**
 * Syntax highlighting of schema text for `schemactl browse`: JSON (Avro, JSON Schema) and .proto
 * text split into coloured tokens, line by line. Pure; the view decides the colours.
 */
import type { SchemaSyntax } from '../../app/browse/schema-types.js'

/** What a piece of schema text is. */
export type TokenKind = 'key' | 'string' | 'type' | 'number' | 'keyword' | 'comment' | 'punct' | 'plain'

/** A piece of one line. */
export interface Token {
  text: string
  kind: TokenKind
}

/** The tokens of each line of `text`, highlighted as `syntax`. Joining a line's tokens gives the line back. */
export function highlightLines(text: string, syntax: SchemaSyntax): Token[][] {
  return syntax === 'json' ? highlightJson(text.split('\n')) : highlightProto(text.split('\n'))
}

// Members whose string values name a type (Avro's type, items and values).
const TYPE_KEYS = new Set(['type', 'items', 'values'])

function highlightJson(lines: string[]): Token[][] {
  let inComment = false
  return lines.map((line) => {
    const tokens: Token[] = []
    let lastKey: string | undefined
    let i = 0
    const push = (end: number, kind: TokenKind) => {
      tokens.push({ text: line.slice(i, end), kind })
      i = end
    }
    while (i < line.length) {
      if (inComment) {
        const close = line.indexOf('*/', i)
        inComment = close < 0
        push(close < 0 ? line.length : close + 2, 'comment')
        continue
      }
      const ch = line[i]
      if (ch === '"') {
        const end = stringEnd(line, i, '"')
        const after = line.slice(end).trimStart()
        if (after.startsWith(':')) {
          lastKey = line.slice(i + 1, end - 1)
          push(end, 'key')
        } else push(end, lastKey !== undefined && TYPE_KEYS.has(lastKey) ? 'type' : 'string')
      } else if (line.startsWith('//', i)) push(line.length, 'comment')
      else if (line.startsWith('/*', i)) {
        const close = line.indexOf('*/', i + 2)
        inComment = close < 0
        push(close < 0 ? line.length : close + 2, 'comment')
      } else if (/[-\d]/.test(ch)) push(runEnd(line, i, /[-+\d.eE]/), 'number')
      else if (/[a-z]/.test(ch)) push(runEnd(line, i, /[a-zA-Z]/), 'keyword')
      else if (/[{}[\],:]/.test(ch)) push(i + 1, 'punct')
      else push(runEnd(line, i, /[^"/{}[\],:\-\da-z]/), 'plain')
    }
    return tokens
  })
}

const PROTO_KEYWORDS = new Set([
  'syntax',
  'edition',
  'package',
  'import',
  'public',
  'weak',
  'option',
  'message',
  'enum',
  'service',
  'rpc',
  'returns',
  'stream',
  'oneof',
  'map',
  'repeated',
  'optional',
  'required',
  'reserved',
  'extensions',
  'extend',
  'to',
  'max',
  'true',
  'false',
  'group',
])
const PROTO_TYPES = new Set([
  'double',
  'float',
  'int32',
  'int64',
  'uint32',
  'uint64',
  'sint32',
  'sint64',
  'fixed32',
  'fixed64',
  'sfixed32',
  'sfixed64',
  'bool',
  'string',
  'bytes',
])

function highlightProto(lines: string[]): Token[][] {
  let inComment = false
  return lines.map((line) => {
    const tokens: Token[] = []
    let i = 0
    const push = (end: number, kind: TokenKind) => {
      tokens.push({ text: line.slice(i, end), kind })
      i = end
    }
    while (i < line.length) {
      if (inComment) {
        const close = line.indexOf('*/', i)
        inComment = close < 0
        push(close < 0 ? line.length : close + 2, 'comment')
        continue
      }
      const ch = line[i]
      if (ch === '"' || ch === "'") push(stringEnd(line, i, ch), 'string')
      else if (line.startsWith('//', i)) push(line.length, 'comment')
      else if (line.startsWith('/*', i)) {
        const close = line.indexOf('*/', i + 2)
        inComment = close < 0
        push(close < 0 ? line.length : close + 2, 'comment')
      } else if (/[A-Za-z_]/.test(ch)) {
        const end = runEnd(line, i, /[\w.]/)
        const word = line.slice(i, end)
        push(end, PROTO_KEYWORDS.has(word) ? 'keyword' : PROTO_TYPES.has(word) ? 'type' : 'plain')
      } else if (/\d/.test(ch) || (ch === '-' && /\d/.test(line[i + 1] ?? ''))) push(runEnd(line, i, /[\w.]/), 'number')
      else if (/[{}[\]()<>;,=]/.test(ch)) push(i + 1, 'punct')
      else push(runEnd(line, i, /[^"'/A-Za-z_\d{}[\]()<>;,=-]/), 'plain')
    }
    return tokens
  })
}

/** Where the string starting at `start` (its opening quote) ends: after its closing quote, or at the end of the line. */
function stringEnd(line: string, start: number, quote: string): number {
  for (let i = start + 1; i < line.length; i++) {
    if (line[i] === '\\') i++
    else if (line[i] === quote) return i + 1
  }
  return line.length
}

/** The end of the run of characters matching `re` from `start` (at least one character). */
function runEnd(line: string, start: number, re: RegExp): number {
  let i = start + 1
  while (i < line.length && re.test(line[i])) i++
  return i
}
