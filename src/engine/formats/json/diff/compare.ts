/**
 * The hub of the JSON Schema diff, as the registry's SchemaDiff decides: a schema added or
 * removed, `$ref` looked through, a combined schema against a plain one (a singleton, or a
 * branch of anyOf/oneOf/allOf that fits), a change of kind, the annotations, then the rules of
 * the kind (one file each).
 */
import { defaultsEqual } from '../json-values.js'
import type { JsonSchemaNode } from '../model.js'
import { compareArrays } from './array/index.js'
import { compareCombined } from './combined.js'
import { compareConst } from './const.js'
import type { DiffContext } from './context.js'
import { compareEnums } from './enum.js'
import { compareNot } from './not.js'
import { compareNumbers } from './number.js'
import { compareObjects } from './object/index.js'
import { compareStrings } from './string.js'

/** Adds to `ctx` every difference from `original` to `update` (either may be absent). */
export function compareSchemas(ctx: DiffContext, original: JsonSchemaNode | undefined, update: JsonSchemaNode | undefined): void {
  if (!original && !update) return
  if (!original) return ctx.add('SCHEMA_ADDED')
  if (!update) return ctx.add('SCHEMA_REMOVED')
  // The registry looks through one `$ref` on each side.
  const o = original.kind === 'ref' && original.target ? original.target : original
  const u = update.kind === 'ref' && update.target ? update.target : update
  if (o !== original || u !== update) ctx.compareOnce(o, u, (sub) => compareResolved(sub, o, u))
  else compareResolved(ctx, o, u)
}

function compareResolved(ctx: DiffContext, original: JsonSchemaNode, update: JsonSchemaNode): void {
  if (original.kind !== 'combined' && update.kind === 'combined') {
    if (update.subschemas.length === 1) {
      if (keepIfCompatible(ctx, original, update.subschemas[0])) return
    } else if (update.criterion !== 'allOf') {
      // An anyOf/oneOf that has a branch accepting everything the original did extends it.
      for (const branch of update.subschemas) {
        if (keepIfCompatible(ctx, original, branch)) return ctx.add('SUM_TYPE_EXTENDED')
      }
    }
  } else if (original.kind === 'combined' && update.kind !== 'combined') {
    if (original.subschemas.length === 1) {
      if (keepIfCompatible(ctx, original.subschemas[0], update)) return
    } else if (original.criterion === 'allOf') {
      // Keeping one of the allOf's constraints only narrows the product.
      for (const branch of original.subschemas) {
        if (keepIfCompatible(ctx, branch, update)) return ctx.add('PRODUCT_TYPE_NARROWED')
      }
    }
  }
  if (!sameKind(original, update)) {
    // Nothing is valid against `false`; anything is valid against an empty schema (or `true`).
    if (original.kind === 'false' || update.kind === 'empty' || update.kind === 'true') return
    // Kafka Connect's converter writes bytes as either kind: the registry lets them swap.
    if (original.connectType === 'bytes' && update.connectType === 'bytes') return
    return ctx.add('TYPE_CHANGED')
  }
  if (original.id !== update.id) ctx.add('ID_CHANGED')
  if (original.title !== update.title) ctx.add('TITLE_CHANGED')
  if (original.description !== update.description) ctx.add('DESCRIPTION_CHANGED')
  if (!defaultsEqual(original.defaultValue, update.defaultValue)) ctx.add('DEFAULT_CHANGED')
  switch (original.kind) {
    case 'string':
      return compareStrings(ctx, original, update as typeof original)
    case 'number':
      return compareNumbers(ctx, original, update as typeof original)
    case 'const':
      return compareConst(ctx, original, update as typeof original)
    case 'enum':
      return compareEnums(ctx, original, update as typeof original)
    case 'combined':
      return compareCombined(ctx, original, update as typeof original)
    case 'not':
      return compareNot(ctx, original, update as typeof original)
    case 'object':
      return compareObjects(ctx, original, update as typeof original)
    case 'array':
      return compareArrays(ctx, original, update as typeof original)
    default:
      return
  }
}

/** Compares in a sub-context and keeps the result only when it is compatible. */
function keepIfCompatible(ctx: DiffContext, original: JsonSchemaNode, update: JsonSchemaNode): boolean {
  const sub = ctx.sub()
  compareSchemas(sub, original, update)
  if (!sub.isCompatible()) return false
  ctx.addAll(sub.differences)
  return true
}

/** The registry compares kinds by Java class: integer and number are one class, `true` is not `{}`. */
function sameKind(a: JsonSchemaNode, b: JsonSchemaNode): boolean {
  return a.kind === b.kind
}
