/**
 * unevaluatedProperties / unevaluatedItems rules (2019-09, 2020-12): UNEVALUATED_*_ADDED (the rest
 * now allowed), _REMOVED (now `false`), _NARROWED (now constrained), _EXTENDED (no longer), or
 * the two schemas compared. `family` is `PROPERTIES` or `ITEMS`.
 */
import type { JsonSchemaNode } from '../model.js'
import { compareSchemas } from './compare.js'
import type { DiffContext } from './context.js'
import { isEmptySchema } from './object/content-model.js'

export function compareUnevaluated(
  ctx: DiffContext,
  keyword: string,
  family: string,
  original: JsonSchemaNode | undefined,
  update: JsonSchemaNode | undefined,
): void {
  if (!original && !update) return
  ctx.at(keyword, () => {
    const type = (change: string) => ctx.add(`UNEVALUATED_${family}_${change}`)
    if (!original) type(update!.kind === 'false' ? 'REMOVED' : 'NARROWED')
    else if (!update) type(original.kind === 'false' ? 'ADDED' : 'EXTENDED')
    else if (original.kind === 'false' && update.kind !== 'false') type('ADDED')
    else if (original.kind !== 'false' && update.kind === 'false') type('REMOVED')
    else if (isEmptySchema(original) && !isEmptySchema(update)) type('NARROWED')
    else if (!isEmptySchema(original) && isEmptySchema(update)) type('EXTENDED')
    else compareSchemas(ctx, original, update)
  })
}
