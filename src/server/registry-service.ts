/**
 * The registry's operations, independent of HTTP: every Confluent endpoint's semantics over the
 * in-memory `RegistryState`, with writes made durable through the changelog. A facade over the
 * parts in ./service/ (one per concern), so that the routes call one object:
 *
 * | part                         | endpoints                                                |
 * | ---------------------------- | -------------------------------------------------------- |
 * | service/writer.ts            | every write: apply, append, fsync, undo, compaction      |
 * | service/settings.ts          | /config, /mode and the effective level and mode          |
 * | service/subjects.ts          | /subjects: list, read, lookup, delete                    |
 * | service/registration.ts      | register, /compatibility                                 |
 * | service/schemas-by-id.ts     | /schemas: by id, by guid, the list                       |
 * | service/associations.ts      | /associations                                            |
 * | service/contexts.ts          | /contexts                                                |
 * | service/request.ts           | request bodies and `{version}` segments, read and checked |
 */
import type { AssociationFilter } from './associations.js'
import { SchemaHandler } from './schemas.js'
import { Associations } from './service/associations.js'
import { deleteContext, listContexts } from './service/contexts.js'
import { schemaView, type ListOptions, type SchemaView } from './service/listing.js'
import { Registration } from './service/registration.js'
import { SchemasById } from './service/schemas-by-id.js'
import { Settings } from './service/settings.js'
import { Subjects } from './service/subjects.js'
import { DurableWriter, type CompactionOptions } from './service/writer.js'
import type { Changelog } from './store/changelog.js'
import type { AssociationValue, ConfigValue } from './store/records.js'
import type { RegistryState, VersionEntry } from './store/state.js'

export type { ListOptions, SchemaView } from './service/listing.js'

/** Options of a RegistryService. */
export interface RegistryServiceOptions {
  /** Durable log; null keeps everything in memory. */
  changelog: Changelog | null
  /** Reject every write (the `--read-only` flag). */
  readOnly?: boolean
  /** The changelog's size in records and when to compact it. */
  compaction?: CompactionOptions
}

/** The registry `serve` runs: reads answer from memory; writes are applied, logged and acknowledged after fsync. */
export class RegistryService {
  private readonly writer: DurableWriter
  private readonly settings: Settings
  private readonly subjects: Subjects
  private readonly registration: Registration
  private readonly byId: SchemasById
  private readonly associations: Associations
  private readonly schemas: SchemaHandler

  constructor(
    readonly state: RegistryState,
    options: RegistryServiceOptions,
  ) {
    const schemas = new SchemaHandler(state)
    this.schemas = schemas
    this.writer = new DurableWriter(state, options.changelog, options.compaction)
    this.settings = new Settings(state, this.writer, options.readOnly ?? false)
    this.subjects = new Subjects(state, this.writer, this.settings, schemas)
    this.registration = new Registration(state, this.writer, this.settings, this.subjects, schemas)
    this.byId = new SchemasById(state, this.subjects, schemas)
    this.associations = new Associations(state, this.writer, this.settings, this.subjects, this.registration)
  }

  /** Undefined when everything in memory is durable; otherwise a promise that settles once it is. */
  settled(): Promise<void> | undefined {
    return this.writer.settled()
  }

  // ---- settings ----
  /** GET /config[/{s}]. */
  getConfig(scope: string | null, defaultToGlobal: boolean): ConfigValue {
    return this.settings.getConfig(scope, defaultToGlobal)
  }
  /** PUT /config[/{s}]. */
  putConfig(scope: string | null, body: Record<string, unknown>): Promise<Record<string, unknown>> {
    return this.settings.putConfig(scope, body)
  }
  /** DELETE /config[/{s}]. */
  deleteConfig(scope: string | null): Promise<ConfigValue> {
    return this.settings.deleteConfig(scope)
  }
  /** GET /mode[/{s}]. */
  getMode(scope: string | null, defaultToGlobal: boolean): { mode: string } {
    return this.settings.getMode(scope, defaultToGlobal)
  }
  /** PUT /mode[/{s}]. */
  putMode(scope: string | null, body: Record<string, unknown>, force: boolean): Promise<{ mode: string }> {
    return this.settings.putMode(scope, body, force)
  }
  /** DELETE /mode[/{s}]. */
  deleteMode(scope: string | null): Promise<{ mode: string }> {
    return this.settings.deleteMode(scope)
  }

