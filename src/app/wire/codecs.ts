/**
 * The one place `encode` and `decode` choose a codec by the registry's `schemaType`: each type's
 * module turns a registry schema (its references fetched as the type needs them) or a schema file
 * into a `WireSchema`, which makes the encoders and decoders. Nothing else branches on the type.
 */
import { extname } from 'node:path'
import type { ByteSink } from '../../engine/codec/index.js'
import type { Incompatibility, ParsedSchema } from '../../engine/index.js'
import { InputError, SchemactlError } from '../../errors.js'
import type { SchemaType } from '../../registry/types.js'
import type { ReadOptions } from '../../workspace/read-file.js'
import { readSchemaInput } from '../input/schema.js'
import { avroWire, avroWireSchema } from './avro.js'
import { jsonSchemaWire } from './json-schema.js'
import { protobufWire } from './protobuf.js'
import { readSchemaFile } from './schema.js'
import { createRegistrySchemaParser, type RegistrySchema, type RegistrySchemaParser, type VersionReader } from '../registry/schema.js'

/** What `decode` asks of a decoder, whatever the type. */
export interface WireDecoderOptions {
  /** An Avro reader schema (`--reader-schema`, `--reader-subject`): Avro only. */
  reader?: ParsedSchema
  /** Avro: print unions wrapped. */
  avroJson?: boolean
}

/** What `encode` asks of an encoder, whatever the type. */
export interface WireEncoderOptions {
  /** Protobuf: the message type to write (`--message`); default the file's first message. */
  message?: string
}

/** Decodes what follows the 5-byte header of one message to JSON. */
export interface WireDecoder {
  /** Appends the JSON (UTF-8) of the message body `bytes[offset..end)` to `out`; on failure `out` is left as it was. */
  decodeJson(bytes: Buffer, offset: number, end: number, out: ByteSink): { ok: true } | { ok: false; error: { code: string; message: string } }
}

/** Why one record cannot be encoded: `path` is the record's value that does not fit (`$` the record), `hint` what to try. */
export interface WireEncodeError {
  code: 'INVALID_JSON' | 'RECORD_INVALID'
  path: string
  message: string
  hint?: string
}

/** Encodes JSON records to what follows the 5-byte header. */
export interface WireEncoder {
  /** The body of the message for the JSON text `text` of one record. */
  encode(text: string): { ok: true; bytes: Uint8Array } | { ok: false; error: WireEncodeError }
}

/** A schema ready to encode and decode messages of its type. */
export interface WireSchema {
  readonly schemaType: SchemaType
  /** A decoder; throws UsageError when an option does not apply to the type. */
  decoder(options: WireDecoderOptions): { ok: true; decoder: WireDecoder } | { ok: false; code: string; error: string; incompatibilities?: Incompatibility[] }
  /** An encoder; throws UsageError when an option does not apply to the type. */
  encoder(options: WireEncoderOptions): { ok: true; encoder: WireEncoder } | { ok: false; message: string }
  /** The record name the RecordNameStrategy makes the subject of, if the schema has one. */
  recordName(options: WireEncoderOptions): string | undefined
}

/** A schema read from a registry made usable, or why it cannot be. */
export type WireSchemaResult = { ok: true; wire: WireSchema } | { ok: false; code: string; error: string }

/** What a type's module needs to read a registry schema: the Avro parser (named types of references) and the texts of references. */
export interface WireLoadContext {
  avro: RegistrySchemaParser
  /** The texts of the schemas `fetched` references, transitively, by reference name; an error when one cannot be read. */
  dependencies(fetched: RegistrySchema, what: string): Promise<{ ok: true; dependencies: Record<string, string> } | { ok: false; code: string; error: string }>
}

/** One schema type's codec. */
export interface WireCodec {
  /** A registry schema (references through `context`) as a `WireSchema`; `what` names it in errors ("schema id 7"). */
  fromRegistry(fetched: RegistrySchema, what: string, context: WireLoadContext): Promise<WireSchemaResult>
  /** Schema text read from a file (no references), as a `WireSchema`; `where` names the file. */
  fromText(text: string, where: string): WireSchemaResult
}

/** The codecs by schema type. */
export const WIRE_CODECS: Readonly<Record<SchemaType, WireCodec>> = {
  AVRO: avroWire,
  JSON: jsonSchemaWire,
  PROTOBUF: protobufWire,
}

/** Reads registry schemas as `WireSchema`s; references are fetched once per loader. */
export type WireSchemaLoader = (fetched: RegistrySchema, what: string) => Promise<WireSchemaResult>

