/**
 * JSON text handling for schema documents: a fast `JSON.parse` path with a comment-tolerant fallback
 * (Avro Java's parser accepts `//` and `/* *\/` comments), and mapping JSON Pointers back to line:column.
 */
import { createScanner, parse as parseJsonc, printParseErrorCode, SyntaxKind, type ParseError } from 'jsonc-parser'

/** A 1-based line and column in a text. */
export interface TextPosition {
  line: number
  column: number
}

/** The outcome of reading JSON text: the value, or one syntax error with its position. */
export type JsonTextResult = { ok: true; value: unknown } | { ok: false; message: string; position: TextPosition }

const JSONC_OPTIONS = { disallowComments: false, allowTrailingComma: false, allowEmptyContent: false }

/** The 1-based line and column of a character offset in `text`. */
export function offsetToPosition(text: string, offset: number): TextPosition {
  let line = 1
  let lineStart = 0
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++
    lineStart = i + 1
  }
  return { line, column: offset - lineStart + 1 }
}

/**
 * Reads JSON text that may contain comments. Valid plain JSON takes the `JSON.parse` fast path;
 * anything else goes through jsonc-parser, which reports the first syntax error with its position.
 */
export function readJsonText(text: string): JsonTextResult {
  try {
    return { ok: true, value: JSON.parse(text) }
  } catch {
    // Fall through: comments, or a real syntax error to locate.
  }
  const errors: ParseError[] = []
  let value: unknown
  try {
    value = parseJsonc(text, errors, JSONC_OPTIONS)
  } catch {
    // jsonc-parser recurses per nesting level; absurdly deep text exhausts the stack.
    return { ok: false, message: 'Invalid JSON: nested too deeply to read', position: { line: 1, column: 1 } }
  }
  if (errors.length === 0) return { ok: true, value }
  const first = errors[0]
  const what = describeParseError(first.error, text, first.offset)
  return { ok: false, message: what, position: offsetToPosition(text, first.offset) }
}

function describeParseError(code: number, text: string, offset: number): string {
  const name = printParseErrorCode(code as Parameters<typeof printParseErrorCode>[0])
  const near = text.slice(offset, offset + 12).split('\n')[0]
  const readable = name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()
  if (name === 'EndOfFileExpected') return `Invalid JSON: unexpected content after the end of the schema${near ? `: '${near}'` : ''}`
  return `Invalid JSON: ${readable}${near ? ` near '${near}'` : ' at end of text'}`
}

/** Splits a JSON Pointer into its unescaped segments (`""` → `[]`). */
export function pointerSegments(pointer: string): string[] {
  if (pointer === '') return []
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
}

/** Escapes one JSON Pointer segment (`~` → `~0`, `/` → `~1`). */
export function escapePointerSegment(segment: string): string {
  return segment.indexOf('~') === -1 && segment.indexOf('/') === -1 ? segment : segment.replace(/~/g, '~0').replace(/\//g, '~1')
}

interface Container {
  isObject: boolean
  /** Current member: the property name, or the array index as text. */
  key: string
  /** Offset of the current property name (objects only). */
  keyOffset: number
  /** Objects: the next string is a property name. */
  expectKey: boolean
}

/**
 * The 1-based line:column of the JSON value at `pointer` in `text` (comments allowed), or of its
 * nearest existing ancestor when the pointer goes past the document; undefined when nothing matches.
 * For an object member the position is that of its key, which is where a reader looks. One
 * iterative pass over the tokens: no tree is built, and any nesting depth is fine.
 */
export function locatePointer(text: string, pointer: string): TextPosition | undefined {
  const target = pointerSegments(pointer)
  const scanner = createScanner(text, true)
  const stack: Container[] = []
  let matched = 0 // how many leading containers have their current member on the target path
  let best: number | undefined
  let expectValue = true

  const memberChanged = (): void => {
    const depth = stack.length - 1
    if (matched > depth) matched = depth
    if (matched === depth && depth < target.length && stack[depth].key === target[depth]) matched = depth + 1
  }

  for (let token = scanner.scan(); token !== SyntaxKind.EOF; token = scanner.scan()) {
    if (expectValue && token !== SyntaxKind.CloseBracketToken) {
      expectValue = false
      if (matched === stack.length) {
        const parent = stack[stack.length - 1]
        const offset = parent?.isObject ? parent.keyOffset : scanner.getTokenOffset()
        if (matched === target.length) return offsetToPosition(text, offset)
        best = offset
      }
    }
    switch (token) {
      case SyntaxKind.OpenBraceToken:
        stack.push({ isObject: true, key: '', keyOffset: 0, expectKey: true })
        break
      case SyntaxKind.OpenBracketToken:
        stack.push({ isObject: false, key: '0', keyOffset: 0, expectKey: false })
        memberChanged()
        expectValue = true
        break
      case SyntaxKind.CloseBraceToken:
      case SyntaxKind.CloseBracketToken:
        stack.pop()
        if (matched > stack.length) matched = stack.length
        break
      case SyntaxKind.CommaToken: {
        const top = stack[stack.length - 1]
        if (top?.isObject) {
          top.expectKey = true
        } else if (top) {
          top.key = String(Number(top.key) + 1)
          memberChanged()
          expectValue = true
        }
        break
      }
      case SyntaxKind.ColonToken:
        expectValue = true
        break
      case SyntaxKind.StringLiteral: {
        const top = stack[stack.length - 1]
        if (top?.isObject && top.expectKey) {
          top.key = scanner.getTokenValue()
          top.keyOffset = scanner.getTokenOffset()
          top.expectKey = false
          memberChanged()
        }
        break
      }
      default:
        break
    }
  }
  return best === undefined ? undefined : offsetToPosition(text, best)
}
