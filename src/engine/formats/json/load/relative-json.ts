/**
 * Reading a changed copy of a JSON document relative to the original, which was parsed already:
 * the edits between the two texts (text-edits.ts) are located in the original's objects, only the
 * members they touch are parsed from the new text, and every object or array they did not touch is
 * the original's own value. The result equals `JSON.parse(text)` (same keys in the same order, same
 * values); whatever was built from an untouched value can be reused as is. Whenever a step cannot
 * be sure (duplicate keys, an edit at the outermost brackets, too many edits, a part that does not
 * parse), it gives up and the caller parses the whole text. Pure.
 */
import { membersOf, scanSkeleton, type JsonMember, type JsonSkeleton } from './json-skeleton.js'
import { textEdits, type TextEdit } from './text-edits.js'

/** More edits than this and parsing the whole text is as cheap. */
const MAX_EDITS = 8

/** Some members of one object, `first`..`last` (document order), replaced: `base[aStart, aEnd)` became `text[bStart, bEnd)`. */
interface Run {
  container: number
  first: number
  last: number
  aStart: number
  aEnd: number
  bStart: number
  bEnd: number
}

type Edit = TextEdit

/**
 * What the caller accepts in the new text's parsed parts: `text` holds members of an object nested
 * `depth` levels deep (1 for the outermost object's own members). Undefined: everything.
 */
export type AcceptPart = (text: string, depth: number) => boolean

/** `text` parsed, sharing with `baseJson` (which is `JSON.parse(baseText)`) every value the edits did not touch; undefined to parse it whole. */
export function readRelative(baseText: string, baseJson: unknown, text: string, accept?: AcceptPart): unknown {
  if (text === baseText) return baseJson
  const edits = textEdits(baseText, text, MAX_EDITS)
  const skeleton = edits && edits.length > 0 ? scanSkeleton(baseText) : undefined
  if (!edits || !skeleton) return undefined
  return new Patcher(baseText, baseJson, text, skeleton, accept).apply(edits)
}

class Patcher {
  private readonly members = new Map<number, JsonMember[] | undefined>()
  private readonly raws = new Map<number, unknown>()
  private readonly copies = new Map<number, Record<string, unknown> | unknown[]>()

  constructor(
    private readonly baseText: string,
    private readonly baseJson: unknown,
    private readonly text: string,
    private readonly skeleton: JsonSkeleton,
    private readonly accept: AcceptPart | undefined,
  ) {}

  apply(edits: readonly Edit[]): unknown {
    const runs: Run[] = []
    for (const edit of edits) {
      const run = this.runFor(edit)
      if (!run) return undefined
      runs.push(run)
    }
    const kept = dropCovered(mergeRuns(runs))
    if (!covers(kept, edits)) return undefined
    for (const run of kept) if (!placeInText(run, edits)) return undefined
    // Innermost objects first: an enclosing object rebuilt later picks up their new copies.
    const byContainer = new Map<number, Run[]>()
    for (const run of kept) {
      const list = byContainer.get(run.container)
      if (list) list.push(run)
      else byContainer.set(run.container, [run])
    }
    const containers = [...byContainer.keys()].sort((x, y) => this.depth(y) - this.depth(x))
    for (const container of containers) if (!this.rebuild(container, byContainer.get(container)!)) return undefined
    return this.copies.get(0)
  }

