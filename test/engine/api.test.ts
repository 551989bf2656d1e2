import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import {
  checkCompatibility,
  checkSubjectHistory,
  diffSchemas,
  COMPATIBILITY_LEVELS,
  isCompatibilityLevel,
  parseSchema,
  readerWriterCompatibility,
  type ParsedSchema,
} from '../../src/index.js'

const record = (fields: unknown[], name = 'myrecord') => ({ type: 'record', name, fields })
const f1 = record([{ name: 'f1', type: 'string' }])
const f1f2 = record([
  { name: 'f1', type: 'string' },
  { name: 'f2', type: 'string' },
])
const f1Text = '{"type":"record","name":"myrecord","fields":[{"name":"f1","type":"string"}]}'

describe('parseSchema', () => {
  it('accepts JSON text (with comments), parsed JSON, and returns a ParsedSchema unchanged', () => {
    const fromText = parseSchema('/* v1 */ {"type": "record", "name": "myrecord", "fields": [{"name": "f1", "type": "string"}]}')
    const fromJson = parseSchema(f1)
    expect(fromText.ok && fromJson.ok).toBe(true)
    expect((fromText as ParsedSchema).normalized).toBe(f1Text)
    expect(parseSchema(fromJson)).toBe(fromJson)
  })

  it('reports invalid input in the result', () => {
    const result = parseSchema('{"type": "record"')
    expect(result.ok).toBe(false)
  })
})

describe('readerWriterCompatibility', () => {
  it('returns every incompatibility with Avro location and message', () => {
    expect(readerWriterCompatibility(f1f2, f1)).toEqual({
      compatible: false,
      incompatibilities: [{ type: 'READER_FIELD_MISSING_DEFAULT_VALUE', location: '/fields/1', message: 'f2' }],
    })
    expect(readerWriterCompatibility(f1, f1f2)).toEqual({ compatible: true, incompatibilities: [] })
  })

  it('reuses parsed schemas without reparsing', () => {
    const reader = parseSchema(f1f2) as ParsedSchema
    const writer = parseSchema(f1) as ParsedSchema
    expect(readerWriterCompatibility(reader, writer).compatible).toBe(false)
  })

  it('gives compatible:false with errors for invalid JSON, never an exception', () => {
    const result = readerWriterCompatibility('{"type": ', f1)
    expect(result.compatible).toBe(false)
    expect(result.errors?.[0]?.message).toMatch(/^Invalid reader schema: /)
    expect(readerWriterCompatibility(f1, { type: 'nope' }).errors?.[0]?.message).toMatch(/^Invalid writer schema: /)
  })

  it('survives a schema nested 10,000 levels deep', () => {
    let deep: unknown = 'int'
    for (let i = 0; i < 10_000; i++) deep = { type: 'array', items: deep }
    const result = readerWriterCompatibility(deep, deep)
    expect(typeof result.compatible).toBe('boolean')
  })

  it('respects validateDefaults:false', () => {
    const bad = record([
      { name: 'f1', type: 'string' },
      { name: 'f2', type: 'int', default: 'x' },
    ])
    expect(readerWriterCompatibility(bad, f1).errors).toBeDefined()
    expect(readerWriterCompatibility(bad, f1, { validateDefaults: false })).toEqual({ compatible: true, incompatibilities: [] })
  })

  it('reports the exception Avro throws for an ambiguous field alias', () => {
    const reader = record([{ name: 'id', type: 'long', aliases: ['name'] }], 'User')
    const writer = record(
      [
        { name: 'id', type: 'long' },
        { name: 'name', type: 'string' },
      ],
      'User',
    )
    const result = readerWriterCompatibility(reader, writer)
    expect(result).toMatchObject({ compatible: false, incompatibilities: [] })
    expect(result.errors?.[0]).toEqual({
      message:
        'Reader record field id type:LONG pos:0 matches multiple fields in writer record schema {"type":"record","name":"User","fields":[{"name":"id","type":"long"},{"name":"name","type":"string"}]}',
      path: '/fields/0',
    })
    expect(checkCompatibility('BACKWARD', reader, [writer]).messages[0]).toBe(`Unexpected exception during compatibility check: ${result.errors![0]!.message}`)
  })
})

