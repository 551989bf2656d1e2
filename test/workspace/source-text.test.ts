import { describe, expect, it } from 'vitest'
import { locatePointer, parseJsonText, positionAt } from '../../src/workspace/source-text.js'

describe('parseJsonText', () => {
  it('reads plain JSON and JSON with comments', () => {
    expect(parseJsonText('{"type": "int"}')).toEqual({ ok: true, value: { type: 'int' } })
    expect(parseJsonText('// a comment\n{"type": /* inline */ "int"}')).toEqual({ ok: true, value: { type: 'int' } })
  })

  it('gives line and column of a syntax error', () => {
    expect(parseJsonText('{\n  "type": "record",\n  "name": }')).toEqual({ ok: false, message: 'invalid JSON: expected a value', position: { line: 3, column: 11 } })
    expect(parseJsonText('')).toMatchObject({ ok: false, position: { line: 1, column: 1 } })
    expect(parseJsonText('{"a": 1,}')).toMatchObject({ ok: false })
  })

  it('survives 10,000 levels of nesting in either path', () => {
    const deep = '['.repeat(10_000) + ']'.repeat(10_000)
    expect(parseJsonText(deep).ok).toBe(true)
    expect(parseJsonText('//c\n' + '['.repeat(10_000)).ok).toBe(false)
  })
})

describe('locatePointer', () => {
  const text = '{\n  "type": "record",\n  "fields": [\n    {"name": "a", "type": "int"}\n  ]\n}'
  it('finds the value a pointer designates', () => {
    expect(locatePointer(text, '/fields/0/type')).toEqual({ line: 4, column: 27 })
    expect(locatePointer(text, '')).toEqual({ line: 1, column: 1 })
  })
  it('falls back to the nearest existing ancestor', () => {
    expect(locatePointer(text, '/fields/0/default')).toEqual({ line: 4, column: 5 })
  })
  it('counts lines and columns from 1', () => {
    expect(positionAt('ab\ncd', 4)).toEqual({ line: 2, column: 2 })
  })
})
