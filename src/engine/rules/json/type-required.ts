import { describeSchemaObject as describe, type SchemaObject } from '../../formats/json/schema-objects.js'
import type { FormatLintProblem, FormatLintRule } from '../types.js'

/** Keywords that say what a schema accepts without `type`: a reference, a combination, a fixed set of values or a condition. */
const TYPED_OTHERWISE = ['type', '$ref', '$dynamicRef', '$recursiveRef', 'allOf', 'anyOf', 'oneOf', 'not', 'enum', 'const', 'if']

/** `JSON_TYPE_REQUIRED`: every JSON Schema object states its `type`. */
export const jsonTypeRequiredRule: FormatLintRule<readonly SchemaObject[]> = {
  id: 'JSON_TYPE_REQUIRED',
  kind: 'lint',
  schemaType: 'JSON',
  category: 'STANDARD',
  severity: 'error',
  purpose: 'Every JSON Schema object states its "type" (unless it is a $ref, an allOf/anyOf/oneOf/not, an enum or a const).',
  docs: 'A schema without "type" accepts values of every type: {"maxLength": 5} also accepts 42. The registry compares types first (TYPE_NARROWED, TYPE_EXTENDED), so an unstated type also makes later evolutions judged on an "any" schema. State "type" (a list such as ["string", "null"] for a nullable value).',
  check(objects) {
    const problems: FormatLintProblem[] = []
    for (const o of objects) {
      if (!TYPED_OTHERWISE.some((k) => Object.hasOwn(o.schema, k))) problems.push({ message: `${describe(o)} states no "type"`, pointer: o.pointer })
    }
    return problems
  },
}
