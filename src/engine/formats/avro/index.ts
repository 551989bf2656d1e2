/**
 * Avro as a schemactl format: the existing Avro engine (engine/schema, engine/compat) behind the
 * `SchemaFormat` seam, unchanged in behaviour. Avro's compatibility is reader/writer resolution,
 * richer than a list of differences (Avro's own messages, locations in the reader), so the format
 * also gives its own level check, which the seam's dispatch (`checkParsedCompatibility`) prefers.
 */
import { checkLevel } from '../../compat/levels.js'
import { formatIncompatibility } from '../../compat/registry-messages.js'
import { checkParsedPair } from '../../compat/pair.js'
import { locatePointer } from '../../schema/locate.js'
import { parseSchemaDocument } from '../../schema/parse.js'
import type { NamedSchema } from '../../schema/model.js'
import type { CompatibilityResult, ParsedSchema, SchemaError } from '../../types.js'
import type { DifferenceDirection, FormatParseResult, SchemaDependencies, SchemaDifference, SchemaFormat } from '../format.js'

/**
 * Parses an Avro schema (JSON text with comments, or parsed JSON); `dependencies` maps reference
 * names to the schemas that define the named types it uses (each may use the others' types).
 */
export function parseAvro(
  input: unknown,
  dependencies: SchemaDependencies = {},
  options: { validateDefaults?: boolean } = {},
): FormatParseResult<ParsedSchema> {
  const named = dependencyTypes(dependencies)
  if (!named.ok) return named
  try {
    const parsed = parseSchemaDocument(input as string, { validateDefaults: options.validateDefaults ?? true, namedTypes: named.value })
    return parsed.ok ? { ok: true, value: parsed } : parsed
  } catch (e) {
    const detail = e instanceof RangeError ? 'schema nested too deeply' : e instanceof Error ? e.message : String(e)
    return { ok: false, errors: [{ message: `Internal error while parsing the schema: ${detail}`, path: '' }] }
  }
}

/** The named types the dependencies define, each parsed once the types it uses are known (any order given). */
function dependencyTypes(dependencies: SchemaDependencies): FormatParseResult<NamedSchema[]> {
  let waiting = Object.entries(dependencies)
  const types: NamedSchema[] = []
  while (waiting.length > 0) {
    const failed: Array<[string, string]> = []
    const errors: SchemaError[] = []
    for (const [name, text] of waiting) {
      const parsed = parseSchemaDocument(text, { validateDefaults: false, namedTypes: types })
      if (parsed.ok) types.push(...parsed.definedTypes.values())
      else {
        failed.push([name, text])
        errors.push(...parsed.errors.map((e) => ({ ...e, message: `Reference '${name}': ${e.message}` })))
      }
    }
    if (failed.length === waiting.length) return { ok: false, errors }
    waiting = failed
  }
  return { ok: true, value: types }
}

/**
 * The incompatibilities of reading data written with `original` by `update` (the registry's
 * backward direction; forward swaps the two), as differences: Avro reports only incompatible ones.
 */
function avroDifferences(original: ParsedSchema, update: ParsedSchema): SchemaDifference[] {
  const outcome = checkParsedPair(update, original)
  if (!outcome.ok) return [{ type: 'CHECK_FAILED', path: '', compatible: false }]
  return outcome.incompatibilities.map((inc) => ({ type: inc.type, path: inc.location, compatible: false, message: inc.message }))
}

/** The Avro format (schema type `AVRO`). */
export const avroFormat: SchemaFormat<ParsedSchema> = {
  type: 'AVRO',
  parse: (input, dependencies) => parseAvro(input, dependencies),
  canonical: (parsed) => parsed.normalized,
  references: (parsed) => [...parsed.referencedTypes],
  differences: avroDifferences,
  describe: (difference: SchemaDifference, direction: DifferenceDirection) =>
    formatIncompatibility({ type: difference.type as never, location: difference.path, message: difference.message ?? '' }, direction),
  checkLevel: (level, candidate, previous, options): CompatibilityResult => checkLevel(level, candidate, previous, options.versions),
  locate: (_parsed, path, text) => locatePointer(text, path),
}
