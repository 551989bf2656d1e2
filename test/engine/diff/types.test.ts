import { describe, expect, it } from 'vitest'
import { diff, record } from './diff-helpers.js'

const field = (type: unknown) => record([{ name: 'f', type }])

describe('diffSchemas: types', () => {
  it('reports a promotable change as TYPE_PROMOTED and others as TYPE_CHANGED', () => {
    expect(diff(field('int'), field('long'))).toEqual([
      {
        kind: 'TYPE_PROMOTED',
        path: '/fields/0/type',
        message: `field 'f': type changed from int to long (promotion: long reads int)`,
        before: 'int',
        after: 'long',
      },
    ])
    expect(diff(field('long'), field('int'))).toEqual([
      {
        kind: 'TYPE_CHANGED',
        path: '/fields/0/type',
        message: `field 'f': type changed from long to int (only long reads int by promotion)`,
        before: 'long',
        after: 'int',
      },
    ])
    expect(diff(field('int'), field('string'))[0]).toMatchObject({ kind: 'TYPE_CHANGED', before: 'int', after: 'string' })
    expect(diff(field('string'), field(['null', 'string']))[0]).toMatchObject({ kind: 'TYPE_CHANGED', before: 'string', after: '[null, string]' })
  })

  it('compares array items and map values', () => {
    expect(diff(field({ type: 'array', items: 'int' }), field({ type: 'array', items: 'float' }))).toEqual([
      {
        kind: 'TYPE_PROMOTED',
        path: '/fields/0/type/items',
        message: `field 'f' items: type changed from int to float (promotion: float reads int)`,
        before: 'int',
        after: 'float',
      },
    ])
    expect(diff(field({ type: 'map', values: 'int' }), field({ type: 'map', values: 'boolean' }))[0]).toMatchObject({
      kind: 'TYPE_CHANGED',
      path: '/fields/0/type/values',
    })
  })

  it('reports logical types added, changed and removed, decimal parameters included', () => {
    const ts = { type: 'long', logicalType: 'timestamp-millis' }
    expect(diff(field('long'), field(ts))).toEqual([
      { kind: 'LOGICAL_TYPE_CHANGED', path: '/fields/0/type', message: `field 'f': logical type timestamp-millis added`, after: 'timestamp-millis' },
    ])
    expect(diff(field(ts), field({ type: 'long', logicalType: 'timestamp-micros' }))[0]).toMatchObject({
      before: 'timestamp-millis',
      after: 'timestamp-micros',
    })
    expect(diff(field(ts), field('long'))[0]).toMatchObject({ kind: 'LOGICAL_TYPE_CHANGED', before: 'timestamp-millis' })
    const decimal = (precision: number) => field({ type: 'bytes', logicalType: 'decimal', precision, scale: 2 })
    expect(diff(decimal(10), decimal(12))[0]).toMatchObject({ kind: 'LOGICAL_TYPE_CHANGED', before: 'decimal(10,2)', after: 'decimal(12,2)' })
  })

  it('reports a different primitive with logical types as one TYPE_CHANGED', () => {
    const changes = diff(field({ type: 'int', logicalType: 'date' }), field({ type: 'long', logicalType: 'timestamp-millis' }))
    expect(changes).toHaveLength(1)
    expect(changes[0]).toMatchObject({ kind: 'TYPE_PROMOTED', before: 'int (date)', after: 'long (timestamp-millis)' })
  })

  it('reports a changed top-level type at the root pointer', () => {
    expect(diff('string', 'bytes')).toEqual([
      {
        kind: 'TYPE_PROMOTED',
        path: '',
        message: 'schema: type changed from string to bytes (promotion: bytes reads string)',
        before: 'string',
        after: 'bytes',
      },
    ])
    expect(diff(record([]), { type: 'enum', name: 'R', symbols: ['A'] })[0]).toMatchObject({ kind: 'TYPE_CHANGED', before: 'record R', after: 'enum R' })
  })

  it('reports a fixed size change', () => {
    const fixed = (size: number) => field({ type: 'fixed', name: 'Hash', size })
    expect(diff(fixed(16), fixed(32))).toEqual([
      { kind: 'FIXED_SIZE_CHANGED', path: '/fields/0/type/size', message: `fixed 'Hash': size changed from 16 to 32`, before: 16, after: 32 },
    ])
  })
})

describe('diffSchemas: unions', () => {
  it('reports branches added and removed at their pointers', () => {
    const changes = diff(field(['null', 'string', 'int']), field(['null', 'string', 'long', 'boolean']))
    expect(changes.map((c) => `${c.kind} ${c.path} ${String(c.after ?? c.before)}`)).toEqual([
      'UNION_BRANCH_ADDED /fields/0/type/2 long',
      'UNION_BRANCH_ADDED /fields/0/type/3 boolean',
      'UNION_BRANCH_REMOVED /fields/0/type/2 int',
    ])
  })

  it('pairs the single branch left on each side, and follows matching named branches', () => {
    expect(diff(field(['null', 'int']), field(['null', 'long']))).toEqual([
      expect.objectContaining({ kind: 'TYPE_PROMOTED', path: '/fields/0/type/1', before: 'int', after: 'long' }),
    ])
    const inner = (fields: unknown[]) => field(['null', { type: 'record', name: 'Inner', fields }])
    const changes = diff(
      inner([{ name: 'a', type: 'int' }]),
      inner([
        { name: 'a', type: 'int' },
        { name: 'b', type: 'int', default: 0 },
      ]),
    )
    expect(changes.map((c) => `${c.kind} ${c.path}`)).toEqual(['FIELD_ADDED /fields/0/type/1/fields/1'])
  })

  it('follows a record that became nullable into the union branch', () => {
    const inner = (fields: unknown[]) => ({ type: 'record', name: 'Inner', fields })
    const a = field(inner([{ name: 'x', type: 'int' }]))
    const b = field([
      'null',
      inner([
        { name: 'x', type: 'int' },
        { name: 'y', type: 'int', default: 0 },
      ]),
    ])
    expect(diff(a, b).map((c) => `${c.kind} ${c.path}`)).toEqual(['TYPE_CHANGED /fields/0/type', 'FIELD_ADDED /fields/0/type/1/fields/1'])
    expect(diff(b, a).map((c) => `${c.kind} ${c.path}`)).toEqual(['TYPE_CHANGED /fields/0/type', 'FIELD_REMOVED /fields/0/type/1/fields/1'])
  })

  it('pairs a renamed named branch through its alias', () => {
    const changes = diff(
      field(['null', 'string', { type: 'record', name: 'Old', fields: [] }, { type: 'enum', name: 'E', symbols: ['A'] }]),
      field(['null', 'string', { type: 'record', name: 'New', aliases: ['Old'], fields: [] }, { type: 'enum', name: 'E', symbols: ['A'] }]),
    )
    expect(changes).toEqual([
      { kind: 'NAME_CHANGED', path: '/fields/0/type/2', message: `record 'Old' renamed to 'New' (alias 'Old' kept)`, before: 'Old', after: 'New' },
    ])
  })
})
