/**
 * Schemas for encode/decode: what they need from a registry, and schema files
 * parsed into the engine's model with one-line errors.
 */
import { readFile } from 'node:fs/promises'
import { parseSchema, type ParsedSchema } from '../engine/index.js'
import { InputError, UsageError } from '../errors.js'
import type { RegistrationClient } from './register-schema.js'
import type { RegistrySchema, VersionReader } from './registry-schema.js'

/** What decode needs from a registry (the `RegistryClient` provides it). */
export interface SchemaSource extends VersionReader {
  /** The schema with a global id; throws a SchemactlError with code SCHEMA_NOT_FOUND when unknown. */
  getSchemaById(id: number): Promise<RegistrySchema>
}

/** What encode needs from a registry beyond reading schemas: lookup and registration as `register` does them (the `RegistryClient` provides it). */
export interface SchemaTarget extends SchemaSource, RegistrationClient {}

/** Reads and parses the schema file `file`; InputError (exit 5) with file:line:col when unreadable or invalid. */
export async function readSchemaFile(file: string, what = 'schema'): Promise<ParsedSchema> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (err) {
    throw new InputError(`Cannot read the ${what} ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, { code: 'INPUT_UNREADABLE' })
  }
  return parseOrThrow(text, file, what)
}

/** Parses schema text from `where`; InputError naming where and the first problem. */
function parseOrThrow(text: string, where: string, what = 'schema'): ParsedSchema {
  const parsed = parseSchema(text)
  if (parsed.ok) return parsed
  const first = parsed.errors[0]
  const at = first.line !== undefined ? `${where}:${first.line}:${first.column ?? 1}` : where
  throw new InputError(`Invalid ${what} ${at}: ${first.message}`, { code: 'INVALID_SCHEMA', hint: '`schemactl check` shows every problem.' })
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
