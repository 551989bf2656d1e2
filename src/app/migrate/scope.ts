/** Which subjects a migration covers: `--subject` globs, `--regex`, `--context`. */
import { compileSubjectGlob } from '../../config/subject-glob.js'
import { UsageError } from '../../errors.js'
import { contextPrefix } from '../../registry/paths.js'
import type { MigrateScope } from './types.js'

/**
 * Builds the subject filter of `scope`: a subject is selected when it is in the context (if one is
 * given) and matches any glob and the regex (when given). Globs and the regex are tried on both the
 * qualified name (`:.ctx:orders-value`) and the bare one. UsageError for an invalid regex.
 */
export function subjectFilter(scope: MigrateScope): (subject: string) => boolean {
  const globs = (scope.subjects ?? []).map(compileSubjectGlob)
  let regex: RegExp | undefined
  try {
    regex = scope.regex === undefined ? undefined : new RegExp(scope.regex)
  } catch (err) {
    throw new UsageError(`--regex '${scope.regex}' is not a valid regular expression: ${(err as Error).message}`, { code: 'INVALID_REGEX' })
  }
  const prefix = scope.context === undefined || scope.context === '.' ? undefined : contextPrefix(scope.context)
  return (subject) => {
    if (prefix !== undefined && !subject.startsWith(prefix)) return false
    if (scope.context === '.' && subject.startsWith(':.')) return false
    const names = [subject, subject.replace(/^:\.[^:]*:/, '')]
    if (globs.length && !globs.some((g) => names.some((n) => g.test(n)))) return false
    return regex === undefined || names.some((n) => regex.test(n))
  }
}

/** Whether `scope` selects a subset of the subjects (then modes are set per subject, not globally). */
export function isScoped(scope: MigrateScope): boolean {
  return (scope.subjects?.length ?? 0) > 0 || scope.regex !== undefined || scope.context !== undefined
}
