import { RegistryError, withoutStack } from './errors.js'
import { subjectPathSegment, encodeVersion } from './paths.js'
import { Transport, type TransportOptions } from './transport.js'
import type {
  CompatibilityCheck,
  ConfigUpdate,
  Mode,
  RegisterRequest,
  RegisterResponse,
  RegistryConfig,
  SchemaById,
  SchemaPayload,
  SchemaType,
  SubjectSchema,
  SubjectVersion,
  VersionRef,
} from './types.js'

/** Options of `RegistryClient`: the connection (see `TransportOptions`). */
export type RegistryClientOptions = TransportOptions

/**
 * A typed client of the Confluent Schema Registry REST API, tolerant of Karapace, Apicurio and
 * Redpanda differences. One method per endpoint; every failure is a `RegistryError`.
 * Schemas by id are cached for the client's lifetime (ids are immutable), concurrent fetches shared.
 * Call `close()` when done to release keep-alive connections.
 */
export class RegistryClient {
  private readonly transport: Transport
  private readonly byId = new Map<string, Promise<SchemaById>>()

  constructor(options: RegistryClientOptions) {
    this.transport = new Transport(options)
  }

  /** The base URL in use, without credentials (for messages). */
  get url(): string {
    return this.transport.url
  }

  /** Releases keep-alive connections. */
  close(): Promise<void> {
    return this.transport.close()
  }

  /**
   * GET /subjects: subject names, sorted by the registry. `prefix` is Confluent's `subjectPrefix`
   * (`:.ctx:` for a context); `offset` and `limit` page the list where the registry supports them
   * (a registry that does not sends every name).
   */
  listSubjects(options: { prefix?: string; deleted?: boolean; deletedOnly?: boolean; offset?: number; limit?: number } = {}): Promise<string[]> {
    return this.transport.send({
      method: 'GET',
      path: '/subjects',
      query: { subjectPrefix: options.prefix, deleted: options.deleted, deletedOnly: options.deletedOnly, offset: options.offset, limit: options.limit },
      retry: 'safe',
    })
  }

  /** GET /subjects/{s}/versions: version numbers, ascending. Throws SUBJECT_NOT_FOUND. */
  listVersions(subject: string, options: { deleted?: boolean; deletedOnly?: boolean } = {}): Promise<number[]> {
    return this.transport.send({
      method: 'GET',
      path: `/subjects/${subjectPathSegment(subject)}/versions`,
      query: { deleted: options.deleted, deletedOnly: options.deletedOnly },
      retry: 'safe',
      context: { subject },
    })
  }

  /**
   * POST /subjects/{s}/versions: registers a schema (idempotent: an identical schema returns its
   * existing id). Older registries reply with only `id`. Throws INCOMPATIBLE_SCHEMA, INVALID_SCHEMA, …
   */
  register(subject: string, request: RegisterRequest, options: { normalize?: boolean } = {}): Promise<RegisterResponse> {
    return this.transport.send({
      method: 'POST',
      path: `/subjects/${subjectPathSegment(subject)}/versions`,
      query: { normalize: options.normalize },
      body: payloadBody(request),
      retry: 'safe',
      context: { subject },
    })
  }

  /** POST /subjects/{s}: the registered version of this schema. Throws SCHEMA_NOT_FOUND or SUBJECT_NOT_FOUND. */
  async lookup(subject: string, payload: SchemaPayload, options: { normalize?: boolean; deleted?: boolean } = {}): Promise<SubjectSchema> {
    const reply = await this.transport.send<WireSchema>({
      method: 'POST',
      path: `/subjects/${subjectPathSegment(subject)}`,
      query: { normalize: options.normalize, deleted: options.deleted },
      body: payloadBody(payload),
      retry: 'safe',
      context: { subject },
    })
    return subjectSchema(reply, subject)
  }

  /** GET /subjects/{s}/versions/{v}. Throws SUBJECT_NOT_FOUND or VERSION_NOT_FOUND. */
  async getVersion(subject: string, version: VersionRef, options: { deleted?: boolean; format?: string } = {}): Promise<SubjectSchema> {
    const reply = await this.transport.send<WireSchema>({
      method: 'GET',
      path: `/subjects/${subjectPathSegment(subject)}/versions/${encodeVersion(version)}`,
      query: { deleted: options.deleted, format: options.format },
      retry: 'safe',
      context: { subject, version },
    })
    return subjectSchema(reply, subject)
  }

