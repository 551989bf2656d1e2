/**
 * Subjects and their versions: listing, reading, looking a schema up, and soft and permanent
 * deletes (GET/POST/DELETE /subjects…). Registration is in registration.ts.
 */
import { contracts } from '../../engine/index.js'
import { restErrors } from '../rest-error.js'
import { latestLiveVersion, type SchemaHandler } from '../schemas.js'
import type { ConfigValue, LogRecord } from '../store/records.js'
import { associationLogKey, contractOf, toSchemaValue, type RegistryState, type VersionEntry } from '../store/state.js'
import { DEFAULT_CONTEXT, normalizeSubject, parseSubject } from '../subject-name.js'
import { page, type ListOptions } from './listing.js'
import { parseSchemaRequest, parseVersion, sentContract } from './request.js'
import type { Settings } from './settings.js'
import type { DurableWriter } from './writer.js'

/** The subject operations other than registration. */
export class Subjects {
  constructor(
    private readonly state: RegistryState,
    private readonly writer: DurableWriter,
    private readonly settings: Settings,
    private readonly schemas: SchemaHandler,
  ) {}

  /** The subjects a `subjectPrefix` selects (`:*:` every context, `:.ctx:` one context), sorted; read lazily, so that a page stops early. */
  *subjectsMatching(prefix: string): Generator<string> {
    let match: (name: string, context: string) => boolean
    if (prefix === ':*:') match = () => true
    else if (prefix.startsWith(':.')) {
      const { context, name } = parseSubject(prefix)
      match = (subject, ctx) => ctx === context && parseSubject(subject).name.startsWith(name)
    } else match = (subject, ctx) => ctx === DEFAULT_CONTEXT && subject.startsWith(prefix)
    for (const name of this.state.subjectNames()) if (match(name, this.state.subjects.get(name)!.context)) yield name
  }

  /** A subject's versions under the soft-delete filters, oldest first. */
  visibleVersions(subject: string, options: ListOptions): VersionEntry[] {
    const all = [...(this.state.subjects.get(subject)?.versions.values() ?? [])].sort((a, b) => a.version - b.version)
    if (options.deletedOnly) return all.filter((v) => v.deleted)
    return options.deleted ? all : all.filter((v) => !v.deleted)
  }

  /** GET /subjects: walks the sorted names only as far as the page asked for ends. */
  listSubjects(prefix: string, options: ListOptions): string[] {
    const visible = (name: string) => {
      if (options.deleted && !options.deletedOnly) return true
      let live = false
      for (const v of this.state.subjects.get(name)!.versions.values()) if (!v.deleted) live = true
      return options.deletedOnly ? !live : live
    }
    let skip = Math.max(0, options.offset ?? 0)
    const limit = options.limit !== undefined && options.limit > 0 ? options.limit : Infinity
    const out: string[] = []
    for (const name of this.subjectsMatching(prefix)) {
      if (!visible(name)) continue
      if (skip > 0) skip--
      else if (out.push(name) >= limit) break
    }
    return out
  }

  /** GET /subjects/{s}/versions: 40401 when nothing is visible under the filter. */
  listVersions(subjectRaw: string, options: ListOptions & { deletedAsNegative?: boolean }): number[] {
    const subject = normalizeSubject(subjectRaw)
    const visible = options.deletedAsNegative ? this.visibleVersions(subject, { deleted: true }) : this.visibleVersions(subject, options)
    if (visible.length === 0) throw restErrors.subjectNotFound(subject)
    const numbers = visible.map((v) => (options.deletedAsNegative && v.deleted ? -v.version : v.version))
    return page(numbers, options.offset, options.limit)
  }

  private findVersion(subject: string, version: number, deleted: boolean): VersionEntry {
    const visible = this.visibleVersions(subject, { deleted })
    if (visible.length === 0) throw restErrors.subjectNotFound(subject)
    const entry = version === -1 ? visible[visible.length - 1] : this.state.subjects.get(subject)?.versions.get(version)
    if (!entry || (entry.deleted && !deleted)) throw restErrors.versionNotFound(version)
    return entry
  }

  /**
   * GET /subjects/{s}/metadata?key=…&value=…: the newest version whose metadata properties hold
   * every pair; 40401 when the subject has no version to look at, 40403 when none matches.
   */
  latestWithMetadata(subjectRaw: string, wanted: Readonly<Record<string, string>>, deleted: boolean): VersionEntry {
    const subject = normalizeSubject(subjectRaw)
    const visible = this.visibleVersions(subject, { deleted })
    if (visible.length === 0) throw restErrors.subjectNotFound(subject)
    for (let i = visible.length - 1; i >= 0; i--) if (contracts.matchesMetadataProperties(visible[i].schema.metadata, wanted)) return visible[i]
    throw restErrors.schemaNotFound()
  }

  /** GET /subjects/{s}/versions/{v}. */
  getVersion(subjectRaw: string, rawVersion: string, deleted: boolean): VersionEntry {
    const version = parseVersion(rawVersion)
    return this.findVersion(normalizeSubject(subjectRaw), version, deleted)
  }

  /** GET /subjects/{s}/versions/{v}/referencedby: ids of the schemas referencing that version. */
  referencedBy(subjectRaw: string, rawVersion: string, options: ListOptions): number[] {
    const version = parseVersion(rawVersion)
    const subject = normalizeSubject(subjectRaw)
    const entry = this.findVersion(subject, version, true)
    const ids = new Set<number>()
    for (const r of this.state.referrersOf(subject, entry.version)) if (options.deleted || !r.deleted) ids.add(r.schema.id)
    return page(
      [...ids].sort((a, b) => a - b),
      options.offset,
      options.limit,
    )
  }

