/**
 * Schemas read from a registry, parsed into the engine's model with their schema references
 * resolved the way the registry resolves them: every named type of every referenced version,
 * transitively, is usable by name.
 */
import { parseSchema, type NamedSchema, type ParsedSchema } from '../../engine/index.js'
import { InputError, SchemactlError } from '../../errors.js'

/** A schema as the registry returns it. */
export interface RegistrySchema {
  schema: string
  /** Absent means AVRO (older registries omit it). */
  schemaType?: string
  references?: readonly { name: string; subject: string; version: number }[]
}

/** What resolving references needs from a registry (the `RegistryClient` provides it). */
export interface VersionReader {
  /** A subject's version (`latest` or a number). */
  getVersion(subject: string, version: number | 'latest'): Promise<RegistrySchema & { id: number; version: number }>
}

/**
 * A registry schema parsed, with the named types its references make usable, or why it cannot
 * be used (not Avro, a reference unreadable, invalid).
 */
export type RegistryParse = { ok: true; schema: ParsedSchema; referencedTypes: NamedSchema[] } | { ok: false; code: string; error: string }

/** Parses registry schemas; each referenced subject version is fetched and parsed once per parser. */
export type RegistrySchemaParser = (fetched: RegistrySchema, what: string) => Promise<RegistryParse>

/** Named types usable by name, or why they cannot be had. */
type TypesOutcome = { ok: true; types: NamedSchema[] } | { ok: false; code: string; error: string }

/**
 * A parser for schemas read through `reader`. Schemas are parsed as the registry holds them
 * (defaults not validated); `what` names the schema in errors ("schema id 7").
 */
export function createRegistrySchemaParser(reader: VersionReader): RegistrySchemaParser {
  // Per referenced subject version: the named types it makes usable (its own and its references').
  const referenced = new Map<string, Promise<TypesOutcome>>()

  const parseWith = async (fetched: RegistrySchema, what: string, path: readonly string[]): Promise<RegistryParse> => {
    const type = fetched.schemaType ?? 'AVRO'
    if (type !== 'AVRO') return { ok: false, code: 'UNSUPPORTED_SCHEMA', error: `${what} is a ${type} schema; only Avro is supported` }
    const types: NamedSchema[] = []
    for (const ref of fetched.references ?? []) {
      const key = `${ref.subject}@${ref.version}`
      if (path.includes(key)) return { ok: false, code: 'REFERENCE_CYCLE', error: `${what}: schema references form a cycle through ${key}` }
      if (!referenced.has(key))
        referenced.set(key, readReference(ref, `reference '${ref.name}' (${ref.subject} version ${ref.version}) of ${what}`, [...path, key]))
      const found = await referenced.get(key)!
      if (!found.ok) return found
      types.push(...found.types)
    }
    const parsed = parseSchema(fetched.schema, { validateDefaults: false, namedTypes: types })
    if (!parsed.ok) return { ok: false, code: 'INVALID_SCHEMA', error: `${what} is not a valid Avro schema: ${parsed.errors[0].message}` }
    return { ok: true, schema: parsed, referencedTypes: types }
  }

  const readReference = async (ref: { subject: string; version: number }, what: string, path: readonly string[]): Promise<TypesOutcome> => {
    let fetched: RegistrySchema
    try {
      fetched = await reader.getVersion(ref.subject, ref.version)
    } catch (err) {
      if (err instanceof SchemactlError && err.kind === 'registry' && err.code.endsWith('NOT_FOUND')) {
        return { ok: false, code: 'REFERENCE_NOT_FOUND', error: `${what} is not in the registry` }
      }
      throw err
    }
    const parsed = await parseWith(fetched, what, path)
    return parsed.ok ? { ok: true, types: [...parsed.schema.definedTypes.values(), ...parsed.referencedTypes] } : parsed
  }

  return (fetched, what) => parseWith(fetched, what, [])
}

/** Like a `RegistrySchemaParser`, throwing InputError (exit 5) when the schema cannot be used. */
export async function requireRegistrySchema(parse: RegistrySchemaParser, fetched: RegistrySchema, what: string): Promise<ParsedSchema> {
  const parsed = await parse(fetched, what)
  if (!parsed.ok) throw new InputError(parsed.error, { code: parsed.code })
  return parsed.schema
}
