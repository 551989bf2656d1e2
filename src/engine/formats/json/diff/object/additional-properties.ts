/**
 * additionalProperties rules: ADDITIONAL_PROPERTIES_ADDED (other properties now allowed),
 * _REMOVED (now forbidden), _NARROWED (now typed), _EXTENDED (no longer typed), or the two
 * schemas compared.
 */
import type { ObjectNode } from '../../model.js'
import { compareSchemas } from '../compare.js'
import type { DiffContext } from '../context.js'

export function compareAdditionalProperties(ctx: DiffContext, original: ObjectNode, update: ObjectNode): void {
  ctx.at('additionalProperties', () => {
    if (original.additionalProperties !== update.additionalProperties) ctx.add(update.additionalProperties ? 'ADDITIONAL_PROPERTIES_ADDED' : 'ADDITIONAL_PROPERTIES_REMOVED')
    else if (!original.additionalSchema && update.additionalSchema) ctx.add('ADDITIONAL_PROPERTIES_NARROWED')
    else if (original.additionalSchema && !update.additionalSchema) ctx.add('ADDITIONAL_PROPERTIES_EXTENDED')
    else compareSchemas(ctx, original.additionalSchema, update.additionalSchema)
  })
}
