/**
 * JSON Schema as a schemactl format: parsing with located errors (drafts 04, 06, 07, 2019-09 and
 * 2020-12), the registry's stored form, references, and the differences Confluent Schema
 * Registry's JSON Schema provider reports between two versions, under its STRICT or LENIENT policy.
 */
import type { SchemaError } from '../../types.js'
import type { DifferenceOptions, FormatParseResult, SchemaDependencies, SchemaDifference, SchemaFormat } from '../format.js'
import { locatePointer } from '../../schema/locate.js'
import { canonicalText } from './canonical.js'
import { describeJsonDifference } from './describe.js'
import { compareSchemas } from './diff/compare.js'
import { DiffContext } from './diff/context.js'
import { compatibleChanges } from './difference-types.js'
import { deepestOffset, MAX_JSON_DEPTH, MAX_SCHEMA_TEXT } from './load/json-text.js'
import { loadJsonSchema, loadSharingNodes, nodesByJson, REFERENCE_KEYWORD, type LoadedSchema } from './load/loader.js'
import { readRelative } from './load/relative-json.js'
import type { Dialect, JsonSchemaNode, ParsedJsonSchema } from './model.js'

export type { Dialect, JsonSchemaNode, ParsedJsonSchema } from './model.js'
export { COMPATIBLE_CHANGES_LENIENT, COMPATIBLE_CHANGES_STRICT, JSON_DIFFERENCE_TYPES, type JsonDifferenceType } from './difference-types.js'

/** A parsed schema; its stored form is computed on first use (most comparisons never need it). */
class ParsedDocument implements ParsedJsonSchema {
  private stored?: string
  private byJson?: ReadonlyMap<object, JsonSchemaNode>
  /** How many comparisons this document has been in (see `jsonSchemaDifferences`). */
  comparisons = 0

  constructor(
    readonly root: JsonSchemaNode,
    readonly dialect: Dialect,
    readonly references: readonly string[],
    /** The schema's JSON text (parsed input is written back to text first). */
    readonly text: string,
    /** No `$ref`: another version may be read sharing this one's nodes (see `parseJsonSchemaAfter`). */
    readonly selfContained: boolean,
  ) {}

  get canonical(): string {
    this.stored ??= canonicalText(this.text)
    return this.stored
  }

  /** Every node by the JSON object it was read from, made on first use. */
  nodesByJson(): ReadonlyMap<object, JsonSchemaNode> {
    this.byJson ??= nodesByJson(this.root)
    return this.byJson
  }
}

function parsed(loaded: LoadedSchema): FormatParseResult<ParsedJsonSchema> {
  const { root, dialect, references, text, selfContained } = loaded
  return { ok: true, value: new ParsedDocument(root, dialect, references, text, selfContained) }
}

/** Parses a JSON Schema (text or parsed JSON); `dependencies` maps reference names to the schemas they name. */
export function parseJsonSchema(input: unknown, dependencies?: SchemaDependencies): FormatParseResult<ParsedJsonSchema> {
  try {
    const loaded = loadJsonSchema(input, dependencies)
    return loaded.ok ? parsed(loaded.value) : loaded
  } catch (e) {
    return { ok: false, errors: [unexpected(e)] }
  }
}

/**
 * Parses `input` as `parseJsonSchema` does, with the same result, reading a text that is mostly
 * `previous`'s (another version of the schema) relative to it: only the parts that changed are
 * parsed and loaded, the rest shares `previous`'s nodes (so comparing the two skips them at once).
 */
export function parseJsonSchemaAfter(previous: ParsedJsonSchema, input: unknown, dependencies?: SchemaDependencies): FormatParseResult<ParsedJsonSchema> {
  if (
    previous instanceof ParsedDocument &&
    previous.selfContained &&
    typeof input === 'string' &&
    (dependencies === undefined || Object.keys(dependencies).length === 0)
  ) {
    try {
      const json = input.length <= MAX_SCHEMA_TEXT ? readRelative(previous.text, previous.root.raw, input, acceptPart) : undefined
      const loaded = json === undefined ? undefined : loadSharingNodes(input, json, previous.dialect, previous.nodesByJson())
      if (loaded) return parsed(loaded)
    } catch {
      // Read it whole: that says what is wrong, if anything.
    }
  }
  return parseJsonSchema(input, dependencies)
}

/**
 * The parts a relative read parses must keep the text within what `parseJsonSchema` checks on a
 * whole text (no `$ref`, nesting within the limit; the rest is the previous version's, checked):
 * then `loadSharingNodes` need not look at the whole text again.
 */
function acceptPart(text: string, depth: number): boolean {
  return !REFERENCE_KEYWORD.test(text) && deepestOffset(text, MAX_JSON_DEPTH - depth) === undefined
}

/** Every difference from `original` to `update` in the registry's order, each marked compatible or not under the policy. */
export function jsonSchemaDifferences(original: ParsedJsonSchema, update: ParsedJsonSchema, options: DifferenceOptions = {}): SchemaDifference[] {
  const compatible = compatibleChanges(options.policy)
  // A document compared again (a version checked against many others) has its subschemas' JSON
  // written out once and compared by text from then on; a one-off comparison need not pay for it.
  const originalAgain = seenBefore(original)
  const updateAgain = seenBefore(update)
  const byJson = originalAgain && updateAgain && original.dialect === update.dialect
  const differences = DiffContext.run(compatible, (ctx) => compareSchemas(ctx, original.root, update.root), byJson)
  return differences.map((d) => ({ type: d.type, path: d.path, compatible: compatible.has(d.type) }))
}

/** Counts a comparison of `parsed`; whether it had been compared before. */
function seenBefore(parsed: ParsedJsonSchema): boolean {
  if (!(parsed instanceof ParsedDocument)) return false
  return parsed.comparisons++ > 0
}

/** The JSON Schema format (schema type `JSON`). */
export const jsonSchemaFormat: SchemaFormat<ParsedJsonSchema> = {
  type: 'JSON',
  parse: parseJsonSchema,
  parseAfter: parseJsonSchemaAfter,
  canonical: (parsed) => parsed.canonical,
  references: (parsed) => [...parsed.references],
  differences: jsonSchemaDifferences,
  describe: describeJsonDifference,
  // The registry's paths are JSON Pointers after `#`; one that goes through a `$ref` stops at the reference.
  locate: (_parsed, path, text) => locatePointer(text, path.replace(/^#/, '')),
}

function unexpected(e: unknown): SchemaError {
  const detail = e instanceof RangeError ? 'schema nested too deeply' : e instanceof Error ? e.message : String(e)
  return { message: `Internal error while reading the JSON Schema: ${detail}`, path: '' }
}
