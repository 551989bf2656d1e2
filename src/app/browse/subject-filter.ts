/**
 * The subject list of `schemactl browse`: which names a filter query and a context keep. Pure and
 * allocation-light, so that typing a filter over 50,000 names stays well under a frame.
 */

/** A subject list prepared for filtering: the names, their lower-cased forms and their contexts. */
export interface SubjectIndex {
  readonly names: readonly string[]
  readonly lower: readonly string[]
}

/** The default context's name, as the registry lists it in GET /contexts. */
export const DEFAULT_CONTEXT = '.'

/** An empty index; grow it with `appendSubjects`. */
export function createSubjectIndex(names: readonly string[] = []): SubjectIndex {
  return appendSubjects({ names: [], lower: [] }, names)
}

/** The index with `more` names appended (the arrays are extended in place: pages arrive in order). */
export function appendSubjects(index: SubjectIndex, more: readonly string[]): SubjectIndex {
  const names = index.names as string[]
  const lower = index.lower as string[]
  for (const name of more) {
    names.push(name)
    lower.push(name.toLowerCase())
  }
  return index
}

/** The context of a subject name: `.staging` for `:.staging:orders-value`, `.` for an unqualified name. */
export function contextOf(subject: string): string {
  if (!subject.startsWith(':.')) return DEFAULT_CONTEXT
  const end = subject.indexOf(':', 2)
  return end < 0 ? DEFAULT_CONTEXT : subject.slice(1, end)
}

/** The contexts the names belong to: the default first, then the others in name order. */
export function contextsOf(names: readonly string[]): string[] {
  const found = new Set<string>()
  for (const name of names) if (name.startsWith(':.')) found.add(contextOf(name))
  found.delete(DEFAULT_CONTEXT)
  return [DEFAULT_CONTEXT, ...[...found].sort()]
}

/** The terms of a query: lower-cased, split at spaces; every term must occur in a name. */
export function queryTerms(query: string): string[] {
  return query
    .toLowerCase()
    .split(/\s+/)
    .filter((t) => t !== '')
}

/**
 * Positions (into `index.names`, ascending) of the names in `context` (all when undefined) that
 * contain every term of `query`, case-insensitively. `within`, the result of a query this one
 * extends (typing one more character), narrows the scan to those positions.
 */
export function filterSubjects(index: SubjectIndex, query: string, options: { context?: string; within?: readonly number[] } = {}): number[] {
  const terms = queryTerms(query)
  const { context, within } = options
  const lower = index.lower
  const names = index.names
  const out: number[] = []
  const count = within === undefined ? lower.length : within.length
  // Plain loops over positions, no callback per name: this runs on every keystroke over every name.
  for (let k = 0; k < count; k++) {
    const i = within === undefined ? k : within[k]
    const name = lower[i]
    let all = true
    for (let t = 0; t < terms.length && all; t++) all = name.includes(terms[t])
    if (all && (context === undefined || contextOf(names[i]) === context)) out.push(i)
  }
  return out
}

/** Whether the results of `previous` contain every result of `next`, so `next` may filter within them. */
export function narrows(previous: string, next: string): boolean {
  const before = queryTerms(previous)
  const after = queryTerms(next)
  // Each earlier term must be contained in the term at its place (typing extends the last term or adds one).
  return before.length <= after.length && before.every((term, i) => after[i].includes(term))
}
