import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { diffLines } from '../../../src/app/diff/lines.js'

/** Length of the longest common subsequence, by the textbook table. */
function lcsLength(a: string[], b: string[]): number {
  const t = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0))
  for (let i = a.length - 1; i >= 0; i--)
    for (let j = b.length - 1; j >= 0; j--) t[i][j] = a[i] === b[j] ? t[i + 1][j + 1] + 1 : Math.max(t[i + 1][j], t[i][j + 1])
  return t[0][0]
}

describe('diffLines', () => {
  it('keeps equal lines and shows a changed line as removed then added', () => {
    expect(diffLines('a\nb\nc', 'a\nB\nc')).toEqual([
      { op: ' ', text: 'a' },
      { op: '-', text: 'b' },
      { op: '+', text: 'B' },
      { op: ' ', text: 'c' },
    ])
    expect(diffLines('x', 'x')).toEqual([{ op: ' ', text: 'x' }])
  })

  it('reproduces both texts and keeps a longest common subsequence (property)', () => {
    const lines = fc.array(fc.constantFrom('{', '}', 'a', 'b', 'c', '"x": 1'), { maxLength: 14 })
    fc.assert(
      fc.property(lines, lines, (a, b) => {
        const out = diffLines(a.join('\n'), b.join('\n'))
        const [before, after] = [a.length === 0 ? [''] : a, b.length === 0 ? [''] : b]
        expect(out.filter((l) => l.op !== '+').map((l) => l.text)).toEqual(before)
        expect(out.filter((l) => l.op !== '-').map((l) => l.text)).toEqual(after)
        expect(out.filter((l) => l.op === ' ')).toHaveLength(lcsLength(before, after))
      }),
      { numRuns: 300 },
    )
  })
})
