/** A registry as `schemactl browse` reads it: subjects page by page, everything else on demand. */
import { UsageError } from '../../errors.js'
import type { RegistryClient } from '../../registry/client.js'
import { hasRegistryCode } from '../../registry/errors.js'
import type { CompatibilityLevel, Mode, SubjectSchema } from '../../registry/types.js'
import type { RegistryContext } from '../registry/session.js'
import type { RegistrySchemaParser } from '../registry/schema.js'
import { differentTypes, notSupportedLine, supportOf } from './schema-types.js'
import type { BrowseSource, CheckOutcome, DiffOutcome, ReferencingSchema, SubjectSummary, VersionReferences, VersionSchema, VersionSummary } from './source.js'

/** Names asked for in the first page (a screenful arrives fast) and in each later one. */
export const FIRST_PAGE = 1000
export const LATER_PAGES = 10_000

/** Options of `createRegistrySource`. */
export interface RegistrySourceOptions {
  /** Whether the write keys may change the registry. */
  write: boolean
  /** The connection context, for the checks `check-compat --local` makes (they open their own connection). */
  ctx: RegistryContext
  /** Page sizes (tests use small ones). */
  pages?: { first: number; later: number }
}

/** A `BrowseSource` over `client`. The client stays the caller's to close. */
export function createRegistrySource(client: RegistryClient, options: RegistrySourceOptions): BrowseSource {
  const pages = options.pages ?? { first: FIRST_PAGE, later: LATER_PAGES }
  let globalLevel: Promise<CompatibilityLevel | undefined> | undefined
  let globalMode: Promise<Mode | undefined> | undefined
  let parser: RegistrySchemaParser | undefined

  const requireWrite = () => {
    if (!options.write)
      throw new UsageError('browse is read-only', { code: 'READ_ONLY', hint: 'Start it with --write to change levels and modes or delete versions.' })
  }
  // `deleted`: a soft-deleted version is still shown (marked), as the versions list shows it.
  const readVersion = async (subject: string, version: number): Promise<VersionSchema> => view(await client.getVersion(subject, version, { deleted: true }))

  const source: BrowseSource = {
    kind: 'registry',
    label: client.url,
    writable: options.write,

    async loadSubjects(onPage) {
      const seen = new Set<string>()
      for (let offset = 0, limit = pages.first; ; offset += limit, limit = pages.later) {
        const page = await client.listSubjects({ offset, limit })
        const fresh = page.filter((name) => !seen.has(name))
        for (const name of fresh) seen.add(name)
        if (fresh.length > 0) onPage(fresh)
        // A registry without paging sends every name at once (more than asked, or the same page again).
        if (page.length !== limit || fresh.length < page.length) return
      }
    },

    async summary(subject) {
      globalLevel ??= client.getConfig().then(
        (config) => config.compatibilityLevel,
        () => undefined,
      )
      globalMode ??= client.getMode().then(
        (reply) => reply.mode,
        () => undefined,
      )
      const [latest, level, mode] = await Promise.all([
        latestVersion(client, subject),
        ownSetting(() => client.getConfig(subject).then((c) => c.compatibilityLevel), 'SUBJECT_CONFIG_NOT_FOUND'),
        ownSetting(() => client.getMode(subject).then((m) => m.mode), 'SUBJECT_MODE_NOT_FOUND'),
      ])
      const summary: SubjectSummary = { subject, schemaType: latest.schemaType, latest: latest.version, ...(latest.deleted ? { deleted: true } : {}) }
      const effectiveLevel = level ?? (await globalLevel)
      if (effectiveLevel !== undefined) Object.assign(summary, { level: effectiveLevel, levelSource: level === undefined ? 'global' : 'subject' })
      const effectiveMode = mode ?? (await globalMode)
      if (effectiveMode !== undefined) Object.assign(summary, { mode: effectiveMode, modeSource: mode === undefined ? 'global' : 'subject' })
      return summary
    },

    async versions(subject): Promise<VersionSummary[]> {
      const [all, live] = await Promise.all([
        client.listVersions(subject, { deleted: true }),
        client.listVersions(subject).catch((err: unknown) => {
          if (hasRegistryCode(err, 'SUBJECT_NOT_FOUND')) return [] as number[]
          throw err
        }),
      ])
      const liveSet = new Set(live)
      return [...new Set([...all, ...live])].sort((a, b) => a - b).map((version) => ({ version, deleted: !liveSet.has(version) }))
    },

    schema: (subject, version) => readVersion(subject, version),

    async references(subject, version): Promise<VersionReferences> {
      const [schema, ids] = await Promise.all([readVersion(subject, version), client.getReferencedBy(subject, version)])
      const usedBy = (
        await Promise.all(
          ids.map(async (id): Promise<ReferencingSchema[]> => {
            try {
              const pairs = await client.getVersionsById(id)
              return pairs.length > 0 ? pairs.map((p) => ({ id, subject: p.subject, version: p.version })) : [{ id }]
            } catch (err) {
              // Karapace has no /schemas/ids/{id}/versions: the id alone still says who uses it.
              if (hasRegistryCode(err, 'NOT_FOUND', 'UNSUPPORTED', 'SCHEMA_NOT_FOUND')) return [{ id }]
              throw err
            }
          }),
        )
      ).flat()
      return { uses: schema.references, usedBy }
    },

    async diff(from, to): Promise<DiffOutcome> {
      const [a, b] = await Promise.all([
        client.getVersion(from.subject, from.version, { deleted: true }),
        client.getVersion(to.subject, to.version, { deleted: true }),
      ])
      if (a.schemaType !== b.schemaType) return { ok: false, reason: differentTypes(from, a.schemaType, to, b.schemaType) }
      if (!supportOf(a.schemaType).diff) return { ok: false, reason: notSupportedLine('diff', a.schemaType) }
      // Loaded on the first diff: the engine is start-up cost browsing alone does not need.
      const [{ diffResolvedSides }, { createRegistrySchemaParser, requireRegistrySchema }, { contractOf }] = await Promise.all([
        import('../diff/diff.js'),
        import('../registry/schema.js'),
        import('../diff/registry-sides.js'),
      ])
      parser ??= createRegistrySchemaParser(client)
      // Read as `schemactl diff` reads a registry side (src/app/diff/registry-sides.ts), deleted versions included.
      const side = async (s: SubjectSchema) => ({
        source: { spec: `${s.subject}@${s.version}`, kind: 'registry' as const, subject: s.subject, version: s.version, id: s.id },
        schemaType: 'AVRO' as const,
        parsed: await requireRegistrySchema(parser!, s, `${s.subject} version ${s.version}`),
        ...contractOf(s),
      })
      return { ok: true, report: diffResolvedSides(await side(a), await side(b)) }
    },

    async check(subject, file): Promise<CheckOutcome> {
      const latest = await client.getVersion(subject, 'latest')
      if (!supportOf(latest.schemaType).check) return { ok: false, reason: notSupportedLine('check', latest.schemaType) }
      const { checkCompat } = await import('../check/compat.js')
      // Its own connection, as the command makes; warnings were shown before the screen was taken over.
      const report = await checkCompat({ ...options.ctx, warn: () => undefined }, subject, file, { local: true })
      return { ok: true, report }
    },

    async setLevel(subject, level) {
      requireWrite()
      if (level === null) await client.deleteConfig(subject)
      else await client.setConfig(subject, { compatibility: level })
    },

    async setMode(subject, mode) {
      requireWrite()
      if (mode === null) await client.deleteMode(subject)
      else await client.setMode(subject, mode)
    },

    async deleteVersion(subject, version) {
      requireWrite()
      await client.deleteVersion(subject, version)
    },

    reload() {
      globalLevel = undefined
      globalMode = undefined
      parser = undefined
    },
  }
  return source
}

