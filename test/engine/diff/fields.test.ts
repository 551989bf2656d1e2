import { describe, expect, it } from 'vitest'
import { diff, record } from './diff-helpers.js'

const id = { name: 'id', type: 'long' }

describe('diffSchemas: fields', () => {
  it('reports no change between identical schemas', () => {
    expect(diff(record([id]), record([id]))).toEqual([])
  })

  it('reports a field added with a default, and one without', () => {
    const changes = diff(record([id]), record([id, { name: 'email', type: 'string', default: '' }, { name: 'age', type: 'int' }]))
    expect(changes).toEqual([
      {
        kind: 'FIELD_ADDED',
        path: '/fields/1',
        message: `field 'email' added with default "" (string)`,
        after: { name: 'email', type: 'string', default: '' },
      },
      { kind: 'FIELD_ADDED', path: '/fields/2', message: `field 'age' added without a default (int)`, after: { name: 'age', type: 'int' } },
    ])
  })

  it('reports a removed field at its pointer in the old schema', () => {
    const changes = diff(record([{ name: 'x', type: 'int', default: 1 }, id]), record([id]))
    expect(changes).toEqual([
      { kind: 'FIELD_REMOVED', path: '/fields/0', message: `field 'x' removed (it had default)`, before: { name: 'x', type: 'int', default: 1 } },
    ])
  })

  it('reports a rename through an alias on the new field, and on the old one', () => {
    const renamed = diff(record([{ name: 'mail', type: 'string' }]), record([{ name: 'email', aliases: ['mail'], type: 'string' }]))
    expect(renamed).toEqual([
      {
        kind: 'FIELD_RENAMED',
        path: '/fields/0',
        message: `field 'mail' renamed to 'email' (through alias 'mail' on the new field)`,
        before: 'mail',
        after: 'email',
      },
    ])
    const reverse = diff(record([{ name: 'mail', aliases: ['email'], type: 'string' }]), record([{ name: 'email', type: 'string' }]))
    expect(reverse.map((c) => c.kind)).toEqual(['FIELD_RENAMED'])
  })

  it('without an alias a rename is a removal and an addition', () => {
    const changes = diff(record([{ name: 'mail', type: 'string' }]), record([{ name: 'email', type: 'string' }]))
    expect(changes.map((c) => `${c.kind} ${c.path}`)).toEqual(['FIELD_ADDED /fields/0', 'FIELD_REMOVED /fields/0'])
  })

  it('reports defaults added, changed and removed', () => {
    const a = record([
      { name: 'p', type: 'int' },
      { name: 'q', type: 'int', default: 1 },
      { name: 'r', type: 'int', default: 1 },
      { name: 's', type: { type: 'map', values: 'int' }, default: { a: 1, b: 2 } },
    ])
    const b = record([
      { name: 'p', type: 'int', default: 0 },
      { name: 'q', type: 'int', default: 2 },
      { name: 'r', type: 'int' },
      { name: 's', type: { type: 'map', values: 'int' }, default: { b: 2, a: 1 } },
    ])
    expect(diff(a, b)).toEqual([
      { kind: 'DEFAULT_ADDED', path: '/fields/0/default', message: `field 'p': default 0 added`, after: 0 },
      { kind: 'DEFAULT_CHANGED', path: '/fields/1/default', message: `field 'q': default changed from 1 to 2`, before: 1, after: 2 },
      { kind: 'DEFAULT_REMOVED', path: '/fields/2/default', message: `field 'r': default 1 removed`, before: 1 },
    ])
  })

  it('reports field docs added, changed and removed', () => {
    const a = record([
      { name: 'x', type: 'int' },
      { name: 'y', type: 'int', doc: 'old' },
      { name: 'z', type: 'int', doc: 'gone' },
    ])
    const b = record([
      { name: 'x', type: 'int', doc: 'new' },
      { name: 'y', type: 'int', doc: 'newer' },
      { name: 'z', type: 'int' },
    ])
    expect(diff(a, b)).toEqual([
      { kind: 'DOC_CHANGED', path: '/fields/0/doc', message: `field 'x': doc added`, after: 'new' },
      { kind: 'DOC_CHANGED', path: '/fields/1/doc', message: `field 'y': doc changed`, before: 'old', after: 'newer' },
      { kind: 'DOC_CHANGED', path: '/fields/2/doc', message: `field 'z': doc removed`, before: 'gone' },
    ])
  })

  it('follows nested records, reporting at pointers inside the nested definition', () => {
    const address = (fields: unknown[]) => ({ name: 'address', type: { type: 'record', name: 'Address', fields } })
    const changes = diff(
      record([id, address([{ name: 'city', type: 'string' }])]),
      record([
        id,
        address([
          { name: 'city', type: 'string' },
          { name: 'zip', type: 'string', default: '' },
        ]),
      ]),
    )
    expect(changes.map((c) => `${c.kind} ${c.path}`)).toEqual(['FIELD_ADDED /fields/1/type/fields/1'])
  })
})
