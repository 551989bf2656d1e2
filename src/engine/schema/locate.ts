/**
 * JSON text handling for schema documents: a fast `JSON.parse` path with a comment-tolerant fallback
 * (Avro Java's parser accepts `//` and `/* *\/` comments), and mapping JSON Pointers back to line:column.
 */
import { createScanner, parse as parseJsonc, printParseErrorCode, SyntaxKind, type JSONScanner, type ParseError } from 'jsonc-parser'

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
  if (javaTrim(text) === '') return { ok: false, message: 'Invalid JSON: the text is empty', position: { line: 1, column: 1 } }
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
    return {
      ok: false,
      message: `Content after the end of the schema: '${rest.split('\n')[0].slice(0, 40)}' (Avro rejects anything after it, comments included)`,
      position: offsetToPosition(text, offset),
    }
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

/** Callbacks of `walkValues`; `stack` holds the containers around the current position. */
interface ValueWalker {
  /** The member (property name or array index) of `stack[depth]` changed. */
  onMember(stack: readonly Container[], depth: number): void
  /** A container closed; `stack` is already popped. */
  onClose(stack: readonly Container[]): void
  /** A value starts at the scanner's current token; return true to stop. */
  onValue(stack: readonly Container[], scanner: JSONScanner): boolean
}

/** Walks the values of JSON text (comments allowed) in one iterative pass: no tree, any depth. */
function walkValues(text: string, walker: ValueWalker): void {
  const scanner = createScanner(text, true)
  const stack: Container[] = []
  let expectValue = true
  for (let token = scanner.scan(); token !== SyntaxKind.EOF; token = scanner.scan()) {
    if (expectValue && token !== SyntaxKind.CloseBracketToken) {
      expectValue = false
      if (walker.onValue(stack, scanner)) return
    }
    switch (token) {
      case SyntaxKind.OpenBraceToken:
        stack.push({ isObject: true, key: '', keyOffset: 0, expectKey: true })
        break
      case SyntaxKind.OpenBracketToken:
        stack.push({ isObject: false, key: '0', keyOffset: 0, expectKey: false })
        walker.onMember(stack, stack.length - 1)
        expectValue = true
        break
      case SyntaxKind.CloseBraceToken:
      case SyntaxKind.CloseBracketToken:
        stack.pop()
        walker.onClose(stack)
        break
      case SyntaxKind.CommaToken: {
        const top = stack[stack.length - 1]
        if (top?.isObject) {
          top.expectKey = true
        } else if (top) {
          top.key = String(Number(top.key) + 1)
          walker.onMember(stack, stack.length - 1)
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
          walker.onMember(stack, stack.length - 1)
        }
        break
      }
      default:
        break
    }
  }
}

/**
 * Finds the value at `pointer`; when the pointer goes past the document, the nearest existing
 * ancestor with `exact: false`.
 */
function findValue(text: string, pointer: string): { location: ValueLocation; exact: boolean } | undefined {
  const target = pointerSegments(pointer)
  let matched = 0 // how many leading containers have their current member on the target path
  let best: ValueLocation | undefined
  let exact = false
  walkValues(text, {
    onMember(stack, depth) {
      if (matched > depth) matched = depth
      if (matched === depth && depth < target.length && stack[depth].key === target[depth]) matched = depth + 1
    },
    onClose(stack) {
      if (matched > stack.length) matched = stack.length
    },
    onValue(stack, scanner) {
      if (matched !== stack.length) return false
      const parent = stack[stack.length - 1]
      const valueOffset = scanner.getTokenOffset()
      best = { offset: parent?.isObject ? parent.keyOffset : valueOffset, valueOffset, valueLength: scanner.getTokenLength() }
      exact = matched === target.length
      return exact
    },
  })
  return best && { location: best, exact }
}

// A number written with an exponent, or with a fraction of zeros only: the only integral doubles.
const INTEGRAL_FLOAT_HINT = /\d\.0+(?![0-9])|\d[eE]/

/**
 * JSON Pointers of the integral numbers written as floating-point literals (`0.0`, `1e3`), which
 * Avro Java holds as doubles (rejected as int defaults, written back as `0.0`). One regex test
 * when there are none, which is the common case.
 */
export function integralFloatLiterals(text: string): Set<string> {
  const found = new Set<string>()
  if (!INTEGRAL_FLOAT_HINT.test(text)) return found
  walkValues(text, {
    onMember() {},
    onClose() {},
    onValue(stack, scanner) {
      if (scanner.getToken() !== SyntaxKind.NumericLiteral) return false
      const literal = text.slice(scanner.getTokenOffset(), scanner.getTokenOffset() + scanner.getTokenLength())
      if (/[.eE]/.test(literal) && Number.isInteger(Number(literal))) found.add(stack.map((c) => `/${escapePointerSegment(c.key)}`).join(''))
      return false
    },
  })
  return found
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
