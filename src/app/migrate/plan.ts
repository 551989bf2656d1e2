/** The plan of a migration: what to copy, what is already there, and what conflicts — decided before any write. */
import { sameSchema, type Fingerprinter } from './fingerprint.js'
import type { Conflict, MigrationPlan, PlanSummary, PlannedVersion, Snapshot, VersionRecord } from './types.js'

/** How many subjects and versions a plan summary names. */
export const PLAN_SUMMARY_FIRST = 10

/** Inputs of `planMigration`. */
export interface PlanInput {
  from: string
  to: string
  source: Snapshot
  /** Everything the target holds (soft-deleted versions included), in every context the source uses. */
  target: Snapshot
  sourcePrints: Fingerprinter
  targetPrints: Fingerprinter
  preserveIds: boolean
}

/**
 * Compares the source's versions with the target's. With `preserveIds`, a version is `present` when
 * the target holds the same schema (its full normalized form: doc and defaults count) with the same id at the same subject and version;
 * any other schema there, or the id holding another schema in the subject's context, is a conflict.
 * Without, a version is `present` when its subject on the target holds the same schema at any version.
 * A reference to a version neither in scope nor on the target is a conflict too.
 * Versions come in write order: referenced versions first, each subject's versions ascending.
 */
export function planMigration(input: PlanInput): MigrationPlan {
  const { source, target, sourcePrints, targetPrints, preserveIds } = input
  const targetIds = new Map<string, VersionRecord>()
  for (const list of target.subjects.values()) for (const t of list) if (t.id !== undefined) targetIds.set(idKey(t.subject, t.id), t)
  const conflicts: Conflict[] = []
  const decided = new Map<VersionRecord, PlannedVersion>()

  for (const list of source.subjects.values()) {
    for (const s of list) {
      // Fingerprints only where the target holds something to compare with: parsing is the costly part.
      const same = (t: VersionRecord) => sameSchema(sourcePrints, s, targetPrints, t)
      const onTarget = target.subjects.get(s.subject) ?? []
      if (!preserveIds) {
        const held = onTarget.find((t) => same(t) && (t.deleted === s.deleted || !t.deleted))
        decided.set(s, held ? present(s, held) : { source: s, action: 'copy' })
        continue
      }
      if (s.id === undefined) {
        conflicts.push({ subject: s.subject, version: s.version, message: 'the source has no id for it (a folder without schemactl-export.json)' })
        continue
      }
      const at = onTarget.find((t) => t.version === s.version)
      if (at) {
        if (!same(at)) conflicts.push({ subject: s.subject, version: s.version, id: s.id, message: `the target holds a different schema (id ${at.id}) at this subject and version` })
        else if (at.id !== undefined && at.id !== s.id) conflicts.push({ subject: s.subject, version: s.version, id: s.id, message: `the target holds this schema here under id ${at.id}, not ${s.id}` })
        else if (at.deleted && !s.deleted) conflicts.push({ subject: s.subject, version: s.version, id: s.id, message: 'the target holds this version soft-deleted; delete it permanently there first' })
        else decided.set(s, present(s, at))
        continue
      }
      const holder = targetIds.get(idKey(s.subject, s.id))
      if (holder && !same(holder)) {
        conflicts.push({ subject: s.subject, version: s.version, id: s.id, message: `id ${s.id} holds a different schema on the target (${holder.subject} version ${holder.version})` })
        continue
      }
      decided.set(s, { source: s, action: 'copy' })
    }
  }

  for (const [s, p] of decided) {
    if (p.action !== 'copy') continue
    for (const ref of s.references) {
      const inScope = source.subjects.get(ref.subject)?.some((v) => v.version === ref.version)
      const onTarget = target.subjects.get(ref.subject)?.some((v) => v.version === ref.version)
      if (!inScope && !onTarget) {
        conflicts.push({ subject: s.subject, version: s.version, id: s.id, message: `it references ${ref.subject} version ${ref.version}, which is neither in scope nor on the target; widen --subject/--regex` })
      }
    }
  }

  const versions = writeOrder(source, decided)
  const toCopy = versions.filter((v) => v.action === 'copy' || v.deleteOnly).length
  return { from: input.from, to: input.to, preserveIds, subjects: source.subjects.size, versions, conflicts, toCopy, present: versions.length - toCopy }
}

/** The source versions a planned version must wait for: its subject's previous version and the versions it references. */
export function dependenciesOf(record: VersionRecord, source: Snapshot): VersionRecord[] {
  const deps: VersionRecord[] = []
  const list = source.subjects.get(record.subject) ?? []
  const index = list.indexOf(record)
  if (index > 0) deps.push(list[index - 1])
  for (const ref of record.references) {
    const dep = source.subjects.get(ref.subject)?.find((v) => v.version === ref.version)
    if (dep) deps.push(dep)
  }
  return deps
}

function present(s: VersionRecord, t: VersionRecord): PlannedVersion {
  return { source: s, action: 'present', targetId: t.id, targetVersion: t.version, ...(s.deleted && !t.deleted ? { deleteOnly: true } : {}) }
}

function writeOrder(source: Snapshot, decided: Map<VersionRecord, PlannedVersion>): PlannedVersion[] {
  const out: PlannedVersion[] = []
  const seen = new Set<VersionRecord>()
  const visit = (r: VersionRecord) => {
    if (seen.has(r)) return
    seen.add(r)
    for (const dep of dependenciesOf(r, source)) visit(dep)
    const planned = decided.get(r)
    if (planned) out.push(planned)
  }
  for (const list of source.subjects.values()) for (const r of list) visit(r)
  return out
}

/** Ids are unique per registry context: the key of `id` in `subject`'s context. */
function idKey(subject: string, id: number): string {
  const context = /^:(\.[^:]*):/.exec(subject)?.[1] ?? '.'
  return `${context}\u0000${id}`
}

/** The plan in brief: counts, the id range and the first subjects and versions to copy, plus `modeChanges` as given. */
export function summarizePlan(plan: MigrationPlan, modeChanges: string[]): PlanSummary {
  const copies = plan.versions.filter((p) => p.action === 'copy' || p.deleteOnly)
  let ids: PlanSummary['ids']
  for (const { source } of copies) {
    if (source.id === undefined) continue
    ids = ids ? { min: Math.min(ids.min, source.id), max: Math.max(ids.max, source.id) } : { min: source.id, max: source.id }
  }
  const firstSubjects: string[] = []
  for (const p of plan.versions) {
    if (firstSubjects.length === PLAN_SUMMARY_FIRST) break
    if (!firstSubjects.includes(p.source.subject)) firstSubjects.push(p.source.subject)
  }
  return {
    subjects: plan.subjects,
    versions: plan.versions.length,
    toCopy: plan.toCopy,
    present: plan.present,
    conflicts: plan.conflicts.length,
    ...(ids ? { ids } : {}),
    firstSubjects,
    firstVersions: copies.slice(0, PLAN_SUMMARY_FIRST).map(({ source: { subject, version, id } }) => ({ subject, version, ...(id === undefined ? {} : { id }) })),
    modeChanges,
  }
}
