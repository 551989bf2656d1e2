import { PassThrough } from 'node:stream'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { lineBatcher } from '../../src/cli/line-batcher.js'

function capture() {
  const stream = new PassThrough()
  const writes: string[] = []
  stream.on('data', (chunk: Buffer) => writes.push(chunk.toString()))
  return { stream, writes }
}

describe('lineBatcher', () => {
  afterEach(() => vi.useRealTimers())

  it('writes the lines pushed within one interval as one write', async () => {
    vi.useFakeTimers()
    const { stream, writes } = capture()
    const lines = lineBatcher(stream, 100)
    lines.push('a')
    lines.push('b')
    await vi.advanceTimersByTimeAsync(99)
    expect(writes).toEqual([])
    await vi.advanceTimersByTimeAsync(1)
    lines.push('c')
    await vi.advanceTimersByTimeAsync(100)
    expect(writes).toEqual(['a\nb\n', 'c\n'])
  })

  it('flush writes what is left at once and nothing when empty', async () => {
    const { stream, writes } = capture()
    const lines = lineBatcher(stream, 60_000)
    lines.push('last')
    lines.flush()
    lines.flush()
    await new Promise((resolve) => setImmediate(resolve))
    expect(writes).toEqual(['last\n'])
  })
})
