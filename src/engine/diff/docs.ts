/** DOC_CHANGED: a field's or a named type's `doc` added, changed or removed. */
import type { DiffContext } from './context.js'

/** Reports a doc difference; `owner` is the JSON Pointer of the field or type on each side. */
export function diffDoc(ctx: DiffContext, before: string | undefined, after: string | undefined, owner: { a: string; b: string }, where: string): void {
  if (before === after) return
  const verb = before === undefined ? 'added' : after === undefined ? 'removed' : 'changed'
  ctx.add({
    kind: 'DOC_CHANGED',
    path: after === undefined ? `${owner.a}/doc` : `${owner.b}/doc`,
    message: `${where}: doc ${verb}`,
    ...(before === undefined ? {} : { before }),
    ...(after === undefined ? {} : { after }),
  })
}
