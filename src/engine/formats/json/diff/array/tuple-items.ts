/**
 * Tuple rules (`items: [...]`, `prefixItems`), reported at `#/…/items/<n>`: positions in both
 * compared; an item removed (from an open, partially open or closed model) or added (to one).
 */
import type { ArrayNode } from '../../model.js'
import { compareSchemas } from '../compare.js'
import type { DiffContext } from '../context.js'
import { compareCovered } from '../coverage.js'
import { isEmptySchema } from '../object/content-model.js'
import { isOpenArrayModel, schemaFromPartiallyOpenArrayModel } from './content-model.js'

export function compareTupleItems(ctx: DiffContext, original: ArrayNode, update: ArrayNode): void {
  const originals = original.itemSchemas ?? []
  const updates = update.itemSchemas ?? []
  const shared = Math.min(originals.length, updates.length)
  for (let i = 0; i < shared; i++) ctx.at(`items/${i}`, () => compareSchemas(ctx, originals[i], updates[i]))
  for (let i = shared; i < originals.length; i++) {
    ctx.at(`items/${i}`, () => {
      if (isOpenArrayModel(update)) return ctx.add('ITEM_REMOVED_FROM_OPEN_CONTENT_MODEL')
      const partial = schemaFromPartiallyOpenArrayModel(update)
      if (partial)
        return compareCovered(
          ctx,
          originals[i],
          partial,
          'ITEM_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL',
          'ITEM_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL',
        )
      ctx.add(originals[i].kind === 'false' ? 'ITEM_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL' : 'ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL')
    })
  }
  for (let i = shared; i < updates.length; i++) {
    ctx.at(`items/${i}`, () => {
      if (isOpenArrayModel(original))
        return ctx.add(isEmptySchema(updates[i]) ? 'ITEM_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL' : 'ITEM_ADDED_TO_OPEN_CONTENT_MODEL')
      const partial = schemaFromPartiallyOpenArrayModel(original)
      if (partial)
        return compareCovered(
          ctx,
          partial,
          updates[i],
          'ITEM_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL',
          'ITEM_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL',
        )
      ctx.add('ITEM_ADDED_TO_CLOSED_CONTENT_MODEL')
    })
  }
}