  /** The members of the innermost object around `edit` that it touches, or undefined. */
  private runFor(edit: Edit): Run | undefined {
    const { start, end, parent } = this.skeleton
    // The last container opening before the edit, then outwards to an object strictly around it.
    let lo = 0
    let hi = this.skeleton.count - 1
    if (start[0] >= edit.aStart) return undefined
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if (start[mid] < edit.aStart) lo = mid
      else hi = mid - 1
    }
    let container = lo
    while (container !== -1 && !(end[container] > edit.aEnd && this.baseText.charCodeAt(start[container]) === 0x7b)) container = parent[container]
    if (container === -1) return undefined
    const members = this.membersOf(container)
    if (!members) return undefined
    let first = -1
    for (let i = 0; i < members.length && members[i].start <= edit.aStart; i++) first = i
    let last = members.length
    for (let i = Math.max(first, 0); i < members.length; i++) {
      if (members[i].valueEnd >= edit.aEnd) {
        last = i
        break
      }
    }
    const aStart = first === -1 ? start[container] + 1 : members[first].start
    const aEnd = last === members.length ? end[container] - 1 : members[last].valueEnd
    return { container, first: Math.max(first, 0), last: Math.min(last, members.length - 1), aStart, aEnd, bStart: -1, bEnd: -1 }
  }

  /** Replaces the runs' members of `container` with those parsed from the new text; false to give up. */
  private rebuild(container: number, runs: readonly Run[]): boolean {
    const members = this.membersOf(container)
    const original = this.rawOf(container)
    if (!members || !isRecord(original) || Object.keys(original).length !== members.length) return false
    const current = (this.copies.get(container) ?? original) as Record<string, unknown>
    const out: Record<string, unknown> = {}
    const seen = new Set<string>()
    const put = (key: string, value: unknown): boolean => {
      if (key === '__proto__' || seen.has(key)) return false
      seen.add(key)
      out[key] = value
      return true
    }
    let next = 0
    const depth = this.depth(container) + 1
    for (const run of runs) {
      const part = this.text.slice(run.bStart, run.bEnd)
      if (this.accept && !this.accept(part, depth)) return false
      let parsed: unknown
      try {
        parsed = JSON.parse(`{${part}}`)
      } catch {
        return false
      }
      const keys = Object.keys(parsed as object)
      // Members left on either side are joined by commas that stay: the run may not become empty.
      if (keys.length === 0 && (run.first > 0 || run.last < members.length - 1)) return false
      for (; next < run.first; next++) if (!put(members[next].key!, current[members[next].key!])) return false
      for (const key of keys) if (!put(key, (parsed as Record<string, unknown>)[key])) return false
      next = run.last + 1
    }
    for (; next < members.length; next++) if (!put(members[next].key!, current[members[next].key!])) return false
    return this.attach(container, out)
  }

  /** Puts `copy` in place of container `index` in the new tree (copying its ancestors once). */
  private attach(index: number, copy: Record<string, unknown> | unknown[]): boolean {
    this.copies.set(index, copy)
    const up = this.skeleton.parent[index]
    if (up === -1) return true
    const parentCopy = this.writable(up)
    const key = parentCopy && this.keyIn(up, index)
    if (key === undefined || !parentCopy) return false
    ;(parentCopy as Record<string | number, unknown>)[key] = copy
    return true
  }

  /** The new tree's copy of container `index`, made (and attached) on first use. */
  private writable(index: number): Record<string, unknown> | unknown[] | undefined {
    const existing = this.copies.get(index)
    if (existing) return existing
    const raw = this.rawOf(index)
    if (raw === null || typeof raw !== 'object') return undefined
    const copy = Array.isArray(raw) ? raw.slice() : { ...(raw as Record<string, unknown>) }
    return this.attach(index, copy) ? copy : undefined
  }

  /** The original's value of container `index`, found from the outermost one by key or position. */
  private rawOf(index: number): unknown {
    if (index === 0) return this.baseJson
    if (this.raws.has(index)) return this.raws.get(index)
    const up = this.skeleton.parent[index]
    const parentRaw = this.rawOf(up)
    const key = this.keyIn(up, index)
    let raw: unknown
    if (key !== undefined && parentRaw !== null && typeof parentRaw === 'object') {
      const members = this.membersOf(up)!
      // A repeated key keeps one value for several texts: which is which cannot be told.
      const unique = Array.isArray(parentRaw) || Object.keys(parentRaw).length === members.length
      const value = unique ? (parentRaw as Record<string | number, unknown>)[key] : undefined
      if (value !== null && typeof value === 'object' && Array.isArray(value) === (this.baseText.charCodeAt(this.skeleton.start[index]) === 0x5b)) raw = value
    }
    this.raws.set(index, raw)
    return raw
  }

  /** The key (or array position) under which container `child` sits in container `index`. */
  private keyIn(index: number, child: number): string | number | undefined {
    const members = this.membersOf(index)
    if (!members) return undefined
    const at = this.skeleton.start[child]
    for (let i = 0; i < members.length; i++) {
      if (members[i].valueStart === at) {
        const key = members[i].key
        if (key === undefined) return i
        return key === '__proto__' ? undefined : key
      }
    }
    return undefined
  }

  private membersOf(index: number): JsonMember[] | undefined {
    if (!this.members.has(index)) this.members.set(index, membersOf(this.baseText, this.skeleton, index))
    return this.members.get(index)
  }

  private depth(index: number): number {
    let depth = 0
    for (let i = this.skeleton.parent[index]; i !== -1; i = this.skeleton.parent[i]) depth++
    return depth
  }
}

/** Runs of one object that overlap become one run. */
function mergeRuns(runs: Run[]): Run[] {
  const sorted = [...runs].sort((x, y) => x.container - y.container || x.first - y.first)
  const out: Run[] = []
  for (const run of sorted) {
    const previous = out[out.length - 1]
    if (previous && previous.container === run.container && run.first <= previous.last) {
      previous.aStart = Math.min(previous.aStart, run.aStart)
      previous.aEnd = Math.max(previous.aEnd, run.aEnd)
      previous.last = Math.max(previous.last, run.last)
    } else out.push({ ...run })
  }
  return out
}

/**
 * Sets where the run's text is in the new text, from the edits (in order): every edit must lie
 * wholly inside the run (an insertion at either end counts as inside) or wholly before or after it;
 * the run's ends move by what the edits before them added or removed. False when an edit straddles.
 */
function placeInText(run: Run, edits: readonly Edit[]): boolean {
  let shiftBefore = 0
  let shiftInside = 0
  for (const e of edits) {
    const delta = e.bEnd - e.bStart - (e.aEnd - e.aStart)
    if (run.aStart <= e.aStart && e.aEnd <= run.aEnd) shiftInside += delta
    else if (e.aEnd <= run.aStart) shiftBefore += delta
    else if (e.aStart < run.aEnd) return false
  }
  run.bStart = run.aStart + shiftBefore
  run.bEnd = run.aEnd + shiftBefore + shiftInside
  return true
}

/** Whether every edit lies inside one of the runs (then the text outside them is the original's). */
function covers(runs: readonly Run[], edits: readonly Edit[]): boolean {
  return edits.every((e) => runs.some((run) => run.aStart <= e.aStart && e.aEnd <= run.aEnd))
}

/** Runs inside another run's text are parsed with it. */
function dropCovered(runs: Run[]): Run[] {
  return runs.filter((run) => !runs.some((other) => other !== run && other.container !== run.container && other.aStart <= run.aStart && run.aEnd <= other.aEnd))
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}
