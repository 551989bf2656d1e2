/** Apache Avro's incompatibility message texts (the registry's `additionalInfo`), word for word. */
import { typeTag, type FixedSchema, type NamedSchema, type Schema } from '../schema/model.js'

/** `reader type: INT not compatible with writer type: STRING` */
export function typeMismatchMessage(reader: Schema, writer: Schema): string {
  return `reader type: ${typeTag(reader)} not compatible with writer type: ${typeTag(writer)}`
}

/** `reader union lacking writer type: STRING` */
export function missingUnionBranchMessage(writerBranch: Schema): string {
  return `reader union lacking writer type: ${typeTag(writerBranch)}`
}

/** `expected: com.acme.Foo` (the writer's full name). */
export function nameMismatchMessage(writer: NamedSchema): string {
  return `expected: ${writer.fullName}`
}

/** `expected: 8, found: 4` (writer size, then reader size). */
export function fixedSizeMessage(reader: FixedSchema, writer: FixedSchema): string {
  return `expected: ${writer.size}, found: ${reader.size}`
}

/** `[A, B]`: the missing symbols, sorted by UTF-16 code unit as Java's TreeSet does. */
export function missingSymbolsMessage(symbols: readonly string[]): string {
  return `[${[...symbols].sort(compareJavaStrings).join(', ')}]`
}

/** Java `String.compareTo` order (UTF-16 code units), which is also JS's default string order. */
function compareJavaStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
