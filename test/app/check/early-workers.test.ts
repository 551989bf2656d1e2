import { availableParallelism } from 'node:os'
import { describe, expect, it } from 'vitest'
import { EARLY_MIN_ENTRIES, EarlyWorkers } from '../../../src/app/check/early-workers.js'
import { EntryList } from '../../../src/workspace/entry-list.js'

const entries = (count: number) => EntryList.of(Array.from({ length: count }, (_, i) => ({ name: `s${i}`, kind: 'folder' as const })))

describe('EarlyWorkers', () => {
  it('starts no worker for a big folder when told not to speculate (a warm verdict cache), nor for a small one', () => {
    const warm = new EarlyWorkers(undefined, '.', false)
    warm.rootListed(entries(EARLY_MIN_ENTRIES * 2))
    expect(warm.take(1)).toBeUndefined()
    const small = new EarlyWorkers(undefined, '.')
    small.rootListed(entries(EARLY_MIN_ENTRIES - 1))
    expect(small.take(1)).toBeUndefined()
  })

  it.skipIf(availableParallelism() < 2)('starts workers for a big folder otherwise, and --jobs starts them whatever is cached', () => {
    const cold = new EarlyWorkers(undefined, '.')
    const asked = new EarlyWorkers(2, '.', false)
    try {
      cold.rootListed(entries(EARLY_MIN_ENTRIES))
      expect(cold.take(1)).toBeDefined()
      expect(asked.take(1)).toBeDefined()
    } finally {
      cold.stop()
      asked.stop()
    }
  })
})
