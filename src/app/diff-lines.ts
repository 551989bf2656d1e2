/** A small line diff (longest common subsequence) for `diff --text`. */

/** One line of a line diff: kept (' '), only in the new text ('+'), or only in the old one ('-'). */
export interface DiffLine {
  op: ' ' | '+' | '-'
  text: string
}

/** Above this many LCS cells (old lines × new lines after trimming), the middle is shown as replaced. */
const MAX_CELLS = 16_000_000

/**
 * The line diff from `before` to `after`: common head and tail kept, the middle by LCS (removals
 * before additions within a hunk). Very large differing middles are shown as removed then added.
 */
export function diffLines(before: string, after: string): DiffLine[] {
  const a = before.split('\n')
  const b = after.split('\n')
  let head = 0
  while (head < a.length && head < b.length && a[head] === b[head]) head++
  let tail = 0
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++
  const kept = (lines: string[]): DiffLine[] => lines.map((text) => ({ op: ' ', text }))
  const middleA = a.slice(head, a.length - tail)
  const middleB = b.slice(head, b.length - tail)
  return [...kept(a.slice(0, head)), ...diffMiddle(middleA, middleB), ...kept(a.slice(a.length - tail))]
}

function diffMiddle(a: string[], b: string[]): DiffLine[] {
  const removed = (text: string): DiffLine => ({ op: '-', text })
  const added = (text: string): DiffLine => ({ op: '+', text })
  if (a.length === 0 || b.length === 0 || a.length * b.length > MAX_CELLS) return [...a.map(removed), ...b.map(added)]
  // lcs[i * w + j] = LCS length of a[i..] and b[j..].
  const w = b.length + 1
  const lcs = new Uint32Array((a.length + 1) * w)
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i * w + j] = a[i] === b[j] ? lcs[(i + 1) * w + j + 1] + 1 : Math.max(lcs[(i + 1) * w + j], lcs[i * w + j + 1])
    }
  }
  const out: DiffLine[] = []
  let i = 0
  let j = 0
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      out.push({ op: ' ', text: a[i] })
      i++
      j++
    } else if (lcs[(i + 1) * w + j] >= lcs[i * w + j + 1]) out.push(removed(a[i++]))
    else out.push(added(b[j++]))
  }
  return [...out, ...a.slice(i).map(removed), ...b.slice(j).map(added)]
}
