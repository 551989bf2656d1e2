import { describe, expect, it } from 'vitest'
import { compareSchemas } from '../../../src/engine/diff/index.js'
import { checkCompatibility } from '../../../src/engine/index.js'
import { parsed, record } from './diff-helpers.js'

describe('compareSchemas: verdicts', () => {
  it('adding a field without a default breaks BACKWARD (and FULL) but not FORWARD', () => {
    const a = parsed(record([{ name: 'id', type: 'long' }]))
    const b = parsed(
      record([
        { name: 'id', type: 'long' },
        { name: 'email', type: 'string' },
      ]),
    )
    const { changes, verdicts } = compareSchemas(a, b)
    expect(changes.map((c) => c.kind)).toEqual(['FIELD_ADDED'])
    expect(verdicts.map((v) => [v.level, v.compatible])).toEqual([
      ['BACKWARD', false],
      ['FORWARD', true],
      ['FULL', false],
    ])
    expect(verdicts[0].messages).toEqual([
      `{errorType:'READER_FIELD_MISSING_DEFAULT_VALUE', description:'The field 'email' at path '/fields/1' in the new schema has no default value and is missing in the old schema', additionalInfo:'email'}`,
    ])
    expect(verdicts[0].incompatibilities[0]).toMatchObject({ direction: 'backward', type: 'READER_FIELD_MISSING_DEFAULT_VALUE', location: '/fields/1' })
    expect(verdicts[1].messages).toEqual([])
  })

  it('removing an enum symbol breaks BACKWARD: the new reader lacks a symbol old data may hold', () => {
    const e = (symbols: string[]) => parsed({ type: 'enum', name: 'E', symbols })
    const { verdicts } = compareSchemas(e(['A', 'B']), e(['A']))
    expect(verdicts.map((v) => v.compatible)).toEqual([false, true, false])
    expect(verdicts[0].messages[0]).toContain(`MISSING_ENUM_SYMBOLS`)
  })

  it('FULL is exactly what checkCompatibility says at FULL, messages in the registry order', () => {
    const a = parsed(
      record([
        { name: 'id', type: 'int' },
        { name: 'gone', type: 'string' },
      ]),
    )
    const b = parsed(
      record([
        { name: 'id', type: 'long' },
        { name: 'email', type: 'string' },
      ]),
    )
    const full = compareSchemas(a, b).verdicts[2]
    const registry = checkCompatibility('FULL', b, [a])
    expect(full.compatible).toBe(false)
    expect(full.incompatibilities).toEqual(registry.incompatibilities)
    expect(full.messages).toEqual(registry.messages.filter((m) => m.startsWith('{errorType:')))
  })

  it('identical schemas are compatible every way with no changes', () => {
    const a = parsed(record([{ name: 'id', type: 'long' }]))
    expect(compareSchemas(a, a)).toMatchObject({ changes: [], verdicts: [{ compatible: true }, { compatible: true }, { compatible: true }] })
  })
})
