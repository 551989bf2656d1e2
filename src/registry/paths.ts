/**
 * URL path pieces of the registry API: subject encoding and context qualification (docs/registry-api.md, "Subjects and contexts").
 */

/**
 * Encodes a subject for a URL path segment: `/` becomes `%2F` (subjects may contain it), and the
 * `:` of context-qualified names (`:.ctx:orders-value`) stays literal, as Confluent's clients send it.
 */
export function subjectPathSegment(subject: string): string {
  return encodeURIComponent(subject).replace(/%3A/gi, ':')
}

/**
 * Qualifies `subject` with a context (`.staging` or `staging`) as `:.staging:subject`. A subject that
 * is already qualified, or a missing/default context (`.`), leaves it unchanged.
 */
export function qualifySubject(subject: string, context: string | undefined): string {
  if (context === undefined || context === '' || context === '.' || subject.startsWith(':')) return subject
  return `${contextPrefix(context)}${subject}`
}

/** The `subjectPrefix` that selects a whole context: `:.staging:` for `staging` or `.staging`. */
export function contextPrefix(context: string): string {
  const bare = context.replace(/^:/, '').replace(/:$/, '')
  return `:${bare.startsWith('.') ? bare : `.${bare}`}:`
}

/** A version for a path: a positive integer or `latest`. */
export function encodeVersion(version: number | 'latest'): string {
  return version === 'latest' ? 'latest' : String(version)
}
