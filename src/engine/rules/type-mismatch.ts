import type { CompatibilityRule } from './types.js'

/** `TYPE_MISMATCH`: A field or value has a type in the reader that the writer’s type cannot be read as (and is not promotable to). */
export const typeMismatchRule: CompatibilityRule = {
  id: 'TYPE_MISMATCH',
  kind: 'compatibility',
  severity: 'error',
  type: 'TYPE_MISMATCH',
  purpose: 'A field or value has a type in the reader that the writer’s type cannot be read as (and is not promotable to).',
  docs: 'Avro promotes int to long, float or double, long to float or double, float to double, and string to and from bytes; any other change of type breaks readers. Add a new field with the new type (and a default) instead of changing the type.',
}
