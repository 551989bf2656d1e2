/**
 * Required rules, for properties in both versions: REQUIRED_ATTRIBUTE_REMOVED, and
 * REQUIRED_ATTRIBUTE_ADDED (REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED when the property has a default).
 */
import type { ObjectNode } from '../../model.js'
import type { DiffContext } from '../context.js'
import { javaMapKeyOrder } from '../java-hash-order.js'

export function compareRequired(ctx: DiffContext, original: ObjectNode, update: ObjectNode): void {
  if (original.required.length === 0 && update.required.length === 0) return
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
