import { findNodeAtLocation, parse as parseJsonc, parseTree, printParseErrorCode, type ParseError } from 'jsonc-parser'

/** 1-based line and column of a place in a text. */
export interface SourcePosition {
  line: number
  column: number
}

/** The outcome of reading schema text as JSON (comments allowed, as Avro's Java parser accepts). */
export type JsonTextResult = { ok: true; value: unknown } | { ok: false; message: string; position: SourcePosition }

const READABLE: Record<string, string> = {
  InvalidSymbol: 'invalid symbol',
  InvalidNumberFormat: 'invalid number',
  PropertyNameExpected: 'expected a property name in double quotes',
  ValueExpected: 'expected a value',
  ColonExpected: "expected ':'",
  CommaExpected: "expected ','",
  CloseBraceExpected: "expected '}'",
  CloseBracketExpected: "expected ']'",
  EndOfFileExpected: 'unexpected text after the end of the JSON value',
  InvalidCommentToken: 'invalid comment',
  UnexpectedEndOfComment: 'unterminated comment',
  UnexpectedEndOfString: 'unterminated string',
  UnexpectedEndOfNumber: 'unterminated number',
  InvalidUnicode: 'invalid unicode escape',
  InvalidEscapeCharacter: 'invalid escape character',
  InvalidCharacter: 'invalid character',
}

/**
 * Parses JSON text, allowing `//` and `/* *\/` comments. Never throws: syntax errors come back
 * with their position. Plain JSON takes the fast native path (which also survives any nesting
 * depth); only text that fails it goes through jsonc-parser.
 */
export function parseJsonText(text: string): JsonTextResult {
  try {
    return { ok: true, value: JSON.parse(text) }
  } catch {
    // Not plain JSON: comments, or a genuine syntax error that jsonc-parser locates.
  }
  const errors: ParseError[] = []
  let value: unknown
  try {
    value = parseJsonc(text, errors, { allowTrailingComma: false, disallowComments: false, allowEmptyContent: false })
  } catch (err) {
    if (err instanceof RangeError) return { ok: false, message: 'invalid JSON: nested too deeply to read', position: { line: 1, column: 1 } }
    throw err
  }
  const first = errors[0]
  if (first === undefined) return { ok: true, value }
  const code = printParseErrorCode(first.error)
  return { ok: false, message: `invalid JSON: ${READABLE[code] ?? code}`, position: positionAt(text, first.offset) }
}

/** The 1-based line and column of a character offset. */
export function positionAt(text: string, offset: number): SourcePosition {
  let line = 1
  let lineStart = 0
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++
    lineStart = i + 1
  }
  return { line, column: offset - lineStart + 1 }
}

/**
 * Where a JSON Pointer points in `text` (the start of the value; for a missing member, its
 * nearest existing ancestor), or undefined when the text cannot be read as JSON.
 */
export function locatePointer(text: string, pointer: string): SourcePosition | undefined {
  let tree
  try {
    tree = parseTree(text, [], { allowTrailingComma: false, disallowComments: false })
  } catch {
    return undefined
  }
  if (tree === undefined) return undefined
  const segments = pointer === '' || pointer === '/' ? [] : pointer.slice(1).split('/').map(unescapeSegment)
  for (let n = segments.length; n >= 0; n--) {
    const path = segments.slice(0, n).map((s) => (/^\d+$/.test(s) ? Number(s) : s))
    const node = findNodeAtLocation(tree, path)
    if (node !== undefined) return positionAt(text, node.offset)
  }
  return undefined
}

function unescapeSegment(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~')
}
