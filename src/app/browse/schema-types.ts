/**
 * What `schemactl browse` does with each schema type: how its text is shown and whether the engine
 * can diff it and check a file against it. Nothing else in browse branches on the type, so a type
 * the engine learns (JSON Schema, Protobuf under src/engine/formats/) is one line here.
 */
import { applyEdits, format } from 'jsonc-parser'
import type { SchemaType } from '../../registry/types.js'

/** The syntax a schema's text is pretty-printed and highlighted as. */
export type SchemaSyntax = 'json' | 'proto'

/** How browse treats one schema type. */
export interface SchemaTypeSupport {
  syntax: SchemaSyntax
  /** `d` diffs two versions through the `schemactl diff` use-case (src/app/diff/diff.ts). */
  diff: boolean
  /** `c` checks a local file against the subject with the embedded engine, as `check-compat --local` does. */
  check: boolean
}

/** Every schema type a registry may hold. */
export const SCHEMA_TYPE_SUPPORT: Readonly<Record<SchemaType, SchemaTypeSupport>> = {
  AVRO: { syntax: 'json', diff: true, check: true },
  JSON: { syntax: 'json', diff: false, check: false },
  PROTOBUF: { syntax: 'proto', diff: false, check: false },
}

/** The support of `type`; an unknown type (a registry newer than schemactl) is shown as text, nothing more. */
export function supportOf(type: string): SchemaTypeSupport {
  return SCHEMA_TYPE_SUPPORT[type as SchemaType] ?? { syntax: 'proto', diff: false, check: false }
}

/** The schema type of a workspace file, by its extension. */
export function schemaTypeOfFile(file: string): SchemaType {
  if (file.endsWith('.proto')) return 'PROTOBUF'
  if (file.endsWith('.json')) return 'JSON'
  return 'AVRO'
}

/** The line shown instead of a diff or check the engine cannot do yet for `type`. */
export function notSupportedLine(what: 'diff' | 'check', type: string): string {
  return `${what === 'diff' ? 'Diff' : 'Checking a file'} is not yet supported for ${type} schemas (only ${supportedTypes(what).join(', ')}).`
}

/** The line shown instead of a diff of two schemas of different types. */
export function differentTypes(a: { subject: string; version: number }, typeA: string, b: { subject: string; version: number }, typeB: string): string {
  return `${a.subject} v${a.version} is ${typeA} and ${b.subject} v${b.version} is ${typeB}: schemas of different types have no diff.`
}

function supportedTypes(what: 'diff' | 'check'): string[] {
  return Object.entries(SCHEMA_TYPE_SUPPORT)
    .filter(([, support]) => support[what])
    .map(([type]) => type)
}

/**
 * The text to show, tabs expanded and trailing blanks dropped: JSON re-indented by two spaces, one
 * member per line. The formatter moves tokens, never rewrites them: numbers keep every digit
 * (JSON.parse would round a long default past 2^53), comments stay, broken JSON stays readable.
 */
export function prettyText(text: string, syntax: SchemaSyntax): string {
  const formatted = syntax === 'json' ? applyEdits(text, format(text, undefined, { tabSize: 2, insertSpaces: true, eol: '\n' })) : text
  return formatted
    .replace(/\t/g, '  ')
    .split(/\r?\n/)
    .map((line) => line.trimEnd())
    .join('\n')
    .trimEnd()
}
