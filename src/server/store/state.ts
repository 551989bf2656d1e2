/**
 * The registry's in-memory state and its one transition function, `applyRecord`, used both
 * when replaying the changelog and when a write is made: what is on disk and what is in
 * memory can therefore not disagree.
 */
import { contracts } from '../../engine/index.js'
import type { AssociationKey, AssociationValue, ConfigValue, LogRecord, SchemaReference, SchemaValue } from './records.js'
import { normalizeProtobuf } from '../protobuf.js'
import { schemaGuid } from '../schema-hash.js'
import { parseSubject, qualifySubject } from '../subject-name.js'

/** One version of one subject. */
export interface VersionEntry {
  subject: string
  version: number
  deleted: boolean
  ts: number
  schema: StoredSchema
}

/** A schema under one id in one context, shared by every subject version that registered it. */
export interface StoredSchema {
  id: number
  context: string
  schemaType: string
  schema: string
  references: SchemaReference[]
  /** The data contract stored with the schema: part of what the schema is, as in the registry's hash. */
  metadata?: contracts.Metadata
  ruleSet?: contracts.RuleSet
  identity: string
  /** The identity of the schema alone (type, text, references), without its contract. */
  schemaIdentity: string
  ts: number
  /** Subject versions using this schema; the id disappears when the last one is permanently deleted. */
  users: Set<VersionEntry>
  /** Lazily computed caches (parsed schema, guid). */
  cache: { parsed?: unknown; guid?: string }
}

/** A subject: its versions (including soft-deleted ones) by number. */
export interface SubjectEntry {
  name: string
  context: string
  versions: Map<number, VersionEntry>
}

/** A context: its id space. */
export interface ContextEntry {
  name: string
  /** Highest id ever used in this context (never decreases, so ids are never reused). */
  maxId: number
  byId: Map<number, StoredSchema>
  /**
   * Schemas by identity (see `RegistryState.schemaWithIdentity`), built on the first registration:
   * start-up does not hash every schema text of a large log.
   */
  byIdentity?: Map<string, StoredSchema>
}

/**
 * The identity a schema is deduplicated on: type, stored text (PROTOBUF: its normalized form),
 * references and data contract. As in the registry, whose schema hash covers the metadata and the
 * rule set, the same text with another contract is another schema.
 */
export function schemaIdentity(schemaType: string, schema: string, references: readonly SchemaReference[], contract: contracts.Contract = {}): string {
  const text = schemaType === 'PROTOBUF' ? normalizeProtobuf(schema) : schema
  // An Avro schema alone is its own identity, the very string stored (no copy of every text in memory):
  // every other form starts with a line that is not JSON (a type, or references), so no Avro text can equal one.
  const base = references.length === 0 ? (schemaType === 'AVRO' ? text : `${schemaType}\n${text}`) : `${schemaType}\n${JSON.stringify(references)}\n${text}`
  return contract.metadata === undefined && contract.ruleSet === undefined ? base : `${contracts.contractIdentity(contract)}\n${base}`
}

/** The contract of a stored schema (members absent when it has none). */
export function contractOf(stored: Pick<StoredSchema, 'metadata' | 'ruleSet'>): contracts.Contract {
  return {
    ...(stored.metadata !== undefined ? { metadata: stored.metadata } : {}),
    ...(stored.ruleSet !== undefined ? { ruleSet: stored.ruleSet } : {}),
  }
}

/** The guid of a stored schema (the registry's hash of its text, references and contract), computed once. */
export function guidOf(stored: StoredSchema): string {
  return (stored.cache.guid ??= schemaGuid(stored))
}

/** The subject a reference points at, qualified relative to the referrer's context. */
export function referenceTarget(context: string, reference: SchemaReference): string {
  return reference.subject.startsWith(':.') ? reference.subject : qualifySubject(context, reference.subject)
}

/** The map key of an association: its resource and association type. */
export function associationKey(key: Omit<AssociationKey, 'keytype' | 'magic'>): string {
  return JSON.stringify([key.resourceType, key.resourceNamespace, key.resourceName, key.associationType])
}

/** The changelog key of an association. */
export function associationLogKey(a: AssociationValue): AssociationKey {
  return {
    keytype: 'ASSOCIATION',
    resourceType: a.resourceType,
    resourceNamespace: a.resourceNamespace,
    resourceName: a.resourceName,
    associationType: a.associationType,
    magic: 0,
  }
}

/** The references of every schema without any: one shared array (frozen: it is never changed) instead of one per schema. */
const NO_REFERENCES = Object.freeze([]) as unknown as SchemaReference[]

function versionKey(subject: string, version: number): string {
  return `${subject}\u0000${version}`
}

