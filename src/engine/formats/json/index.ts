/**
 * JSON Schema as a schemactl format: parsing with located errors (drafts 04, 06, 07, 2019-09 and
 * 2020-12), the registry's stored form, references, and the differences Confluent Schema
 * Registry's JSON Schema provider reports between two versions, under its STRICT or LENIENT policy.
 */
import type { SchemaError } from '../../types.js'
import type { DifferenceOptions, FormatParseResult, SchemaDependencies, SchemaDifference, SchemaFormat } from '../format.js'
import { canonicalText } from './canonical.js'
import { describeJsonDifference } from './describe.js'
import { compareSchemas } from './diff/compare.js'
import { DiffContext } from './diff/context.js'
import { compatibleChanges } from './difference-types.js'
import { loadJsonSchema } from './load/loader.js'
import type { Dialect, JsonSchemaNode, ParsedJsonSchema } from './model.js'

export type { Dialect, JsonSchemaNode, ParsedJsonSchema } from './model.js'
export { COMPATIBLE_CHANGES_LENIENT, COMPATIBLE_CHANGES_STRICT, JSON_DIFFERENCE_TYPES, type JsonDifferenceType } from './difference-types.js'

/** A parsed schema; its stored form is computed on first use (most comparisons never need it). */
class ParsedDocument implements ParsedJsonSchema {
  private stored?: string

  constructor(
    readonly root: JsonSchemaNode,
    readonly dialect: Dialect,
    readonly references: readonly string[],
    /** The schema's JSON text (parsed input is written back to text first). */
    private readonly text: string,
  ) {}

  get canonical(): string {
    this.stored ??= canonicalText(this.text)
    return this.stored
  }
}

/** Parses a JSON Schema (text or parsed JSON); `dependencies` maps reference names to the schemas they name. */
export function parseJsonSchema(input: unknown, dependencies?: SchemaDependencies): FormatParseResult<ParsedJsonSchema> {
  try {
    const loaded = loadJsonSchema(input, dependencies)
    if (!loaded.ok) return loaded
    const { root, dialect, references, text } = loaded.value
    return { ok: true, value: new ParsedDocument(root, dialect, references, text) }
  } catch (e) {
    return { ok: false, errors: [unexpected(e)] }
  }
}

/** Every difference from `original` to `update` in the registry's order, each marked compatible or not under the policy. */
export function jsonSchemaDifferences(original: ParsedJsonSchema, update: ParsedJsonSchema, options: DifferenceOptions = {}): SchemaDifference[] {
  const compatible = compatibleChanges(options.policy)
  const differences = DiffContext.run(compatible, (ctx) => compareSchemas(ctx, original.root, update.root))
  return differences.map((d) => ({ type: d.type, path: d.path, compatible: compatible.has(d.type) }))
}

/** The JSON Schema format (schema type `JSON`). */
export const jsonSchemaFormat: SchemaFormat<ParsedJsonSchema> = {
  type: 'JSON',
  parse: parseJsonSchema,
  canonical: (parsed) => parsed.canonical,
  references: (parsed) => [...parsed.references],
  differences: jsonSchemaDifferences,
  describe: describeJsonDifference,
}

function unexpected(e: unknown): SchemaError {
  const detail = e instanceof RangeError ? 'schema nested too deeply' : e instanceof Error ? e.message : String(e)
  return { message: `Internal error while reading the JSON Schema: ${detail}`, path: '' }
}
