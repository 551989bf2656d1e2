/**
 * Schema handling per type: AVRO is parsed, validated and checked by the Avro engine; JSON Schema
 * and PROTOBUF through the engine's format seam (`formatFor`): JSON is validated against its
 * meta-schema and stored in the format's canonical form (compact JSON); PROTOBUF is validated with
 * its imports resolved and stored as given (normalised with `normalize`; a base64
 * `FileDescriptorProto` is stored as the `.proto` text it describes). References are resolved
 * before parsing: AVRO by named types, JSON `$ref` and Protobuf imports by reference name.
 */
import {
  checkCompatibility,
  checkFormatLevel,
  formatFor,
  fromFileDescriptor,
  normalizeProtobuf as normalizedProtobufText,
  parseSchema,
  toFileDescriptor,
  type CompatibilityLevel,
  type CompatibilityPolicy,
  type NamedSchema,
  type ParsedProtobuf,
  type ParsedSchema,
  type SchemaDependencies,
  type SchemaFormat,
} from '../engine/index.js'
import { checkJsonSchema } from './json-schema.js'
import { checkProtobuf } from './protobuf.js'
import { RestError, restErrors } from './rest-error.js'
import { checkedSchema, readReferences, type SchemaRequest } from './service/request.js'
import type { SchemaReference } from './store/records.js'
import { referenceTarget, schemaIdentity, type RegistryState, type StoredSchema, type VersionEntry } from './store/state.js'

/** A request's schema, validated and in stored form. */
export interface PreparedSchema {
  schemaType: string
  schema: string
  references: SchemaReference[]
  identity: string
  /** The engine's parse (AVRO only). */
  parsed?: ParsedSchema
  /** The format's parse (JSON and PROTOBUF). */
  formatParsed?: unknown
}

/** What a stored JSON or PROTOBUF schema's cache holds: the format's parse, with its references resolved. */
interface FormatCache {
  formatParsed: unknown
}

interface AvroCache {
  parsed: ParsedSchema
  /** Named types of this schema and of everything it references, transitively. */
  namedTypes: NamedSchema[]
}

/** The latest non-deleted version of a subject, or undefined. */
export function latestLiveVersion(state: RegistryState, subject: string): VersionEntry | undefined {
  let latest: VersionEntry | undefined
  for (const entry of state.subjects.get(subject)?.versions.values() ?? []) {
    if (!entry.deleted && (!latest || entry.version > latest.version)) latest = entry
  }
  return latest
}

function resolveReferences(raw: unknown, context: string, state: RegistryState): { references: SchemaReference[]; targets: VersionEntry[] } {
  const references: SchemaReference[] = []
  const targets: VersionEntry[] = []
  for (const { name, subject, version } of readReferences(raw)) {
    const target = referenceTarget(context, { name, subject, version })
    const entry = version === -1 ? latestLiveVersion(state, target) : state.subjects.get(target)?.versions.get(version)
    if (!entry) throw restErrors.invalidSchema(`Invalid schema: No schema reference found for subject "${subject}" and version ${version}`)
    references.push({ name, subject, version: entry.version })
    targets.push(entry)
  }
  return { references, targets }
}

function describeErrors(errors: ReadonlyArray<{ message: string; path: string }>): string {
  return errors.map((e) => (e.path ? `${e.message} (at ${e.path})` : e.message)).join('; ')
}

/** How many prepared schemas `prepare` remembers (least recently used dropped first). */
const PREPARED_CACHE_SIZE = 1000

/** Parses, validates and resolves schemas against the registry state, with a per-id parse cache. */
export class SchemaHandler {
  /**
   * Schemas without references prepared lately, by type, options and exact text: clients (an
   * import above all) send the same schema under many subjects, and parsing it is most of a
   * registration's cost. Nothing else goes into the result, so it cannot go stale.
   */
  private readonly prepared = new Map<string, PreparedSchema>()

  constructor(private readonly state: RegistryState) {}