/** All registry state: subjects, schemas by id per context, configs, modes and reverse references. */
export class RegistryState {
  readonly contexts = new Map<string, ContextEntry>()
  readonly subjects = new Map<string, SubjectEntry>()
  /** Configs by scope: '' global, `:.ctx:` context, else subject. */
  readonly configs = new Map<string, ConfigValue>()
  /** Modes by scope, as configs. */
  readonly modes = new Map<string, string>()
  /** Topic–subject associations by resource and association type (`associationKey`). */
  readonly associations = new Map<string, AssociationValue>()
  /** Referrers of each subject version (key: subject NUL version). */
  private readonly referrers = new Map<string, Set<VersionEntry>>()
  /** Every subject's name, sorted: built when asked for, dropped when a subject comes or goes. */
  private sortedNames: readonly string[] | undefined
  /** Subject versions held (soft-deleted ones included): kept as they change, so that counting live records walks nothing. */
  private versionCount = 0
  /** Schemas by guid, built on the first lookup by guid and kept up to date from then on. */
  private guidIndex: Map<string, Set<StoredSchema>> | undefined

  /** The context entry, created on first use. */
  context(name: string): ContextEntry {
    let ctx = this.contexts.get(name)
    if (!ctx) {
      ctx = { name, maxId: 0, byId: new Map() }
      this.contexts.set(name, ctx)
    }
    return ctx
  }

  /** The names of every subject (of every context), sorted; not to be changed. */
  subjectNames(): readonly string[] {
    return (this.sortedNames ??= [...this.subjects.keys()].sort())
  }

  /** The schema of context `ctx` with this identity (`schemaIdentity` with its contract), if any. */
  schemaWithIdentity(ctx: ContextEntry, identity: string): StoredSchema | undefined {
    if (!ctx.byIdentity) {
      ctx.byIdentity = new Map()
      for (const stored of ctx.byId.values()) this.indexIdentity(ctx, stored)
    }
    return ctx.byIdentity.get(identity)
  }

  private indexIdentity(ctx: ContextEntry, stored: StoredSchema): void {
    // An import may give one schema two ids; the first (in log order) keeps serving identity lookups.
    if (!ctx.byIdentity!.has(stored.identity)) ctx.byIdentity!.set(stored.identity, stored)
  }

  /** Versions referencing `subject` version `version` (soft-deleted referrers included). */
  referrersOf(subject: string, version: number): ReadonlySet<VersionEntry> {
    return this.referrers.get(versionKey(subject, version)) ?? new Set()
  }

  /** The schemas whose guid is `guid`, in every context (the default context first, then by id). */
  schemasByGuid(guid: string): StoredSchema[] {
    if (!this.guidIndex) {
      this.guidIndex = new Map()
      for (const ctx of this.contexts.values()) for (const stored of ctx.byId.values()) this.indexGuid(stored)
    }
    const found = [...(this.guidIndex.get(guid) ?? [])]
    return found.sort((a, b) => Number(b.context === '.') - Number(a.context === '.') || (a.context < b.context ? -1 : a.context > b.context ? 1 : a.id - b.id))
  }

  private indexGuid(stored: StoredSchema): void {
    const guid = guidOf(stored)
    let set = this.guidIndex!.get(guid)
    if (!set) this.guidIndex!.set(guid, (set = new Set()))
    set.add(stored)
  }

  /** Applies one record (replay or a new write). */
  applyRecord(record: LogRecord): void {
    switch (record.key.keytype) {
      case 'SCHEMA':
        if (record.value) this.putVersion(record.value as SchemaValue)
        else this.dropVersion(record.key.subject, record.key.version)
        return
      case 'CONFIG': {
        const scope = record.key.subject ?? ''
        if (record.value) this.configs.set(scope, record.value as ConfigValue)
        else this.configs.delete(scope)
        return
      }
      case 'MODE': {
        const scope = record.key.subject ?? ''
        const value = record.value as { mode: string } | null
        if (value) this.modes.set(scope, value.mode)
        else this.modes.delete(scope)
        return
      }
      case 'CONTEXT': {
        const ctx = this.context(record.key.context)
        const value = record.value as { maxId: number } | null
        if (value) ctx.maxId = Math.max(ctx.maxId, value.maxId)
        return
      }
      case 'ASSOCIATION': {
        const key = associationKey(record.key)
        if (record.value) this.associations.set(key, record.value as AssociationValue)
        else this.associations.delete(key)
        return
      }
    }
  }

  /**
   * Applies a write's records and returns what undoes them: a write whose fsync fails is rolled
   * back, so that nobody reads what the client was told failed.
   */
  applyWrite(records: readonly LogRecord[]): () => void {
    const maxIds = new Map([...this.contexts].map(([name, ctx]) => [name, ctx.maxId]))
    const undo = records.map((r) => {
      const previous = this.previousRecord(r)
      this.applyRecord(r)
      return previous
    })
    return () => {
      for (let i = undo.length - 1; i >= 0; i--) this.applyRecord(undo[i])
      for (const [name, ctx] of this.contexts) ctx.maxId = maxIds.get(name) ?? 0
    }
  }

  /** The record restoring what `record` overwrites (ids counters are restored by applyWrite). */
  private previousRecord(record: LogRecord): LogRecord {
    switch (record.key.keytype) {
      case 'SCHEMA': {
        const entry = this.subjects.get(record.key.subject)?.versions.get(record.key.version)
        return { key: record.key, value: entry ? toSchemaValue(entry) : null }
      }
      case 'CONFIG':
        return { key: record.key, value: this.configs.get(record.key.subject ?? '') ?? null }
      case 'MODE': {
        const mode = this.modes.get(record.key.subject ?? '')
        return { key: record.key, value: mode === undefined ? null : { mode } }
      }
      case 'CONTEXT':
        return { key: record.key, value: null }
      case 'ASSOCIATION':
        return { key: record.key, value: this.associations.get(associationKey(record.key)) ?? null }
    }
  }

