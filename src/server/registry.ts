/**
 * The registry's operations, independent of HTTP: every Confluent endpoint's semantics
 * (confluent-api.md §2–§7) over `RegistryState`, with writes made durable through the changelog.
 *
 * Concurrency: every write validates and applies its records synchronously (no await between
 * reading the state and changing it), so concurrent requests cannot interleave inside one write:
 * no lost updates, no id handed out twice, no duplicate versions. Only the wait for durability
 * is asynchronous, and the changelog batches those waits into one fsync (group commit).
 */
import { randomUUID } from 'node:crypto'
import { contracts, type CompatibilityLevel } from '../engine/index.js'
import {
  associationErrors,
  compareAssociations,
  invalidAssociation,
  matchesFilter,
  NAMESPACE_WILDCARD,
  readAssociationRequest,
  type AssociationFilter,
  type AssociationRequest,
} from './associations.js'
import { orderConfig, readConfigUpdate } from './config-update.js'
import { NumberText } from './exact-numbers.js'
import { RestError, restErrors } from './rest-error.js'
import { latestLiveVersion, SchemaHandler, type PreparedSchema, type SchemaRequest } from './schemas.js'
import type { Changelog } from './store/changelog.js'
import type { AssociationValue, ConfigValue, LogRecord, SchemaValue } from './store/records.js'
import { associationKey, associationLogKey, contractOf, guidOf, schemaIdentity, toSchemaValue, type RegistryState, type StoredSchema, type VersionEntry } from './store/state.js'
import { contextScope, DEFAULT_CONTEXT, isValidSubject, normalizeSubject, parseSubject } from './subject-name.js'

const MODES = ['READWRITE', 'READONLY', 'READONLY_OVERRIDE', 'IMPORT']
const DEFAULT_LEVEL: CompatibilityLevel = 'BACKWARD'
/** The largest id or version: Confluent stores both as a Java int. */
const MAX_INT = 2 ** 31 - 1

/** A Schema entity as the API returns it (fields omitted when empty). */
export type SchemaView = Record<string, unknown>

/** Paging and soft-delete filters shared by the list endpoints. */
export interface ListOptions {
  deleted?: boolean
  deletedOnly?: boolean
  offset?: number
  limit?: number
}

/** Parses a `{version}` path segment: `latest` or -1 is -1, else 1 … 2^31-1; 42202 otherwise. */
export function parseVersion(raw: string): number {
  const text = raw.trim()
  if (/^latest$/i.test(text)) return -1
  if (/^[-+]?\d+$/.test(text)) {
    const n = Number(text)
    if (n === -1 || (n >= 1 && n <= MAX_INT)) return n
  }
  throw restErrors.invalidVersion(text)
}

/** How a request field's value is echoed in an error: numbers as written, anything else as JSON, cut short. */
function echo(raw: unknown): string {
  const text = typeof raw === 'number' || raw instanceof NumberText ? String(raw) : (JSON.stringify(raw) ?? String(raw))
  return text.length > 40 ? `${text.slice(0, 40)}…` : text
}

/**
 * The `id` and `version` of a registration request: each absent (missing or null) or an integer
 * 1 … 2^31-1; otherwise 42201 (id) or 42202 (version), whatever the mode. The body parser leaves a
 * number that JSON would round as its source text (NumberText), so 2^53 + 1 is refused, not taken for 2^53.
 */
function requestedIdAndVersion(body: { id?: unknown; version?: unknown }): { id?: number; version?: number } {
  const valid = (raw: unknown) => typeof raw === 'number' && Number.isInteger(raw) && raw >= 1 && raw <= MAX_INT
  const { id, version } = body
  if (id !== undefined && id !== null && !valid(id)) throw restErrors.invalidId(echo(id))
  if (version !== undefined && version !== null && !valid(version)) throw restErrors.invalidVersion(echo(version))
  return { id: (id ?? undefined) as number | undefined, version: (version ?? undefined) as number | undefined }
}

/** The body of a register, lookup or compatibility request, with its data contract. */
export type ContractRequest = SchemaRequest & { metadata?: unknown; ruleSet?: unknown }

/**
 * The contract a request sent, in normal form (members absent when not sent); throws the
 * registry's 400 or 42210 for one it refuses. A lookup cannot find a rule set the registry would
 * refuse to store: it answers 40403 for one that only breaks the rule-set checks.
 */
function sentContract(body: ContractRequest, forLookup = false): contracts.Contract {
  const outcome = contracts.prepareContract({ schemaMetadata: body.metadata, schemaRuleSet: body.ruleSet, importing: true })
  if (outcome.ok) return outcome.value
  if (forLookup && outcome.issues[0].errorCode === 42210) throw restErrors.schemaNotFound()
  throw restErrors.invalidContract(outcome.issues[0])
}

/** Whether a config adds to every contract (its defaults or overrides). */
function addsToContracts(config: ConfigValue): boolean {
  return config.defaultMetadata !== undefined || config.overrideMetadata !== undefined || config.defaultRuleSet !== undefined || config.overrideRuleSet !== undefined
}