describe('checkCompatibility', () => {
  it('words a BACKWARD failure exactly as the registry does', () => {
    expect(checkCompatibility('BACKWARD', f1f2, [f1])).toEqual({
      compatible: false,
      failedAgainst: 0,
      incompatibilities: [{ direction: 'backward', type: 'READER_FIELD_MISSING_DEFAULT_VALUE', location: '/fields/1', message: 'f2' }],
      messages: [
        "{errorType:'READER_FIELD_MISSING_DEFAULT_VALUE', description:'The field 'f2' at path '/fields/1' in the new schema has no default value and is missing in the old schema', additionalInfo:'f2'}",
        '{oldSchemaVersion: 1}',
        `{oldSchema: '${f1Text}'}`,
        "{validateFields: 'false', compatibility: 'BACKWARD'}",
      ],
    })
  })

  it('runs FULL forward first, with the old-schema lines only after the backward part', () => {
    const a = record([{ name: 'a', type: 'int' }], 'E')
    const b = record([{ name: 'b', type: 'int' }], 'E')
    const both = checkCompatibility('FULL', b, [a], { versions: [7] })
    expect(both.messages).toEqual([
      "{errorType:'READER_FIELD_MISSING_DEFAULT_VALUE', description:'The field 'a' at path '/fields/0' in the old schema has no default value and is missing in the new schema', additionalInfo:'a'}",
      "{errorType:'READER_FIELD_MISSING_DEFAULT_VALUE', description:'The field 'b' at path '/fields/0' in the new schema has no default value and is missing in the old schema', additionalInfo:'b'}",
      '{oldSchemaVersion: 7}',
      `{oldSchema: '{"type":"record","name":"E","fields":[{"name":"a","type":"int"}]}'}`,
      "{validateFields: 'false', compatibility: 'FULL'}",
    ])
    expect(both.incompatibilities.map((i) => i.direction)).toEqual(['forward', 'backward'])
    // Forward-only failure: no old-schema lines (the registry appends them for the backward part only).
    expect(checkCompatibility('FULL', f1, [f1f2]).messages).toHaveLength(2)
    expect(checkCompatibility('FORWARD', f1, [f1f2]).messages).toEqual([
      "{errorType:'READER_FIELD_MISSING_DEFAULT_VALUE', description:'The field 'f2' at path '/fields/1' in the old schema has no default value and is missing in the new schema', additionalInfo:'f2'}",
      '{oldSchemaVersion: 1}',
      `{oldSchema: '{"type":"record","name":"myrecord","fields":[{"name":"f1","type":"string"},{"name":"f2","type":"string"}]}'}`,
      "{validateFields: 'false', compatibility: 'FORWARD'}",
    ])
  })

  it('checks transitive levels newest to oldest and stops at the first failure', () => {
    const v1 = record([{ name: 'n', type: 'int' }])
    const v2 = record([{ name: 'n', type: 'string' }])
    const v3 = record([{ name: 'n', type: 'string' }])
    const candidate = record([{ name: 'n', type: 'long' }])
    expect(checkCompatibility('BACKWARD', v3, [v1, v2])).toMatchObject({ compatible: true, failedAgainst: null, messages: [] })
    expect(checkCompatibility('BACKWARD_TRANSITIVE', v3, [v1, v2])).toMatchObject({ compatible: false, failedAgainst: 0 })
    const result = checkCompatibility('BACKWARD_TRANSITIVE', candidate, [v1, v2, v3], { versions: [1, 4, 9] })
    expect(result.failedAgainst).toBe(2)
    expect(result.messages).toContain('{oldSchemaVersion: 9}')
  })

  it('NONE and an empty history are always compatible', () => {
    expect(checkCompatibility('NONE', f1f2, [f1]).compatible).toBe(true)
    expect(checkCompatibility('NONE', f1f2, ['{not a schema']).compatible).toBe(true)
    expect(checkCompatibility('NONE', '{not a schema', [f1]).compatible).toBe(false)
    expect(checkCompatibility('FULL_TRANSITIVE', f1f2, []).compatible).toBe(true)
  })

  it('rejects an unknown level and invalid schemas in the result', () => {
    const level = checkCompatibility('SIDEWAYS' as never, f1, [f1])
    expect(level.compatible).toBe(false)
    expect(level.errors?.[0]?.message).toMatch(/^Invalid compatibility level\./)
    const invalid = checkCompatibility('BACKWARD', f1, ['{oops'])
    expect(invalid.compatible).toBe(false)
    expect(invalid.errors?.[0]?.message).toMatch(/^Invalid previous schema 1: /)
    // Only the versions the level compares with are read, as the registry does.
    expect(checkCompatibility('BACKWARD', f1, ['{oops', f1]).compatible).toBe(true)
    expect(checkCompatibility('BACKWARD_TRANSITIVE', f1, ['{oops', f1]).errors?.[0]?.message).toMatch(/^Invalid previous schema 1: /)
  })
})

describe('checkSubjectHistory and levels', () => {
  it('checks each version against its predecessors', () => {
    const history = [f1, f1f2, f1].map((s) => parseSchema(s) as ParsedSchema)
    const results = checkSubjectHistory('BACKWARD', history)
    expect(results.map((r) => r.compatible)).toEqual([true, false, true])
    expect(checkSubjectHistory('FULL_TRANSITIVE', history).map((r) => r.compatible)).toEqual([true, false, false])
  })

  it('knows the seven level names', () => {
    expect(COMPATIBILITY_LEVELS).toHaveLength(7)
    expect(isCompatibilityLevel('FULL_TRANSITIVE')).toBe(true)
    expect(isCompatibilityLevel('full')).toBe(false)
  })
})

describe('package main entry', () => {
  it('never imports oclif, ink or chalk (transitively)', () => {
    const seen = new Set<string>()
    const visit = (url: URL): void => {
      if (seen.has(url.href)) return
      seen.add(url.href)
      const source = readFileSync(url, 'utf8')
      for (const [, spec] of source.matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)) {
        expect(spec).not.toMatch(/^(@oclif\/|ink$|ink\/|chalk$|react$)/)
        if (spec!.startsWith('.')) visit(new URL(spec!.replace(/\.js$/, '.ts'), url))
      }
    }
    visit(new URL('../../src/index.ts', import.meta.url))
    expect(seen.size).toBeGreaterThan(3)
  })
})

describe('diffSchemas', () => {
  it('lists the changes with pointers and judges each direction', () => {
    const result = diffSchemas(f1, f1f2)
    expect(result.ok && result.changes).toEqual([expect.objectContaining({ kind: 'FIELD_ADDED', path: '/fields/1' })])
    expect(result.ok && result.verdicts.map((v) => [v.level, v.compatible])).toEqual([
      ['BACKWARD', false],
      ['FORWARD', true],
      ['FULL', false],
    ])
  })

  it('reports invalid input in the result, naming the side', () => {
    expect(diffSchemas(f1, '{"type": "nope"}')).toEqual({
      ok: false,
      errors: [expect.objectContaining({ message: expect.stringMatching(/^Invalid new schema: /) })],
    })
  })
})
