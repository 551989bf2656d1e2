import { describe, expect, it } from 'vitest'
import {
  checkCompatibility,
  readerWriterCompatibility,
  type CompatibilityLevel,
  type Incompatibility,
  type LevelIncompatibility,
} from '../../../src/engine/index.js'
import { caseSchema, readConformance } from '../schema/conformance-files.js'

interface PairCase {
  id: string
  reader: unknown
  writer: unknown
  validateDefaults?: boolean
  expected: { compatible: boolean; types: string[]; incompatibilities?: Incompatibility[]; error?: 'exception'; message?: string }
}

interface LevelCase {
  id: string
  level: CompatibilityLevel
  new: unknown
  previous: unknown[]
  expected: { compatible: boolean; failedAgainst: number | null; types: string[]; incompatibilities: LevelIncompatibility[]; messages: string[] }
}

interface InvalidCase {
  id: string
  reader: unknown
  writer: unknown
  expected: { error: 'parse'; side: 'reader' | 'writer'; message: string }
}

const distinctTypes = (list: readonly { type: string }[]) => [...new Set(list.map((i) => i.type))].sort()
const summary = (name: string, agree: Record<string, number>, total: number) =>
  console.log(
    `${name}: ${Object.entries(agree)
      .map(([k, n]) => `${k} ${n}/${total}`)
      .join(', ')}`,
  )

describe('Avro 1.12.1 conformance: reader/writer pairs (public.jsonl)', () => {
  const cases = readConformance<PairCase>('avro-compat/public.jsonl')
  const agree = { verdict: 0, types: 0, locations: 0, messages: 0 }

  it.each(cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const result = readerWriterCompatibility(caseSchema(c.reader), caseSchema(c.writer), { validateDefaults: c.validateDefaults ?? true })
    const expected = c.expected
    if (expected.error === 'exception') {
      // Avro throws for this pair (e.g. a reader field whose name and alias match two writer fields).
      expect(result.compatible).toBe(false)
      expect(result.incompatibilities).toEqual([])
      expect(result.errors?.map((e) => e.message)).toEqual([expected.message!.replace(/^AvroRuntimeException: /, '')])
      Object.keys(agree).forEach((k) => agree[k as keyof typeof agree]++)
      return
    }
    expect(result.errors).toBeUndefined()
    const got = result.incompatibilities
    const want = expected.incompatibilities ?? []
    if (result.compatible === expected.compatible) agree.verdict++
    if (JSON.stringify(distinctTypes(got)) === JSON.stringify(expected.types)) agree.types++
    if (JSON.stringify(got.map((i) => [i.type, i.location])) === JSON.stringify(want.map((i) => [i.type, i.location]))) agree.locations++
    if (JSON.stringify(got.map((i) => [i.type, i.message])) === JSON.stringify(want.map((i) => [i.type, i.message]))) agree.messages++
    expect(result.compatible).toBe(expected.compatible)
    expect(distinctTypes(got)).toEqual(expected.types)
    expect(got).toEqual(want)
  })

  it('agrees on every case', () => {
    summary('public.jsonl', agree, cases.length)
    expect(agree).toEqual({ verdict: cases.length, types: cases.length, locations: cases.length, messages: cases.length })
  })
})

describe('Avro 1.12.1 conformance: registry levels (levels.jsonl)', () => {
  const cases = readConformance<LevelCase>('avro-compat/levels.jsonl')
  const agree = { verdict: 0, failedAgainst: 0, incompatibilities: 0, messages: 0 }

  it.each(cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const result = checkCompatibility(c.level, caseSchema(c.new), c.previous.map(caseSchema))
    const expected = c.expected
    // The cases list only the per-incompatibility lines; the old-schema and level lines are checked below.
    const messages = result.messages.filter((m) => m.startsWith('{errorType:'))
    if (result.compatible === expected.compatible) agree.verdict++
    if (result.failedAgainst === expected.failedAgainst) agree.failedAgainst++
    if (JSON.stringify(result.incompatibilities) === JSON.stringify(expected.incompatibilities)) agree.incompatibilities++
    if (JSON.stringify(messages) === JSON.stringify(expected.messages)) agree.messages++
    expect(result.errors).toBeUndefined()
    expect(result.compatible).toBe(expected.compatible)
    expect(result.failedAgainst).toBe(expected.failedAgainst)
    expect(distinctTypes(result.incompatibilities)).toEqual(expected.types)
    expect(result.incompatibilities).toEqual(expected.incompatibilities)
    expect(messages).toEqual(expected.messages)
    if (!result.compatible) expect(result.messages.at(-1)).toBe(`{validateFields: 'false', compatibility: '${c.level}'}`)
  })

  it('agrees on every case', () => {
    summary('levels.jsonl', agree, cases.length)
    expect(agree).toEqual({ verdict: cases.length, failedAgainst: cases.length, incompatibilities: cases.length, messages: cases.length })
  })
})

describe('invalid schemas (invalid.jsonl) through the compatibility API', () => {
  const cases = readConformance<InvalidCase>('avro-compat/invalid.jsonl')

  it.each(cases.map((c) => [c.id, c] as const))('%s gives compatible:false with the parse error, not an exception', (_id, c) => {
    const result = readerWriterCompatibility(caseSchema(c.reader), caseSchema(c.writer))
    expect(result.compatible).toBe(false)
    expect(result.incompatibilities).toEqual([])
    expect(result.errors?.length).toBeGreaterThan(0)
    expect(result.errors!.every((e) => e.message.startsWith(`Invalid ${c.expected.side} schema: `))).toBe(true)
    const level = checkCompatibility('BACKWARD', caseSchema(c.reader), [caseSchema(c.writer)])
    if (c.expected.side === 'reader') {
      expect(level.compatible).toBe(false)
      expect(level.errors?.[0]?.message).toMatch(/^Invalid candidate schema: /)
    }
  })
})
