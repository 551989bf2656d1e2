import { visitSchema } from '../schema/visit.js'
import type { LintProblem, LintRule } from './types.js'

/** `DOC_REQUIRED`: records and their fields carry a `doc`. */
export const docRequiredRule: LintRule = {
  id: 'DOC_REQUIRED',
  kind: 'lint',
  category: 'STRICT',
  severity: 'warning',
  purpose: 'Records and their fields carry a "doc" string.',
  docs: 'The schema is the contract between teams; "doc" is where its meaning, units and edge cases live, and catalogues and generated code show it. Adding or editing a doc is always compatible.',
  check(parsed) {
    const problems: LintProblem[] = []
    visitSchema(parsed.schema, parsed.definedTypes, {
      node(s) {
        if (s.kind === 'record' && (s.doc ?? '').trim() === '') problems.push({ message: `record '${s.name}' has no doc`, pointer: s.pointer })
      },
      field(f, record) {
        if ((f.doc ?? '').trim() === '') problems.push({ message: `field '${f.name}' of ${record.name} has no doc`, pointer: `${f.pointer}` })
      },
    })
    return problems
  },
}
