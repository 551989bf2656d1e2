/**
 * Enum comparison as the registry does it: values matched by number; a number only in the update
 * is ENUM_CONST_ADDED, only in the original ENUM_CONST_REMOVED, a renamed number ENUM_CONST_CHANGED
 * (all compatible). Numbers are walked in Java hash-set order. Pure.
 */
import type { EnumConstantElement, EnumElement } from '../model.js'
import type { DiffContext } from './context.js'
import { javaHashOrder, javaIntegerHash, javaUnionOrder } from './java-order.js'

interface IndexedEnum {
  byTag: Map<number, EnumConstantElement>
  /** Numbers in Java HashMap order. */
  order: number[]
  /** The union order against an update with no new numbers (made on first use). */
  union?: number[]
}

const indexed = new WeakMap<EnumElement, IndexedEnum>()

function index(element: EnumElement): IndexedEnum {
  let found = indexed.get(element)
  if (found === undefined) {
    const map = byTag(element)
    found = { byTag: map, order: javaHashOrder(map.keys(), javaIntegerHash) }
    indexed.set(element, found)
  }
  return found
}

function byTag(element: EnumElement): Map<number, EnumConstantElement> {
  // A repeated number (an alias) keeps its first position and its last constant, like Java's HashMap.
  const map = new Map<number, EnumConstantElement>()
  for (const constant of element.constants) map.set(constant.tag, constant)
  return map
}

export function compareEnums(ctx: DiffContext, original: EnumElement, update: EnumElement): void {
  const o = index(original)
  const { byTag: originalByTag, order: originalOrder } = o
  const { byTag: updateByTag, order: updateOrder } = index(update)
  if (sameConstants(originalByTag, updateByTag)) return
  // No new numbers: the union's order is the original's own (kept), whatever the update lacks.
  const inOriginal = (tag: number) => originalByTag.has(tag)
  const allTags = updateOrder.every(inOriginal)
    ? (o.union ??= javaUnionOrder(originalOrder, [], inOriginal, javaIntegerHash))
    : javaUnionOrder(originalOrder, updateOrder, inOriginal, javaIntegerHash)
  for (const tag of allTags) {
    const o = originalByTag.get(tag)
    const u = updateByTag.get(tag)
    const type = u === undefined ? 'ENUM_CONST_REMOVED' : o === undefined ? 'ENUM_CONST_ADDED' : o.name !== u.name ? 'ENUM_CONST_CHANGED' : null
    if (type !== null) ctx.inPath(String(tag), () => ctx.add(type))
  }
}

/** The same numbers with the same names on both sides: nothing to report (the usual case between versions). */
function sameConstants(original: ReadonlyMap<number, EnumConstantElement>, update: ReadonlyMap<number, EnumConstantElement>): boolean {
  if (original.size !== update.size) return false
  for (const [tag, constant] of original) if (update.get(tag)?.name !== constant.name) return false
  return true
}
