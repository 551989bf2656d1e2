/**
 * Dependency rules (`dependencies`, or `dependentRequired`/`dependentSchemas`), reported under
 * `#/dependencies/<name>`: DEPENDENCY_ARRAY_ADDED/REMOVED/EXTENDED/NARROWED/CHANGED for lists of
 * names, DEPENDENCY_SCHEMA_ADDED/REMOVED for schemas (compared when in both).
 */
import type { ObjectNode } from '../../model.js'
import { compareSchemas } from '../compare.js'
import type { DiffContext } from '../context.js'
import { javaKeyUnionOrder } from '../java-hash-order.js'

export function compareDependencies(ctx: DiffContext, original: ObjectNode, update: ObjectNode): void {
  if (original.propertyDependencies.size + original.schemaDependencies.size + update.propertyDependencies.size + update.schemaDependencies.size === 0) return
  ctx.at('dependencies', () => {
    for (const name of javaKeyUnionOrder(original.propertyDependencies.keys(), update.propertyDependencies.keys())) {
      const o = original.propertyDependencies.get(name)
      const u = update.propertyDependencies.get(name)
      if (!u) ctx.addAt(name, 'DEPENDENCY_ARRAY_REMOVED')
      else if (!o) ctx.addAt(name, 'DEPENDENCY_ARRAY_ADDED')
      else {
        const grown = o.every((x) => u.includes(x))
        const shrunk = u.every((x) => o.includes(x))
        if (grown && shrunk) continue
        ctx.addAt(name, grown ? 'DEPENDENCY_ARRAY_EXTENDED' : shrunk ? 'DEPENDENCY_ARRAY_NARROWED' : 'DEPENDENCY_ARRAY_CHANGED')
      }
    }
    for (const name of javaKeyUnionOrder(original.schemaDependencies.keys(), update.schemaDependencies.keys())) {
      const o = original.schemaDependencies.get(name)
      const u = update.schemaDependencies.get(name)
      if (!u) ctx.addAt(name, 'DEPENDENCY_SCHEMA_REMOVED')
      else if (!o) ctx.addAt(name, 'DEPENDENCY_SCHEMA_ADDED')
      else ctx.at(name, () => compareSchemas(ctx, o, u))
    }
  })
}
