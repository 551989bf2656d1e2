import { visitSchema } from '../schema/visit.js'
import type { LintProblem, LintRule } from './types.js'

/** `NULLABLE_UNION`: an optional field is written `["null", T]` with `"default": null`. */
export const nullableUnionRule: LintRule = {
  id: 'NULLABLE_UNION',
  kind: 'lint',
  category: 'STANDARD',
  severity: 'error',
  purpose: 'A nullable field is written ["null", T] with "default": null.',
  docs: 'A union default must match its first branch, so ["null", T] with default null is the only way to make a field both optional and removable later; [T, "null"] forces a non-null default and surprises code generators.',
  check(parsed) {
    const problems: LintProblem[] = []
    visitSchema(parsed.schema, parsed.definedTypes, {
      field(f) {
        const t = f.type
        if (t.kind !== 'union' || !t.types.some((b) => b.kind === 'primitive' && b.type === 'null')) return
        const first = t.types[0]
        if (first.kind !== 'primitive' || first.type !== 'null')
          problems.push({ message: `field '${f.name}' is nullable but "null" is not the first branch`, pointer: `${f.pointer}/type` })
        else if (f.default === undefined || f.default.value !== null)
          problems.push({ message: `nullable field '${f.name}' should have "default": null`, pointer: f.pointer })
      },
    })
    return problems
  },
}