/** The latest version; of a subject whose every version is soft-deleted (as browse leaves one), the newest deleted one. */
async function latestVersion(client: RegistryClient, subject: string): Promise<SubjectSchema> {
  try {
    return await client.getVersion(subject, 'latest')
  } catch (err) {
    if (!hasRegistryCode(err, 'SUBJECT_NOT_FOUND', 'VERSION_NOT_FOUND')) throw err
    const all = await client.listVersions(subject, { deleted: true })
    if (all.length === 0) throw err
    return { ...(await client.getVersion(subject, all[all.length - 1], { deleted: true })), deleted: true }
  }
}

/** The subject's own setting, undefined when it has none (or the registry has no such endpoint, as Karapace has no modes). */
async function ownSetting<T>(read: () => Promise<T>, notFound: string): Promise<T | undefined> {
  try {
    return await read()
  } catch (err) {
    if (hasRegistryCode(err, notFound, 'SUBJECT_NOT_FOUND', 'NOT_FOUND', 'UNSUPPORTED')) return undefined
    throw err
  }
}

function view(s: SubjectSchema): VersionSchema {
  return {
    subject: s.subject,
    version: s.version,
    schemaType: s.schemaType,
    schema: s.schema,
    id: s.id,
    ...(typeof s.ts === 'number' && s.ts > 0 ? { registeredAt: s.ts } : {}),
    deleted: s.deleted === true,
    references: (s.references ?? []).map((r) => ({ name: r.name, subject: r.subject, version: r.version })),
  }
}
