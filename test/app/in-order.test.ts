import { describe, expect, it } from 'vitest'
import { mapInOrder } from '../../src/app/in-order.js'

const later = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('mapInOrder', () => {
  it('emits in the items order whatever order the work finishes in, with bounded work in flight and held', async () => {
    let running = 0
    let most = 0
    let held = 0
    let mostHeld = 0
    const out: number[] = []
    async function* items() {
      for (let i = 0; i < 200; i++) {
        held++
        mostHeld = Math.max(mostHeld, held)
        yield i
      }
    }
    await mapInOrder(
      items(),
      async (i) => {
        most = Math.max(most, ++running)
        await later((i * 7) % 5)
        running--
        return i * 2
      },
      (r) => {
        held--
        out.push(r)
      },
      { concurrency: 4, window: 12 },
    )
    expect(out).toEqual(Array.from({ length: 200 }, (_, i) => i * 2))
    expect(most).toBe(4)
    // Items are pulled from the source only while the window has room.
    expect(mostHeld).toBeLessThanOrEqual(12)
  })

  it('a failure is thrown after the running work settled; queued work is skipped', async () => {
    const started: number[] = []
    const run = mapInOrder(
      Array.from({ length: 50 }, (_, i) => i),
      async (i) => {
        started.push(i)
        await later(1)
        if (i === 3) throw new Error('boom at 3')
        return i
      },
      () => undefined,
      { concurrency: 2, window: 20 },
    )
    await expect(run).rejects.toThrow('boom at 3')
    expect(started.length).toBeLessThan(25)
  })
})
