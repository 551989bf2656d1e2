import { visitSchema } from '../schema/visit.js'
import type { LintProblem, LintRule } from './types.js'

/** `ENUM_DEFAULT_REQUIRED`: every enum declares a `default` symbol, so it can grow. */
export const enumDefaultRequiredRule: LintRule = {
  id: 'ENUM_DEFAULT_REQUIRED',
  kind: 'lint',
  category: 'STANDARD',
  severity: 'error',
  purpose: 'Every enum declares a "default" symbol, so symbols can be added later.',
  docs: 'A reader meeting a symbol it does not know fails (ENUM_SYMBOL_ADDED) unless its enum has a default; declare one (e.g. "UNKNOWN") before the first registration so the enum can grow compatibly.',
  check(parsed) {
    const problems: LintProblem[] = []
    visitSchema(parsed.schema, parsed.definedTypes, {
      node(s) {
        if (s.kind === 'enum' && s.default === undefined) problems.push({ message: `enum '${s.name}' has no default symbol`, pointer: s.pointer })
      },
    })
    return problems
  },
}
