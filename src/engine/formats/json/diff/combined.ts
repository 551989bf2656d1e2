/**
 * Combined schemas (allOf/anyOf/oneOf) against each other: COMBINED_TYPE_EXTENDED or _CHANGED for
 * the criterion, SUM/PRODUCT_TYPE_EXTENDED/NARROWED for the number of distinct subschemas, then the
 * subschemas matched pairwise (each original with a compatible update); when no matching covers
 * the smaller side, COMBINED_TYPE_SUBSCHEMAS_CHANGED.
 */
import type { CombinedNode, JsonSchemaNode } from '../model.js'
import { compareSchemas } from './compare.js'
import type { DiffContext, JsonDifference } from './context.js'
import { maximumMatching } from './matching.js'

export function compareCombined(ctx: DiffContext, original: CombinedNode, update: CombinedNode): void {
  if (compareCriteria(ctx, original, update) === 'COMBINED_TYPE_CHANGED') return
  const originals = distinct(ctx, original.subschemas)
  const updates = distinct(ctx, update.subschemas)
  if (originals.length < updates.length) ctx.add(update.criterion === 'allOf' ? 'PRODUCT_TYPE_EXTENDED' : 'SUM_TYPE_EXTENDED')
  else if (originals.length > updates.length) ctx.add(original.criterion === 'allOf' ? 'PRODUCT_TYPE_NARROWED' : 'SUM_TYPE_NARROWED')

  const edges = new Map<number, JsonDifference[]>()
  originals.forEach((o, i) => {
    ctx.at(`${original.criterion}/${i}`, () => {
      updates.forEach((u, j) => {
        const sub = ctx.sub()
        compareSchemas(sub, o, u)
        if (sub.isCompatible()) edges.set(i * updates.length + j, sub.differences)
      })
    })
  })
  // Unchanged subschemas, in the same order, match themselves: the common case needs no search.
  const diagonal = originals.length === updates.length && originals.every((_, i) => edges.get(i * updates.length + i)?.length === 0)
  const matching = diagonal
    ? originals.map((_, i): [number, number] => [i, i])
    : maximumMatching(originals.length, updates.length, (i, j) => edges.get(i * updates.length + j)?.length)
  for (const [i, j] of matching) ctx.addAll(edges.get(i * updates.length + j)!)
  if (matching.length < Math.min(originals.length, updates.length)) ctx.add('COMBINED_TYPE_SUBSCHEMAS_CHANGED')
}

/**
 * Moving to anyOf only widens; singletons are interchangeable; a singleton may become a oneOf; an
 * allOf may shrink to one schema of any criterion. Every other change of criterion is a change.
 */
function compareCriteria(ctx: DiffContext, original: CombinedNode, update: CombinedNode): string | undefined {
  if (original.criterion === update.criterion) return undefined
  const singleOriginal = original.subschemas.length === 1
  const singleUpdate = update.subschemas.length === 1
  const extended =
    update.criterion === 'anyOf' ||
    (singleOriginal && singleUpdate) ||
    (singleOriginal && update.criterion === 'oneOf') ||
    (singleUpdate && original.criterion === 'allOf')
  const type = extended ? 'COMBINED_TYPE_EXTENDED' : 'COMBINED_TYPE_CHANGED'
  ctx.add(type)
  return type
}

/** The subschemas without repeats (the registry collects them in a set of schemas). */
function distinct(ctx: DiffContext, subschemas: readonly JsonSchemaNode[]): readonly JsonSchemaNode[] {
  // Schemas of different kinds never repeat each other; most unions (`["null", "string"]`) stop here.
  if (new Set(subschemas.map((s) => s.kind)).size === subschemas.length) return subschemas
  const seen = new Set<number>()
  return subschemas.filter((s) => {
    const key = ctx.nodeKey(s)
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}
