/**
 * Schemas for encode/decode: what they need from a registry, and schema files
 * parsed into the engine's model with one-line errors.
 */
import type { ParsedSchema } from '../../engine/index.js'
import { UsageError } from '../../errors.js'
import type { ReadOptions } from '../../workspace/read-file.js'
import { loadSchemaFile, schemaFileError } from '../../workspace/schema-file.js'
import type { RegistrationClient } from '../register/schema.js'
import type { RegistrySchema, VersionReader } from '../registry/schema.js'

/** What decode needs from a registry (the `RegistryClient` provides it). */
export interface SchemaSource extends VersionReader {
  /** The schema with a global id; throws a SchemactlError with code SCHEMA_NOT_FOUND when unknown. */
  getSchemaById(id: number): Promise<RegistrySchema>
}

/** What encode needs from a registry beyond reading schemas: lookup and registration as `register` does them (the `RegistryClient` provides it). */
export interface SchemaTarget extends SchemaSource, RegistrationClient {}

/**
 * Reads and parses the schema file `file` as `check` reads it (workspace/schema-file.ts);
 * InputError (exit 5) with file:line:col and the problem code `check` reports when it is
 * unreadable or invalid. `what` names the schema in the hint.
 */
export async function readSchemaFile(file: string, what = 'schema', options: ReadOptions = {}): Promise<ParsedSchema> {
  const read = await loadSchemaFile(file, options)
  if (!read.ok) throw schemaFileError(read.problem, `Fix the ${what} file; \`schemactl check\` shows every problem of its folder.`)
  return read.parsed
}

/** Splits `<subject>@<version|latest>` (at the last `@`; no `@` means latest). */
export function parseSubjectVersion(text: string): { subject: string; version: number | 'latest' } {
  const at = text.lastIndexOf('@')
  const subject = at < 0 ? text : text.slice(0, at)
  const versionText = at < 0 ? 'latest' : text.slice(at + 1)
  const hint = 'Write <subject>@<version>, e.g. orders-value@3 or orders-value@latest.'
  if (subject === '') throw new UsageError(`'${text}' names no subject`, { hint })
  if (versionText.toLowerCase() === 'latest') return { subject, version: 'latest' }
  if (!/^[1-9]\d{0,9}$/.test(versionText)) throw new UsageError(`'${versionText}' in '${text}' is not a version`, { code: 'INVALID_VERSION', hint })
  return { subject, version: Number(versionText) }
}

/** `--reader-schema` / `--reader-subject` for a type whose messages are read with their writer's schema: a usage error (exit 2). */
export function readerNotApplicable(type: string): UsageError {
  return new UsageError(`--reader-schema and --reader-subject apply to Avro only: ${type} messages are decoded with the schema they were written with`, {
    code: 'READER_NOT_APPLICABLE',
    hint: 'Drop --reader-schema / --reader-subject for this topic.',
  })
}
