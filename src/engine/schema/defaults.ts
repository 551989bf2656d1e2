/** Field default validation with Apache Avro 1.12.1's `Schema.isValidDefault` semantics. */
import { escapePointerSegment } from './locate.js'
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
 * branch for unions, every field (or that field's own default) for records. `doubles` holds the JSON
 * Pointers of integral numbers written `1.0` or `1e3` (Jackson reads them as doubles, which int and
 * long reject) and `pointer` is where `value` is. `seen` guards recursive records reached through
 * field defaults.
 */
export function isValidDefault(schema: Schema, value: unknown, doubles?: ReadonlySet<string>, pointer?: string, seen?: Set<Field>): boolean {
  const at = doubles !== undefined && doubles.size > 0 ? pointer : undefined
  const writtenAsFloat = at !== undefined && doubles!.has(at)
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
      return Array.isArray(value) && value.every((item, i) => isValidDefault(schema.items, item, doubles, at === undefined ? undefined : `${at}/${i}`, seen))
    case 'map':
      return (
        isObject(value) &&
        Object.keys(value).every((key) =>
          isValidDefault(schema.values, value[key], doubles, at === undefined ? undefined : `${at}/${escapePointerSegment(key)}`, seen),
        )
      )
    case 'union':
      for (const branch of schema.types) if (isValidDefault(branch, value, doubles, at, seen)) return true
      return false
    case 'record':
      if (!isObject(value)) return false
      for (const field of schema.fields) {
        if (Object.prototype.hasOwnProperty.call(value, field.name)) {
          if (!isValidDefault(field.type, value[field.name], doubles, at === undefined ? undefined : `${at}/${escapePointerSegment(field.name)}`, seen))
            return false
        } else {
          // Created only here: most defaults (null, a number, a string) never reach a record.
          seen ??= new Set()
          if (field.default === undefined || seen.has(field)) return false
          seen.add(field)
          const ok = isValidDefault(field.type, field.default.value, undefined, undefined, seen)
          seen.delete(field)
          if (!ok) return false
        }
      }
      return true
  }
}
