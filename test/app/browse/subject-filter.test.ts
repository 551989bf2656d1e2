import { describe, expect, it } from 'vitest'
import { appendSubjects, contextOf, contextsOf, createSubjectIndex, filterSubjects, narrows } from '../../../src/app/browse/subject-filter.js'

const names = ['orders-value', 'Orders-Key', ':.staging:orders-value', 'payments-value', ':.dev:payments-key', 'users']

describe('the subject filter', () => {
  const index = createSubjectIndex(names)

  it('keeps the names containing every word of the query, in list order, ignoring case', () => {
    expect(filterSubjects(index, 'ORD').map((i) => names[i])).toEqual(['orders-value', 'Orders-Key', ':.staging:orders-value'])
    expect(filterSubjects(index, 'value ord').map((i) => names[i])).toEqual(['orders-value', ':.staging:orders-value'])
    expect(filterSubjects(index, '').length).toBe(names.length)
    expect(filterSubjects(index, 'nothing-like-it')).toEqual([])
  })

  it('restricts to a context: "." is the default one', () => {
    expect(filterSubjects(index, '', { context: '.' }).map((i) => names[i])).toEqual(['orders-value', 'Orders-Key', 'payments-value', 'users'])
    expect(filterSubjects(index, 'pay', { context: '.dev' }).map((i) => names[i])).toEqual([':.dev:payments-key'])
  })

  it('filters within earlier results when the query narrows them, with the same answer as a full scan', () => {
    const first = filterSubjects(index, 'o')
    expect(narrows('o', 'or')).toBe(true)
    expect(narrows('or', 'o')).toBe(false)
    expect(narrows('or val', 'ord val')).toBe(true)
    expect(narrows('ord', 'x ord')).toBe(false)
    expect(filterSubjects(index, 'ord', { within: first })).toEqual(filterSubjects(index, 'ord'))
  })

  it('grows page by page and names contexts', () => {
    const grown = appendSubjects(createSubjectIndex(['a']), ['B', 'c'])
    expect(grown.names).toEqual(['a', 'B', 'c'])
    expect(grown.lower).toEqual(['a', 'b', 'c'])
    expect(contextOf(':.staging:orders-value')).toBe('.staging')
    expect(contextOf('orders-value')).toBe('.')
    expect(contextOf(':.broken')).toBe('.')
    expect(contextsOf(names)).toEqual(['.', '.dev', '.staging'])
  })

  it('filters 50,000 names per keystroke: each typed prefix gives the full-scan answer', () => {
    const many = Array.from({ length: 50_000 }, (_, i) => `team-${i % 97}.topic-${i}-value`)
    const big = createSubjectIndex(many)
    let shown: number[] | undefined
    let query = ''
    for (const ch of 'team-4.topic-12') {
      const next = query + ch
      shown = filterSubjects(big, next, { within: shown !== undefined && narrows(query, next) ? shown : undefined })
      query = next
    }
    expect(shown).toEqual(filterSubjects(big, query))
    expect(shown!.length).toBeGreaterThan(0)
    expect(shown!.every((i) => many[i].includes('team-4.topic-12'))).toBe(true)
  })
})
