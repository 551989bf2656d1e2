/** String rules: MAX_LENGTH_*, MIN_LENGTH_*, PATTERN_ADDED/REMOVED/CHANGED. */
import type { StringNode } from '../model.js'
import { boundTypes, compareBound } from './bounds.js'
import type { DiffContext } from './context.js'

const MAX_LENGTH = boundTypes('MAX_LENGTH')
const MIN_LENGTH = boundTypes('MIN_LENGTH')

export function compareStrings(ctx: DiffContext, original: StringNode, update: StringNode): void {
  compareBound(ctx, 'maxLength', original.maxLength, update.maxLength, MAX_LENGTH)
  compareBound(ctx, 'minLength', original.minLength, update.minLength, MIN_LENGTH)
  if (original.pattern === undefined && update.pattern !== undefined) ctx.addAt('pattern', 'PATTERN_ADDED')
  else if (original.pattern !== undefined && update.pattern === undefined) ctx.addAt('pattern', 'PATTERN_REMOVED')
  else if (original.pattern !== update.pattern) ctx.addAt('pattern', 'PATTERN_CHANGED')
}
