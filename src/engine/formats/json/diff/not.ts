/**
 * Not rule: the negated schemas are compared the other way round (a wider `not` accepts less);
 * NOT_TYPE_NARROWED when that comparison is compatible, NOT_TYPE_EXTENDED otherwise.
 */
import type { NotNode } from '../model.js'
import { compareSchemas } from './compare.js'
import type { DiffContext } from './context.js'

export function compareNot(ctx: DiffContext, original: NotNode, update: NotNode): void {
  ctx.at('not', () => {
    const sub = ctx.sub()
    compareSchemas(sub, update.schema, original.schema)
    ctx.add(sub.isCompatible() ? 'NOT_TYPE_NARROWED' : 'NOT_TYPE_EXTENDED')
  })
}
