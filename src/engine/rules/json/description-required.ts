import { describeSchemaObject as describe, type SchemaObject } from '../../formats/json/schema-objects.js'
import type { FormatLintProblem, FormatLintRule } from '../types.js'

/** `JSON_DESCRIPTION_REQUIRED`: the root schema, its properties and definitions carry a `description`. */
export const jsonDescriptionRequiredRule: FormatLintRule<readonly SchemaObject[]> = {
  id: 'JSON_DESCRIPTION_REQUIRED',
  kind: 'lint',
  schemaType: 'JSON',
  category: 'STRICT',
  severity: 'warning',
  purpose: 'The root JSON Schema, every property and every definition carry a non-empty "description".',
  docs: 'The schema is the contract between teams; "description" is where a property\'s meaning, units and edge cases live, and catalogues and generated code show it. Adding or editing a description is always compatible (the registry reports DESCRIPTION_CHANGED as compatible).',
  check(objects) {
    const problems: FormatLintProblem[] = []
    for (const o of objects) {
      if (o.role === 'subschema') continue
      const description = o.schema.description
      if (typeof description !== 'string' || description.trim() === '') problems.push({ message: `${describe(o)} has no description`, pointer: o.pointer })
    }
    return problems
  },
}