function page<T>(items: T[], offset = 0, limit = -1): T[] {
  const start = Math.max(0, offset)
  return limit > 0 ? items.slice(start, start + limit) : items.slice(start)
}

function hasRuleOfType(ruleSet: contracts.RuleSet | undefined, type: string): boolean {
  return contracts.RULE_LISTS.some((list) => ruleSet?.[list]?.some((rule) => rule.type === type) ?? false)
}

function isTransitive(level: CompatibilityLevel): boolean {
  return level.endsWith('_TRANSITIVE')
}

/** Options of a Registry. */
export interface RegistryOptions {
  /** Durable log; null keeps everything in memory. */
  changelog: Changelog | null
  /** Reject every write (the `--read-only` flag). */
  readOnly?: boolean
}

/** The registry: reads answer from memory; writes are applied, logged and acknowledged after fsync. */
export class Registry {
  private readonly schemas: SchemaHandler
  private appendedSinceCompaction = 0
  private pendingAppends = 0
  /** Writes applied in memory whose append is not durable yet, oldest first. */
  private readonly notDurable: Array<{ undo: () => void }> = []
  private lastAppend: Promise<void> = Promise.resolve()

  constructor(
    readonly state: RegistryState,
    private readonly options: RegistryOptions,
  ) {
    this.schemas = new SchemaHandler(state)
  }

  // ---- durability ----------------------------------------------------------------------------

  /**
   * Applies `records`, builds the answer from what they made (`answer`, called right after, before
   * any other request can change the state), and resolves with it once the records are durable.
   */
  private async commit<T>(records: LogRecord[], answer: () => T): Promise<T> {
    const log = this.options.changelog
    if (!log) {
      for (const r of records) this.state.applyRecord(r)
      return answer()
    }
    if (log.failed) throw restErrors.storeFailed(log.failed.message)
    // Applied now, so that the next request sees it (see the module comment); undone if the write or fsync fails.
    const write = { undo: this.state.applyWrite(records) }
    const result = answer()
    this.notDurable.push(write)
    this.pendingAppends++
    const appended = log.append(records)
    this.lastAppend = appended
    try {
      await appended
      this.notDurable.splice(this.notDurable.indexOf(write), 1)
    } catch (err) {
      // A failure rejects every append queued with it, and the log takes no new one until resumed: the
      // first of them to get here undoes them all, newest first, then resumes the log if the failed
      // write was cut off it (no write made after the failure is listed, so none is undone).
      if (this.notDurable.includes(write)) {
        for (const w of this.notDurable.splice(0).reverse()) w.undo()
        log.resume()
      }
      throw restErrors.storeFailed((err as Error).message)
    } finally {
      this.pendingAppends--
    }
    this.appendedSinceCompaction += records.length
    // The cheap test first: counting the live records walks every subject.
    if (this.appendedSinceCompaction > 100_000 && this.appendedSinceCompaction > 2 * this.state.liveRecordCount()) {
      this.appendedSinceCompaction = 0
      void log.compact(() => this.state.snapshot()).catch(() => undefined)
    }
    return result
  }

  /**
   * Undefined when everything in memory is durable; otherwise a promise that settles once it is.
   * Answers built from memory wait for it, so that nobody is told about a write a crash could still undo.
   */
  settled(): Promise<void> | undefined {
    if (this.pendingAppends === 0) return undefined
    return this.lastAppend.catch((err: Error) => {
      throw restErrors.storeFailed(err.message)
    })
  }

  // ---- modes and configs -----------------------------------------------------------------------

  /** The effective mode of a subject (or scope): subject, then context, then global; READONLY_OVERRIDE wins. */
  effectiveMode(subject: string): string {
    if (this.options.readOnly) return 'READONLY'
    const global = this.state.modes.get('')
    if (global === 'READONLY_OVERRIDE') return global
    const { context } = parseSubject(subject)
    return this.state.modes.get(subject) ?? this.state.modes.get(contextScope(context)) ?? global ?? 'READWRITE'
  }

  /** The effective config of a subject (or scope), merged from global, context and subject settings. */
  effectiveConfig(subject: string): ConfigValue {
    const { context } = parseSubject(subject)
    // Member by member, the nearest scope that sets it wins: a subject's defaultMetadata replaces the global one whole.
    return orderConfig({
      compatibilityLevel: DEFAULT_LEVEL,
      ...this.state.configs.get(''),
      ...(context === DEFAULT_CONTEXT ? {} : this.state.configs.get(contextScope(context))),
      ...(subject === '' ? {} : this.state.configs.get(subject)),
    })
  }

  private assertWritable(subject: string): void {
    const mode = this.effectiveMode(subject)
    if (mode === 'READONLY' || mode === 'READONLY_OVERRIDE') throw restErrors.readOnly(subject || '__GLOBAL', parseSubject(subject).context)
  }

