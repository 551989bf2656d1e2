/** `writeJsonInParts` (src/output/json-parts.ts) writes what JSON.stringify(json, null, 2) would, the list streamed item by item. */
import { describe, expect, it } from 'vitest'
import { writeJsonInParts } from '../../src/output/json-parts.js'

const MARK = '\u0000list\u0000'

/** The text written, and how many writes it took. */
function written(json: unknown, items: unknown[]): { text: string; writes: number } {
  let text = ''
  let writes = 0
  writeJsonInParts((t) => ((text += t), writes++), json, MARK, items)
  return { text, writes }
}

describe('writeJsonInParts', () => {
  const entry = (i: number) => ({
    source: { subject: `s-${i}`, version: 1, id: i, references: i % 2 ? [] : [{ name: 'r', subject: 'x', version: 2 }], deleted: false },
    action: 'copy',
  })

  it('writes the same text as JSON.stringify with the list in place, at any depth, empty or not', () => {
    for (const items of [[], [entry(1)], Array.from({ length: 50 }, (_, i) => entry(i))]) {
      const shapes = [
        { status: 0, result: { from: 'a', plan: { subjects: 1, versions: MARK, conflicts: [] }, verify: { checked: 1 } }, warnings: [] },
        { versions: MARK },
        [MARK, 1],
      ]
      for (const shape of shapes) expect(written(shape, items).text).toBe(JSON.stringify(withList(shape, items), null, 2) + '\n')
    }
  })

  it('writes a long list in several writes, and a text without the placeholder as it is', () => {
    const many = Array.from({ length: 5000 }, (_, i) => entry(i))
    const out = written({ result: { versions: MARK } }, many)
    expect(out.writes).toBeGreaterThan(5)
    expect(out.text).toBe(JSON.stringify({ result: { versions: many } }, null, 2) + '\n')
    expect(written({ a: [1, 2] }, many)).toEqual({ text: JSON.stringify({ a: [1, 2] }, null, 2) + '\n', writes: 1 })
  })
})

// `value` with the placeholder replaced by `items`.
function withList(value: unknown, items: unknown[]): unknown {
  if (value === MARK) return items
  if (Array.isArray(value)) return value.map((v) => withList(v, items))
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withList(v, items)]))
  return value
}
