import { describe, expect, it } from 'vitest'
import { keepInexactNumbersAsText, NumberText, topLevelNumberLiterals } from '../../src/server/exact-numbers.js'

describe('top-level number literals', () => {
  it('finds each top-level number as written, past strings with escaped quotes and nested values with keys of the same name', () => {
    const text = ` { "schema" : "{\\"id\\":1,\\"version\\":2}\\\\" , "references":[{"version":3,"id":[4]}], "metadata":{"id":5},
      "id":\t9007199254740993 ,"version":-0, "ok":true, "n":null, "k\\u0065y": 1E3 }`
    expect(Object.fromEntries(topLevelNumberLiterals(text))).toEqual({ id: '9007199254740993', version: '-0', key: '1E3' })
  })

  it('keeps an exact integer as a number and anything JSON.parse would round as its text', () => {
    const text = '{"id":9007199254740993,"version":7.0000000000000001,"a":12,"b":"x","c":1.5}'
    const body = keepInexactNumbersAsText(text, JSON.parse(text)) as Record<string, unknown>
    expect(body).toEqual({ id: new NumberText('9007199254740993'), version: new NumberText('7.0000000000000001'), a: 12, b: 'x', c: new NumberText('1.5') })
    expect(String(body.id)).toBe('9007199254740993')
    expect(keepInexactNumbersAsText('[1.5]', [1.5])).toEqual([1.5])
  })
})
