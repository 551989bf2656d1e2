import { describeSchemaObject as describe, type SchemaObject } from '../../formats/json/schema-objects.js'
import type { FormatLintProblem, FormatLintRule } from '../types.js'

/** Whether a schema describes objects: `type` says so, or (without `type`) object keywords do. */
function describesObjects(schema: Readonly<Record<string, unknown>>): boolean {
  const type = schema.type
  if (type === 'object' || (Array.isArray(type) && type.includes('object'))) return true
  return type === undefined && ['properties', 'patternProperties', 'required'].some((k) => Object.hasOwn(schema, k))
}

/** `JSON_ADDITIONAL_PROPERTIES_EXPLICIT`: every object schema states `additionalProperties`. */
export const jsonAdditionalPropertiesExplicitRule: FormatLintRule<readonly SchemaObject[]> = {
  id: 'JSON_ADDITIONAL_PROPERTIES_EXPLICIT',
  kind: 'lint',
  schemaType: 'JSON',
  category: 'STANDARD',
  severity: 'error',
  purpose: 'Every JSON Schema object schema states "additionalProperties" (or "unevaluatedProperties"), choosing an open or closed content model.',
  docs: 'Without it the content model is open: any extra property is allowed. The registry judges evolution by the content model: under the STRICT policy adding even an optional property to an open model is incompatible (PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL), while a closed model ("additionalProperties": false) accepts new optional properties backward. State the choice: false for a closed model, true or a schema for an open one.',
  check(objects) {
    const problems: FormatLintProblem[] = []
    for (const o of objects) {
      if (!describesObjects(o.schema) || Object.hasOwn(o.schema, 'additionalProperties') || Object.hasOwn(o.schema, 'unevaluatedProperties')) continue
      problems.push({ message: `${describe(o)} is an object schema without "additionalProperties" (its content model is open by default)`, pointer: o.pointer })
    }
    return problems
  },
}
