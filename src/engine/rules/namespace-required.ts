import { isNamed } from '../schema/model.js'
import { visitSchema } from '../schema/visit.js'
import type { LintProblem, LintRule } from './types.js'

/** `NAMESPACE_REQUIRED`: every record, enum and fixed has a namespace. */
export const namespaceRequiredRule: LintRule = {
  id: 'NAMESPACE_REQUIRED',
  kind: 'lint',
  category: 'MINIMAL',
  severity: 'error',
  purpose: 'Every record, enum and fixed has a namespace.',
  docs: 'Full names identify types across schemas, references and code generators; without a namespace two teams’ `User` records collide. Add "namespace": "com.example.team" to the top-level type (nested types inherit it).',
  check(parsed) {
    const problems: LintProblem[] = []
    visitSchema(parsed.schema, parsed.definedTypes, {
      node(s) {
        if (isNamed(s) && s.namespace === '') problems.push({ message: `${s.kind} '${s.name}' has no namespace`, pointer: s.pointer })
      },
    })
    return problems
  },
}
