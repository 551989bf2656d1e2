/**
 * The schema objects of a JSON Schema document as written (not as the diff's model sees them),
 * each with its JSON Pointer and the place it holds, for rules that judge how a schema is written.
 * Pure.
 */
import { escapePointerSegment } from '../../schema/locate.js'

/** Where a schema object sits: the root, a property, a definition, or any other subschema. */
export type SchemaObjectRole = 'root' | 'property' | 'definition' | 'subschema'

/** One schema object (a JSON object in a schema position; boolean schemas are not listed). */
export interface SchemaObject {
  pointer: string
  role: SchemaObjectRole
  /** The property or definition name, for those roles. */
  name?: string
  schema: Readonly<Record<string, unknown>>
}

/** Keywords whose value is one schema. */
const SINGLE = [
  'additionalProperties',
  'additionalItems',
  'items',
  'contains',
  'propertyNames',
  'not',
  'if',
  'then',
  'else',
  'unevaluatedItems',
  'unevaluatedProperties',
  'contentSchema',
]
/** Keywords whose value is a list of schemas. */
const LISTS = ['allOf', 'anyOf', 'oneOf', 'items', 'prefixItems']
/** Keywords whose value maps names to schemas, with the role of each. */
const MAPS: ReadonlyArray<[string, SchemaObjectRole]> = [
  ['properties', 'property'],
  ['definitions', 'definition'],
  ['$defs', 'definition'],
  ['patternProperties', 'subschema'],
  ['dependentSchemas', 'subschema'],
  ['dependencies', 'subschema'],
]

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

/** Every schema object of `document` in document order (depth first), the root first. */
export function schemaObjects(document: unknown): SchemaObject[] {
  const found: SchemaObject[] = []
  // An explicit stack: nesting is bounded by the reader, but a walk should not depend on it.
  const stack: SchemaObject[] = isObject(document) ? [{ pointer: '', role: 'root', schema: document }] : []
  while (stack.length > 0) {
    const current = stack.pop()!
    found.push(current)
    const children: SchemaObject[] = []
    const add = (pointer: string, value: unknown, role: SchemaObjectRole, name?: string) => {
      if (isObject(value)) children.push({ pointer, role, schema: value, ...(name !== undefined ? { name } : {}) })
    }
    for (const [key, value] of Object.entries(current.schema)) {
      const at = `${current.pointer}/${escapePointerSegment(key)}`
      if (SINGLE.includes(key)) add(at, value, 'subschema')
      if (LISTS.includes(key) && Array.isArray(value)) value.forEach((v, i) => add(`${at}/${i}`, v, 'subschema'))
      const map = MAPS.find(([k]) => k === key)
      if (map !== undefined && isObject(value)) {
        // `dependencies` also holds lists of property names: only its object values are schemas.
        for (const [name, v] of Object.entries(value)) add(`${at}/${escapePointerSegment(name)}`, v, map[1], name)
      }
    }
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i])
  }
  return found
}

/** `property 'name' (/properties/name)`, `definition 'Address' (…)`, `the root schema` or `the schema at /items`. */
export function describeSchemaObject(o: SchemaObject): string {
  if (o.role === 'root') return 'the root schema'
  if (o.role === 'property' || o.role === 'definition') return `${o.role} '${o.name}' (${o.pointer})`
  return `the schema at ${o.pointer}`
}
