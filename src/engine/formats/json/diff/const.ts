/** Const rule: a different `const` value is ENUM_ARRAY_CHANGED at `…/const`. */
import { jsonEquals } from '../json-values.js'
import type { ConstNode } from '../model.js'
import type { DiffContext } from './context.js'

export function compareConst(ctx: DiffContext, original: ConstNode, update: ConstNode): void {
  if (!jsonEquals(original.value, update.value)) ctx.addAt('const', 'ENUM_ARRAY_CHANGED')
}
