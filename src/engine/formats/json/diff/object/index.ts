/** Object rules, in the registry's order: required, properties, dependencies, additional and unevaluated properties, property counts. */
import type { ObjectNode } from '../../model.js'
import { boundTypes, compareBound } from '../bounds.js'
import type { DiffContext } from '../context.js'
import { compareAdditionalProperties } from './additional-properties.js'
import { compareDependencies } from './dependencies.js'
import { compareProperties } from './properties.js'
import { compareRequired } from './required.js'
import { compareUnevaluated } from '../unevaluated.js'

const MAX_PROPERTIES = boundTypes('MAX_PROPERTIES')
const MIN_PROPERTIES = boundTypes('MIN_PROPERTIES')

export function compareObjects(ctx: DiffContext, original: ObjectNode, update: ObjectNode): void {
  compareRequired(ctx, original, update)
  compareProperties(ctx, original, update)
  compareDependencies(ctx, original, update)
  compareAdditionalProperties(ctx, original, update)
  compareUnevaluated(ctx, 'unevaluatedProperties', 'PROPERTIES', original.unevaluated, update.unevaluated)
  compareBound(ctx, 'maxProperties', original.maxProperties, update.maxProperties, MAX_PROPERTIES)
  compareBound(ctx, 'minProperties', original.minProperties, update.minProperties, MIN_PROPERTIES)
}