  /** GET /config[/{s}]: 40408 when a subject has no config of its own and `defaultToGlobal` is off. */
  getConfig(scopeRaw: string | null, defaultToGlobal: boolean): ConfigValue {
    const scope = scopeRaw === null ? '' : normalizeSubject(scopeRaw)
    if (scope === '') return this.effectiveConfig('')
    if (defaultToGlobal) return this.effectiveConfig(scope)
    const own = this.state.configs.get(scope)
    if (!own) throw restErrors.subjectConfigNotFound(scope)
    return orderConfig(own)
  }

  /** PUT /config[/{s}]: returns the stored config in request form (`compatibility`). */
  async putConfig(scopeRaw: string | null, body: Record<string, unknown>): Promise<Record<string, unknown>> {
    const scope = scopeRaw === null ? '' : normalizeSubject(scopeRaw)
    if (scope !== '' && parseSubject(scope).name !== '' && !isValidSubject(scope)) throw restErrors.invalidSubject(scope)
    this.assertWritable(scope)
    // Each member the update sets replaces the stored one; the others are kept.
    const next = orderConfig({ ...this.state.configs.get(scope), ...readConfigUpdate(body) })
    const record: LogRecord = { key: { keytype: 'CONFIG', subject: scope === '' ? null : scope, magic: 0 }, value: next }
    await this.commit([record], () => undefined)
    const { compatibilityLevel, ...rest } = next
    return { ...(compatibilityLevel ? { compatibility: compatibilityLevel } : {}), ...rest }
  }

  /** DELETE /config[/{s}]: returns the config removed; 40401 when a subject had none. */
  async deleteConfig(scopeRaw: string | null): Promise<ConfigValue> {
    const scope = scopeRaw === null ? '' : normalizeSubject(scopeRaw)
    this.assertWritable(scope)
    const own = this.state.configs.get(scope)
    if (!own) {
      if (scope === '') return { compatibilityLevel: DEFAULT_LEVEL }
      throw restErrors.subjectNotFound(scope)
    }
    await this.commit([{ key: { keytype: 'CONFIG', subject: scope === '' ? null : scope, magic: 0 }, value: null }], () => undefined)
    return orderConfig(own)
  }

  /** GET /mode[/{s}]: 40409 when a subject has no mode of its own and `defaultToGlobal` is off. */
  getMode(scopeRaw: string | null, defaultToGlobal: boolean): { mode: string } {
    const scope = scopeRaw === null ? '' : normalizeSubject(scopeRaw)
    if (scope === '' || defaultToGlobal || this.options.readOnly) return { mode: this.effectiveMode(scope) }
    const own = this.state.modes.get(scope)
    if (!own) throw restErrors.subjectModeNotFound(scope)
    return { mode: own }
  }

  /** PUT /mode[/{s}]: IMPORT needs an empty scope unless `force`. */
  async putMode(scopeRaw: string | null, body: Record<string, unknown>, force: boolean): Promise<{ mode: string }> {
    const scope = scopeRaw === null ? '' : normalizeSubject(scopeRaw)
    if (this.options.readOnly) throw restErrors.modeChangesNotAllowed()
    const mode = typeof body.mode === 'string' ? body.mode.toUpperCase() : ''
    if (!MODES.includes(mode)) throw restErrors.invalidMode()
    if (mode === 'IMPORT' && !force && this.effectiveMode(scope) !== 'IMPORT' && this.hasLiveSubjects(scope)) {
      throw restErrors.importNotEmpty()
    }
    await this.commit([{ key: { keytype: 'MODE', subject: scope === '' ? null : scope, magic: 0 }, value: { mode } }], () => undefined)
    return { mode }
  }

  /** DELETE /mode[/{s}]: returns the mode removed; 40401 when a subject had none. */
  async deleteMode(scopeRaw: string | null): Promise<{ mode: string }> {
    const scope = scopeRaw === null ? '' : normalizeSubject(scopeRaw)
    if (this.options.readOnly) throw restErrors.modeChangesNotAllowed()
    const own = this.state.modes.get(scope)
    if (!own) {
      if (scope === '') return { mode: 'READWRITE' }
      throw restErrors.subjectNotFound(scope)
    }
    await this.commit([{ key: { keytype: 'MODE', subject: scope === '' ? null : scope, magic: 0 }, value: null }], () => undefined)
    return { mode: own }
  }

  private hasLiveSubjects(scope: string): boolean {
    const { context, name } = parseSubject(scope)
    const live = (s: { versions: Map<number, VersionEntry> }) => [...s.versions.values()].some((v) => !v.deleted)
    if (scope === '') return [...this.state.subjects.values()].some(live)
    if (name === '') return [...this.state.subjects.values()].some((s) => s.context === context && live(s))
    const subject = this.state.subjects.get(scope)
    return subject !== undefined && live(subject)
  }

  // ---- subjects and versions -------------------------------------------------------------------

  private subjectsMatching(prefix: string): string[] {
    let match: (name: string, context: string) => boolean
    if (prefix === ':*:') match = () => true
    else if (prefix.startsWith(':.')) {
      const { context, name } = parseSubject(prefix)
      match = (subject, ctx) => ctx === context && parseSubject(subject).name.startsWith(name)
    } else match = (subject, ctx) => ctx === DEFAULT_CONTEXT && subject.startsWith(prefix)
    return [...this.state.subjects.values()].filter((s) => match(s.name, s.context)).map((s) => s.name).sort()
  }

