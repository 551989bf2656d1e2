/**
 * additionalItems rules: ADDITIONAL_ITEMS_ADDED (more items now allowed), _REMOVED (forbidden),
 * _NARROWED (now typed), _EXTENDED (no longer typed), or the two schemas compared.
 */
import type { ArrayNode } from '../../model.js'
import { compareSchemas } from '../compare.js'
import type { DiffContext } from '../context.js'

export function compareAdditionalItems(ctx: DiffContext, original: ArrayNode, update: ArrayNode): void {
  ctx.at('additionalItems', () => {
    if (original.additionalItems !== update.additionalItems) ctx.add(original.additionalItems ? 'ADDITIONAL_ITEMS_REMOVED' : 'ADDITIONAL_ITEMS_ADDED')
    else if (!original.additionalItemsSchema && update.additionalItemsSchema) ctx.add('ADDITIONAL_ITEMS_NARROWED')
    else if (original.additionalItemsSchema && !update.additionalItemsSchema) ctx.add('ADDITIONAL_ITEMS_EXTENDED')
    else compareSchemas(ctx, original.additionalItemsSchema, update.additionalItemsSchema)
  })
}
