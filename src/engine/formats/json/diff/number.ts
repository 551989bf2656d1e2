/**
 * Number rules: MAXIMUM_*, MINIMUM_*, EXCLUSIVE_MAXIMUM_*, EXCLUSIVE_MINIMUM_*, MULTIPLE_OF_*
 * and TYPE_EXTENDED/TYPE_NARROWED between integer and number.
 */
import { isDecimalMultiple } from '../json-values.js'
import type { NumberNode } from '../model.js'
import { boundTypes, compareBound } from './bounds.js'
import type { DiffContext } from './context.js'

const MAXIMUM = boundTypes('MAXIMUM')
const MINIMUM = boundTypes('MINIMUM')
const EXCLUSIVE_MAXIMUM = boundTypes('EXCLUSIVE_MAXIMUM')
const EXCLUSIVE_MINIMUM = boundTypes('EXCLUSIVE_MINIMUM')

export function compareNumbers(ctx: DiffContext, original: NumberNode, update: NumberNode): void {
  compareBound(ctx, 'maximum', original.maximum, update.maximum, MAXIMUM)
  compareBound(ctx, 'minimum', original.minimum, update.minimum, MINIMUM)
  compareExclusiveMaximum(ctx, original, update)
  compareBound(ctx, 'exclusiveMinimum', original.exclusiveMinimum, update.exclusiveMinimum, EXCLUSIVE_MINIMUM)
  compareMultipleOf(ctx, original, update)
  if (original.requiresInteger !== update.requiresInteger) ctx.add(original.requiresInteger ? 'TYPE_EXTENDED' : 'TYPE_NARROWED')
}

/**
 * The registry tests a lowered exclusiveMaximum against the update's `maximum` (a slip in its
 * code); when the update has a `maximum` that decides, otherwise the exclusive limits do.
 */
function compareExclusiveMaximum(ctx: DiffContext, original: NumberNode, update: NumberNode): void {
  const o = original.exclusiveMaximum
  const u = update.exclusiveMaximum
  if (o === undefined || u === undefined || o <= u || update.maximum === undefined) {
    compareBound(ctx, 'exclusiveMaximum', o, u, EXCLUSIVE_MAXIMUM)
    return
  }
  if (o > update.maximum) ctx.addAt('exclusiveMaximum', EXCLUSIVE_MAXIMUM.decreased)
}

/** A multiple of the old step keeps fewer values (EXPANDED); a divisor keeps more (REDUCED). */
function compareMultipleOf(ctx: DiffContext, original: NumberNode, update: NumberNode): void {
  const o = original.multipleOf === undefined ? undefined : Number(original.multipleOf)
  const u = update.multipleOf === undefined ? undefined : Number(update.multipleOf)
  if (o === u) return
  if (o === undefined) ctx.addAt('multipleOf', 'MULTIPLE_OF_ADDED')
  else if (u === undefined) ctx.addAt('multipleOf', 'MULTIPLE_OF_REMOVED')
  else if (isDecimalMultiple(u, o)) ctx.addAt('multipleOf', 'MULTIPLE_OF_EXPANDED')
  else if (isDecimalMultiple(o, u)) ctx.addAt('multipleOf', 'MULTIPLE_OF_REDUCED')
  else ctx.addAt('multipleOf', 'MULTIPLE_OF_CHANGED')
}
