/** Enum rules: ENUM_ARRAY_EXTENDED (values added), ENUM_ARRAY_NARROWED (removed), ENUM_ARRAY_CHANGED. */
import { jsonEquals } from '../json-values.js'
import type { EnumNode } from '../model.js'
import type { DiffContext } from './context.js'

export function compareEnums(ctx: DiffContext, original: EnumNode, update: EnumNode): void {
  // The registry holds the values as sets: order and repetition do not count.
  const updateHasAll = containsAll(update.values, original.values)
  const originalHasAll = containsAll(original.values, update.values)
  if (updateHasAll && originalHasAll) return
  if (updateHasAll) ctx.addAt('enum', 'ENUM_ARRAY_EXTENDED')
  else if (originalHasAll) ctx.addAt('enum', 'ENUM_ARRAY_NARROWED')
  else ctx.addAt('enum', 'ENUM_ARRAY_CHANGED')
}

function containsAll(values: readonly unknown[], wanted: readonly unknown[]): boolean {
  return wanted.every((w) => values.some((v) => jsonEquals(v, w)))
}