  private putVersion(value: SchemaValue): void {
    const { context } = parseSubject(value.subject)
    const ctx = this.context(context)
    this.dropVersion(value.subject, value.version)
    let stored = ctx.byId.get(value.id)
    if (!stored) {
      const references = value.references ?? NO_REFERENCES
      const contract = contractOf(value)
      stored = {
        id: value.id,
        context,
        schemaType: value.schemaType,
        schema: value.schema,
        references,
        ...contract,
        identity: '',
        schemaIdentity: schemaIdentity(value.schemaType, value.schema, references),
        ts: value.ts,
        users: new Set(),
        cache: {},
      }
      // Without a contract the identity is the schema's own, the same string.
      stored.identity =
        stored.metadata === undefined && stored.ruleSet === undefined
          ? stored.schemaIdentity
          : schemaIdentity(value.schemaType, value.schema, references, contract)
      ctx.byId.set(value.id, stored)
      if (this.guidIndex) this.indexGuid(stored)
      if (ctx.byIdentity) this.indexIdentity(ctx, stored)
      if (value.id > ctx.maxId) ctx.maxId = value.id
    }
    let subject = this.subjects.get(value.subject)
    if (!subject) {
      subject = { name: value.subject, context, versions: new Map() }
      this.subjects.set(value.subject, subject)
      this.sortedNames = undefined
    }
    // The subject's own name string: each record's copy of it is garbage once replayed.
    const entry: VersionEntry = { subject: subject.name, version: value.version, deleted: value.deleted, ts: value.ts, schema: stored }
    subject.versions.set(value.version, entry)
    this.versionCount++
    stored.users.add(entry)
    for (const ref of stored.references) {
      const key = versionKey(referenceTarget(context, ref), ref.version)
      let set = this.referrers.get(key)
      if (!set) this.referrers.set(key, (set = new Set()))
      set.add(entry)
    }
  }

  private dropVersion(subjectName: string, version: number): void {
    const subject = this.subjects.get(subjectName)
    const entry = subject?.versions.get(version)
    if (!subject || !entry) return
    subject.versions.delete(version)
    this.versionCount--
    if (subject.versions.size === 0) {
      this.subjects.delete(subjectName)
      this.sortedNames = undefined
    }
    const stored = entry.schema
    stored.users.delete(entry)
    for (const ref of stored.references) {
      const key = versionKey(referenceTarget(stored.context, ref), ref.version)
      this.referrers.get(key)?.delete(entry)
    }
    if (stored.users.size === 0) {
      const ctx = this.context(stored.context)
      ctx.byId.delete(stored.id)
      this.guidIndex?.get(guidOf(stored))?.delete(stored)
      if (ctx.byIdentity?.get(stored.identity) === stored) ctx.byIdentity.delete(stored.identity)
    }
  }

  /** The records that rebuild this state from nothing: what compaction writes. */
  snapshot(): LogRecord[] {
    const out: LogRecord[] = []
    for (const ctx of this.contexts.values()) {
      if (ctx.maxId > 0) out.push({ key: { keytype: 'CONTEXT', context: ctx.name, magic: 0 }, value: { maxId: ctx.maxId } })
    }
    // Referenced versions first, so that a reader of the log meets a reference's target before its referrer.
    const entries: VersionEntry[] = []
    for (const subject of this.subjects.values()) for (const entry of subject.versions.values()) entries.push(entry)
    entries.sort((a, b) => a.schema.id - b.schema.id || a.ts - b.ts)
    for (const e of entries) out.push({ key: { keytype: 'SCHEMA', subject: e.subject, version: e.version, magic: 1 }, value: toSchemaValue(e) })
    for (const [scope, value] of this.configs) out.push({ key: { keytype: 'CONFIG', subject: scope === '' ? null : scope, magic: 0 }, value })
    for (const [scope, mode] of this.modes) out.push({ key: { keytype: 'MODE', subject: scope === '' ? null : scope, magic: 0 }, value: { mode } })
    for (const a of this.associations.values()) out.push({ key: associationLogKey(a), value: a })
    return out
  }

  /** Number of records a compacted log would hold. */
  liveRecordCount(): number {
    return this.contexts.size + this.configs.size + this.modes.size + this.associations.size + this.versionCount
  }
}

/** The changelog value of a version entry. */
export function toSchemaValue(entry: VersionEntry, deleted = entry.deleted): SchemaValue {
  const s = entry.schema
  return {
    subject: entry.subject,
    version: entry.version,
    id: s.id,
    schemaType: s.schemaType,
    schema: s.schema,
    ...(s.references.length ? { references: s.references } : {}),
    ...contractOf(s),
    deleted,
    ts: entry.ts,
  }
}
