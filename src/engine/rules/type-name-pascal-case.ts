import { isNamed } from '../schema/model.js'
import { visitSchema } from '../schema/visit.js'
import type { LintProblem, LintRule } from './types.js'

const PASCAL_CASE = /^[A-Z][A-Za-z0-9]*$/

/** `TYPE_NAME_PASCAL_CASE`: record, enum and fixed names are PascalCase. */
export const typeNamePascalCaseRule: LintRule = {
  id: 'TYPE_NAME_PASCAL_CASE',
  kind: 'lint',
  category: 'STANDARD',
  severity: 'error',
  purpose: 'Record, enum and fixed names are PascalCase.',
  docs: 'Type names become class names in generated Java, C#, Go and TypeScript code; PascalCase keeps them idiomatic everywhere. Renaming a type later is a NAME_MISMATCH break unless you add an alias, so fix names before the first registration.',
  check(parsed) {
    const problems: LintProblem[] = []
    visitSchema(parsed.schema, parsed.definedTypes, {
      node(s) {
        if (isNamed(s) && !PASCAL_CASE.test(s.name)) problems.push({ message: `${s.kind} name '${s.name}' is not PascalCase`, pointer: `${s.pointer}/name` })
      },
    })
    return problems
  },
}
