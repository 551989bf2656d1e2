/** Avro's name and field matching between a reader and a writer schema. */
import type { Field, NamedSchema, RecordSchema } from '../schema/model.js'

/**
 * Avro 1.12 `schemaNameEquals`: the unqualified names are equal, or one of the
 * reader's aliases (resolved to a full name) is the writer's full name.
 */
export function schemaNameEquals(reader: NamedSchema, writer: NamedSchema): boolean {
  return reader.name === writer.name || reader.aliases.includes(writer.fullName)
}

/** Result of matching a reader field against a writer record. */
export type WriterFieldLookup =
  | { readonly kind: 'found'; readonly field: Field }
  | { readonly kind: 'missing' }
  /** The reader field's name and aliases match more than one writer field: Avro throws. */
  | { readonly kind: 'ambiguous'; readonly fields: readonly Field[] }

const MISSING: WriterFieldLookup = { kind: 'missing' }

/**
 * Avro `lookupWriterField`: the writer field with the reader field's name, then with each
 * of its aliases (writer aliases are not consulted); more than one match is ambiguous.
 */
export function lookupWriterField(writer: RecordSchema, readerField: Field): WriterFieldLookup {
  const direct = findField(writer, readerField.name, readerField.index)
  if (readerField.aliases.length === 0) return direct ? { kind: 'found', field: direct } : MISSING
  const matches = direct ? [direct] : []
  for (const alias of readerField.aliases) {
    const viaAlias = findField(writer, alias, readerField.index)
    if (viaAlias) matches.push(viaAlias)
  }
  if (matches.length === 0) return MISSING
  return matches.length === 1 ? { kind: 'found', field: matches[0]! } : { kind: 'ambiguous', fields: matches }
}

/** Above this many fields a record gets a name index instead of linear scans. */
const INDEX_THRESHOLD = 64
const fieldIndexes = new WeakMap<RecordSchema, ReadonlyMap<string, Field>>()

/** The field named `name`, looked for first at `hint` (evolved records mostly keep field positions). */
function findField(record: RecordSchema, name: string, hint: number): Field | undefined {
  const fields = record.fields
  if (fields[hint]?.name === name) return fields[hint]
  if (fields.length <= INDEX_THRESHOLD) return fields.find((field) => field.name === name)
  let index = fieldIndexes.get(record)
  if (!index) fieldIndexes.set(record, (index = new Map(fields.map((field) => [field.name, field]))))
  return index.get(name)
}
