/** A small line diff (Myers' shortest edit script) for `diff --text`. */

/** One line of a line diff: kept (' '), only in the new text ('+'), or only in the old one ('-'). */
export interface DiffLine {
  op: ' ' | '+' | '-'
  text: string
}

/** Beyond this many differing lines the middle is shown as wholly replaced (bounds time and memory). */
const MAX_EDITS = 4000

/**
 * The line diff from `before` to `after` with the fewest added and removed lines (Myers' O(ND)
 * algorithm: fast when the texts are mostly equal, as two versions of a schema are). Within a
 * change, removed lines come before added ones.
 */
export function diffLines(before: string, after: string): DiffLine[] {
  const a = before.split('\n')
  const b = after.split('\n')
  const trace = shortestEditTrace(a, b)
  if (trace === undefined) return [...a.map((text): DiffLine => ({ op: '-', text })), ...b.map((text): DiffLine => ({ op: '+', text }))]
  return backtrack(a, b, trace)
}

/**
 * Myers' forward search. `trace[d]` is the furthest-reaching x per diagonal k (offset by `max`)
 * before step d; undefined when more than MAX_EDITS edits are needed.
 */
function shortestEditTrace(a: readonly string[], b: readonly string[]): Int32Array[] | undefined {
  const max = Math.min(a.length + b.length, MAX_EDITS)
  const v = new Int32Array(2 * max + 2)
  const trace: Int32Array[] = []
  for (let d = 0; d <= max; d++) {
    trace.push(v.slice())
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[max + k - 1] < v[max + k + 1]) ? v[max + k + 1] : v[max + k - 1] + 1
      let y = x - k
      while (x < a.length && y < b.length && a[x] === b[y]) {
        x++
        y++
      }
      v[max + k] = x
      if (x >= a.length && y >= b.length) return trace
    }
  }
  return undefined
}

function backtrack(a: readonly string[], b: readonly string[], trace: Int32Array[]): DiffLine[] {
  const max = (trace[0].length - 2) / 2
  const out: DiffLine[] = []
  let x = a.length
  let y = b.length
  for (let d = trace.length - 1; d >= 0; d--) {
    const v = trace[d]
    const k = x - y
    const down = k === -d || (k !== d && v[max + k - 1] < v[max + k + 1])
    const prevK = down ? k + 1 : k - 1
    const prevX = d === 0 ? 0 : v[max + prevK]
    const prevY = prevX - prevK
    for (; x > prevX && y > prevY; x--, y--) out.push({ op: ' ', text: a[x - 1] })
    if (d > 0) out.push(down ? { op: '+', text: b[--y] } : { op: '-', text: a[--x] })
  }
  return out.reverse()
}
