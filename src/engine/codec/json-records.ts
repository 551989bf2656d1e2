/**
 * Splits a stream of JSON text into records without holding it whole: JSON lines (one value per
 * line, blank lines skipped) or one top-level JSON array (each element a record), decided by the
 * first non-blank character. Feed chunks with `push`, then call `end`.
 */

/** One record's JSON text, its 1-based number and the line it starts on. */
export interface JsonRecordText {
  text: string
  record: number
  line: number
}

/** What a push or the end gives: the records completed, or why the input is not JSON lines or one JSON array. */
export type JsonRecordsOutcome = { ok: true; records: JsonRecordText[] } | { ok: false; message: string }

/** Incremental splitter of JSON lines or a JSON array into record texts. */
export class JsonRecordSplitter {
  private mode: 'unknown' | 'lines' | 'array' | 'after-array' = 'unknown'
  private pending = ''
  private line = 1
  private startLine = 1
  private records = 0
  // Array mode scanning state.
  private depth = 0
  private inString = false
  private escaped = false

  /** Feeds a chunk; returns the records it completed, or a one-line message on malformed array framing. */
  push(chunk: string): JsonRecordsOutcome {
    const out: JsonRecordText[] = []
    if (this.mode === 'unknown') {
      const first = chunk.search(/\S/)
      if (first < 0) {
        this.line += countNewlines(chunk, 0, chunk.length)
        return { ok: true, records: out }
      }
      this.mode = chunk[first] === '[' ? 'array' : 'lines'
      if (this.mode === 'array') {
        this.line += countNewlines(chunk, 0, first)
        chunk = chunk.slice(first + 1)
        this.depth = 1
        this.startLine = this.line
      }
    }
    if (this.mode === 'lines') {
      this.pushLines(chunk, out)
      return { ok: true, records: out }
    }
    const problem = this.pushArray(chunk, out)
    return problem === undefined ? { ok: true, records: out } : { ok: false, message: problem }
  }

  /** Ends the input; returns the last record, or a message when an array is not closed. */
  end(): JsonRecordsOutcome {
    if (this.mode === 'lines') {
      const text = this.pending.trim()
      this.pending = ''
      return { ok: true, records: text === '' ? [] : [{ text, record: ++this.records, line: this.line }] }
    }
    if (this.mode === 'array') return { ok: false, message: `the JSON array that starts the input is not closed (input ends at line ${this.line})` }
    return { ok: true, records: [] }
  }

  private pushLines(chunk: string, out: JsonRecordText[]): void {
    let start = 0
    let nl = chunk.indexOf('\n')
    while (nl >= 0) {
      const text = (this.pending + chunk.slice(start, nl)).trim()
      this.pending = ''
      if (text !== '') out.push({ text, record: ++this.records, line: this.line })
      this.line++
      start = nl + 1
      nl = chunk.indexOf('\n', start)
    }
    this.pending += chunk.slice(start)
  }

  /** Scans a chunk of the array; returns what is wrong with its framing, if anything. */
  private pushArray(chunk: string, out: JsonRecordText[]): string | undefined {
    let start = 0
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i)
      if (this.mode === 'after-array') {
        if (c === 10) this.line++
        else if (!isBlank(c)) return `unexpected text after the JSON array at line ${this.line}`
        continue
      }
      if (c === 10) this.line++
      if (this.inString) {
        if (this.escaped) this.escaped = false
        else if (c === 92) this.escaped = true
        else if (c === 34) this.inString = false
        continue
      }
      if (c === 34) this.inString = true
      else if (c === 91 || c === 123) this.depth++
      else if (c === 93 || c === 125) {
        this.depth--
        if (this.depth === 0) {
          const problem = this.emit(chunk.slice(start, i), out, true)
          if (problem !== undefined) return problem
          this.mode = 'after-array'
        }
      } else if (c === 44 && this.depth === 1) {
        const problem = this.emit(chunk.slice(start, i), out, false)
        if (problem !== undefined) return problem
        start = i + 1
        this.startLine = this.line
      }
    }
    if (this.mode === 'array') this.pending += chunk.slice(start)
    return undefined
  }

  /** Adds the element that ends with `tail`; returns a message for an empty element. */
  private emit(tail: string, out: JsonRecordText[], last: boolean): string | undefined {
    const raw = this.pending + tail
    const text = raw.trim()
    this.pending = ''
    if (text === '') {
      if (last && this.records === 0) return undefined // `[]`
      return `empty element in the JSON array at line ${this.line}`
    }
    out.push({ text, record: ++this.records, line: this.startLine + leadingNewlines(raw) })
    return undefined
  }
}

function isBlank(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13
}

function countNewlines(text: string, from: number, to: number): number {
  let n = 0
  for (let i = from; i < to; i++) if (text.charCodeAt(i) === 10) n++
  return n
}

function leadingNewlines(text: string): number {
  const first = text.search(/\S/)
  return first < 0 ? 0 : countNewlines(text, 0, first)
}
