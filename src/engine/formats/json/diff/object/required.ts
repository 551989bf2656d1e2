/**
 * Required rules, for properties in both versions: REQUIRED_ATTRIBUTE_REMOVED, and
 * REQUIRED_ATTRIBUTE_ADDED (REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED when the property has a default).
 */
import type { ObjectNode } from '../../model.js'
import type { DiffContext } from '../context.js'
import { mapCapacity, sortByBucket } from '../java-hash-order.js'

export function compareRequired(ctx: DiffContext, original: ObjectNode, update: ObjectNode): void {
  if (sameMembers(original.required, update.required)) return
  // The registry walks the original's properties in HashMap order; only the changed ones need ordering.
  const changed: Array<{ key: string; index: number; type: string }> = []
  let index = 0
  for (const name of original.properties.keys()) {
    const updated = update.properties.get(name)
    if (updated) {
      const wasRequired = original.required.includes(name)
      const isRequired = update.required.includes(name)
      if (wasRequired && !isRequired) changed.push({ key: name, index, type: 'REQUIRED_ATTRIBUTE_REMOVED' })
      else if (!wasRequired && isRequired)
        changed.push({ key: name, index, type: updated.hasDefault ? 'REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED' : 'REQUIRED_ATTRIBUTE_ADDED' })
    }
    index++
  }
  if (changed.length === 0) return
  ctx.enter('required')
  for (const { key, type } of changed.length > 1 ? sortByBucket(changed, mapCapacity(original.properties.size)) : changed) ctx.addAt(key, type)
  ctx.leave()
}

/** Whether two `required` lists name the same properties (then no property changed status). */
function sameMembers(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i] && !b.includes(a[i])) return false
  return true
}
