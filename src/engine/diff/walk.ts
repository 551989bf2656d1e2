/** The diff walk: pairs nodes, reports TYPE_CHANGED/TYPE_PROMOTED, LOGICAL_TYPE_CHANGED and FIXED_SIZE_CHANGED, and dispatches the rest. */
import { isPromotable } from '../compat/promotions.js'
import { isNamed, type Schema } from '../schema/model.js'
import type { DiffContext, Sites } from './context.js'
import { diffEnum } from './enums.js'
import { diffFields } from './fields.js'
import { logicalLabel, typeLabel } from './labels.js'
import { diffNamed } from './named.js'
import type { SchemaChange } from './types.js'
import { branchKey, diffUnion } from './unions.js'

/**
 * The semantic differences from schema `a` (old) to `b` (new), in a stable order: a depth-first
 * walk of `b` with what only `a` has reported after its siblings. Nested and recursive types are
 * followed; each pair of named types is compared once. Pure; never throws on parsed schemas.
 */
export function diffSchemas(a: Schema, b: Schema): SchemaChange[] {
  const changes: SchemaChange[] = []
  const seen = new Map<Schema, Set<Schema>>()
  const ctx: DiffContext = {
    add: (change) => changes.push(change),
    compare(x, y, sites, where) {
      if (isNamed(x) && isNamed(y)) {
        let partners = seen.get(x)
        if (partners?.has(y)) return
        if (partners === undefined) seen.set(x, (partners = new Set()))
        partners.add(y)
      }
      compareNodes(ctx, x, y, sites, where)
    },
  }
  ctx.compare(a, b, { a: '', b: '' }, 'schema')
  return changes
}

function compareNodes(ctx: DiffContext, a: Schema, b: Schema, sites: Sites, where: string): void {
  if (a.kind !== b.kind || (a.kind === 'primitive' && a.type !== (b as typeof a).type)) return typeChanged(ctx, a, b, sites, where)
  const [before, after] = [logicalLabel(a), logicalLabel(b)]
  if (before !== after) {
    ctx.add({
      kind: 'LOGICAL_TYPE_CHANGED',
      path: sites.b,
      message: `${where}: logical type ${before === undefined ? `${after} added` : after === undefined ? `${before} removed` : `changed from ${before} to ${after}`}`,
      ...(before === undefined ? {} : { before }),
      ...(after === undefined ? {} : { after }),
    })
  }
  if (isNamed(a)) diffNamed(ctx, a, b as typeof a)
  switch (a.kind) {
    case 'array':
      return ctx.compare(a.items, (b as typeof a).items, { a: `${a.pointer}/items`, b: `${b.pointer}/items` }, `${where} items`)
    case 'map':
      return ctx.compare(a.values, (b as typeof a).values, { a: `${a.pointer}/values`, b: `${b.pointer}/values` }, `${where} values`)
    case 'union':
      return diffUnion(ctx, a, b as typeof a, where)
    case 'record':
      return diffFields(ctx, a, b as typeof a)
    case 'enum':
      return diffEnum(ctx, a, b as typeof a)
    case 'fixed': {
      const size = (b as typeof a).size
      if (a.size !== size) {
        ctx.add({
          kind: 'FIXED_SIZE_CHANGED',
          path: `${b.pointer}/size`,
          message: `fixed '${a.fullName}': size changed from ${a.size} to ${size}`,
          before: a.size,
          after: size,
        })
      }
    }
  }
}

/**
 * A node of another kind or primitive type: TYPE_PROMOTED when `b` reads `a`'s data by Avro
 * promotion, else TYPE_CHANGED. A type that became (or stopped being) a branch of a union is then
 * compared with that branch, so changes inside it are still reported.
 */
function typeChanged(ctx: DiffContext, a: Schema, b: Schema, sites: Sites, where: string): void {
  const [before, after] = [typeLabel(a), typeLabel(b)]
  const promoted = a.kind === 'primitive' && b.kind === 'primitive' && isPromotable(b.type, a.type)
  const narrowed = a.kind === 'primitive' && b.kind === 'primitive' && isPromotable(a.type, b.type)
  const note = promoted ? ` (promotion: ${b.type} reads ${a.type})` : narrowed ? ` (only ${a.type} reads ${b.type} by promotion)` : ''
  ctx.add({
    kind: promoted ? 'TYPE_PROMOTED' : 'TYPE_CHANGED',
    path: sites.b,
    message: `${where}: type changed from ${before} to ${after}${note}`,
    before,
    after,
  })
  if (b.kind === 'union' && a.kind !== 'union') {
    const i = b.types.findIndex((branch) => branchKey(branch) === branchKey(a))
    if (i >= 0) ctx.compare(a, b.types[i], { a: sites.a, b: `${b.pointer}/${i}` }, where)
  } else if (a.kind === 'union' && b.kind !== 'union') {
    const j = a.types.findIndex((branch) => branchKey(branch) === branchKey(b))
    if (j >= 0) ctx.compare(a.types[j], b, { a: `${a.pointer}/${j}`, b: sites.b }, where)
  }
}
