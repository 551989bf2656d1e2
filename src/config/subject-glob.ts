/**
 * Subject patterns as used in config `subjects` keys and `--subject`: `*` matches any run of
 * characters (including `/`, which subject names may contain), `?` one character; everything
 * else is literal.
 */

/** Whether a pattern contains glob characters (otherwise it names one subject exactly). */
export function isGlob(pattern: string): boolean {
  return /[*?]/.test(pattern)
}

/** Compiles a subject pattern to an anchored RegExp. */
export function compileSubjectGlob(pattern: string): RegExp {
  const body = pattern
    .split('')
    .map((ch) => (ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[\\^$.|+()[\]{}]/g, '\\$&')))
    .join('')
  return new RegExp(`^${body}$`, 's')
}

/** Whether `subject` matches `pattern` (exact text or glob). */
export function matchesSubject(pattern: string, subject: string): boolean {
  return isGlob(pattern) ? compileSubjectGlob(pattern).test(subject) : pattern === subject
}