/** A loader of schemas read through `reader`, choosing each schema's codec by its `schemaType` (absent: AVRO). */
export function createWireSchemaLoader(reader: VersionReader): WireSchemaLoader {
  const context: WireLoadContext = { avro: createRegistrySchemaParser(reader), dependencies: createDependencyReader(reader) }
  return (fetched, what) => {
    const type = fetched.schemaType ?? 'AVRO'
    const codec = Object.hasOwn(WIRE_CODECS, type) ? WIRE_CODECS[type as SchemaType] : undefined
    if (codec === undefined)
      return Promise.resolve({ ok: false, code: 'UNSUPPORTED_SCHEMA', error: `${what} has schema type ${type}, which schemactl cannot encode or decode` })
    return codec.fromRegistry(fetched, what, context)
  }
}

/**
 * The texts of a schema's references, transitively (an import's imports too), by reference name,
 * as the JSON Schema and Protobuf engines take them; each subject version is fetched once.
 */
function createDependencyReader(reader: VersionReader): WireLoadContext['dependencies'] {
  const versions = new Map<string, Promise<RegistrySchema | { code: string; error: string }>>()
  const fetch = (ref: { name: string; subject: string; version: number }, what: string) => {
    const key = `${ref.subject}@${ref.version}`
    let found = versions.get(key)
    if (found === undefined) {
      found = reader.getVersion(ref.subject, ref.version).catch((err: unknown) => {
        if (err instanceof SchemactlError && err.kind === 'registry' && err.code.endsWith('NOT_FOUND')) {
          return { code: 'REFERENCE_NOT_FOUND', error: `reference '${ref.name}' (${ref.subject} version ${ref.version}) of ${what} is not in the registry` }
        }
        throw err
      })
      versions.set(key, found)
    }
    return found
  }
  return async (fetched, what) => {
    const dependencies: Record<string, string> = {}
    const seen = new Set<string>()
    const queue = [...(fetched.references ?? [])]
    while (queue.length > 0) {
      const ref = queue.shift()!
      const key = `${ref.subject}@${ref.version}`
      if (seen.has(key) || Object.hasOwn(dependencies, ref.name)) continue
      seen.add(key)
      const found = await fetch(ref, what)
      if ('code' in found) return { ok: false, ...found }
      dependencies[ref.name] = found.schema
      queue.push(...(found.references ?? []))
    }
    return { ok: true, dependencies }
  }
}

/** A schema file for `encode --schema`: its codec's `WireSchema` and what lookup and registration send. */
export interface WireSchemaFile {
  wire: WireSchema
  payload: { schema: string; schemaType: SchemaType }
}

/**
 * Reads the schema file `file` for encoding: the type is `schemaType`, else PROTOBUF for `.proto`,
 * JSON for a JSON object with `$schema`, else AVRO. Avro is read as `check` reads it; the others
 * as `register` reads them (app/input/schema.ts), alone (imports other than the bundled
 * well-known types need the registry's references: encode by subject or id then). InputError (exit 5)
 * when it is unreadable or invalid.
 */
export async function readWireSchemaFile(file: string, options: ReadOptions & { schemaType?: SchemaType } = {}): Promise<WireSchemaFile> {
  const schemaType = options.schemaType ?? (await detectSchemaType(file, options))
  if (schemaType === 'AVRO') {
    const schema = await readSchemaFile(file, 'schema', options)
    return { wire: avroWireSchema(schema), payload: { schema: schema.normalized, schemaType } }
  }
  const input = await readSchemaInput(file, { ...options, schemaType })
  const loaded = WIRE_CODECS[schemaType].fromText(input.schema, file)
  if (!loaded.ok)
    throw new InputError(loaded.error, { code: loaded.code, hint: 'Fix the schema file, or encode with the registered schema (--subject or --schema-id).' })
  return { wire: loaded.wire, payload: { schema: input.schema, schemaType } }
}

/** The type of the schema file `file` when none is given: PROTOBUF for `.proto`, JSON for an object with `$schema`, else AVRO. */
export async function detectSchemaType(file: string, options: ReadOptions = {}): Promise<SchemaType> {
  if (extname(file) === '.proto') return 'PROTOBUF'
  const input = await readSchemaInput(file, { ...options, schemaType: 'JSON' }).catch(() => undefined)
  if (input === undefined) return 'AVRO'
  const json = JSON.parse(input.schema) as unknown
  return json !== null && typeof json === 'object' && !Array.isArray(json) && Object.hasOwn(json, '$schema') ? 'JSON' : 'AVRO'
}
