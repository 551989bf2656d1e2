/**
 * One numeric bound (`maxLength`, `minimum`, `maxItems`…) compared the registry's way: added,
 * removed, increased or decreased, reported at the keyword's path.
 */
import type { DiffContext } from './context.js'

/** The four difference types of one bound, e.g. `MAX_LENGTH_ADDED`… for `MAX_LENGTH`. */
export interface BoundTypes {
  added: string
  removed: string
  increased: string
  decreased: string
}

/** `MAX_LENGTH` → its four types. */
export function boundTypes(prefix: string): BoundTypes {
  return { added: `${prefix}_ADDED`, removed: `${prefix}_REMOVED`, increased: `${prefix}_INCREASED`, decreased: `${prefix}_DECREASED` }
}

/** Adds the difference between two values of the bound `keyword`, if they differ. */
export function compareBound(ctx: DiffContext, keyword: string, original: number | undefined, update: number | undefined, types: BoundTypes): void {
  if (original === update) return
  if (original === undefined) ctx.addAt(keyword, types.added)
  else if (update === undefined) ctx.addAt(keyword, types.removed)
  else if (original < update) ctx.addAt(keyword, types.increased)
  else if (original > update) ctx.addAt(keyword, types.decreased)
}