  private visibleVersions(subject: string, options: ListOptions): VersionEntry[] {
    const all = [...(this.state.subjects.get(subject)?.versions.values() ?? [])].sort((a, b) => a.version - b.version)
    if (options.deletedOnly) return all.filter((v) => v.deleted)
    return options.deleted ? all : all.filter((v) => !v.deleted)
  }

  /** GET /subjects. */
  listSubjects(prefix: string, options: ListOptions): string[] {
    const names = this.subjectsMatching(prefix).filter((name) => {
      const versions = [...this.state.subjects.get(name)!.versions.values()]
      if (options.deletedOnly) return versions.every((v) => v.deleted)
      return options.deleted || versions.some((v) => !v.deleted)
    })
    return page(names, options.offset, options.limit)
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

  /** The Schema entity of a subject version. */
  schemaView(entry: VersionEntry): SchemaView {
    const s = entry.schema
    return {
      subject: entry.subject,
      version: entry.version,
      id: s.id,
      guid: guidOf(s),
      schemaType: s.schemaType,
      ...(s.references.length ? { references: s.references } : {}),
      ...contractOf(s),
      schema: s.schema,
      ts: entry.ts,
      ...(entry.deleted ? { deleted: true } : {}),
    }
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
    return page([...ids].sort((a, b) => a - b), options.offset, options.limit)
  }

  /** POST /subjects/{s}: the version of `s` holding this schema and contract. */
  lookup(subjectRaw: string, body: ContractRequest, options: { normalize?: boolean; deleted: boolean }): VersionEntry {
    const subject = normalizeSubject(subjectRaw)
    const visible = this.visibleVersions(subject, { deleted: options.deleted })
    if (visible.length === 0) throw restErrors.subjectNotFound(subject)
    const config = this.effectiveConfig(subject)
    const normalize = options.normalize ?? config.normalize ?? false
    const prepared = this.schemas.prepare(parseSubject(subject).context, body, { normalize, validateDefaults: false })
    const sent = sentContract(body, true)
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
  private findByContract(candidates: VersionEntry[], sent: contracts.Contract, latest: VersionEntry | undefined, config: ConfigValue): VersionEntry | undefined {
    const find = (contract: contracts.Contract) => contracts.findVersionByContract(candidates, contract, (v) => contractOf(v.schema))
    const asSent = find(sent)
    if (asSent || !latest) return asSent
    return find(contracts.applyContractConfig(sent, { previous: contractOf(latest.schema), subjectConfig: config }))
  }

  /** POST /subjects/{s}/versions: registers a schema and its contract (confluent-api.md §2, the algorithm). */
  async register(subjectRaw: string, body: ContractRequest & { id?: unknown; version?: unknown }, normalizeParam?: boolean): Promise<SchemaView> {
    const subject = normalizeSubject(subjectRaw)
    if (!isValidSubject(subject)) throw restErrors.invalidSubject(subject)
    const { id: explicitId, version: requestedVersion } = requestedIdAndVersion(body)
    const { context } = parseSubject(subject)
    const mode = this.effectiveMode(subject)
    const importing = mode === 'IMPORT'
    if (mode === 'READONLY' || mode === 'READONLY_OVERRIDE') throw restErrors.readOnly(subject, context)
    if (explicitId !== undefined && !importing) throw restErrors.notImportMode(subject, context)
    if (explicitId === undefined && mode !== 'READWRITE') throw restErrors.notReadWriteMode(subject, context)

    const latest = latestLiveVersion(this.state, subject)
    let request: SchemaRequest = body
    if ((typeof body.schema !== 'string' || body.schema.trim() === '') && latest) {
      // An empty schema re-registers the latest one (Confluent uses this for metadata-only updates).
      request = { schema: latest.schema.schema, schemaType: latest.schema.schemaType, references: latest.schema.references }
    }
    const config = this.effectiveConfig(subject)
    const normalize = !importing && (normalizeParam ?? config.normalize ?? false)
    const prepared = this.schemas.prepare(context, request, { normalize, validateDefaults: !importing })
    const sent = sentContract(body)

    const subjectEntry = this.state.subjects.get(subject)
    const versions = [...(subjectEntry?.versions.values() ?? [])].sort((a, b) => a.version - b.version)
    const liveVersions: VersionEntry[] = []
    // Live versions of this very schema (any contract), newest first.
    const sameSchema: VersionEntry[] = []
    for (const v of versions) {
      if (v.deleted) continue
      liveVersions.push(v)
      if (v.schema.schemaIdentity === prepared.identity) sameSchema.unshift(v)
    }
    const numbered = requestedVersion === undefined
    // As the registry: first a lookup of what was sent, unless the config adds to every contract.
    if (!importing && numbered && !addsToContracts(config)) {
      const found = this.findByContract(sameSchema, sent, latest, config)
      if (found) return this.existingVersion(found)
    }

    const maxVersion = versions.length ? versions[versions.length - 1].version : 0
    // IMPORT stores the contract as sent; otherwise it is inherited, merged with the config and stamped.
    const contract = importing
      ? sent
      : contracts.applyContractConfig(sent, { previous: latest && contractOf(latest.schema), subjectConfig: config, newVersion: maxVersion + 1, requestVersion: requestedVersion })
    const identity = schemaIdentity(prepared.schemaType, prepared.schema, prepared.references, contract)
    const same = versions.filter((v) => v.schema.identity === identity)
    const live = same.find((v) => !v.deleted)
    // An import that is run again finds what it imported.
    if (live && (explicitId === undefined || explicitId === live.schema.id)) return this.existingVersion(live)
    if (!importing && numbered) {
      // The registry's second look: a version of this schema whose contract differs only in confluent:version.
      const similar = sameSchema.find((v) => contracts.sameContract(contractOf(v.schema), contract, { ignoreConfluentVersion: true }))
      if (similar) return this.existingVersion(similar)
    }

    let version = maxVersion + 1
    if (importing && !numbered) {
      if (subjectEntry?.versions.has(requestedVersion)) throw restErrors.versionOverwrite(subject, requestedVersion)
      version = requestedVersion
    } else if (!numbered && requestedVersion !== version) throw restErrors.versionNotNext()

    if (!importing) {
      const level = (config.compatibilityLevel ?? DEFAULT_LEVEL) as CompatibilityLevel
      const group = contracts.versionsInCompatibilityGroup(contract.metadata, liveVersions, config.compatibilityGroup, (v) => v.schema.metadata)
      const previous = isTransitive(level) ? group : group.slice(-1)
      const verdict = this.schemas.check(level, prepared, previous, subject)
      if (!verdict.compatible) throw restErrors.incompatibleSchema(subject, verdict.messages)
    }

    const ctx = this.state.context(context)
    let id: number
    if (explicitId !== undefined) {
      const holder = ctx.byId.get(explicitId)
      if (holder && holder.identity !== identity) throw restErrors.idOverwrite(explicitId, context)
      id = explicitId
    } else {
      id = ctx.byIdentity.get(identity)?.id ?? ctx.maxId + 1
      // Ids are never reused, so after an import of the largest id no new one is left (the wire format holds 4 bytes).
      if (id > MAX_INT) throw restErrors.idsExhausted(context)
    }

    const value: SchemaValue = {
      subject,
      version,
      id,
      schemaType: prepared.schemaType,
      schema: prepared.schema,
      ...(prepared.references.length ? { references: prepared.references } : {}),
      ...contract,
      deleted: false,
      ts: Date.now(),
    }
    const records: LogRecord[] = [{ key: { keytype: 'SCHEMA', subject, version, magic: 1 }, value }]
    // Re-registering a soft-deleted schema replaces its old, deleted version (unless something references it).
    for (const old of same) {
      if (old.deleted && old.schema.id === id && this.state.referrersOf(subject, old.version).size === 0) {
        records.push({ key: { keytype: 'SCHEMA', subject, version: old.version, magic: 1 }, value: null })
      }
    }
    // Answered from the version just applied: a delete that follows while it is made durable must not change the answer.
    return this.commit(records, () => this.registerView(this.state.subjects.get(subject)!.versions.get(version)!))
  }

  /** The answer to a registration that found the version already there (once what is in memory is durable). */
  private async existingVersion(entry: VersionEntry): Promise<SchemaView> {
    const view = this.registerView(entry)
    await this.settled()
    return view
  }

  /** The Schema entity without `subject` and `deleted`, keys in schemaView's order (built directly: this is every registration's answer). */
  private registerView(entry: VersionEntry): SchemaView {
    const s = entry.schema
    const view: SchemaView = { version: entry.version, id: s.id, guid: guidOf(s), schemaType: s.schemaType }
    if (s.references.length) view.references = s.references
    if (s.metadata !== undefined) view.metadata = s.metadata
    if (s.ruleSet !== undefined) view.ruleSet = s.ruleSet
    view.schema = s.schema
    view.ts = entry.ts
    return view
  }

  private assertNotReferenced(entry: VersionEntry, includeDeletedReferrers: boolean): void {
    for (const r of this.state.referrersOf(entry.subject, entry.version)) {
      if (includeDeletedReferrers || !r.deleted) throw restErrors.referenceExists(entry.subject, entry.version)
    }
  }

  /** DELETE /subjects/{s}[?permanent=true]: the versions deleted. */
  async deleteSubject(subjectRaw: string, permanent: boolean): Promise<number[]> {
    const subject = normalizeSubject(subjectRaw)
    const entry = this.state.subjects.get(subject)
    if (!entry) throw restErrors.subjectNotFound(subject)
    this.assertWritable(subject)
    const versions = [...entry.versions.values()].sort((a, b) => a.version - b.version)
    const live = versions.filter((v) => !v.deleted)
    const key = (v: VersionEntry) => ({ keytype: 'SCHEMA' as const, subject, version: v.version, magic: 1 as const })
    if (!permanent) {
      if (live.length === 0) throw restErrors.subjectSoftDeleted(subject)
      for (const v of live) this.assertNotReferenced(v, false)
      await this.commit(live.map((v) => ({ key: key(v), value: toSchemaValue(v, true) })), () => undefined)
      return live.map((v) => v.version)
    }
    if (live.length > 0) throw restErrors.subjectNotSoftDeleted(subject)
    for (const v of versions) this.assertNotReferenced(v, true)
    await this.commit([...versions.map((v) => ({ key: key(v), value: null })), ...this.subjectSettingTombstones(subject)], () => undefined)
    return versions.map((v) => v.version)
  }

  /** What goes with a subject that is gone for good: its config, its mode, and the associations pointing at it. */
  private subjectSettingTombstones(subject: string): LogRecord[] {
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
    this.assertWritable(subject)
    const entry = version === -1 ? latestLiveVersion(this.state, subject) : subjectEntry.versions.get(version)
    if (!entry) throw restErrors.versionNotFound(version)
    const key = { keytype: 'SCHEMA' as const, subject, version: entry.version, magic: 1 as const }
    if (!permanent) {
      if (entry.deleted) throw restErrors.versionSoftDeleted(subject, entry.version)
      this.assertNotReferenced(entry, false)
      await this.commit([{ key, value: toSchemaValue(entry, true) }], () => undefined)
      return entry.version
    }
    if (!entry.deleted) throw restErrors.versionNotSoftDeleted(subject, entry.version)
    this.assertNotReferenced(entry, true)
    const last = subjectEntry.versions.size === 1
    await this.commit([{ key, value: null }, ...(last ? this.subjectSettingTombstones(subject) : [])], () => undefined)
    return entry.version
  }

  // ---- compatibility -------------------------------------------------------------------------

  /**
   * POST /compatibility/subjects/{s}/versions[/{v}]: with a version, against that version only;
   * without, against what registration would compare with. With a `compatibilityGroup`, only
   * versions in the group of the contract the request would be registered with count.
   */
  checkCompatibility(
    subjectRaw: string,
    rawVersion: string | undefined,
    body: ContractRequest,
    options: { verbose: boolean; normalize?: boolean },
  ): { is_compatible: boolean; messages?: string[] } {
    const subject = normalizeSubject(subjectRaw)
    const config = this.effectiveConfig(subject)
    const level = (config.compatibilityLevel ?? DEFAULT_LEVEL) as CompatibilityLevel
    const answer = (compatible: boolean, messages: string[]) => (options.verbose ? { is_compatible: compatible, messages } : { is_compatible: compatible })
    let previous: VersionEntry[]
    const liveVersions = this.visibleVersions(subject, {})
    if (rawVersion !== undefined) {
      const version = parseVersion(rawVersion)
      const entry = version === -1 ? liveVersions[liveVersions.length - 1] : this.state.subjects.get(subject)?.versions.get(version)
      if (!entry && version === -1) return answer(true, [])
      if (!entry || entry.deleted) throw restErrors.versionNotFound(version)
      previous = [entry]
    } else previous = liveVersions
    if (config.compatibilityGroup !== undefined) {
      const latest = liveVersions[liveVersions.length - 1]
      const metadata = contracts.applyContractConfig(sentContract(body), { previous: latest && contractOf(latest.schema), subjectConfig: config }).metadata
      previous = contracts.versionsInCompatibilityGroup(metadata, previous, config.compatibilityGroup, (v) => v.schema.metadata)
    }
    if (rawVersion === undefined && !isTransitive(level)) previous = previous.slice(-1)
    let prepared: PreparedSchema
    try {
      const normalize = options.normalize ?? config.normalize ?? false
      prepared = this.schemas.prepare(parseSubject(subject).context, body, { normalize, validateDefaults: true })
    } catch (err) {
      if (options.verbose && err instanceof RestError && err.errorCode === 42201) return answer(false, [err.message])
      throw err
    }
    const verdict = this.schemas.check(level, prepared, previous, subject)
    return answer(verdict.compatible, verdict.messages)
  }

  // ---- schemas by id ---------------------------------------------------------------------------

  private storedById(id: number, subjectParam: string | undefined, notFound: () => RestError): StoredSchema {
    const context = subjectParam ? parseSubject(normalizeSubject(subjectParam)).context : DEFAULT_CONTEXT
    const stored = this.state.contexts.get(context)?.byId.get(id)
    if (!stored) throw notFound()
    return stored
  }

  /** GET /schemas/ids/{id}. */
  getSchemaById(id: number, options: { subject?: string; fetchMaxId?: boolean }): SchemaView {
    const stored = this.storedById(id, options.subject, () => restErrors.schemaIdNotFound(id))
    const view: SchemaView = {}
    if (options.subject) {
      const subject = normalizeSubject(options.subject)
      const users = [...stored.users].filter((u) => u.subject === subject).sort((a, b) => Number(a.deleted) - Number(b.deleted) || b.version - a.version)
      if (users[0]) Object.assign(view, { subject, version: users[0].version })
    }
    Object.assign(view, this.schemaStringView(stored), options.fetchMaxId ? { maxId: this.state.contexts.get(stored.context)!.maxId } : {})
    return view
  }

  /** The SchemaString entity of a stored schema (what the reads by id and by guid answer). */
  private schemaStringView(stored: StoredSchema): SchemaView {
    return {
      schemaType: stored.schemaType,
      schema: stored.schema,
      ...(stored.references.length ? { references: stored.references } : {}),
      ...contractOf(stored),
      guid: guidOf(stored),
      ts: stored.ts,
    }
  }

  /** GET /schemas/guids/{guid}: the schema with that guid (40403 when none), in any context. */
  getSchemaByGuid(guid: string): SchemaView {
    const stored = this.state.schemasByGuid(guid.toLowerCase())[0]
    if (!stored) throw restErrors.schemaGuidNotFound(guid)
    return this.schemaStringView(stored)
  }

  /** GET /schemas/ids/{id}/schema: the raw schema text. */
  getRawSchemaById(id: number, subject?: string): string {
    return this.storedById(id, subject, () => restErrors.schemaIdNotFound(id)).schema
  }

  /** GET /schemas/ids/{id}/versions: the subject versions using an id. */
  schemaVersions(id: number, options: { subject?: string; deleted: boolean }): Array<{ subject: string; version: number }> {
    const stored = this.storedById(id, options.subject, restErrors.schemaNotFound)
    return [...stored.users]
      .filter((u) => options.deleted || !u.deleted)
      .sort((a, b) => (a.subject < b.subject ? -1 : a.subject > b.subject ? 1 : a.version - b.version))
      .map((u) => ({ subject: u.subject, version: u.version }))
  }

  /** GET /schemas/ids/{id}/subjects. */
  schemaSubjects(id: number, options: ListOptions & { subject?: string }): string[] {
    const subjects = [...new Set(this.schemaVersions(id, { subject: options.subject, deleted: options.deleted ?? false }).map((v) => v.subject))]
    return page(subjects, options.offset, options.limit)
  }

  /** GET /schemas: Schema entities of every (or every latest) version; `ruleType` keeps those with a rule of that type. */
  listSchemas(prefix: string, options: ListOptions & { latestOnly?: boolean; ruleType?: string }): SchemaView[] {
    const limit = Math.min(options.limit && options.limit > 0 ? options.limit : 1000, 1000)
    let skip = Math.max(0, options.offset ?? 0)
    // Views are built for the page only: a client paging through every schema asks for each page in turn.
    const out: SchemaView[] = []
    for (const name of this.subjectsMatching(prefix)) {
      const visible = this.visibleVersions(name, { deleted: options.deleted })
      for (const v of options.latestOnly ? visible.slice(-1) : visible) {
        if (options.ruleType && !hasRuleOfType(v.schema.ruleSet, options.ruleType)) continue
        if (skip > 0) skip--
        else if (out.push(this.schemaView(v)) === limit) return out
      }
    }
    return out
  }

  // ---- associations ----------------------------------------------------------------------------

  /**
   * GET /associations/subjects/{s}, /associations/resources/{id} and
   * /associations/resources/{namespace}/{name} (namespace `-`: any): the associations found, after
   * the filters, by resource then type; `[]` when none.
   */
  listAssociations(
    by: { subject?: string; resourceId?: string; resourceNamespace?: string; resourceName?: string },
    filter: AssociationFilter,
    options: { offset?: number; limit?: number },
  ): AssociationValue[] {
    const subject = by.subject === undefined ? undefined : normalizeSubject(by.subject)
    const found = [...this.state.associations.values()].filter(
      (a) =>
        (subject === undefined || a.subject === subject) &&
        (by.resourceId === undefined || a.resourceId === by.resourceId) &&
        (by.resourceName === undefined || a.resourceName === by.resourceName) &&
        (by.resourceNamespace === undefined || by.resourceNamespace === NAMESPACE_WILDCARD || a.resourceNamespace === by.resourceNamespace) &&
        matchesFilter(a, filter),
    )
    return page(found.sort(compareAssociations), options.offset, options.limit)
  }

  /**
   * POST /associations (`createOnly`: an association that exists is a conflict) and
   * PUT /associations/resources/{id} (creates or updates): registers the schemas the request
   * carries under their subjects, then stores the associations. `dryRun` checks and writes nothing.
   */
  async putAssociations(body: Record<string, unknown>, options: { createOnly: boolean; dryRun: boolean; pathResourceId?: string }): Promise<Record<string, unknown>> {
    const request = readAssociationRequest(body, options)
    const resource = { resourceName: request.resourceName, resourceNamespace: request.resourceNamespace, ...(request.resourceId !== undefined ? { resourceId: request.resourceId } : {}), resourceType: request.resourceType }
    this.planAssociations(request, options.createOnly, Date.now())
    if (options.dryRun) return resource
    const registered = new Map<string, VersionEntry>()
    for (const item of request.associations) {
      if (!item.schema) continue
      const view = await this.register(item.subject, item.schema as ContractRequest, item.normalize)
      registered.set(item.associationType, this.state.subjects.get(normalizeSubject(item.subject))!.versions.get(view.version as number)!)
    }
    // Checked again: another request may have changed the associations while the schemas were registered.
    const values = this.planAssociations(request, options.createOnly, Date.now())
    return this.commit(
      values.map((v) => ({ key: associationLogKey(v), value: v })),
      () => ({
        ...resource,
        associations: values.map((v) => {
          const schema = registered.get(v.associationType)
          return { subject: v.subject, associationType: v.associationType, lifecycle: v.lifecycle, frozen: v.frozen, ...(schema ? { schema: this.schemaView(schema) } : {}) }
        }),
      }),
    )
  }

  /** The associations a request stores, or the registry's refusal (409s, 42212). */
  private planAssociations(request: AssociationRequest, createOnly: boolean, now: number): AssociationValue[] {
    const planned: AssociationValue[] = []
    for (const item of request.associations) {
      const subject = normalizeSubject(item.subject)
      this.assertWritable(subject)
      const key = { resourceType: request.resourceType, resourceNamespace: request.resourceNamespace, resourceName: request.resourceName, associationType: item.associationType }
      const existing = this.state.associations.get(associationKey(key))
      if (existing) {
        if (createOnly || existing.resourceId !== request.resourceId) throw associationErrors.forResourceExists(item.associationType, request.resourceName)
        if (existing.subject !== subject) throw associationErrors.subjectChanged()
        if (existing.frozen && item.frozen !== false) throw associationErrors.frozen(item.associationType, subject)
      }
      const lifecycle = item.lifecycle ?? existing?.lifecycle ?? 'WEAK'
      const frozen = item.frozen ?? existing?.frozen ?? false
      if (lifecycle === 'WEAK' && frozen) throw invalidAssociation('frozen', 'association with lifecycle of WEAK cannot be frozen')
      // A STRONG association is its subject's only one; any association needs the subject free of a STRONG one.
      const others = [...this.state.associations.values(), ...planned].filter((a) => a.subject === subject && associationKey(a) !== associationKey(key))
      if (others.some((a) => a.lifecycle === 'STRONG')) throw associationErrors.strongForSubjectExists(subject)
      if (lifecycle === 'STRONG' && others.length > 0) throw associationErrors.forSubjectExists(subject)
      if (!item.schema && !latestLiveVersion(this.state, subject)) throw associationErrors.noActiveVersion(subject)
      planned.push({
        subject,
        guid: existing?.guid ?? randomUUID(),
        resourceName: request.resourceName,
        resourceNamespace: request.resourceNamespace,
        resourceId: request.resourceId ?? '',
        resourceType: request.resourceType,
        associationType: item.associationType,
        lifecycle,
        frozen,
        createTs: existing?.createTs ?? now,
        updateTs: now,
      })
    }
    return planned
  }

  /**
   * DELETE /associations/resources/{id}: removes the resource's associations (of the types asked
   * for); with `cascadeLifecycle`, the subjects of its STRONG ones go too, permanently. 40410 when
   * it has none; a frozen association goes only with `cascadeLifecycle`.
   */
  async deleteAssociations(resourceId: string, filter: AssociationFilter, options: { cascadeLifecycle: boolean; dryRun: boolean }): Promise<void> {
    const found = [...this.state.associations.values()].filter((a) => a.resourceId === resourceId && matchesFilter(a, filter))
    if (found.length === 0) throw associationErrors.notFound(resourceId)
    for (const a of found) {
      this.assertWritable(a.subject)
      if (a.frozen && !options.cascadeLifecycle) throw associationErrors.frozen(a.associationType, a.subject)
    }
    const cascaded = options.cascadeLifecycle ? found.filter((a) => a.lifecycle === 'STRONG').map((a) => a.subject) : []
    const records: LogRecord[] = found.map((a) => ({ key: associationLogKey(a), value: null }))
    for (const subject of cascaded) {
      for (const v of this.state.subjects.get(subject)?.versions.values() ?? []) {
        this.assertNotReferenced(v, true)
        records.push({ key: { keytype: 'SCHEMA', subject, version: v.version, magic: 1 }, value: null })
      }
      records.push(...this.subjectSettingTombstones(subject).filter((r) => r.key.keytype !== 'ASSOCIATION'))
    }
    if (options.dryRun) return
    await this.commit(records, () => undefined)
  }

  // ---- contexts --------------------------------------------------------------------------------

  /** GET /contexts: the default context first, then the others sorted. */
  listContexts(prefix: string, options: ListOptions): string[] {
    const names = new Set<string>()
    for (const s of this.state.subjects.values()) names.add(s.context)
    names.delete(DEFAULT_CONTEXT)
    const all = [DEFAULT_CONTEXT, ...[...names].sort()].filter((c) => c.startsWith(prefix))
    return page(all, options.offset, options.limit)
  }

  /** DELETE /contexts/{ctx}: 42211 unless the context holds no subject. */
  deleteContext(context: string): void {
    if ([...this.state.subjects.values()].some((s) => s.context === context)) throw restErrors.contextNotEmpty(context)
  }
}