  // ---- subjects ----
  /** GET /subjects. */
  listSubjects(prefix: string, options: ListOptions): string[] {
    return this.subjects.listSubjects(prefix, options)
  }
  /** GET /subjects/{s}/versions. */
  listVersions(subject: string, options: ListOptions & { deletedAsNegative?: boolean }): number[] {
    return this.subjects.listVersions(subject, options)
  }
  /** The Schema entity of a subject version; `format` as the `format` query parameter (PROTOBUF `serialized`: base64 descriptor). */
  schemaView(entry: VersionEntry, format?: string): SchemaView {
    return format === undefined ? schemaView(entry) : schemaView(entry, this.schemas.render(entry.schema, format))
  }
  /** The schema text of a subject version in `format` (see schemaView). */
  schemaText(entry: VersionEntry, format?: string): string {
    return this.schemas.render(entry.schema, format)
  }
  /** GET /subjects/{s}/metadata. */
  latestWithMetadata(subject: string, wanted: Readonly<Record<string, string>>, deleted: boolean): VersionEntry {
    return this.subjects.latestWithMetadata(subject, wanted, deleted)
  }
  /** GET /subjects/{s}/versions/{v}. */
  getVersion(subject: string, rawVersion: string, deleted: boolean): VersionEntry {
    return this.subjects.getVersion(subject, rawVersion, deleted)
  }
  /** GET /subjects/{s}/versions/{v}/referencedby. */
  referencedBy(subject: string, rawVersion: string, options: ListOptions): number[] {
    return this.subjects.referencedBy(subject, rawVersion, options)
  }
  /** POST /subjects/{s}. */
  lookup(subject: string, body: Record<string, unknown>, options: { normalize?: boolean; deleted: boolean }): VersionEntry {
    return this.subjects.lookup(subject, body, options)
  }
  /** DELETE /subjects/{s}. */
  deleteSubject(subject: string, permanent: boolean): Promise<number[]> {
    return this.subjects.deleteSubject(subject, permanent)
  }
  /** DELETE /subjects/{s}/versions/{v}. */
  deleteVersion(subject: string, rawVersion: string, permanent: boolean): Promise<number> {
    return this.subjects.deleteVersion(subject, rawVersion, permanent)
  }

  // ---- registration and compatibility ----
  /** POST /subjects/{s}/versions. */
  register(subject: string, body: Record<string, unknown>, normalize?: boolean): Promise<SchemaView> {
    return this.registration.register(subject, body, normalize)
  }
  /** POST /compatibility/subjects/{s}/versions[/{v}]. */
  checkCompatibility(
    subject: string,
    rawVersion: string | undefined,
    body: Record<string, unknown>,
    options: { verbose: boolean; normalize?: boolean },
  ): { is_compatible: boolean; messages?: string[] } {
    return this.registration.checkCompatibility(subject, rawVersion, body, options)
  }

  // ---- schemas by id ----
  /** GET /schemas/ids/{id}. */
  getSchemaById(id: number, options: { subject?: string; fetchMaxId?: boolean; format?: string }): SchemaView {
    return this.byId.getSchemaById(id, options)
  }
  /** GET /schemas/guids/{guid}. */
  getSchemaByGuid(guid: string, format?: string): SchemaView {
    return this.byId.getSchemaByGuid(guid, format)
  }
  /** GET /schemas/ids/{id}/schema. */
  getRawSchemaById(id: number, subject?: string, format?: string): string {
    return this.byId.getRawSchemaById(id, subject, format)
  }
  /** GET /schemas/ids/{id}/versions. */
  schemaVersions(id: number, options: { subject?: string; deleted: boolean }): Array<{ subject: string; version: number }> {
    return this.byId.schemaVersions(id, options)
  }
  /** GET /schemas/ids/{id}/subjects. */
  schemaSubjects(id: number, options: ListOptions & { subject?: string }): string[] {
    return this.byId.schemaSubjects(id, options)
  }
  /** GET /schemas. */
  listSchemas(prefix: string, options: ListOptions & { latestOnly?: boolean; ruleType?: string }): SchemaView[] {
    return this.byId.listSchemas(prefix, options)
  }

  // ---- associations ----
  /** GET /associations/…. */
  listAssociations(
    by: { subject?: string; resourceId?: string; resourceNamespace?: string; resourceName?: string },
    filter: AssociationFilter,
    options: { offset?: number; limit?: number },
  ): AssociationValue[] {
    return this.associations.listAssociations(by, filter, options)
  }
  /** POST /associations, PUT /associations/resources/{id}. */
  putAssociations(body: Record<string, unknown>, options: { createOnly: boolean; dryRun: boolean; pathResourceId?: string }): Promise<Record<string, unknown>> {
    return this.associations.putAssociations(body, options)
  }
  /** DELETE /associations/resources/{id}. */
  deleteAssociations(resourceId: string, filter: AssociationFilter, options: { cascadeLifecycle: boolean; dryRun: boolean }): Promise<void> {
    return this.associations.deleteAssociations(resourceId, filter, options)
  }

  // ---- contexts ----
  /** GET /contexts. */
  listContexts(prefix: string, options: ListOptions): string[] {
    return listContexts(this.state, prefix, options)
  }
  /** DELETE /contexts/{ctx}. */
  deleteContext(context: string): void {
    deleteContext(this.state, context)
  }
}
