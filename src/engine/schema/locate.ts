/**
 * JSON text handling for schema documents: a fast `JSON.parse` path with a comment-tolerant fallback
 * (Avro Java's parser accepts `//` and `/* *\/` comments), and mapping JSON Pointers back to line:column.
 */
import { findNodeAtLocation, parse as parseJsonc, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser'

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
export function pointerSegments(pointer: string): Array<string | number> {
  if (pointer === '') return []
  return pointer
    .slice(1)
    .split('/')
    .map((raw) => {
      const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~')
      return /^(0|[1-9][0-9]*)$/.test(segment) ? Number(segment) : segment
    })
}

/** Escapes one JSON Pointer segment (`~` → `~0`, `/` → `~1`). */
export function escapePointerSegment(segment: string): string {
  return segment.indexOf('~') === -1 && segment.indexOf('/') === -1 ? segment : segment.replace(/~/g, '~0').replace(/\//g, '~1')
}

/**
 * The 1-based line:column of the JSON node at `pointer` in `text` (comments allowed), or of its
 * nearest existing ancestor when the pointer goes past the document; undefined when the text is not JSON.
 * For an object member, the position is that of its key, which is where a reader looks.
 */
export function locatePointer(text: string, pointer: string): TextPosition | undefined {
  let root: Node | undefined
  try {
    root = parseTree(text, [], JSONC_OPTIONS)
  } catch {
    return undefined // nested too deeply for jsonc-parser's recursion: no position rather than a crash
  }
  if (!root) return undefined
  const segments = pointerSegments(pointer)
  let node: Node | undefined
  for (let n = segments.length; n >= 0 && !node; n--) node = findNodeAtLocation(root, segments.slice(0, n))
  if (!node) return undefined
  const target = node.parent?.type === 'property' && node.parent.children?.[1] === node ? node.parent : node
  return offsetToPosition(text, target.offset)
}
