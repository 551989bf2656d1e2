/** FIELD_ADDED, FIELD_REMOVED, FIELD_RENAMED, DEFAULT_ADDED/CHANGED/REMOVED and field docs of a record pair. */
import type { Field, RecordSchema } from '../schema/model.js'
import { jsonEqual } from '../schema/schema-equality.js'
import type { DiffContext } from './context.js'
import { diffDoc } from './docs.js'
import { typeLabel, valueLabel } from './labels.js'

/**
 * Pairs the fields of two records (by name, then through an alias on either side, as Avro's
 * schema resolution does), compares each pair and reports the unpaired ones: `b`'s fields in
 * order (added, renamed, changed), then `a`'s removed fields.
 */
export function diffFields(ctx: DiffContext, a: RecordSchema, b: RecordSchema): void {
  const partners = pairFields(a, b)
  const paired = new Set(partners.values())
  for (const field of b.fields) {
    const old = partners.get(field)
    if (old === undefined)
      ctx.add({ kind: 'FIELD_ADDED', path: field.pointer, message: `field '${field.name}' added ${defaultNote(field)}`, after: fieldSummary(field) })
    else diffFieldPair(ctx, old, field)
  }
  for (const field of a.fields) {
    if (paired.has(field)) continue
    ctx.add({
      kind: 'FIELD_REMOVED',
      path: field.pointer,
      message: `field '${field.name}' removed (it ${field.default ? 'had' : 'had no'} default)`,
      before: fieldSummary(field),
    })
  }
}

/** Maps each field of `b` to its partner in `a`: same name first, then an alias naming the other field. */
function pairFields(a: RecordSchema, b: RecordSchema): Map<Field, Field> {
  const partners = new Map<Field, Field>()
  const free = new Map(a.fields.map((f) => [f.name, f]))
  for (const field of b.fields) {
    const old = free.get(field.name)
    if (old === undefined) continue
    partners.set(field, old)
    free.delete(field.name)
  }
  for (const field of b.fields) {
    if (partners.has(field)) continue
    const old = field.aliases.map((alias) => free.get(alias)).find((f) => f !== undefined) ?? [...free.values()].find((f) => f.aliases.includes(field.name))
    if (old === undefined) continue
    partners.set(field, old)
    free.delete(old.name)
  }
  return partners
}

function diffFieldPair(ctx: DiffContext, a: Field, b: Field): void {
  const where = `field '${b.name}'`
  if (a.name !== b.name) {
    const through = b.aliases.includes(a.name) ? `alias '${a.name}' on the new field` : `alias '${b.name}' on the old field`
    ctx.add({ kind: 'FIELD_RENAMED', path: b.pointer, message: `field '${a.name}' renamed to '${b.name}' (through ${through})`, before: a.name, after: b.name })
  }
  diffDefault(ctx, a, b, where)
  diffDoc(ctx, a.doc, b.doc, { a: a.pointer, b: b.pointer }, where)
  ctx.compare(a.type, b.type, { a: `${a.pointer}/type`, b: `${b.pointer}/type` }, where)
}

function diffDefault(ctx: DiffContext, a: Field, b: Field, where: string): void {
  if (a.default === undefined && b.default === undefined) return
  if (a.default === undefined) {
    const after = b.default!.value
    ctx.add({ kind: 'DEFAULT_ADDED', path: `${b.pointer}/default`, message: `${where}: default ${valueLabel(after)} added`, after })
  } else if (b.default === undefined) {
    const before = a.default.value
    ctx.add({ kind: 'DEFAULT_REMOVED', path: `${a.pointer}/default`, message: `${where}: default ${valueLabel(before)} removed`, before })
  } else if (!jsonEqual(a.default.value, b.default.value)) {
    const [before, after] = [a.default.value, b.default.value]
    ctx.add({
      kind: 'DEFAULT_CHANGED',
      path: `${b.pointer}/default`,
      message: `${where}: default changed from ${valueLabel(before)} to ${valueLabel(after)}`,
      before,
      after,
    })
  }
}

function defaultNote(field: Field): string {
  return field.default === undefined
    ? `without a default (${typeLabel(field.type)})`
    : `with default ${valueLabel(field.default.value)} (${typeLabel(field.type)})`
}

/** A field as `before`/`after`: name, type label and default when it has one. */
function fieldSummary(field: Field): { name: string; type: string; default?: unknown } {
  return { name: field.name, type: typeLabel(field.type), ...(field.default === undefined ? {} : { default: field.default.value }) }
}
