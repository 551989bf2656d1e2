import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseSchemaDocument } from '../../../src/engine/schema/parse.js'
import { caseSchema, conformancePath, readConformance } from './conformance-files.js'

interface PairCase {
  id: string
  reader: unknown
  writer: unknown
  validateDefaults?: boolean
  expected: { error?: string; side?: 'reader' | 'writer'; message?: string }
}

interface LevelCase {
  id: string
  new: unknown
  previous: unknown[]
  validateDefaults?: boolean
}

/** The ids of the schemas whose parse verdict disagrees with Avro 1.12.1 (empty when all agree). */
function disagreements(schemas: Array<{ id: string; schema: unknown; validateDefaults?: boolean; valid: boolean }>): string[] {
  return schemas
    .filter(({ schema, validateDefaults, valid }) => parseSchemaDocument(caseSchema(schema), { validateDefaults }).ok !== valid)
    .map(({ id, valid }) => `${id} (Avro: ${valid ? 'valid' : 'invalid'})`)
}

describe('conformance: every schema Avro 1.12.1 accepts parses', () => {
  it('avro-compat/public.jsonl (readers and writers)', () => {
    const cases = readConformance<PairCase>('avro-compat/public.jsonl')
    expect(cases.length).toBeGreaterThan(300)
    const schemas = cases.flatMap((c) => [
      { id: `${c.id} reader`, schema: c.reader, validateDefaults: c.validateDefaults, valid: true },
      { id: `${c.id} writer`, schema: c.writer, validateDefaults: c.validateDefaults, valid: true },
    ])
    expect(disagreements(schemas)).toEqual([])
  })

  it('avro-compat/levels.jsonl (new and previous versions)', () => {
    const cases = readConformance<LevelCase>('avro-compat/levels.jsonl')
    expect(cases.length).toBeGreaterThan(50)
    const schemas = cases.flatMap((c) =>
      [c.new, ...c.previous].map((schema, i) => ({ id: `${c.id} #${i}`, schema, validateDefaults: c.validateDefaults, valid: true })),
    )
    expect(disagreements(schemas)).toEqual([])
  })

  it('avro-realworld/workspace (every version file)', () => {
    const root = conformancePath('avro-realworld/workspace')
    const files = readdirSync(root, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .flatMap((subject) => readdirSync(join(root, subject.name)).map((file) => join(root, subject.name, file)))
    expect(files.length).toBeGreaterThan(1000)
    const rejected = files.filter((file) => !parseSchemaDocument(readFileSync(file, 'utf8')).ok)
    expect(rejected).toEqual([])
  })
})

describe('conformance: every schema Avro 1.12.1 rejects fails to parse', () => {
  for (const file of ['avro-compat/invalid.jsonl', 'avro-realworld/invalid.jsonl']) {
    it(file, () => {
      const cases = readConformance<PairCase>(file)
      expect(cases.length).toBeGreaterThan(0)
      const schemas = cases.flatMap((c) => {
        const rejected = c.expected.side ?? 'reader'
        const other = rejected === 'reader' ? 'writer' : 'reader'
        const both = [{ id: `${c.id} ${rejected}`, schema: c[rejected], validateDefaults: c.validateDefaults, valid: false }]
        // In the pair files the other side is a valid schema; the realworld file repeats the rejected one.
        if (JSON.stringify(c[other]) !== JSON.stringify(c[rejected]))
          both.push({ id: `${c.id} ${other}`, schema: c[other], validateDefaults: c.validateDefaults, valid: true })
        return both
      })
      expect(disagreements(schemas)).toEqual([])
    })
  }

  it('gives each rejected schema one error with a message and a JSON Pointer', () => {
    for (const c of readConformance<PairCase>('avro-realworld/invalid.jsonl')) {
      const result = parseSchemaDocument(caseSchema(c[c.expected.side ?? 'reader']))
      if (result.ok) throw new Error(`${c.id} parsed`)
      expect(result.errors).toHaveLength(1)
      expect(result.errors[0].message).not.toContain('\n')
      expect(result.errors[0].path === '' || result.errors[0].path.startsWith('/')).toBe(true)
    }
  })
})
