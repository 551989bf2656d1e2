/** The lint rules for JSON Schema, and the document they read: the schema objects of the text. Pure. */
import { readSchemaText } from '../../formats/json/load/json-text.js'
import { schemaObjects, type SchemaObject } from '../../formats/json/schema-objects.js'
import type { SchemaError } from '../../types.js'
import type { FormatLintRule } from '../types.js'
import { jsonAdditionalPropertiesExplicitRule } from './additional-properties-explicit.js'
import { jsonDescriptionRequiredRule } from './description-required.js'
import { jsonTypeRequiredRule } from './type-required.js'

/** The JSON Schema rule set, in catalogue order. */
export const JSON_LINT_RULES: readonly FormatLintRule<readonly SchemaObject[]>[] = [
  jsonTypeRequiredRule,
  jsonAdditionalPropertiesExplicitRule,
  jsonDescriptionRequiredRule,
]

/** Reads a JSON Schema text into what the rules read (its schema objects), or says where it is not JSON. */
export function readJsonLintDocument(text: string): { ok: true; document: readonly SchemaObject[] } | { ok: false; errors: SchemaError[] } {
  const read = readSchemaText(text)
  return read.ok ? { ok: true, document: schemaObjects(read.value) } : { ok: false, errors: [read.error] }
}
