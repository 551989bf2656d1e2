/** UNION_BRANCH_ADDED and UNION_BRANCH_REMOVED; paired branches are compared like any other nodes. */
import { isNamed, type Schema, type UnionSchema } from '../schema/model.js'
import type { DiffContext } from './context.js'
import { typeLabel } from './labels.js'

/**
 * Pairs the branches of two unions (same primitive, array, map or full name; then a named branch
 * whose aliases name the old one; then, when exactly one branch is left on each side, those two),
 * compares the pairs and reports the rest as added (in `b`'s order) and removed.
 */
export function diffUnion(ctx: DiffContext, a: UnionSchema, b: UnionSchema, where: string): void {
  const partners = pairBranches(a.types, b.types)
  const paired = new Set(partners.values())
  b.types.forEach((branch, i) => {
    const j = partners.get(i)
    const site = `${b.pointer}/${i}`
    if (j === undefined)
      ctx.add({ kind: 'UNION_BRANCH_ADDED', path: site, message: `${where}: union branch ${typeLabel(branch)} added`, after: typeLabel(branch) })
    else ctx.compare(a.types[j], branch, { a: `${a.pointer}/${j}`, b: site }, where)
  })
  a.types.forEach((branch, j) => {
    if (paired.has(j)) return
    ctx.add({
      kind: 'UNION_BRANCH_REMOVED',
      path: `${a.pointer}/${j}`,
      message: `${where}: union branch ${typeLabel(branch)} removed`,
      before: typeLabel(branch),
    })
  })
}

/** The identity of a branch inside a union (Avro allows one branch per key): primitive type, `array`, `map` or kind and full name. */
export function branchKey(schema: Schema): string {
  if (schema.kind === 'primitive') return schema.type
  return isNamed(schema) ? `${schema.kind} ${schema.fullName}` : schema.kind
}

/** Maps branch indexes of `b` to branch indexes of `a`. */
function pairBranches(a: readonly Schema[], b: readonly Schema[]): Map<number, number> {
  const partners = new Map<number, number>()
  const free = new Map(a.map((branch, j) => [branchKey(branch), j]))
  b.forEach((branch, i) => {
    const j = free.get(branchKey(branch))
    if (j === undefined) return
    partners.set(i, j)
    free.delete(branchKey(branch))
  })
  b.forEach((branch, i) => {
    if (partners.has(i) || !isNamed(branch)) return
    const entry = [...free].find(([, j]) => a[j].kind === branch.kind && isNamed(a[j]) && branch.aliases.includes(a[j].fullName))
    if (entry === undefined) return
    partners.set(i, entry[1])
    free.delete(entry[0])
  })
  const unpaired = b.map((_, i) => i).filter((i) => !partners.has(i))
  if (unpaired.length === 1 && free.size === 1) partners.set(unpaired[0], [...free.values()][0])
  return partners
}
