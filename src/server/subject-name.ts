/**
 * Subject names and contexts: `:.ctx:subject` is `subject` in context `.ctx`; the default
 * context `.` is written without a prefix (docs/registry-api.md, "Subjects and contexts").
 */

/** The default context. */
export const DEFAULT_CONTEXT = '.'

/** A subject (or a context-level scope when `name` is empty) split into its context and bare name. */
export interface SubjectName {
  context: string
  name: string
}

/** Splits a possibly qualified subject (`:.ctx:name`) into context and bare name. */
export function parseSubject(subject: string): SubjectName {
  if (subject.startsWith(':.')) {
    const end = subject.indexOf(':', 2)
    if (end > 0) return { context: subject.slice(1, end), name: subject.slice(end + 1) }
  }
  return { context: DEFAULT_CONTEXT, name: subject }
}

/** The canonical spelling of a subject: unqualified in the default context, `:.ctx:name` elsewhere. */
export function qualifySubject(context: string, name: string): string {
  return context === DEFAULT_CONTEXT ? name : `:${context}:${name}`
}

/** Normalizes a subject as written in a URL (`:.:foo` becomes `foo`). */
export function normalizeSubject(subject: string): string {
  const { context, name } = parseSubject(subject)
  return qualifySubject(context, name)
}

/** Normalizes a context as written in `/contexts/{ctx}/…` URLs: `ctx`, `.ctx` and `:.ctx:` all mean `.ctx`. */
export function normalizeContext(raw: string): string {
  let ctx = raw
  if (ctx.startsWith(':') && ctx.endsWith(':') && ctx.length >= 2) ctx = ctx.slice(1, -1)
  if (!ctx.startsWith('.')) ctx = '.' + ctx
  return ctx
}

/** The context-level scope key of a context (`:.ctx:`), or '' (global) for the default context. */
export function contextScope(context: string): string {
  return context === DEFAULT_CONTEXT ? '' : `:${context}:`
}

// ISO control characters, as Java's Character.isISOControl.
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f]/

/** Whether a subject may hold schemas (Confluent answers 42208 otherwise). */
export function isValidSubject(subject: string): boolean {
  const { context, name } = parseSubject(subject)
  if (name === '' || CONTROL_CHARS.test(subject)) return false
  if (name === '__GLOBAL' || name === '__EMPTY') return false
  return context !== '.__GLOBAL'
}
