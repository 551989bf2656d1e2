/**
 * Where two texts differ, found with the engine's own native string comparisons: the common prefix
 * and suffix, then, inside what is left, long common blocks found from anchors. The result splits
 * both texts into the same common segments around edited windows, so `b` is `a` with each window's
 * text replaced; any split with that property is correct, a better one only makes the windows
 * smaller. Pure.
 */

/** `a[aStart, aEnd)` was replaced by `b[bStart, bEnd)`. */
export interface TextEdit {
  readonly aStart: number
  readonly aEnd: number
  readonly bStart: number
  readonly bEnd: number
}

/** Length of the anchors looked for; shorter common blocks are left inside a window. */
const ANCHOR = 32

/** How many times a window is split at most, along any one line of splits. */
const MAX_SPLIT_DEPTH = 8

/** The edits turning `a` into `b` (empty when equal), at most `limit`; undefined when more are needed. */
export function textEdits(a: string, b: string, limit: number): TextEdit[] | undefined {
  if (a === b) return []
  const prefix = commonForward(a, 0, b, 0, Math.min(a.length, b.length))
  const suffix = commonBackward(a, a.length, b, b.length, Math.min(a.length, b.length) - prefix)
  const edits: TextEdit[] = []
  return split(a, b, { aStart: prefix, aEnd: a.length - suffix, bStart: prefix, bEnd: b.length - suffix }, edits, limit, 0) ? edits : undefined
}

/** Splits one edit around a common block, recursively; false when the limit is reached. */
function split(a: string, b: string, edit: TextEdit, out: TextEdit[], limit: number, depth: number): boolean {
  const { aStart, aEnd, bStart, bEnd } = edit
  if (depth < MAX_SPLIT_DEPTH && aEnd - aStart >= 4 * ANCHOR && bEnd - bStart >= 4 * ANCHOR) {
    const anchorAt = (aStart + aEnd) >> 1
    const found = findAnchor(a, anchorAt, b, bStart, bEnd, bStart + Math.round(((anchorAt - aStart) * (bEnd - bStart)) / (aEnd - aStart)))
    if (found !== -1) {
      const back = commonBackward(a, anchorAt, b, found, Math.min(anchorAt - aStart, found - bStart))
      const forward = commonForward(a, anchorAt, b, found, Math.min(aEnd - anchorAt, bEnd - found))
      const left = { aStart, aEnd: anchorAt - back, bStart, bEnd: found - back }
      const right = { aStart: anchorAt + forward, aEnd, bStart: found + forward, bEnd }
      return keep(a, b, left, out, limit, depth + 1) && keep(a, b, right, out, limit, depth + 1)
    }
  }
  if (out.length >= limit) return false
  out.push(edit)
  return true
}

function keep(a: string, b: string, edit: TextEdit, out: TextEdit[], limit: number, depth: number): boolean {
  if (edit.aStart === edit.aEnd && edit.bStart === edit.bEnd) return true
  return split(a, b, edit, out, limit, depth)
}

/** Where `a`'s block at `at` occurs in `b[from, to)`, the occurrence nearest `expected`; -1 if nowhere. */
function findAnchor(a: string, at: number, b: string, from: number, to: number, expected: number): number {
  const anchor = a.slice(at, at + ANCHOR)
  const after = b.indexOf(anchor, Math.max(from, expected))
  const before = b.lastIndexOf(anchor, expected)
  const fits = (i: number) => i >= from && i + ANCHOR <= to
  if (fits(after) && (!fits(before) || after - expected <= expected - before)) return after
  return fits(before) ? before : -1
}

// Both scans below compare growing slices with `===` (native, many characters at a time), then
// narrow down: far cheaper than comparing character by character in JavaScript.

/** How many characters `a` from `i` and `b` from `j` have in common, up to `limit`. */
export function commonForward(a: string, i: number, b: string, j: number, limit: number): number {
  let n = 0
  let step = 64
  while (n < limit) {
    const length = Math.min(step, limit - n)
    if (a.slice(i + n, i + n + length) === b.slice(j + n, j + n + length)) {
      n += length
      step *= 2
    } else if (length > 16) {
      step = length >> 1
    } else {
      while (n < limit && a.charCodeAt(i + n) === b.charCodeAt(j + n)) n++
      return n
    }
  }
  return n
}

/** How many characters `a` before `i` and `b` before `j` have in common, up to `limit`. */
export function commonBackward(a: string, i: number, b: string, j: number, limit: number): number {
  let n = 0
  let step = 64
  while (n < limit) {
    const length = Math.min(step, limit - n)
    if (a.slice(i - n - length, i - n) === b.slice(j - n - length, j - n)) {
      n += length
      step *= 2
    } else if (length > 16) {
      step = length >> 1
    } else {
      while (n < limit && a.charCodeAt(i - n - 1) === b.charCodeAt(j - n - 1)) n++
      return n
    }
  }
  return n
}