  /**
   * Validates a request's schema in `context` and returns it in stored form.
   * Throws RestError 42201 for an invalid schema, type or reference.
   */
  prepare(context: string, request: SchemaRequest, options: { normalize: boolean; validateDefaults: boolean }): PreparedSchema {
    const { schemaType, schema } = checkedSchema(request)
    const { references: given, targets } = resolveReferences(request.references, context, this.state)
    if (given.length > 0) return this.prepareUncached(schemaType, schema, given, targets, options.normalize, options.validateDefaults)
    const key = `${schemaType}\n${options.validateDefaults}\n${options.normalize}\n${schema}`
    let prepared = this.prepared.get(key)
    // A hit is moved to the end, so that the Map's first key is the least recently used.
    if (prepared) this.prepared.delete(key)
    else {
      prepared = this.prepareUncached(schemaType, schema, given, targets, options.normalize, options.validateDefaults)
      if (this.prepared.size >= PREPARED_CACHE_SIZE) this.prepared.delete(this.prepared.keys().next().value!)
    }
    this.prepared.set(key, prepared)
    return prepared
  }

  /** `prepare` after the checks every request gets: parses and validates the schema text. */
  private prepareUncached(
    schemaType: string,
    text: string,
    given: SchemaReference[],
    targets: VersionEntry[],
    normalize: boolean,
    validateDefaults: boolean,
  ): PreparedSchema {
    // Sorted as a copy: `given[i]` and `targets[i]` stay pairs.
    const references = [...given]
    if (normalize) references.sort((a, b) => a.name.localeCompare(b.name) || a.subject.localeCompare(b.subject) || a.version - b.version)
    let schema: string
    let parsed: ParsedSchema | undefined
    let formatParsed: unknown
    if (schemaType === 'AVRO') {
      const namedTypes = targets.flatMap((t) => this.avro(t.schema).namedTypes)
      const result = parseSchema(text, { validateDefaults, namedTypes })
      if (!result.ok) throw restErrors.invalidSchema(`Invalid schema: ${describeErrors(result.errors)}`)
      parsed = result
      schema = result.normalized
    } else if (schemaType === 'JSON') {
      let value: unknown
      try {
        value = JSON.parse(text)
      } catch (err) {
        throw restErrors.invalidSchema(`Invalid schema: ${(err as Error).message}`)
      }
      const problem = checkJsonSchema(value)
      if (problem) throw restErrors.invalidSchema(problem)
      const format = formatFor('JSON')!
      formatParsed = parseWith(format, text, this.dependencies(given, targets))
      schema = format.canonical(formatParsed)
    } else {
      const sources = this.referencedTexts(given, targets)
      const dependencies = Object.fromEntries(sources)
      schema = text
      const problem = checkProtobuf(text, sources)
      if (problem) {
        // What the official serializers register: a base64 FileDescriptorProto, stored as the .proto text it describes.
        const descriptor = /[{};"]/.test(text) ? undefined : fromFileDescriptor(text, dependencies)
        if (!descriptor?.ok) throw restErrors.invalidSchema(problem)
        schema = descriptor.text
        formatParsed = descriptor.value
      } else formatParsed = parseWith(formatFor('PROTOBUF')!, text, dependencies)
      if (normalize) {
        const normalized = normalizedProtobufText(formatParsed as ParsedProtobuf)
        if (!normalized.ok) throw restErrors.invalidSchema(`Invalid schema: ${describeErrors(normalized.errors)}`)
        schema = normalized.text
      }
    }
    return { schemaType, schema, references, identity: schemaIdentity(schemaType, schema, references), parsed, formatParsed }
  }

  /** The texts a JSON or PROTOBUF schema's references name, by reference name, transitively (as the format's parse takes them). */
  private dependencies(references: readonly SchemaReference[], targets: readonly VersionEntry[]): SchemaDependencies {
    return references.length === 0 ? {} : Object.fromEntries(this.referencedTexts(references, targets))
  }

  /** The format's parse of a stored JSON or PROTOBUF schema (cached on the schema). */
  private formatParsed(stored: StoredSchema): unknown {
    const cached = stored.cache.parsed as FormatCache | undefined
    if (cached) return cached.formatParsed
    const targets = stored.references.map((r) => this.state.subjects.get(referenceTarget(stored.context, r))?.versions.get(r.version))
    const dependencies = Object.fromEntries(this.referencedTexts(stored.references, targets))
    const result = formatFor(stored.schemaType)!.parse(stored.schema, dependencies)
    if (!result.ok) throw new RestError(500, `Stored schema ${stored.id} cannot be parsed: ${describeErrors(result.errors)}`)
    stored.cache.parsed = { formatParsed: result.value } satisfies FormatCache
    return result.value
  }

  /**
   * The schema text a read answers in `format` (the `format` query parameter): for PROTOBUF,
   * `serialized` is the base64 FileDescriptorProto; any other format, or type, is the stored text.
   */
  render(stored: StoredSchema, format: string | undefined): string {
    if (format !== 'serialized' || stored.schemaType !== 'PROTOBUF') return stored.schema
    return toFileDescriptor(this.formatParsed(stored) as ParsedProtobuf)
  }

  /** The texts a schema's references name (a `.proto` import path, a `$ref`), and theirs, transitively. */
  private referencedTexts(references: readonly SchemaReference[], targets: ReadonlyArray<VersionEntry | undefined>): Map<string, string> {
    const sources = new Map<string, string>()
    const visit = (refs: readonly SchemaReference[], entries: ReadonlyArray<VersionEntry | undefined>) => {
      refs.forEach((ref, i) => {
        const entry = entries[i]
        if (!entry || sources.has(ref.name)) return
        sources.set(ref.name, entry.schema.schema)
        const s = entry.schema
        visit(
          s.references,
          s.references.map((r) => this.state.subjects.get(referenceTarget(s.context, r))?.versions.get(r.version)),
        )
      })
    }
    visit(references, targets)
    return sources
  }

  /** The engine's parse of a stored AVRO schema (cached on the schema). */
  private avro(stored: StoredSchema): AvroCache {
    const cached = stored.cache.parsed as AvroCache | undefined
    if (cached) return cached
    if (stored.schemaType !== 'AVRO') return { parsed: undefined as never, namedTypes: [] }
    const namedTypes: NamedSchema[] = []
    for (const ref of stored.references) {
      const entry = this.state.subjects.get(referenceTarget(stored.context, ref))?.versions.get(ref.version)
      if (entry) namedTypes.push(...this.avro(entry.schema).namedTypes)
    }
    const result = parseSchema(stored.schema, { validateDefaults: false, namedTypes })
    if (!result.ok) throw new RestError(500, `Stored schema ${stored.id} cannot be parsed: ${describeErrors(result.errors)}`)
    const value: AvroCache = { parsed: result, namedTypes: [...namedTypes, ...result.definedTypes.values()] }
    stored.cache.parsed = value
    return value
  }

  /**
   * Checks `candidate` against `previous` (oldest → newest, already chosen for the level). Returns
   * the registry's verdict and verbose messages. `policy` is the JSON Schema policy (STRICT by default).
   */
  check(
    level: CompatibilityLevel,
    candidate: PreparedSchema,
    previous: readonly VersionEntry[],
    policy?: CompatibilityPolicy,
  ): { compatible: boolean; messages: string[] } {
    if (level === 'NONE' || previous.length === 0) return { compatible: true, messages: [] }
    let firstSameType = previous.length
    while (firstSameType > 0 && previous[firstSameType - 1].schema.schemaType === candidate.schemaType) firstSameType--
    const sameType = previous.slice(firstSameType)
    if (sameType.length > 0) {
      const versions = sameType.map((e) => e.version)
      const result =
        candidate.schemaType === 'AVRO'
          ? checkCompatibility(
              level,
              candidate.parsed,
              sameType.map((e) => this.avro(e.schema).parsed),
              { versions },
            )
          : checkFormatLevel(
              formatFor(candidate.schemaType)!,
              level,
              candidate.formatParsed,
              sameType.map((e) => this.formatParsed(e.schema)),
              { policy, versions },
            )
      if (!result.compatible) return { compatible: false, messages: result.messages }
    }
    if (firstSameType === 0) return { compatible: true, messages: [] }
    const other = previous[firstSameType - 1]
    return {
      compatible: false,
      messages: [
        'Incompatible because of different schema type',
        `{oldSchemaVersion: ${other.version}}`,
        `{oldSchema: '${other.schema.schema}'}`,
        `{validateFields: 'false', compatibility: '${level}'}`,
      ],
    }
  }
}

/** The format's parse of `text`; 42201 with the format's located errors when it is invalid. */
function parseWith(format: SchemaFormat<unknown>, text: string, dependencies: SchemaDependencies): unknown {
  const result = format.parse(text, dependencies)
  if (!result.ok) throw restErrors.invalidSchema(`Invalid schema: ${describeErrors(result.errors)}`)
  return result.value
}
