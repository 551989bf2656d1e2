/**
 * Enum comparison as the registry does it: values matched by number; a number only in the update
 * is ENUM_CONST_ADDED, only in the original ENUM_CONST_REMOVED, a renamed number ENUM_CONST_CHANGED
 * (all compatible). Numbers are walked in Java hash-set order. Pure.
 */
import type { EnumConstantElement, EnumElement } from '../model.js'
import type { DiffContext } from './context.js'
import { hashSetCopyCapacity, javaHashOrder, javaIntegerHash } from './java-order.js'

function byTag(element: EnumElement): Map<number, EnumConstantElement> {
  // A repeated number (an alias) keeps its first position and its last constant, like Java's HashMap.
  const map = new Map<number, EnumConstantElement>()
  for (const constant of element.constants) map.set(constant.tag, constant)
  return map
}

export function compareEnums(ctx: DiffContext, original: EnumElement, update: EnumElement): void {
  const originalByTag = byTag(original)
  const updateByTag = byTag(update)
  const originalOrder = javaHashOrder(originalByTag.keys(), javaIntegerHash)
  const updateOrder = javaHashOrder(updateByTag.keys(), javaIntegerHash)
  const allTags = javaHashOrder([...originalOrder, ...updateOrder], javaIntegerHash, hashSetCopyCapacity(originalOrder.length))
  for (const tag of allTags) {
    ctx.inPath(String(tag), () => {
      const o = originalByTag.get(tag)
      const u = updateByTag.get(tag)
      if (u === undefined) ctx.add('ENUM_CONST_REMOVED')
      else if (o === undefined) ctx.add('ENUM_CONST_ADDED')
      else if (o.name !== u.name) ctx.add('ENUM_CONST_CHANGED')
    })
  }
}
