/**
 * An array's content model for items past its tuple (`items: [...]`/`prefixItems`): open (allowed,
 * untyped), partially open (typed by `additionalItems`/2020-12 `items`, or `unevaluatedItems`) or closed.
 */
import type { ArrayNode, JsonSchemaNode } from '../../model.js'
import { isEmptySchema } from '../object/content-model.js'

export function isOpenArrayModel(schema: ArrayNode): boolean {
  if (!schema.additionalItems || schema.additionalItemsSchema) return false
  return schema.unevaluated === undefined || isEmptySchema(schema.unevaluated)
}

/** The schema items past the tuple get, if the model is partially open. */
export function schemaFromPartiallyOpenArrayModel(schema: ArrayNode): JsonSchemaNode | undefined {
  if (schema.additionalItemsSchema) return schema.additionalItemsSchema
  const u = schema.unevaluated
  if (schema.additionalItems && u && u.kind !== 'false' && !isEmptySchema(u)) return u
  return undefined
}
