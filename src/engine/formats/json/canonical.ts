/**
 * The registry's stored form of a JSON Schema: the document re-written as compact JSON (Jackson's
 * output), keys in the order written, numbers as written. Two texts are "the same schema" exactly
 * when these agree.
 */
import { createScanner, SyntaxKind } from 'jsonc-parser'

/** Compact JSON of `text` (already known to be valid JSON). */
export function canonicalText(text: string): string {
  const scanner = createScanner(text, true)
  let out = ''
  for (let token = scanner.scan(); token !== SyntaxKind.EOF; token = scanner.scan()) {
    if (token === SyntaxKind.StringLiteral) out += quote(scanner.getTokenValue())
    else out += text.slice(scanner.getTokenOffset(), scanner.getTokenOffset() + scanner.getTokenLength())
  }
  return out
}

/** Punctuation queued by `canonicalValue` (a class, so no JSON value can be mistaken for it). */
class Raw {
  constructor(readonly text: string) {}
}

/** Compact JSON of a parsed value (keys in insertion order), without recursion. */
export function canonicalValue(value: unknown): string {
  const parts: string[] = []
  const stack: unknown[] = [value]
  while (stack.length > 0) {
    const v = stack.pop()
    if (v instanceof Raw) parts.push(v.text)
    else if (Array.isArray(v)) {
      parts.push('[')
      stack.push(new Raw(']'))
      for (let i = v.length - 1; i >= 0; i--) {
        stack.push(v[i])
        if (i > 0) stack.push(new Raw(','))
      }
    } else if (v !== null && typeof v === 'object') {
      parts.push('{')
      stack.push(new Raw('}'))
      const keys = Object.keys(v)
      for (let i = keys.length - 1; i >= 0; i--) {
        stack.push((v as Record<string, unknown>)[keys[i]])
        stack.push(new Raw(`${quote(keys[i])}:`))
        if (i > 0) stack.push(new Raw(','))
      }
    } else parts.push(typeof v === 'string' ? quote(v) : v === undefined ? 'null' : JSON.stringify(v))
  }
  return parts.join('')
}

/** A JSON string literal as Jackson writes it (control characters as \uXXXX with upper-case hex). */
function quote(s: string): string {
  let needs = false
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c < 0x20 || c === 0x22 || c === 0x5c) {
      needs = true
      break
    }
  }
  if (!needs) return `"${s}"`
  let out = '"'
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c === 0x22) out += '\\"'
    else if (c === 0x5c) out += '\\\\'
    else if (c === 0x0a) out += '\\n'
    else if (c === 0x0d) out += '\\r'
    else if (c === 0x09) out += '\\t'
    else if (c === 0x08) out += '\\b'
    else if (c === 0x0c) out += '\\f'
    else if (c < 0x20) out += `\\u${c.toString(16).toUpperCase().padStart(4, '0')}`
    else out += s[i]
  }
  return `${out}"`
}
