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
  if (errors.length === 0) {
    // Avro reads one JSON value and rejects anything after it, a trailing comment included.
    const end = endOfFirstValue(text)
    const rest = end === undefined ? '' : javaTrim(text.slice(end))
    if (rest === '') return { ok: true, value }
    const offset = text.indexOf(rest, end)
    return { ok: false, message: `Content after the end of the schema: '${rest.split('\n')[0].slice(0, 40)}' (Avro rejects anything after it, comments included)`, position: offsetToPosition(text, offset) }
  }
  const first = errors[0]
  const what = describeParseError(first.error, text, first.offset)
  return { ok: false, message: what, position: offsetToPosition(text, first.offset) }
}

/** The offset just after the first complete JSON value of `text` (comments skipped). */
function endOfFirstValue(text: string): number | undefined {
  const scanner = createScanner(text, true)
  let depth = 0
  for (let token = scanner.scan(); token !== SyntaxKind.EOF; token = scanner.scan()) {
    if (token === SyntaxKind.OpenBraceToken || token === SyntaxKind.OpenBracketToken) depth++
    else if (token === SyntaxKind.CloseBraceToken || token === SyntaxKind.CloseBracketToken) depth--
    if (depth === 0) return scanner.getTokenOffset() + scanner.getTokenLength()
  }
  return undefined
}

/** Java's String.trim(): strips every character up to U+0020 at both ends. */
function javaTrim(text: string): string {
  let start = 0
  let end = text.length
  while (start < end && text.charCodeAt(start) <= 0x20) start++
  while (end > start && text.charCodeAt(end - 1) <= 0x20) end--
  return text.slice(start, end)
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

/** Where a JSON value is: the offset to show (its key for an object member) and the value's own token. */
interface ValueLocation {
  offset: number
  valueOffset: number
  valueLength: number
}

/**
 * Finds the value at `pointer` in one iterative pass over the tokens (no tree, any depth, comments
 * allowed); when the pointer goes past the document, the nearest existing ancestor with `exact: false`.
 */
function findValue(text: string, pointer: string): { location: ValueLocation; exact: boolean } | undefined {
  const target = pointerSegments(pointer)
  const scanner = createScanner(text, true)
  const stack: Container[] = []
  let matched = 0 // how many leading containers have their current member on the target path
  let best: ValueLocation | undefined
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
        const valueOffset = scanner.getTokenOffset()
        best = { offset: parent?.isObject ? parent.keyOffset : valueOffset, valueOffset, valueLength: scanner.getTokenLength() }
        if (matched === target.length) return { location: best, exact: true }
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
  return best && { location: best, exact: false }
}

/**
 * The 1-based line:column of the JSON value at `pointer` in `text` (comments allowed), or of its
 * nearest existing ancestor when the pointer goes past the document; undefined when nothing matches.
 * For an object member the position is that of its key, which is where a reader looks.
 */
export function locatePointer(text: string, pointer: string): TextPosition | undefined {
  const found = findValue(text, pointer)
  return found && offsetToPosition(text, found.location.offset)
}

/** The source text of the scalar value (number, string, literal) at `pointer`, or undefined. */
export function scalarTextAt(text: string, pointer: string): string | undefined {
  const found = findValue(text, pointer)
  if (!found?.exact) return undefined
  const { valueOffset, valueLength } = found.location
  const first = text[valueOffset]
  return first === '{' || first === '[' ? undefined : text.slice(valueOffset, valueOffset + valueLength)
}
