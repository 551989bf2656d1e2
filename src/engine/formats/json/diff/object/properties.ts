/**
 * Property rules: a property removed (from an open, partially open or closed model), a property
 * added (to an open model: optional, required or required with a default; to a partially open or
 * closed one), and the schemas of properties in both versions compared.
 */
import type { JsonSchemaNode, ObjectNode } from '../../model.js'
import { compareSchemas } from '../compare.js'
import type { DiffContext } from '../context.js'
import { compareCovered } from '../coverage.js'
import { javaKeyUnionOrder, sortByBucket, unionCapacity } from '../java-hash-order.js'
import { isPlain } from '../unchanged.js'
import { isEmptySchema, isOpenContentModel, schemaFromPartiallyOpenContentModel } from './content-model.js'

/**
 * The registry walks the names in a HashSet's order (java-hash-order.ts). Most properties have no
 * difference, so the names are compared in insertion order (the original's, then the update's new
 * ones) and only those that gave differences are put in the registry's order afterwards.
 */
export function compareProperties(ctx: DiffContext, original: ObjectNode, update: ObjectNode): void {
  if (original.properties.size === 0 && update.properties.size === 0) return
  // Through `$ref` a comparison can depend on which pairs are in progress (cycles): keep the registry's order then.
  if (!isPlain(original) || !isPlain(update)) return comparePropertiesInOrder(ctx, original, update)
  ctx.enter('properties')
  const found: Array<{ key: string; index: number; from: number; to: number }> = []
  let index = 0
  const compare = (name: string, o: JsonSchemaNode | undefined, u: JsonSchemaNode | undefined) => {
    const from = ctx.differences.length
    ctx.enter(name)
    if (!u) propertyRemoved(ctx, o!, update, name)
    else if (!o) propertyAdded(ctx, u, original, update, name)
    else compareSchemas(ctx, o, u)
    ctx.leave()
    if (ctx.differences.length > from) found.push({ key: name, index, from, to: ctx.differences.length })
    index++
  }
  for (const [name, o] of original.properties) compare(name, o, update.properties.get(name))
  for (const [name, u] of update.properties) if (!original.properties.has(name)) compare(name, undefined, u)
  ctx.leave()
  if (found.length > 1) ctx.reorder(found[0]!.from, sortByBucket(found, unionCapacity(original.properties.size, index)))
}

/** The names walked in the registry's order itself. */
function comparePropertiesInOrder(ctx: DiffContext, original: ObjectNode, update: ObjectNode): void {
  ctx.enter('properties')
  for (const name of javaKeyUnionOrder(original.properties.keys(), update.properties.keys())) {
    ctx.enter(name)
    const o = original.properties.get(name)
    const u = update.properties.get(name)
    if (!u) propertyRemoved(ctx, o!, update, name)
    else if (!o) propertyAdded(ctx, u, original, update, name)
    else compareSchemas(ctx, o, u)
    ctx.leave()
  }
  ctx.leave()
}

/** Only the update's content model matters: it decides whether old documents holding the property still pass. */
function propertyRemoved(ctx: DiffContext, schema: JsonSchemaNode, update: ObjectNode, name: string): void {
  if (isOpenContentModel(update)) return ctx.add('PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL')
  const partial = schemaFromPartiallyOpenContentModel(update, name)
  if (partial)
    return compareCovered(
      ctx,
      schema,
      partial,
      'PROPERTY_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL',
      'PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL',
    )
  ctx.add(schema.kind === 'false' ? 'PROPERTY_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL' : 'PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL')
}

/** Only the original's content model matters: it decides what old documents may already hold under that name. */
function propertyAdded(ctx: DiffContext, schema: JsonSchemaNode, original: ObjectNode, update: ObjectNode, name: string): void {
  const required = update.required.includes(name)
  if (isOpenContentModel(original)) {
    if (isEmptySchema(schema)) return ctx.add('PROPERTY_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL')
    if (!required) return ctx.add('OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL')
    return ctx.add(schema.hasDefault ? 'REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_OPEN_CONTENT_MODEL' : 'REQUIRED_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL')
  }
  const partial = schemaFromPartiallyOpenContentModel(original, name)
  if (partial)
    compareCovered(
      ctx,
      partial,
      schema,
      'PROPERTY_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL',
      'PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL',
    )
  // Closed and partially open models alike: old documents lack the property.
  if (!required) ctx.add('OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL')
  else ctx.add(schema.hasDefault ? 'REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_UNOPEN_CONTENT_MODEL' : 'REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL')
}
