/** Structural equality of schema nodes as Avro Java's `Schema.equals` defines it. */
import type { Field, Schema } from './model.js'

/**
 * Whether two schema nodes are equal as Avro Java's `Schema.equals` decides: same kind, full names,
 * symbols, size, items, values, branches, fields (name, type, default, order, properties) and
 * properties; `doc` and aliases are ignored. Terminates on recursive types.
 */
export function schemasEqual(a: Schema, b: Schema, assumed: Map<Schema, Set<Schema>> = new Map()): boolean {
  if (a === b) return true
  if (a.kind !== b.kind || !jsonEqual(a.props, b.props)) return false
  switch (a.kind) {
    case 'primitive':
      return a.type === (b as typeof a).type
    case 'array':
      return schemasEqual(a.items, (b as typeof a).items, assumed)
    case 'map':
      return schemasEqual(a.values, (b as typeof a).values, assumed)
    case 'union': {
      const other = b as typeof a
      return a.types.length === other.types.length && a.types.every((branch, i) => schemasEqual(branch, other.types[i], assumed))
    }
    case 'enum': {
      const other = b as typeof a
      return a.fullName === other.fullName && a.symbols.length === other.symbols.length && a.symbols.every((s, i) => s === other.symbols[i])
    }
    case 'fixed':
      return a.fullName === (b as typeof a).fullName && a.size === (b as typeof a).size
    case 'record': {
      const other = b as typeof a
      if (a.fullName !== other.fullName || a.fields.length !== other.fields.length) return false
      // Pairs under comparison are assumed equal, as Avro does, so recursive records terminate.
      let pending = assumed.get(a)
      if (pending?.has(other)) return true
      if (!pending) assumed.set(a, (pending = new Set()))
      pending.add(other)
      return a.fields.every((field, i) => fieldsEqual(field, other.fields[i], assumed))
    }
  }
}

function fieldsEqual(a: Field, b: Field, assumed: Map<Schema, Set<Schema>>): boolean {
  return (
    a.name === b.name &&
    (a.order ?? 'ascending') === (b.order ?? 'ascending') &&
    (a.default === undefined) === (b.default === undefined) &&
    (a.default === undefined || jsonEqual(a.default.value, b.default!.value)) &&
    jsonEqual(a.props, b.props) &&
    schemasEqual(a.type, b.type, assumed)
  )
}

/** Deep equality of JSON values; object key order does not matter; NaN equals NaN (as Avro compares NaN defaults). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a === 'number' && typeof b === 'number') return Number.isNaN(a) && Number.isNaN(b)
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (Array.isArray(a) !== Array.isArray(b)) return false
  if (Array.isArray(a)) {
    const other = b as unknown[]
    return a.length === other.length && a.every((item, i) => jsonEqual(item, other[i]))
  }
  const left = a as Record<string, unknown>
  const right = b as Record<string, unknown>
  const keys = Object.keys(left)
  if (keys.length !== Object.keys(right).length) return false
  return keys.every((key) => Object.prototype.hasOwnProperty.call(right, key) && jsonEqual(left[key], right[key]))
}
