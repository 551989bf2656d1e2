import { describe, expect, it } from 'vitest'
import { MAX_SCHEMA_DEPTH, scanNames } from '../../src/workspace/names.js'

describe('scanNames', () => {
  it('collects defined full names with Avro namespace rules and the names used from elsewhere', () => {
    const scan = scanNames({
      type: 'record',
      name: 'Order',
      namespace: 'com.acme.orders',
      fields: [
        { name: 'address', type: 'com.acme.common.Address' },
        { name: 'status', type: { type: 'enum', name: 'Status', symbols: ['A'] } },
        { name: 'again', type: 'Status' },
        { name: 'money', type: ['null', 'Money'] },
        { name: 'items', type: { type: 'array', items: { type: 'record', name: 'x.Line', fields: [{ name: 'o', type: 'Order' }] } } },
        { name: 'tags', type: { type: 'map', values: 'string' } },
      ],
    })
    expect([...scan.defined.keys()]).toEqual(['com.acme.orders.Order', 'x.Line', 'com.acme.orders.Status'])
    expect(scan.rootName).toBe('com.acme.orders.Order')
    // Inside x.Line, a bare 'Order' means x.Order or Order (Avro Java's Names.get), not com.acme.orders.Order.
    expect(scan.external).toHaveLength(3)
    expect(scan.external).toEqual(
      expect.arrayContaining([
        { candidates: ['com.acme.orders.Money', 'Money'], path: '/fields/3/type/1' },
        { candidates: ['com.acme.common.Address'], path: '/fields/0/type' },
        { candidates: ['x.Order', 'Order'], path: '/fields/4/type/items/fields/0/type' },
      ]),
    )
    expect(scan.tooDeep).toBe(false)
  })

  it('stops past the depth limit instead of overflowing', () => {
    let schema: unknown = 'int'
    for (let i = 0; i < 10_000; i++) schema = { type: 'array', items: schema }
    expect(scanNames(schema).tooDeep).toBe(true)
    let ok: unknown = 'int'
    for (let i = 0; i < MAX_SCHEMA_DEPTH - 1; i++) ok = { type: 'array', items: ok }
    expect(scanNames(ok).tooDeep).toBe(false)
  })
})
