import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { compareNames } from '../../src/workspace/name-order.js'

describe('compareNames', () => {
  it('orders names exactly as localeCompare does, plain or not', () => {
    const name = fc.string({ unit: fc.constantFrom(...'abyz019.-_:AZé '), maxLength: 6 })
    fc.assert(
      fc.property(name, name, (a, b) => {
        expect(Math.sign(compareNames(a, b))).toBe(Math.sign(a.localeCompare(b)))
      }),
      { numRuns: 5000 },
    )
  })

  it('sorts a folder of subject files as localeCompare does', () => {
    const files = [
      'users-value.avsc',
      'orders_v2-value.avsc',
      'Orders-value.avsc',
      'orders-value.avsc',
      'a.b-key.avsc',
      'a-key.avsc',
      'a1-key.avsc',
      'éclair-value.avsc',
    ]
    expect([...files].sort(compareNames)).toEqual([...files].sort((a, b) => a.localeCompare(b)))
  })
})
