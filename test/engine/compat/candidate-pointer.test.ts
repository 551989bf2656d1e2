import { describe, expect, it } from 'vitest'
import { parseSchema, type ParsedSchema } from '../../../src/engine/index.js'
import { mapReaderPointer } from '../../../src/engine/compat/candidate-pointer.js'

function parse(schema: unknown): ParsedSchema {
  const result = parseSchema(schema)
  if (!result.ok) throw new Error(result.errors[0].message)
  return result
}

const status = { type: 'enum', name: 'Status', symbols: ['A'] }
const old = parse({
  type: 'record',
  name: 'R',
  fields: [
    { name: 'a', type: 'int' },
    { name: 'tags', type: { type: 'array', items: status } },
    { name: 'byKey', type: { type: 'map', values: ['null', status] } },
    { name: 'gone', type: 'string' },
    { name: 'renamed', type: 'string' },
  ],
})
const candidate = parse({
  type: 'record',
  name: 'R',
  fields: [
    { name: 'now', aliases: ['renamed'], type: 'string' },
    { name: 'byKey', type: { type: 'map', values: [status, 'null'] } },
    { name: 'tags', type: { type: 'array', items: status } },
    { name: 'a', type: 'long' },
  ],
})
const map = (pointer: string) => mapReaderPointer(old.schema, candidate.schema, pointer)

describe('mapReaderPointer', () => {
  it('follows fields by name, arrays, maps and union branches by type', () => {
    expect(map('/fields/0/type')).toBe('/fields/3/type')
    expect(map('/fields/1/type/items/symbols')).toBe('/fields/2/type/items/symbols')
    expect(map('/fields/2/type/values/1/symbols')).toBe('/fields/1/type/values/0/symbols')
    expect(map('/fields/2/type/values/0')).toBe('/fields/1/type/values/1')
  })

  it('finds a field the candidate renamed through its alias', () => {
    expect(map('/fields/4/type')).toBe('/fields/0/type')
  })

  it('stops at the nearest ancestor the candidate has', () => {
    expect(map('/fields/3')).toBe('')
    expect(map('')).toBe('')
  })
})
