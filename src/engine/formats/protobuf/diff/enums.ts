/**
 * Enum comparison as the registry does it: values matched by number; a number only in the update
 * is ENUM_CONST_ADDED, only in the original ENUM_CONST_REMOVED, a renamed number ENUM_CONST_CHANGED
 * (all compatible). Numbers are walked in Java hash-set order. Pure.
 */
import type { EnumConstantElement, EnumElement } from '../model.js'
import type { DiffContext } from './context.js'
import { hashSetCopyCapacity, javaHashOrder, javaIntegerHash } from './java-order.js'

interface IndexedEnum {
  byTag: Map<number, EnumConstantElement>
  /** Numbers in Java HashMap order. */
  order: number[]
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
  const { byTag: originalByTag, order: originalOrder } = index(original)
  const { byTag: updateByTag, order: updateOrder } = index(update)
  const allTags = javaHashOrder([...originalOrder, ...updateOrder], javaIntegerHash, hashSetCopyCapacity(originalOrder.length))
  for (const tag of allTags) {
    const o = originalByTag.get(tag)
    const u = updateByTag.get(tag)
    const type = u === undefined ? 'ENUM_CONST_REMOVED' : o === undefined ? 'ENUM_CONST_ADDED' : o.name !== u.name ? 'ENUM_CONST_CHANGED' : null
    if (type !== null) ctx.inPath(String(tag), () => ctx.add(type))
  }
}
