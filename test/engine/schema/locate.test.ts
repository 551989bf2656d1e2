import { describe, expect, it } from 'vitest'
import {
  escapePointerSegment,
  integralFloatLiterals,
  locatePointer,
  offsetToPosition,
  pointerSegments,
  readJsonText,
} from '../../../src/engine/schema/locate.js'
import { parseSchemaDocument } from '../../../src/engine/schema/parse.js'

const text = `// user events
{
  "type": "record",
  "name": "User", /* the subject's record */
  "fields": [
    {"name": "id", "type": "long"},
    {
      "name": "age",
      "type": "int",
      "default": "x"
    }
  ]
}
`

describe('locatePointer', () => {
  it('points at the key of an object member, past comments', () => {
    expect(locatePointer(text, '/name')).toEqual({ line: 4, column: 3 })
    expect(locatePointer(text, '/fields/1/default')).toEqual({ line: 10, column: 7 })
  })

  it('points at array elements and at the root value', () => {
    expect(locatePointer(text, '/fields/1')).toEqual({ line: 7, column: 5 })
    expect(locatePointer(text, '')).toEqual({ line: 2, column: 1 })
  })

  it('falls back to the nearest existing ancestor', () => {
    expect(locatePointer(text, '/fields/0/type/items')).toEqual({ line: 6, column: 20 })
    expect(locatePointer(text, '/fields/9')).toEqual({ line: 5, column: 3 })
  })

  it('unescapes ~0 and ~1 in pointer segments', () => {
    expect(pointerSegments('/a~1b/c~0d/0')).toEqual(['a/b', 'c~d', '0'])
    expect(escapePointerSegment('a/b~')).toBe('a~1b~0')
    expect(locatePointer('{"a/b": {"c~d": 1}}', '/a~1b/c~0d')).toEqual({ line: 1, column: 10 })
  })

  it('lists integral numbers written as floating-point literals', () => {
    expect([...integralFloatLiterals('{"a": [1.0, 2, 2.5, 1e3], "b/c": {"d": -0.00}, "s": "1.0"}')]).toEqual(['/a/0', '/a/3', '/b~1c/d'])
    expect(integralFloatLiterals('{"a": 1, "b": 2.5}').size).toBe(0)
  })

  it('handles any nesting depth without recursion', () => {
    const deep = '['.repeat(200_000) + ']'.repeat(200_000)
    expect(locatePointer(deep, '/0/0/0')).toEqual({ line: 1, column: 4 })
  })
})

describe('readJsonText and offsetToPosition', () => {
  it('reports the first syntax error with its line and column', () => {
    const result = readJsonText('{\n  "a": 1,\n  "b" 2\n}')
    expect(result).toMatchObject({ ok: false, position: { line: 3, column: 7 } })
  })

  it('says when the text is empty', () => {
    expect(readJsonText(' \n')).toMatchObject({ ok: false, message: 'Invalid JSON: the text is empty' })
  })

  it('reads text with comments', () => {
    expect(readJsonText('/* c */ {"a": [1, // one\n 2]}')).toEqual({ ok: true, value: { a: [1, 2] } })
  })

  it('counts lines and columns from 1', () => {
    expect(offsetToPosition('ab\ncd', 0)).toEqual({ line: 1, column: 1 })
    expect(offsetToPosition('ab\ncd', 4)).toEqual({ line: 2, column: 2 })
  })
})

describe('parse errors of text carry line:col', () => {
  it('locates an invalid default', () => {
    const result = parseSchemaDocument(text)
    expect(result).toMatchObject({ ok: false, errors: [{ path: '/fields/1/default', line: 10, column: 7 }] })
  })

  it('locates an undefined name in a union', () => {
    const result = parseSchemaDocument('{"type": "record", "name": "R", "fields": [\n  {"name": "a", "type": ["null", "Missing"]}\n]}')
    expect(result).toMatchObject({
      ok: false,
      errors: [{ message: "Undefined name 'Missing' at /fields/0/type/1", path: '/fields/0/type/1', line: 2, column: 34 }],
    })
  })

  it('gives no line:col for parsed JSON input', () => {
    const result = parseSchemaDocument({ type: 'enum', name: 'E', symbols: ['A', 'A'] })
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.errors[0].line).toBeUndefined()
  })
})
