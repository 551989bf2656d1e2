/** A property or item present on one side only, compared with the schema the other side's partially open model gives it. */
import type { JsonSchemaNode } from '../model.js'
import { compareSchemas } from './compare.js'
import type { DiffContext } from './context.js'

/** Keeps the comparison's differences, then `isCovered` when it is compatible, else `notCovered`. */
export function compareCovered(ctx: DiffContext, original: JsonSchemaNode, update: JsonSchemaNode, isCovered: string, notCovered: string): void {
  const sub = ctx.sub()
  compareSchemas(sub, original, update)
  ctx.addAll(sub.differences)
  ctx.add(sub.isCompatible() ? isCovered : notCovered)
}