  /**
   * GET /subjects/{s}/metadata?key=…&value=…: the latest version whose metadata has the property
   * (a data-contract registry, Confluent 7.4+). Throws SUBJECT_NOT_FOUND or SCHEMA_NOT_FOUND.
   */
  async getLatestWithMetadata(subject: string, property: { key: string; value: string }): Promise<SubjectSchema> {
    const reply = await this.transport.send<WireSchema>({
      method: 'GET',
      path: `/subjects/${subjectPathSegment(subject)}/metadata`,
      query: { key: property.key, value: property.value },
      retry: 'safe',
      context: { subject },
    })
    return subjectSchema(reply, subject)
  }

  /** GET /subjects/{s}/versions/{v}/schema: the schema text exactly as the registry stores it. */
  getRawSchema(subject: string, version: VersionRef, options: { deleted?: boolean } = {}): Promise<string> {
    return this.transport.send({
      method: 'GET',
      path: `/subjects/${subjectPathSegment(subject)}/versions/${encodeVersion(version)}/schema`,
      query: { deleted: options.deleted },
      raw: true,
      retry: 'safe',
      context: { subject, version },
    })
  }

  /** GET /subjects/{s}/versions/{v}/referencedby: ids of the schemas that reference this version. */
  getReferencedBy(subject: string, version: VersionRef): Promise<number[]> {
    return this.transport.send({
      method: 'GET',
      path: `/subjects/${subjectPathSegment(subject)}/versions/${encodeVersion(version)}/referencedby`,
      retry: 'safe',
      context: { subject, version },
    })
  }

  /** DELETE /subjects/{s}: soft (default) or permanent delete; resolves to the deleted versions. */
  deleteSubject(subject: string, options: { permanent?: boolean } = {}): Promise<number[]> {
    return this.transport.send({
      method: 'DELETE',
      path: `/subjects/${subjectPathSegment(subject)}`,
      query: { permanent: options.permanent },
      retry: 'once',
      context: { subject },
    })
  }

  /** DELETE /subjects/{s}/versions/{v}: soft (default) or permanent delete; resolves to the deleted version. */
  deleteVersion(subject: string, version: VersionRef, options: { permanent?: boolean } = {}): Promise<number> {
    return this.transport.send({
      method: 'DELETE',
      path: `/subjects/${subjectPathSegment(subject)}/versions/${encodeVersion(version)}`,
      query: { permanent: options.permanent },
      retry: 'once',
      context: { subject, version },
    })
  }

  /**
   * GET /schemas/ids/{id}, fetched once per client (concurrent calls share one request). Throws
   * SCHEMA_NOT_FOUND. `includeSubjects` is Karapace's way to add the `subjects` using the id.
   */
  getSchemaById(id: number, options: { subject?: string; includeSubjects?: boolean } = {}): Promise<SchemaById> {
    const key = `${id}\u0000${options.subject ?? ''}\u0000${options.includeSubjects === true}`
    let pending = this.byId.get(key)
    if (pending === undefined) {
      pending = this.transport
        .send<WireSchema>({
          method: 'GET',
          path: `/schemas/ids/${id}`,
          query: { subject: options.subject, includeSubjects: options.includeSubjects },
          retry: 'safe',
          context: { id },
        })
        .then((reply) => ({ ...reply, schemaType: schemaTypeOf(reply) }) as SchemaById)
      // A failure is not cached: the next call asks again.
      pending.catch(() => this.byId.delete(key))
      this.byId.set(key, pending)
    }
    return pending
  }

  /** GET /schemas/ids/{id}/schema: raw schema text (not on Karapace). */
  getRawSchemaById(id: number): Promise<string> {
    return this.transport.send({ method: 'GET', path: `/schemas/ids/${id}/schema`, raw: true, retry: 'safe', context: { id } })
  }

  /** GET /schemas/ids/{id}/subjects: subjects using the id. */
  getSubjectsById(id: number, options: { deleted?: boolean } = {}): Promise<string[]> {
    return this.transport.send({ method: 'GET', path: `/schemas/ids/${id}/subjects`, query: { deleted: options.deleted }, retry: 'safe', context: { id } })
  }

