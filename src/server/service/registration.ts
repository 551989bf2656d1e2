/**
 * Registration and compatibility: POST /subjects/{s}/versions (the registry's algorithm: modes,
 * idempotent lookup, contracts, the compatibility check, ids and versions) and
 * POST /compatibility/subjects/{s}/versions[/{v}].
 */
import { contracts, DEFAULT_LEVEL, type CompatibilityLevel, type CompatibilityPolicy } from '../../engine/index.js'
import { RestError, restErrors } from '../rest-error.js'
import { latestLiveVersion, type PreparedSchema, type SchemaHandler } from '../schemas.js'
import type { ConfigValue, LogRecord, SchemaValue } from '../store/records.js'
import { contractOf, schemaIdentity, type RegistryState, type VersionEntry } from '../store/state.js'
import { isValidSubject, normalizeSubject, parseSubject } from '../subject-name.js'
import { registerView, type SchemaView } from './listing.js'
import { MAX_INT, parseRegisterRequest, parseSchemaRequest, parseVersion, sentContract, type SchemaRequest } from './request.js'
import type { Settings } from './settings.js'
import type { Subjects } from './subjects.js'
import type { DurableWriter } from './writer.js'

/** Whether a config adds to every contract (its defaults or overrides). */
function addsToContracts(config: ConfigValue): boolean {
  return (
    config.defaultMetadata !== undefined || config.overrideMetadata !== undefined || config.defaultRuleSet !== undefined || config.overrideRuleSet !== undefined
  )
}

/** The JSON Schema compatibility policy a config sets (`compatibilityPolicy`): STRICT unless LENIENT. */
function policyOf(config: ConfigValue): CompatibilityPolicy {
  return config.compatibilityPolicy?.toUpperCase() === 'LENIENT' ? 'LENIENT' : 'STRICT'
}

function isTransitive(level: CompatibilityLevel): boolean {
  return level.endsWith('_TRANSITIVE')
}

/** Registers schemas and answers compatibility checks. */
export class Registration {
  constructor(
    private readonly state: RegistryState,
    private readonly writer: DurableWriter,
    private readonly settings: Settings,
    private readonly subjects: Subjects,
    private readonly schemas: SchemaHandler,
  ) {}

  /** POST /subjects/{s}/versions: registers a schema and its contract (the registry's algorithm). */
  async register(subjectRaw: string, body: Record<string, unknown>, normalizeParam?: boolean): Promise<SchemaView> {
    const subject = normalizeSubject(subjectRaw)
    if (!isValidSubject(subject)) throw restErrors.invalidSubject(subject)
    const sentRequest = parseRegisterRequest(body)
    const { id: explicitId, version: requestedVersion } = sentRequest
    const { context } = parseSubject(subject)
    const mode = this.settings.effectiveMode(subject)
    const importing = mode === 'IMPORT'
    if (mode === 'READONLY' || mode === 'READONLY_OVERRIDE') throw restErrors.readOnly(subject, context)
    if (explicitId !== undefined && !importing) throw restErrors.notImportMode(subject, context)
    if (explicitId === undefined && mode !== 'READWRITE') throw restErrors.notReadWriteMode(subject, context)

    const latest = latestLiveVersion(this.state, subject)
    let request: SchemaRequest = sentRequest
    if ((sentRequest.schema === undefined || sentRequest.schema.trim() === '') && latest) {
      // An empty schema re-registers the latest one (Confluent uses this for metadata-only updates).
      request = { schema: latest.schema.schema, schemaType: latest.schema.schemaType, references: latest.schema.references }
    }
    const config = this.settings.effectiveConfig(subject)
    const normalize = !importing && (normalizeParam ?? config.normalize ?? false)
    const prepared = this.schemas.prepare(context, request, { normalize, validateDefaults: !importing })
    const sent = sentContract(sentRequest)

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
      const found = this.subjects.findByContract(sameSchema, sent, latest, config)
      if (found) return this.existingVersion(found)
    }

    const maxVersion = versions.length ? versions[versions.length - 1].version : 0
    // IMPORT stores the contract as sent; otherwise it is inherited, merged with the config and stamped.
    const contract = importing
      ? sent
      : contracts.applyContractConfig(sent, {
          previous: latest && contractOf(latest.schema),
          subjectConfig: config,
          newVersion: maxVersion + 1,
          requestVersion: requestedVersion,
        })
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
      const verdict = this.schemas.check(level, prepared, previous, policyOf(config))
      if (!verdict.compatible) throw restErrors.incompatibleSchema(subject, verdict.messages)
    }

    const ctx = this.state.context(context)
    let id: number
    if (explicitId !== undefined) {
      const holder = ctx.byId.get(explicitId)
      if (holder && holder.identity !== identity) throw restErrors.idOverwrite(explicitId, context)
      id = explicitId
    } else {
      id = this.state.schemaWithIdentity(ctx, identity)?.id ?? ctx.maxId + 1
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
    return this.writer.commit(records, () => registerView(this.state.subjects.get(subject)!.versions.get(version)!))
  }

  /** The answer to a registration that found the version already there (once what is in memory is durable). */
  private async existingVersion(entry: VersionEntry): Promise<SchemaView> {
    const view = registerView(entry)
    await this.writer.settled()
    return view
  }

  /**
   * POST /compatibility/subjects/{s}/versions[/{v}]: with a version, against that version only;
   * without, against what registration would compare with. With a `compatibilityGroup`, only
   * versions in the group of the contract the request would be registered with count.
   */
  checkCompatibility(
    subjectRaw: string,
    rawVersion: string | undefined,
    body: Record<string, unknown>,
    options: { verbose: boolean; normalize?: boolean },
  ): { is_compatible: boolean; messages?: string[] } {
    const subject = normalizeSubject(subjectRaw)
    const config = this.settings.effectiveConfig(subject)
    const level = (config.compatibilityLevel ?? DEFAULT_LEVEL) as CompatibilityLevel
    const answer = (compatible: boolean, messages: string[]) => (options.verbose ? { is_compatible: compatible, messages } : { is_compatible: compatible })
    const request = parseSchemaRequest(body)
    let previous: VersionEntry[]
    const liveVersions = this.subjects.visibleVersions(subject, {})
    if (rawVersion !== undefined) {
      const version = parseVersion(rawVersion)
      const entry = version === -1 ? liveVersions[liveVersions.length - 1] : this.state.subjects.get(subject)?.versions.get(version)
      if (!entry && version === -1) return answer(true, [])
      if (!entry || entry.deleted) throw restErrors.versionNotFound(version)
      previous = [entry]
    } else previous = liveVersions
    if (config.compatibilityGroup !== undefined) {
      const latest = liveVersions[liveVersions.length - 1]
      const metadata = contracts.applyContractConfig(sentContract(request), { previous: latest && contractOf(latest.schema), subjectConfig: config }).metadata
      previous = contracts.versionsInCompatibilityGroup(metadata, previous, config.compatibilityGroup, (v) => v.schema.metadata)
    }
    if (rawVersion === undefined && !isTransitive(level)) previous = previous.slice(-1)
    let prepared: PreparedSchema
    try {
      const normalize = options.normalize ?? config.normalize ?? false
      prepared = this.schemas.prepare(parseSubject(subject).context, request, { normalize, validateDefaults: true })
    } catch (err) {
      if (options.verbose && err instanceof RestError && err.errorCode === 42201) return answer(false, [err.message])
      throw err
    }
    const verdict = this.schemas.check(level, prepared, previous, policyOf(config))
    return answer(verdict.compatible, verdict.messages)
  }
}