  /** POST /subjects/{s}: the version of `s` holding this schema and contract. */
  lookup(subjectRaw: string, body: Record<string, unknown>, options: { normalize?: boolean; deleted: boolean }): VersionEntry {
    const subject = normalizeSubject(subjectRaw)
    const visible = this.visibleVersions(subject, { deleted: options.deleted })
    if (visible.length === 0) throw restErrors.subjectNotFound(subject)
    const config = this.settings.effectiveConfig(subject)
    const normalize = options.normalize ?? config.normalize ?? false
    const request = parseSchemaRequest(body)
    const prepared = this.schemas.prepare(parseSubject(subject).context, request, { normalize, validateDefaults: false })
    const sent = sentContract(request, true)
    const candidates = visible.filter((v) => v.schema.schemaIdentity === prepared.identity).reverse()
    const found = this.findByContract(candidates, sent, latestLiveVersion(this.state, subject), config)
    if (!found) throw restErrors.schemaNotFound()
    return found
  }

  /**
   * Among `candidates` (versions holding the same schema, newest first), the one the registry's
   * lookup finds for `sent`: the contract as sent, then ignoring `confluent:version`, then the
   * contract a registration would store (inherited from the newest version, with the config's
   * defaults and overrides, without the version stamp).
   */
  findByContract(candidates: VersionEntry[], sent: contracts.Contract, latest: VersionEntry | undefined, config: ConfigValue): VersionEntry | undefined {
    const find = (contract: contracts.Contract) => contracts.findVersionByContract(candidates, contract, (v) => contractOf(v.schema))
    const asSent = find(sent)
    if (asSent || !latest) return asSent
    return find(contracts.applyContractConfig(sent, { previous: contractOf(latest.schema), subjectConfig: config }))
  }

  /** Throws 42206 when a (live, or any with `includeDeletedReferrers`) schema references `entry`. */
  assertNotReferenced(entry: VersionEntry, includeDeletedReferrers: boolean): void {
    for (const r of this.state.referrersOf(entry.subject, entry.version)) {
      if (includeDeletedReferrers || !r.deleted) throw restErrors.referenceExists(entry.subject, entry.version)
    }
  }

  /** DELETE /subjects/{s}[?permanent=true]: the versions deleted. */
  async deleteSubject(subjectRaw: string, permanent: boolean): Promise<number[]> {
    const subject = normalizeSubject(subjectRaw)
    const entry = this.state.subjects.get(subject)
    if (!entry) throw restErrors.subjectNotFound(subject)
    this.settings.assertWritable(subject)
    const versions = [...entry.versions.values()].sort((a, b) => a.version - b.version)
    const live = versions.filter((v) => !v.deleted)
    const key = (v: VersionEntry) => ({ keytype: 'SCHEMA' as const, subject, version: v.version, magic: 1 as const })
    if (!permanent) {
      if (live.length === 0) throw restErrors.subjectSoftDeleted(subject)
      for (const v of live) this.assertNotReferenced(v, false)
      await this.writer.commit(
        live.map((v) => ({ key: key(v), value: toSchemaValue(v, true) })),
        () => undefined,
      )
      return live.map((v) => v.version)
    }
    if (live.length > 0) throw restErrors.subjectNotSoftDeleted(subject)
    for (const v of versions) this.assertNotReferenced(v, true)
    await this.writer.commit([...versions.map((v) => ({ key: key(v), value: null })), ...this.subjectSettingTombstones(subject)], () => undefined)
    return versions.map((v) => v.version)
  }

  /** What goes with a subject that is gone for good: its config, its mode, and the associations pointing at it. */
  subjectSettingTombstones(subject: string): LogRecord[] {
    const out: LogRecord[] = []
    if (this.state.configs.has(subject)) out.push({ key: { keytype: 'CONFIG', subject, magic: 0 }, value: null })
    if (this.state.modes.has(subject)) out.push({ key: { keytype: 'MODE', subject, magic: 0 }, value: null })
    for (const a of this.state.associations.values()) if (a.subject === subject) out.push({ key: associationLogKey(a), value: null })
    return out
  }

  /** DELETE /subjects/{s}/versions/{v}[?permanent=true]: the version deleted. */
  async deleteVersion(subjectRaw: string, rawVersion: string, permanent: boolean): Promise<number> {
    const version = parseVersion(rawVersion)
    const subject = normalizeSubject(subjectRaw)
    const subjectEntry = this.state.subjects.get(subject)
    if (!subjectEntry) throw restErrors.subjectNotFound(subject)
    this.settings.assertWritable(subject)
    const entry = version === -1 ? latestLiveVersion(this.state, subject) : subjectEntry.versions.get(version)
    if (!entry) throw restErrors.versionNotFound(version)
    const key = { keytype: 'SCHEMA' as const, subject, version: entry.version, magic: 1 as const }
    if (!permanent) {
      if (entry.deleted) throw restErrors.versionSoftDeleted(subject, entry.version)
      this.assertNotReferenced(entry, false)
      await this.writer.commit([{ key, value: toSchemaValue(entry, true) }], () => undefined)
      return entry.version
    }
    if (!entry.deleted) throw restErrors.versionNotSoftDeleted(subject, entry.version)
    this.assertNotReferenced(entry, true)
    const last = subjectEntry.versions.size === 1
    await this.writer.commit([{ key, value: null }, ...(last ? this.subjectSettingTombstones(subject) : [])], () => undefined)
    return entry.version
  }
}