  /** GET /schemas/ids/{id}/versions: the (subject, version) pairs using the id. */
  getVersionsById(id: number, options: { deleted?: boolean } = {}): Promise<SubjectVersion[]> {
    return this.transport.send({ method: 'GET', path: `/schemas/ids/${id}/versions`, query: { deleted: options.deleted }, retry: 'safe', context: { id } })
  }

  /** GET /schemas: registered schemas, optionally the latest of each subject only. */
  async listSchemas(options: { prefix?: string; deleted?: boolean; latestOnly?: boolean; offset?: number; limit?: number } = {}): Promise<SubjectSchema[]> {
    const reply = await this.transport.send<WireSchema[]>({
      method: 'GET',
      path: '/schemas',
      query: { subjectPrefix: options.prefix, deleted: options.deleted, latestOnly: options.latestOnly, offset: options.offset, limit: options.limit },
      retry: 'safe',
    })
    return reply.map((s) => subjectSchema(s, s.subject ?? ''))
  }

  /** GET /schemas/types: the schema languages the registry supports. */
  listSchemaTypes(): Promise<string[]> {
    return this.transport.send({ method: 'GET', path: '/schemas/types', retry: 'safe' })
  }

  /**
   * POST /compatibility/subjects/{s}/versions[/{v}]: without `version`, against every version the
   * subject's level selects (an unknown subject is compatible); with it, against that version only.
   */
  async checkCompatibility(
    subject: string,
    payload: SchemaPayload,
    options: { version?: VersionRef; verbose?: boolean; normalize?: boolean } = {},
  ): Promise<CompatibilityCheck> {
    const versionPath = options.version === undefined ? '' : `/${encodeVersion(options.version)}`
    const reply = await this.transport.send<{ is_compatible?: unknown; messages?: unknown }>({
      method: 'POST',
      path: `/compatibility/subjects/${subjectPathSegment(subject)}/versions${versionPath}`,
      query: { verbose: options.verbose, normalize: options.normalize },
      body: payloadBody(payload),
      retry: 'safe',
      context: { subject, version: options.version },
    })
    if (typeof reply?.is_compatible !== 'boolean') {
      throw new RegistryError('INVALID_RESPONSE', `The registry ${this.url} sent a compatibility reply without is_compatible`, { url: this.url, subject })
    }
    const messages = Array.isArray(reply.messages) ? reply.messages.map(String) : undefined
    return { isCompatible: reply.is_compatible, ...(messages ? { messages } : {}) }
  }

  /**
   * GET /config[/{s}]: the global or subject compatibility configuration. A subject without its own
   * level throws SUBJECT_CONFIG_NOT_FOUND (40408, or 40401 on old servers and Karapace) unless
   * `defaultToGlobal`. `defaultToGlobal: false` is sent as such, for registries whose default differs.
   */
  getConfig(subject?: string, options: { defaultToGlobal?: boolean } = {}): Promise<RegistryConfig> {
    return renameNotFound(
      this.transport.send({
        method: 'GET',
        path: subject === undefined ? '/config' : `/config/${subjectPathSegment(subject)}`,
        query: { defaultToGlobal: explicitFlag(options.defaultToGlobal) },
        retry: 'safe',
        context: { subject },
      }),
      'SUBJECT_CONFIG_NOT_FOUND',
    )
  }

  /** PUT /config[/{s}]: sets the level (and other config keys); resolves to the registry's echo. */
  setConfig(subject: string | undefined, update: ConfigUpdate): Promise<ConfigUpdate> {
    return this.transport.send({
      method: 'PUT',
      path: subject === undefined ? '/config' : `/config/${subjectPathSegment(subject)}`,
      body: update,
      retry: 'safe',
      context: { subject },
    })
  }

  /** DELETE /config[/{s}]: removes the subject level (or resets the global one); resolves to the previous config. */
  deleteConfig(subject?: string): Promise<RegistryConfig> {
    return renameNotFound(
      this.transport.send({
        method: 'DELETE',
        path: subject === undefined ? '/config' : `/config/${subjectPathSegment(subject)}`,
        retry: 'once',
        context: { subject },
      }),
      'SUBJECT_CONFIG_NOT_FOUND',
    )
  }

