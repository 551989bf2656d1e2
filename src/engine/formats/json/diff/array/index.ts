/**
 * Array rules, in the registry's order: `items` (one schema for all), the tuple, additional and
 * unevaluated items, then MAX_ITEMS_*, MIN_ITEMS_*, UNIQUE_ITEMS_ADDED/REMOVED, MAX_CONTAINS_*,
 * MIN_CONTAINS_*. (The registry does not compare the `contains` schema itself.)
 */
import type { ArrayNode } from '../../model.js'
import { boundTypes, compareBound } from '../bounds.js'
import { compareSchemas } from '../compare.js'
import type { DiffContext } from '../context.js'
import { compareUnevaluated } from '../unevaluated.js'
import { compareAdditionalItems } from './additional-items.js'
import { compareTupleItems } from './tuple-items.js'

const MAX_ITEMS = boundTypes('MAX_ITEMS')
const MIN_ITEMS = boundTypes('MIN_ITEMS')
const MAX_CONTAINS = boundTypes('MAX_CONTAINS')
const MIN_CONTAINS = boundTypes('MIN_CONTAINS')

export function compareArrays(ctx: DiffContext, original: ArrayNode, update: ArrayNode): void {
  if (original.allItems || update.allItems) ctx.at('items', () => compareSchemas(ctx, original.allItems, update.allItems))
  if (original.itemSchemas || update.itemSchemas) compareTupleItems(ctx, original, update)
  compareAdditionalItems(ctx, original, update)
  compareUnevaluated(ctx, 'unevaluatedItems', 'ITEMS', original.unevaluated, update.unevaluated)
  compareBound(ctx, 'maxItems', original.maxItems, update.maxItems, MAX_ITEMS)
  compareBound(ctx, 'minItems', original.minItems, update.minItems, MIN_ITEMS)
  if (original.uniqueItems !== update.uniqueItems) ctx.addAt('uniqueItems', original.uniqueItems ? 'UNIQUE_ITEMS_REMOVED' : 'UNIQUE_ITEMS_ADDED')
  compareBound(ctx, 'maxContains', original.maxContains, update.maxContains, MAX_CONTAINS)
  compareBound(ctx, 'minContains', original.minContains, update.minContains, MIN_CONTAINS)
}
