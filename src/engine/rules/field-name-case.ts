import { visitSchema } from '../schema/visit.js'
import type { LintProblem, LintRule } from './types.js'

const STYLES = { camel: /^[a-z][a-zA-Z0-9]*$/, snake: /^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/ }

/** `FIELD_NAME_CASE`: field names follow the configured style (`lint.fieldCase`: camel or snake). */
export const fieldNameCaseRule: LintRule = {
  id: 'FIELD_NAME_CASE',
  kind: 'lint',
  category: 'STANDARD',
  severity: 'error',
  purpose: 'Field names follow one configured case style (lint.fieldCase: camel, the default, or snake).',
  docs: 'Mixed styles make generated code and queries inconsistent. Renaming a field later needs an alias to stay compatible, so pick the style before the first registration.',
  options: [{ name: 'lint.fieldCase', description: 'camel (the default: orderId) or snake (order_id).' }],
  check(parsed, context) {
    const problems: LintProblem[] = []
    visitSchema(parsed.schema, parsed.definedTypes, {
      field(f, record) {
        if (!STYLES[context.fieldCase].test(f.name)) {
          problems.push({
            message: `field '${f.name}' of ${record.name} is not ${context.fieldCase}_case`.replace('camel_case', 'camelCase'),
            pointer: `${f.pointer}/name`,
          })
        }
      },
    })
    return problems
  },
}