  /** GET /mode[/{s}]. A subject without its own mode throws SUBJECT_MODE_NOT_FOUND unless `defaultToGlobal` (sent also when false). */
  getMode(subject?: string, options: { defaultToGlobal?: boolean } = {}): Promise<{ mode: Mode }> {
    return renameNotFound(
      this.transport.send({
        method: 'GET',
        path: subject === undefined ? '/mode' : `/mode/${subjectPathSegment(subject)}`,
        query: { defaultToGlobal: explicitFlag(options.defaultToGlobal) },
        retry: 'safe',
        context: { subject },
      }),
      'SUBJECT_MODE_NOT_FOUND',
    )
  }

  /** PUT /mode[/{s}]: sets the mode; `force` allows IMPORT while subjects exist. */
  setMode(subject: string | undefined, mode: Mode, options: { force?: boolean } = {}): Promise<{ mode: Mode }> {
    return this.transport.send({
      method: 'PUT',
      path: subject === undefined ? '/mode' : `/mode/${subjectPathSegment(subject)}`,
      query: { force: options.force },
      body: { mode },
      retry: 'safe',
      context: { subject },
    })
  }

  /** DELETE /mode[/{s}]: removes the subject mode; resolves to the previous mode. */
  deleteMode(subject?: string): Promise<{ mode: Mode }> {
    return renameNotFound(
      this.transport.send({
        method: 'DELETE',
        path: subject === undefined ? '/mode' : `/mode/${subjectPathSegment(subject)}`,
        retry: 'once',
        context: { subject },
      }),
      'SUBJECT_MODE_NOT_FOUND',
    )
  }

  /** GET /contexts: context names, the default `.` first (not on Karapace). */
  listContexts(): Promise<string[]> {
    return this.transport.send({ method: 'GET', path: '/contexts', retry: 'safe' })
  }
}

interface WireSchema {
  subject?: string
  version?: number
  id?: number
  schemaType?: SchemaType
  schema: string
  references?: unknown
  [key: string]: unknown
}

/** Request body without absent fields (Redpanda rejects explicit nulls) and without AVRO, the default. */
function payloadBody(payload: RegisterRequest): Record<string, unknown> {
  const body: Record<string, unknown> = { schema: payload.schema }
  if (payload.schemaType !== undefined && payload.schemaType !== 'AVRO') body.schemaType = payload.schemaType
  if (payload.references !== undefined && payload.references.length > 0) body.references = payload.references
  if (payload.metadata != null) body.metadata = payload.metadata
  if (payload.ruleSet != null) body.ruleSet = payload.ruleSet
  if (payload.id !== undefined) body.id = payload.id
  if (payload.version !== undefined) body.version = payload.version
  return body
}

function schemaTypeOf(reply: { schemaType?: unknown }): SchemaType {
  return typeof reply.schemaType === 'string' ? (reply.schemaType as SchemaType) : 'AVRO'
}

function subjectSchema(reply: WireSchema, subject: string): SubjectSchema {
  return { ...reply, subject: reply.subject ?? subject, schemaType: schemaTypeOf(reply) } as SubjectSchema
}

// GET /config/{s} and /mode/{s} answer 40401 on old Confluent and on Karapace where newer ones say 40408/40409.
async function renameNotFound<T>(pending: Promise<T>, code: string): Promise<T> {
  try {
    return await pending
  } catch (err) {
    if (err instanceof RegistryError && (err.code === 'SUBJECT_NOT_FOUND' || err.code === code) && err.details.subject !== undefined) {
      const what = code === 'SUBJECT_MODE_NOT_FOUND' ? 'mode' : 'compatibility level'
      const details = err.details
      throw withoutStack(
        () =>
          new RegistryError(code, `Subject '${details.subject}' has no ${what} of its own in registry ${details.url} (error ${details.errorCode})`, details, {
            cause: err,
          }),
      )
    }
    throw err
  }
}

// A boolean query flag sent whenever given: the query builder leaves out `false` (most flags mean "off" when absent).
function explicitFlag(value: boolean | undefined): string | undefined {
  return value === undefined ? undefined : String(value)
}
