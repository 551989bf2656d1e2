/**
 * Schemas for encode/decode: what they need from a registry, and schema files and registry
 * schemas parsed into the engine's model with one-line errors.
 */
import { readFile } from 'node:fs/promises'
import { parseSchema, type ParsedSchema } from '../engine/index.js'
import { InputError, UsageError } from '../errors.js'

/** A schema as the registry returns it. */
export interface RegistrySchema {
  schema: string
  schemaType: string
  references?: readonly unknown[]
}

/** What decode needs from a registry (the `RegistryClient` provides it). */
export interface SchemaSource {
  /** The schema with a global id; throws a SchemactlError with code SCHEMA_NOT_FOUND when unknown. */
  getSchemaById(id: number): Promise<RegistrySchema>
  /** A subject's version (`latest` or a number). */
  getVersion(subject: string, version: number | 'latest'): Promise<RegistrySchema & { id: number; version: number }>
}

/** What encode needs from a registry beyond reading schemas (the `RegistryClient` provides it). */
export interface SchemaTarget extends SchemaSource {
  /** The id and version of `schema` under `subject`; throws SCHEMA_NOT_FOUND / SUBJECT_NOT_FOUND when it is not registered. */
  lookup(subject: string, payload: { schema: string }): Promise<{ id: number; version: number }>
  /** Registers `schema` under `subject` (an identical schema keeps its id). */
  register(subject: string, payload: { schema: string }): Promise<{ id: number; version?: number }>
}

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
export function parseOrThrow(text: string, where: string, what = 'schema'): ParsedSchema {
  const parsed = parseSchema(text)
  if (parsed.ok) return parsed
  const first = parsed.errors[0]
  const at = first.line !== undefined ? `${where}:${first.line}:${first.column ?? 1}` : where
  throw new InputError(`Invalid ${what} ${at}: ${first.message}`, { code: 'INVALID_SCHEMA', hint: '`schemactl check` shows every problem.' })
}

/**
 * A registry schema parsed as the registry holds it (defaults not validated), or why it cannot
 * be used: not Avro, uses references (not resolved yet), or invalid.
 */
export function parseRegistrySchema(fetched: RegistrySchema, what: string): { ok: true; schema: ParsedSchema } | { ok: false; code: string; error: string } {
  if (fetched.schemaType !== 'AVRO') return { ok: false, code: 'UNSUPPORTED_SCHEMA', error: `${what} is a ${fetched.schemaType} schema; only Avro is supported` }
  if (fetched.references !== undefined && fetched.references.length > 0) {
    return { ok: false, code: 'UNSUPPORTED_SCHEMA', error: `${what} uses schema references, which are not resolved yet` }
  }
  const parsed = parseSchema(fetched.schema, { validateDefaults: false })
  if (!parsed.ok) return { ok: false, code: 'INVALID_SCHEMA', error: `${what} is not a valid Avro schema: ${parsed.errors[0].message}` }
  return { ok: true, schema: parsed }
}

/** Like `parseRegistrySchema`, throwing InputError (exit 5) when the schema cannot be used. */
export function requireRegistrySchema(fetched: RegistrySchema, what: string): ParsedSchema {
  const parsed = parseRegistrySchema(fetched, what)
  if (!parsed.ok) throw new InputError(parsed.error, { code: parsed.code })
  return parsed.schema
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
