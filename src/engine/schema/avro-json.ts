/**
 * Renders model nodes as Avro Java's `Schema.toString()` does: compact JSON, keys in Avro's order,
 * namespaces only where they differ from the enclosing one, named types in full at first use only.
 */
import { formatJavaDouble } from './java-double.js'
import { escapePointerSegment } from './locate.js'
import type { Field, NamedSchema, Schema } from './model.js'

/**
 * The compact JSON text Avro Java's `Schema.toString()` produces for `schema`: what a Confluent
 * registry stores and compares to decide whether two schemas are the same. `namespace` is the
 * enclosing namespace the node is written in ('' at the top level). `doubles` holds the JSON Pointers
 * (in the node's document) of integral numbers Avro holds as doubles, written `0.0` like Jackson does;
 * other integral numbers are written as integers, fractional ones as Java writes doubles.
 * Types named in `known` (those a schema takes from its references) are written as names, as
 * Avro's `Schema.toString(referencedSchemas, false)` does for the registry.
 */
export function toAvroJson(schema: Schema, namespace = '', doubles: ReadonlySet<string> = NO_DOUBLES, known: Iterable<string> = []): string {
  return write(schema, { space: namespace, seen: new Set(known), doubles })
}

const NO_DOUBLES: ReadonlySet<string> = new Set()

interface WriteState {
  doubles: ReadonlySet<string>
  space: string
  /** Full names already written: Avro writes later uses as names (keyed by name, not identity). */
  seen: Set<string>
}

/** Avro's type names: a named type called like one is always written with its namespace. */
const TYPE_NAMES = new Set(['record', 'enum', 'array', 'map', 'union', 'fixed', 'string', 'bytes', 'int', 'long', 'float', 'double', 'boolean', 'null'])

function write(schema: Schema, state: WriteState): string {
  switch (schema.kind) {
    case 'primitive':
      return hasProps(schema.props) ? `{"type":"${schema.type}"${writeProps(schema.props, schema.pointer, state)}}` : `"${schema.type}"`
    case 'array':
      return `{"type":"array","items":${write(schema.items, state)}${writeProps(schema.props, schema.pointer, state)}}`
    case 'map':
      return `{"type":"map","values":${write(schema.values, state)}${writeProps(schema.props, schema.pointer, state)}}`
    case 'union':
      return `[${schema.types.map((branch) => write(branch, state)).join(',')}]`
    default:
      return writeNamed(schema, state)
  }
}

function writeNamed(schema: NamedSchema, state: WriteState): string {
  if (state.seen.has(schema.fullName)) return JSON.stringify(qualify(schema.fullName, state.space))
  state.seen.add(schema.fullName)
  const saved = state.space
  let out = `{"type":"${schema.kind === 'record' ? schema.type : schema.kind}","name":${JSON.stringify(schema.name)}`
  if (schema.namespace !== state.space) out += `,"namespace":${JSON.stringify(schema.namespace)}`
  state.space = schema.namespace
  if (schema.doc !== undefined) out += `,"doc":${JSON.stringify(schema.doc)}`
  switch (schema.kind) {
    case 'record':
      out += `,"fields":[${schema.fields.map((field) => writeField(field, state)).join(',')}]`
      out += writeProps(schema.props, schema.pointer, state)
      break
    case 'enum':
      out += `,"symbols":${JSON.stringify(schema.symbols)}`
      if (schema.default !== undefined) out += `,"default":${JSON.stringify(schema.default)}`
      out += writeProps(schema.props, schema.pointer, state)
      break
    case 'fixed':
      out += `,"size":${schema.size}`
      out += writeProps(schema.props, schema.pointer, state)
      break
  }
  if (schema.aliases.length > 0) out += `,"aliases":${JSON.stringify(schema.aliases.map((alias) => qualify(alias, schema.namespace)))}`
  state.space = saved
  return out + '}'
}

function writeField(field: Field, state: WriteState): string {
  let out = `{"name":${JSON.stringify(field.name)},"type":${write(field.type, state)}`
  if (field.doc !== undefined) out += `,"doc":${JSON.stringify(field.doc)}`
  if (field.default !== undefined) out += `,"default":${writeValue(field.default.value, `${field.pointer}/default`, state.doubles)}`
  if (field.order !== undefined && field.order !== 'ascending') out += `,"order":"${field.order}"`
  if (field.aliases.length > 0) out += `,"aliases":${JSON.stringify(field.aliases)}`
  return out + writeProps(field.props, field.pointer, state) + '}'
}

/** A name relative to `namespace`, as Avro writes references and aliases: short only inside its own non-null namespace. */
function qualify(fullName: string, namespace: string): string {
  const lastDot = fullName.lastIndexOf('.')
  if (lastDot < 0 || fullName.slice(0, lastDot) !== namespace) return fullName
  const name = fullName.slice(lastDot + 1)
  return TYPE_NAMES.has(name) ? fullName : name
}

function hasProps(props: Readonly<Record<string, unknown>>): boolean {
  for (const _ in props) return true
  return false
}

function writeProps(props: Readonly<Record<string, unknown>>, pointer: string, state: WriteState): string {
  let out = ''
  for (const key in props) out += `,${JSON.stringify(key)}:${writeValue(props[key], `${pointer}/${escapePointerSegment(key)}`, state.doubles)}`
  return out
}

/**
 * JSON for a default or property value as Jackson writes it: doubles as Java prints them (`0.0`,
 * `1.0E-4`), non-finite ones quoted ("NaN"), integers in full. `pointer` locates it in `doubles`.
 */
function writeValue(value: unknown, pointer: string, doubles: ReadonlySet<string>): string {
  switch (typeof value) {
    case 'number':
      if (!Number.isFinite(value)) return `"${Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity'}"`
      if (!Number.isInteger(value) || doubles.has(pointer)) return formatJavaDouble(value)
      return Math.abs(value) < 1e21 ? String(value) : BigInt(value).toString()
    case 'object': {
      if (value === null) return 'null'
      if (Array.isArray(value)) return `[${value.map((item, i) => writeValue(item, `${pointer}/${i}`, doubles)).join(',')}]`
      const members: string[] = []
      for (const key in value)
        members.push(`${JSON.stringify(key)}:${writeValue((value as Record<string, unknown>)[key], `${pointer}/${escapePointerSegment(key)}`, doubles)}`)
      return `{${members.join(',')}}`
    }
    default:
      return JSON.stringify(value) ?? 'null'
  }
}
