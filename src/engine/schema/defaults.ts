/** Field default validation with Apache Avro 1.12.1's `Schema.isValidDefault` semantics. */
import type { Field, Schema } from './model.js'

const INT_MIN = -2147483648
const INT_MAX = 2147483647
// 2^63. JSON integers up to Long.MAX_VALUE round to it as JS numbers, so it is the inclusive bound.
const LONG_LIMIT = 9223372036854775808

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * Whether `value` (raw JSON) is a valid default for `schema`, as Avro 1.12.1 decides: strings for
 * string/bytes/enum/fixed, integral numbers in range for int/long, numbers for float/double, any
 * branch for unions, every field (or that field's own default) for records. `writtenAsFloat` says the
 * top-level number was written with a fraction or exponent (`1.0`, `1e3`): Jackson reads those as
 * doubles, which int and long reject. `seen` guards recursive records reached through field defaults.
 */
export function isValidDefault(schema: Schema, value: unknown, writtenAsFloat = false, seen: Set<Field> = new Set()): boolean {
  switch (schema.kind) {
    case 'primitive':
      switch (schema.type) {
        case 'null':
          return value === null
        case 'boolean':
          return typeof value === 'boolean'
        case 'int':
          return typeof value === 'number' && !writtenAsFloat && Number.isInteger(value) && value >= INT_MIN && value <= INT_MAX
        case 'long':
          return typeof value === 'number' && !writtenAsFloat && Number.isInteger(value) && value >= -LONG_LIMIT && value <= LONG_LIMIT
        case 'float':
        case 'double':
          return typeof value === 'number'
        case 'string':
        case 'bytes':
          return typeof value === 'string'
      }
      return false
    case 'enum':
    case 'fixed':
      return typeof value === 'string'
    case 'array':
      return Array.isArray(value) && value.every((item) => isValidDefault(schema.items, item, false, seen))
    case 'map':
      return isObject(value) && Object.keys(value).every((key) => isValidDefault(schema.values, value[key], false, seen))
    case 'union':
      return schema.types.some((branch) => isValidDefault(branch, value, writtenAsFloat, seen))
    case 'record':
      if (!isObject(value)) return false
      for (const field of schema.fields) {
        if (Object.prototype.hasOwnProperty.call(value, field.name)) {
          if (!isValidDefault(field.type, value[field.name], false, seen)) return false
        } else {
          if (field.default === undefined || seen.has(field)) return false
          seen.add(field)
          const ok = isValidDefault(field.type, field.default.value, false, seen)
          seen.delete(field)
          if (!ok) return false
        }
      }
      return true
  }
}
