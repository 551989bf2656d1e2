/** Short human labels of schema types, used in change messages and `before`/`after` values. */
import type { Schema } from '../schema/model.js'

/**
 * A one-line label of a type: `long`, `long (timestamp-millis)`, `record com.acme.User`,
 * `array<string>`, `map<long>`, `[null, string]`. Named types are labelled by name, so it terminates.
 */
export function typeLabel(schema: Schema): string {
  const logical = logicalLabel(schema)
  const base = baseLabel(schema)
  return logical === undefined ? base : `${base} (${logical})`
}

/** The logical type with its decimal parameters (`decimal(10,2)`), or undefined. */
export function logicalLabel(schema: Schema): string | undefined {
  if (schema.logicalType === undefined) return undefined
  if (schema.logicalType !== 'decimal') return schema.logicalType
  return `decimal(${String(schema.props.precision)},${String(schema.props.scale ?? 0)})`
}

function baseLabel(schema: Schema): string {
  switch (schema.kind) {
    case 'primitive':
      return schema.type
    case 'array':
      return `array<${typeLabel(schema.items)}>`
    case 'map':
      return `map<${typeLabel(schema.values)}>`
    case 'union':
      return `[${schema.types.map(typeLabel).join(', ')}]`
    default:
      return `${schema.kind} ${schema.fullName}`
  }
}

/** A JSON value shortened for a message. */
export function valueLabel(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value)
  return text.length > 40 ? `${text.slice(0, 37)}...` : text
}
