/**
 * An object's content model, as the registry classifies it: open (any other property allowed,
 * unconstrained), partially open (other properties allowed but typed by `patternProperties`,
 * `additionalProperties` or `unevaluatedProperties`) or closed.
 */
import type { JsonSchemaNode, ObjectNode } from '../../model.js'

/** `true` or `{}`: the registry's EmptySchema. */
export function isEmptySchema(node: JsonSchemaNode | undefined): boolean {
  return node?.kind === 'empty' || node?.kind === 'true'
}

/** No `additionalProperties: false`, no schema for other properties, no patterns, `unevaluatedProperties` absent or empty. */
export function isOpenContentModel(schema: ObjectNode): boolean {
  if (!schema.additionalProperties || schema.additionalSchema || schema.patternProperties.length > 0) return false
  return schema.unevaluated === undefined || isEmptySchema(schema.unevaluated)
}

/** The schema a property not listed in `properties` gets: the first matching pattern, else the additional (or unevaluated) one. */
export function schemaFromPartiallyOpenContentModel(schema: ObjectNode, property: string): JsonSchemaNode | undefined {
  for (const p of schema.patternProperties) if (p.regex.test(property)) return p.schema
  if (schema.additionalSchema) return schema.additionalSchema
  const u = schema.unevaluated
  if (schema.additionalProperties && u && u.kind !== 'false' && !isEmptySchema(u)) return u
  return undefined
}
