import { visitSchema } from '../schema/visit.js'
import type { LintProblem, LintRule } from './types.js'

/** `FIELD_DEFAULT_REQUIRED`: at FORWARD and FULL levels (and their transitive forms) every field has a default. */
export const fieldDefaultRequiredRule: LintRule = {
  id: 'FIELD_DEFAULT_REQUIRED',
  kind: 'lint',
  category: 'STANDARD',
  severity: 'error',
  purpose: 'In subjects at a FORWARD or FULL level, every field has a default.',
  docs: 'At FORWARD and FULL levels old readers must read new data, so a field can only ever be removed if it has a default (FIELD_REMOVED_WITHOUT_DEFAULT). Giving every field a default keeps that door open.',
  check(parsed, context) {
    if (!context.level.startsWith('FORWARD') && !context.level.startsWith('FULL')) return []
    const problems: LintProblem[] = []
    visitSchema(parsed.schema, parsed.definedTypes, {
      field(f, record) {
        if (f.default === undefined)
          problems.push({ message: `field '${f.name}' of ${record.name} has no default (the subject is ${context.level})`, pointer: `${f.pointer}` })
      },
    })
    return problems
  },
}
