/**
 * Reading a JSON Schema document as the registry does (strict JSON: no comments, no trailing
 * commas), with the size and nesting limits that keep every later walk bounded.
 */
import { parse as parseJsonc, printParseErrorCode, type ParseError } from 'jsonc-parser'
import { offsetToPosition } from '../../../schema/locate.js'
import type { SchemaError } from '../../../types.js'

/** Largest schema text accepted (the registry's own storage tops out far below this). */
export const MAX_SCHEMA_TEXT = 8 * 1024 * 1024

/** Deepest JSON nesting accepted: far beyond any real schema, well within the stack of every walk. */
export const MAX_JSON_DEPTH = 512

export type JsonReadResult = { ok: true; value: unknown } | { ok: false; error: SchemaError }

/** Parses `text` as strict JSON, or says where and why it is not a readable schema document. */
export function readSchemaText(text: string): JsonReadResult {
  const refused = checkSchemaText(text)
  if (refused) return refused
  try {
    return { ok: true, value: JSON.parse(text) }
  } catch {
    // Fall through to locate the syntax error.
  }
  const errors: ParseError[] = []
  parseJsonc(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false })
  const first = errors[0]
  if (!first) return fail('Invalid JSON', '', text, 0)
  const name = printParseErrorCode(first.error)
  const readable =
    name === 'InvalidCommentToken' ? 'comments are not allowed (the registry reads strict JSON)' : name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()
  const near = text.slice(first.offset, first.offset + 12).split('\n')[0]
  return fail(`Invalid JSON: ${readable}${near ? ` near '${near}'` : ' at end of text'}`, '', text, first.offset)
}

/** Why `text` is refused before it is parsed (too large, empty, nested too deeply), or undefined. */
export function checkSchemaText(text: string): Extract<JsonReadResult, { ok: false }> | undefined {
  if (text.length > MAX_SCHEMA_TEXT) {
    const size = (text.length / (1024 * 1024)).toFixed(1)
    return fail(`Schema text too large: ${size} MiB, the limit is ${MAX_SCHEMA_TEXT / (1024 * 1024)} MiB`, '', text, 0)
  }
  if (text.trim() === '') return fail('Invalid JSON: the text is empty', '', text, 0)
  const tooDeep = deepestOffset(text)
  if (tooDeep !== undefined) return fail(`Schema nested too deeply: more than ${MAX_JSON_DEPTH} levels of JSON`, '', text, tooDeep)
  return undefined
}

/** The offset of the first bracket opening a level deeper than `limit`, if any (strings skipped). */
export function deepestOffset(text: string, limit = MAX_JSON_DEPTH): number | undefined {
  // A text with few brackets cannot nest deeply: counting them natively spares the walk.
  let brackets = 0
  for (let i = text.indexOf('{'); i !== -1 && brackets <= limit; i = text.indexOf('{', i + 1)) brackets++
  for (let i = text.indexOf('['); i !== -1 && brackets <= limit; i = text.indexOf('[', i + 1)) brackets++
  if (brackets <= limit) return undefined
  let depth = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 0x5c) i++
      else if (c === 0x22) inString = false
    } else if (c === 0x22) inString = true
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > limit) return i
    } else if (c === 0x7d || c === 0x5d) depth--
  }
  return undefined
}

/** Whether parsed JSON nests beyond the limit, checked without recursion (a cyclic object graph does). */
export function isTooDeep(value: unknown): boolean {
  const stack: Array<[unknown, number]> = [[value, 1]]
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!
    if (v === null || typeof v !== 'object') continue
    if (depth > MAX_JSON_DEPTH) return true
    for (const child of Array.isArray(v) ? v : Object.values(v)) if (child !== null && typeof child === 'object') stack.push([child, depth + 1])
  }
  return false
}

function fail(message: string, path: string, text: string, offset: number): Extract<JsonReadResult, { ok: false }> {
  return { ok: false, error: { message, path, ...offsetToPosition(text, offset) } }
}
