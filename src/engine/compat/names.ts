/** Avro's name and field matching between a reader and a writer schema. */
import type { Field, NamedSchema, RecordSchema } from '../schema/model.js'

/**
 * Avro 1.12 `schemaNameEquals`: the unqualified names are equal, or one of the
 * reader's aliases (resolved to a full name) is the writer's full name.
 */
export function schemaNameEquals(reader: NamedSchema, writer: NamedSchema): boolean {
  return reader.name === writer.name || reader.aliases.includes(writer.fullName)
}

/** Marks a reader field whose name and aliases match more than one writer field: Avro throws. */
export const AMBIGUOUS = 'ambiguous'

/**
 * Avro `lookupWriterField`: the writer field with the reader field's name, then with each of
 * its aliases (writer aliases are not consulted); undefined when none, `AMBIGUOUS` when several.
 */
export function lookupWriterField(writer: RecordSchema, readerField: Field): Field | undefined | typeof AMBIGUOUS {
  let match = findField(writer, readerField.name, readerField.index)
  for (const alias of readerField.aliases) {
    const viaAlias = findField(writer, alias, readerField.index)
    if (!viaAlias) continue
    if (match) return AMBIGUOUS
    match = viaAlias
  }
  return match
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
