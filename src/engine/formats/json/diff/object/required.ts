/**
 * Required rules, for properties in both versions: REQUIRED_ATTRIBUTE_REMOVED, and
 * REQUIRED_ATTRIBUTE_ADDED (REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED when the property has a default).
 */
import type { ObjectNode } from '../../model.js'
import type { DiffContext } from '../context.js'
import { javaMapKeyOrder } from '../java-hash-order.js'

export function compareRequired(ctx: DiffContext, original: ObjectNode, update: ObjectNode): void {
  if (sameMembers(original.required, update.required)) return
  ctx.enter('required')
  for (const name of javaMapKeyOrder(original.properties.keys())) {
    const updated = update.properties.get(name)
    if (!updated) continue
    const wasRequired = original.required.includes(name)
    const isRequired = update.required.includes(name)
    if (wasRequired && !isRequired) ctx.addAt(name, 'REQUIRED_ATTRIBUTE_REMOVED')
    else if (!wasRequired && isRequired) ctx.addAt(name, updated.hasDefault ? 'REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED' : 'REQUIRED_ATTRIBUTE_ADDED')
  }
  ctx.leave()
}

/** Whether two `required` lists name the same properties (then no property changed status). */
function sameMembers(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i] && !b.includes(a[i])) return false
  return true
}
