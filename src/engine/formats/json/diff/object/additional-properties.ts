/**
 * additionalProperties rules: ADDITIONAL_PROPERTIES_ADDED (other properties now allowed),
 * _REMOVED (now forbidden), _NARROWED (now typed), _EXTENDED (no longer typed), or the two
 * schemas compared.
 */
import type { ObjectNode } from '../../model.js'
import { compareSchemas } from '../compare.js'
import type { DiffContext } from '../context.js'

export function compareAdditionalProperties(ctx: DiffContext, original: ObjectNode, update: ObjectNode): void {
  if (original.additionalProperties !== update.additionalProperties)
    ctx.addAt('additionalProperties', update.additionalProperties ? 'ADDITIONAL_PROPERTIES_ADDED' : 'ADDITIONAL_PROPERTIES_REMOVED')
  else if (!original.additionalSchema && update.additionalSchema) ctx.addAt('additionalProperties', 'ADDITIONAL_PROPERTIES_NARROWED')
  else if (original.additionalSchema && !update.additionalSchema) ctx.addAt('additionalProperties', 'ADDITIONAL_PROPERTIES_EXTENDED')
  else if (original.additionalSchema && update.additionalSchema)
    ctx.at('additionalProperties', () => compareSchemas(ctx, original.additionalSchema, update.additionalSchema))
}
