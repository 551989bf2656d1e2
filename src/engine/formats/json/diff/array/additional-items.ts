/**
 * additionalItems rules: ADDITIONAL_ITEMS_ADDED (more items now allowed), _REMOVED (forbidden),
 * _NARROWED (now typed), _EXTENDED (no longer typed), or the two schemas compared.
 */
import type { ArrayNode } from '../../model.js'
import { compareSchemas } from '../compare.js'
import type { DiffContext } from '../context.js'

export function compareAdditionalItems(ctx: DiffContext, original: ArrayNode, update: ArrayNode): void {
  if (original.additionalItems !== update.additionalItems)
    ctx.addAt('additionalItems', original.additionalItems ? 'ADDITIONAL_ITEMS_REMOVED' : 'ADDITIONAL_ITEMS_ADDED')
  else if (!original.additionalItemsSchema && update.additionalItemsSchema) ctx.addAt('additionalItems', 'ADDITIONAL_ITEMS_NARROWED')
  else if (original.additionalItemsSchema && !update.additionalItemsSchema) ctx.addAt('additionalItems', 'ADDITIONAL_ITEMS_EXTENDED')
  else if (original.additionalItemsSchema && update.additionalItemsSchema)
    ctx.at('additionalItems', () => compareSchemas(ctx, original.additionalItemsSchema, update.additionalItemsSchema))
}
