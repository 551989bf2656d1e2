import { describe, expect, it } from 'vitest'
import { diff, record } from './diff-helpers.js'

const status = (symbols: string[], extra: Record<string, unknown> = {}) => record([{ name: 's', type: { type: 'enum', name: 'Status', symbols, ...extra } }])

describe('diffSchemas: named types', () => {
  it('reports enum symbols added and removed at their pointers', () => {
    expect(diff(status(['A', 'B']), status(['A', 'C', 'B', 'D']).valueOf())).toEqual([
      { kind: 'ENUM_SYMBOL_ADDED', path: '/fields/0/type/symbols/1', message: `enum 'Status': symbol 'C' added`, after: 'C' },
      { kind: 'ENUM_SYMBOL_ADDED', path: '/fields/0/type/symbols/3', message: `enum 'Status': symbol 'D' added`, after: 'D' },
    ])
    expect(diff(status(['A', 'B']), status(['A']))).toEqual([
      { kind: 'ENUM_SYMBOL_REMOVED', path: '/fields/0/type/symbols/1', message: `enum 'Status': symbol 'B' removed`, before: 'B' },
    ])
  })

  it('reports the enum default added, changed and removed', () => {
    expect(diff(status(['A', 'B']), status(['A', 'B'], { default: 'A' }))).toEqual([
      { kind: 'ENUM_DEFAULT_CHANGED', path: '/fields/0/type/default', message: `enum 'Status': default 'A' added`, after: 'A' },
    ])
    expect(diff(status(['A', 'B'], { default: 'A' }), status(['A', 'B'], { default: 'B' }))[0]).toMatchObject({ before: 'A', after: 'B' })
    expect(diff(status(['A', 'B'], { default: 'A' }), status(['A', 'B']))[0]).toMatchObject({ message: `enum 'Status': default 'A' removed`, before: 'A' })
  })

  it('reports a name change and a namespace change', () => {
    expect(diff(record([]), { ...record([]), name: 'S' })).toEqual([
      { kind: 'NAME_CHANGED', path: '', message: `record 'R' renamed to 'S'`, before: 'R', after: 'S' },
    ])
    expect(diff(record([], { namespace: 'a.b' }), record([], { namespace: 'a.c' }))).toEqual([
      { kind: 'NAMESPACE_CHANGED', path: '', message: `record 'a.c.R': namespace changed from 'a.b' to 'a.c'`, before: 'a.b', after: 'a.c' },
    ])
  })

  it('reports a named type doc change', () => {
    expect(diff(record([], { doc: 'x' }), record([], { doc: 'y' }))).toEqual([
      { kind: 'DOC_CHANGED', path: '/doc', message: `record 'R': doc changed`, before: 'x', after: 'y' },
    ])
  })

  it('terminates on recursive records and reports a change inside once', () => {
    const node = (extra: unknown[]) => ({
      type: 'record',
      name: 'Node',
      fields: [
        { name: 'value', type: 'int' },
        { name: 'next', type: ['null', 'Node'], default: null },
        { name: 'children', type: { type: 'array', items: 'Node' } },
        ...extra,
      ],
    })
    const changes = diff(node([]), node([{ name: 'label', type: 'string', default: '' }]))
    expect(changes.map((c) => `${c.kind} ${c.path}`)).toEqual(['FIELD_ADDED /fields/3'])
  })

  it('terminates on mutually recursive records renamed through aliases', () => {
    const tree = (a: string, b: string, extra: unknown[] = []) => ({
      type: 'record',
      name: a,
      aliases: a === 'A' ? [] : ['A'],
      fields: [
        {
          name: 'b',
          type: ['null', { type: 'record', name: b, aliases: b === 'B' ? [] : ['B'], fields: [{ name: 'a', type: ['null', a], default: null }, ...extra] }],
          default: null,
        },
      ],
    })
    const changes = diff(tree('A', 'B'), tree('A2', 'B2', [{ name: 'n', type: 'int', default: 0 }]))
    expect(changes.map((c) => `${c.kind} ${c.path}`)).toEqual(['NAME_CHANGED ', 'NAME_CHANGED /fields/0/type/1', 'FIELD_ADDED /fields/0/type/1/fields/1'])
  })

  it('compares a named type used twice once per pair', () => {
    const two = (symbols: string[]) =>
      record([
        { name: 'a', type: { type: 'enum', name: 'E', symbols } },
        { name: 'b', type: 'E' },
      ])
    expect(diff(two(['X']), two(['X', 'Y'])).map((c) => c.path)).toEqual(['/fields/0/type/symbols/1'])
  })
})
