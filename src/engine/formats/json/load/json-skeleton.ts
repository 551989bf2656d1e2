/**
 * Where the objects and arrays of a JSON text are, without building them: each container's
 * offsets, its parent and the next container after it (in document order), and, on demand, the
 * members of one container (key, where the member starts and where its value ends). What reading
 * a changed copy of the text relative to the original needs (see relative-json.ts). The text must
 * be valid JSON (it was parsed already); a text this scanner cannot follow gives undefined.
 */

/** The containers of a JSON text in document order; index 0 is the outermost. */
export interface JsonSkeleton {
  /** Offset of the opening bracket. */
  readonly start: Int32Array
  /** Offset just after the closing bracket. */
  readonly end: Int32Array
  /** Index of the enclosing container, -1 for the outermost. */
  readonly parent: Int32Array
  /** Index of the first container after this one's last descendant (its next sibling, or further). */
  readonly next: Int32Array
  readonly count: number
}

/** One member of an object (or element of an array: `key` undefined). */
export interface JsonMember {
  /** Where the member starts: its key's opening quote, or the element itself. */
  readonly start: number
  readonly valueStart: number
  /** Just after the value. */
  readonly valueEnd: number
  readonly key: string | undefined
}

const QUOTE = 0x22
const BACKSLASH = 0x5c

/** The offset of the quote closing the string whose opening quote is at `open`, or -1. */
export function closingQuote(text: string, open: number): number {
  let close = text.indexOf('"', open + 1)
  while (close !== -1 && text.charCodeAt(close - 1) === BACKSLASH) {
    // Escaped only after an odd run of backslashes.
    let run = 1
    while (text.charCodeAt(close - 1 - run) === BACKSLASH) run++
    if (run % 2 === 0) break
    close = text.indexOf('"', close + 1)
  }
  return close
}

// Scratch space for the scan, grown as needed and kept: the result is copied out at its size.
let scratch = { start: new Int32Array(256), end: new Int32Array(256), parent: new Int32Array(256), next: new Int32Array(256) }

/** The containers of `text`, or undefined when its brackets do not balance. */
export function scanSkeleton(text: string): JsonSkeleton | undefined {
  let { start, end, parent, next } = scratch
  let count = 0
  let open = -1
  const n = text.length
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i)
    if (c === QUOTE) {
      // Inline rather than `closingQuote`: this loop is the hot part of reading relative to a base.
      let close = text.indexOf('"', i + 1)
      while (close !== -1 && text.charCodeAt(close - 1) === BACKSLASH) {
        let run = 1
        while (text.charCodeAt(close - 1 - run) === BACKSLASH) run++
        if (run % 2 === 0) break
        close = text.indexOf('"', close + 1)
      }
      if (close === -1) return undefined
      i = close
    } else if (c === 0x7b || c === 0x5b) {
      if (count === start.length) {
        scratch = { start: grow(start), end: grow(end), parent: grow(parent), next: grow(next) }
        ;({ start, end, parent, next } = scratch)
      }
      start[count] = i
      parent[count] = open
      open = count++
    } else if (c === 0x7d || c === 0x5d) {
      if (open === -1) return undefined
      end[open] = i + 1
      next[open] = count
      open = parent[open]
    }
  }
  if (open !== -1 || count === 0) return undefined
  return { start: start.slice(0, count), end: end.slice(0, count), parent: parent.slice(0, count), next: next.slice(0, count), count }
}

function grow(array: Int32Array): Int32Array<ArrayBuffer> {
  const bigger = new Int32Array(array.length * 2)
  bigger.set(array)
  return bigger
}

/** The members of container `index` in document order, or undefined when the text is not as expected. */
export function membersOf(text: string, skeleton: JsonSkeleton, index: number): JsonMember[] | undefined {
  const members: JsonMember[] = []
  const isObject = text.charCodeAt(skeleton.start[index]) === 0x7b
  const close = skeleton.end[index] - 1
  let child = index + 1
  let i = skipSpace(text, skeleton.start[index] + 1)
  while (i < close) {
    const memberStart = i
    let key: string | undefined
    if (isObject) {
      if (text.charCodeAt(i) !== QUOTE) return undefined
      const keyEnd = closingQuote(text, i)
      if (keyEnd === -1) return undefined
      key = text.slice(i + 1, keyEnd)
      if (key.indexOf('\\') !== -1) key = JSON.parse(text.slice(i, keyEnd + 1)) as string
      i = skipSpace(text, keyEnd + 1)
      if (text.charCodeAt(i) !== 0x3a) return undefined
      i = skipSpace(text, i + 1)
    }
    const valueStart = i
    const c = text.charCodeAt(i)
    if (c === 0x7b || c === 0x5b) {
      if (child >= skeleton.count || skeleton.start[child] !== i) return undefined
      i = skeleton.end[child]
      child = skeleton.next[child]
    } else if (c === QUOTE) {
      i = closingQuote(text, i) + 1
      if (i === 0) return undefined
    } else {
      while (i < close && !isDelimiter(text.charCodeAt(i))) i++
    }
    members.push({ start: memberStart, valueStart, valueEnd: i, key })
    i = skipSpace(text, i)
    if (text.charCodeAt(i) === 0x2c) i = skipSpace(text, i + 1)
    else if (i !== close) return undefined
  }
  return members
}

/** The first offset from `i` that is not JSON whitespace. */
export function skipSpace(text: string, i: number): number {
  for (;;) {
    const c = text.charCodeAt(i)
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return i
    i++
  }
}

function isDelimiter(c: number): boolean {
  return c === 0x2c || c === 0x7d || c === 0x5d || c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09
}
