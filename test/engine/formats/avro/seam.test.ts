/** Avro behind the format seam: every level case gives exactly what the Avro engine gives. */
import { describe, expect, it } from 'vitest'
import { checkCompatibility, checkFormatCompatibility, formatFor, schemaDifferences, type CompatibilityLevel } from '../../../../src/engine/index.js'
import { caseSchema, readConformance } from '../../schema/conformance-files.js'

interface LevelCase {
  id: string
  level: CompatibilityLevel
  new: unknown
  previous: unknown[]
}

const cases = readConformance<LevelCase>('avro-compat/levels.jsonl')

describe('the AVRO format behind the seam', () => {
  it('is in the format table', () => {
    expect(formatFor('AVRO')?.type).toBe('AVRO')
  })

  it.each(cases.map((c) => [c.id, c] as const))('%s: same verdict, messages and incompatibilities as the Avro engine', (_id, c) => {
    const candidate = caseSchema(c.new)
    const previous = c.previous.map(caseSchema)
    const direct = checkCompatibility(c.level, candidate, previous)
    const seam = checkFormatCompatibility('AVRO', c.level, candidate, previous)
    expect(seam.compatible).toBe(direct.compatible)
    expect(seam.messages).toEqual(direct.messages)
    expect(seam.failedAgainst).toEqual(direct.failedAgainst)
    expect(seam.incompatibilities).toEqual(direct.incompatibilities)
  })

  it('reports reader/writer incompatibilities as differences (update reads data written with original)', () => {
    const v1 = { type: 'record', name: 'R', fields: [{ name: 'a', type: 'int' }] }
    const v2 = {
      type: 'record',
      name: 'R',
      fields: [
        { name: 'a', type: 'int' },
        { name: 'b', type: 'string' },
      ],
    }
    expect([...schemaDifferences('AVRO', v1, v2)]).toEqual([{ type: 'READER_FIELD_MISSING_DEFAULT_VALUE', path: '/fields/1', compatible: false, message: 'b' }])
    expect([...schemaDifferences('AVRO', v2, v1)]).toEqual([])
  })

  it('resolves named types through dependencies', () => {
    const money = { type: 'record', name: 'com.acme.Money', fields: [{ name: 'cents', type: 'long' }] }
    const order = { type: 'record', name: 'com.acme.Order', fields: [{ name: 'total', type: 'com.acme.Money' }] }
    const format = formatFor('AVRO')!
    const parsed = format.parse(order, { 'com.acme.Money': JSON.stringify(money) })
    expect(parsed.ok && format.references(parsed.value)).toEqual(['com.acme.Money'])
    expect(format.parse(order).ok).toBe(false)
  })
})
