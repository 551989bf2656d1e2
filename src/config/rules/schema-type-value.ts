import type { CompatibilityPolicy, SchemaType } from '../../engine/formats/index.js'
import { describeValue, type RuleContext } from './rule.js'

const SCHEMA_TYPES: readonly SchemaType[] = ['AVRO', 'JSON', 'PROTOBUF']
const POLICIES: readonly CompatibilityPolicy[] = ['STRICT', 'LENIENT']

/** Validates a `schemaType` value (any letter case) at `path`: the upper-case type, or undefined after reporting an error. */
export function validateSchemaType(value: unknown, path: string, context: RuleContext): SchemaType | undefined {
  const upper = typeof value === 'string' ? value.trim().toUpperCase() : undefined
  const type = SCHEMA_TYPES.find((t) => t === upper)
  if (type === undefined) context.error(path, `${describeValue(value)} is not a schema type (${SCHEMA_TYPES.join(', ')})`)
  return type
}

/** Validates a JSON Schema `compatibilityPolicy` value (any letter case) at `path`: STRICT or LENIENT, or undefined after reporting an error. */
export function validatePolicy(value: unknown, path: string, context: RuleContext): CompatibilityPolicy | undefined {
  const upper = typeof value === 'string' ? value.trim().toUpperCase() : undefined
  const policy = POLICIES.find((p) => p === upper)
  if (policy === undefined) context.error(path, `${describeValue(value)} is not a compatibility policy (${POLICIES.join(', ')})`)
  return policy
}
