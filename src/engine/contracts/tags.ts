/**
 * Which tags each field of an Avro schema carries under a contract, as the serializers see them
 * when they run field rules: the field's own `confluent:tags` property plus the tags of every
 * `metadata.tags` path that matches the field's full name (`com.acme.User.ssn`). A path is a
 * wildcard pattern over dot-separated names: `?` is one character and `*` any run of characters
 * within a name, `**` any run across names (`**.ssn` is every field named ssn).
 */
import type { Field, RecordSchema, Schema } from '../schema/model.js'
import { visitSchema } from '../schema/visit.js'
import type { ParsedSchema } from '../types.js'
import type { Metadata } from './types.js'

/** The Avro field property that holds a field's inline tags. */
export const INLINE_TAGS_PROPERTY = 'confluent:tags'

/** One field of a schema with the tags it carries. */
export interface TaggedField {
  /** The record's full name and the field's name: `com.acme.User.ssn`. */
  fullName: string
  /** JSON Pointer of the field in the schema's document. */
  pointer: string
  field: Field
  record: RecordSchema
  /** The field's own `confluent:tags`. */
  inline: string[]
  /** The `metadata.tags` paths that match the field, each with its tags. */
  fromMetadata: Array<{ path: string; tags: string[] }>
  /** Every tag of the field (inline and from metadata), without duplicates. */
  tags: string[]
}

/**
 * Every field a schema's document defines, with its tags under `metadata`. `includeReferenced`
 * adds the fields of named types taken from other files (schema references), whose pointers are
 * then in those files' documents.
 */
export function taggedFields(parsed: ParsedSchema, metadata: Metadata | undefined, options: { includeReferenced?: boolean } = {}): TaggedField[] {
  const out: TaggedField[] = []
  const paths = Object.entries(metadata?.tags ?? {})
  const visit = (field: Field, record: RecordSchema) => {
    const fullName = `${record.fullName}.${field.name}`
    const inline = inlineTags(field)
    const fromMetadata = paths.filter(([path]) => matchesFieldPath(fullName, path)).map(([path, tags]) => ({ path, tags }))
    const tags = [...new Set([...inline, ...fromMetadata.flatMap((m) => m.tags)])]
    out.push({ fullName, pointer: field.pointer, field, record, inline, fromMetadata, tags })
  }
  if (options.includeReferenced !== true) {
    visitSchema(parsed.schema, parsed.definedTypes, { field: visit })
    return out
  }
  const seen = new Set<Schema>()
  const stack: Schema[] = [parsed.schema]
  while (stack.length > 0) {
    const schema = stack.pop() as Schema
    if (seen.has(schema)) continue
    seen.add(schema)
    if (schema.kind === 'record') {
      for (const field of schema.fields) visit(field, schema)
      stack.push(...schema.fields.map((f) => f.type))
    } else if (schema.kind === 'array') stack.push(schema.items)
    else if (schema.kind === 'map') stack.push(schema.values)
    else if (schema.kind === 'union') stack.push(...schema.types)
  }
  return out
}

/** The strings of a field's `confluent:tags` property (anything else in it is ignored). */
export function inlineTags(field: Field): string[] {
  const value = field.props[INLINE_TAGS_PROPERTY]
  return Array.isArray(value) ? value.filter((t): t is string => typeof t === 'string') : []
}

/** Whether a field full name matches a `metadata.tags` path pattern (the whole name must match). */
export function matchesFieldPath(fullName: string, pattern: string): boolean {
  const regex = patternRegex(pattern)
  return regex !== undefined && regex.test(fullName)
}

const compiled = new Map<string, RegExp | undefined>()

function patternRegex(pattern: string): RegExp | undefined {
  if (compiled.has(pattern)) return compiled.get(pattern)
  // `**.*` means the same as `**` (any names, then one more).
  const source = pattern.replaceAll('**.*', '**')
  let out = ''
  for (let i = 0; i < source.length; i++) {
    const c = source[i]
    if (c === '*' && source[i + 1] === '*') {
      out += '.*'
      i++
    } else if (c === '*') out += '[^.]*'
    else if (c === '?') out += '[^.]'
    else if (c === '\\' && i + 1 < source.length) out += escapeRegex(source[++i])
    else out += escapeRegex(c)
  }
  let regex: RegExp | undefined
  try {
    regex = new RegExp(`^(?:${out})$`, 'u')
  } catch {
    regex = undefined
  }
  compiled.set(pattern, regex)
  return regex
}

function escapeRegex(c: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(c) ? `\\${c}` : c
}
