/** Field default validation with Apache Avro 1.12.1's `Schema.isValidDefault` semantics. */
import type { Field, Schema } from './model.js'

const INT_MIN = -2147483648
const INT_MAX = 2147483647
const LONG_LIMIT = 9223372036854775808 // 2^63: JSON numbers at or beyond it do not fit a Java long

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * Whether `value` (raw JSON) is a valid default for `schema`, as Avro 1.12.1 decides: strings for
 * string/bytes/enum/fixed, integral numbers in range for int/long, numbers (or numeric strings) for
 * float/double, any branch for unions, every field (or its own default) for records.
 * `seen` guards recursive record types reached through defaults of nested fields.
 */
export function isValidDefault(schema: Schema, value: unknown, seen: Set<Field> = new Set()): boolean {
  switch (schema.kind) {
    case 'primitive':
      switch (schema.type) {
        case 'null':
          return value === null
        case 'boolean':
          return typeof value === 'boolean'
        case 'int':
          return typeof value === 'number' && Number.isInteger(value) && value >= INT_MIN && value <= INT_MAX
        case 'long':
          return typeof value === 'number' && Number.isInteger(value) && value >= -LONG_LIMIT && value < LONG_LIMIT
        case 'float':
        case 'double':
          return typeof value === 'number' || (typeof value === 'string' && isFloatText(value))
        case 'string':
        case 'bytes':
          return typeof value === 'string'
      }
      return false
    case 'enum':
    case 'fixed':
      return typeof value === 'string'
    case 'array':
      return Array.isArray(value) && value.every((item) => isValidDefault(schema.items, item, seen))
    case 'map':
      return isObject(value) && Object.keys(value).every((key) => isValidDefault(schema.values, value[key], seen))
    case 'union':
      return schema.types.some((branch) => isValidDefault(branch, value, seen))
    case 'record':
      if (!isObject(value)) return false
      for (const field of schema.fields) {
        if (Object.prototype.hasOwnProperty.call(value, field.name)) {
          if (!isValidDefault(field.type, value[field.name], seen)) return false
        } else {
          if (field.default === undefined || seen.has(field)) return false
          seen.add(field)
          const ok = isValidDefault(field.type, field.default.value, seen)
          seen.delete(field)
          if (!ok) return false
        }
      }
      return true
  }
}

/** Java's `Double.parseDouble` accepts decimal and special values such as "NaN" and "Infinity". */
function isFloatText(text: string): boolean {
  const trimmed = text.trim()
  if (/^[+-]?(NaN|Infinity)$/.test(trimmed)) return true
  return /^[+-]?(\d+\.?\d*([eE][+-]?\d+)?|\.\d+([eE][+-]?\d+)?)[fFdD]?$/.test(trimmed)
}
