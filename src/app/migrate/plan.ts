/** The plan of a migration: what to copy, what is already there, and what conflicts — decided before any write. */
import { hasContract, holdsContract } from './contracts.js'
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
  /** Whether the source's soft-deleted versions are in scope (else the target's soft-deleted versions are not compared). */
  includeDeleted?: boolean
  /** Write even where a subject's history on the target is not a prefix of the source's (the divergence becomes a warning). */
  forceAppend?: boolean
  /** Leave the data contracts behind (`--drop-contracts`): versions are compared by schema alone. */
  dropContracts?: boolean
}

/**
 * Compares the source's versions with the target's. A version is the same on both sides when its
 * schema (its full normalized form: doc and defaults count) and its data contract are (unless
 * `dropContracts`), as the registry identifies a schema. With `preserveIds`, a version is `present` when
 * the target holds the same version with the same id at the same subject and version;
 * any other schema there, or the id holding another schema in the subject's context, is a conflict.
 * Without, each subject's history on the target must be a prefix of the source's (compared by
 * normalized schema, version by version): its versions are `present`, the source's later ones are
 * appended. A target history that is not a prefix (its latest is an older schema of the source, or
 * one the source does not have) would end with the source's versions in another order, so it is a
 * conflict; with ids preserved, a target version the source does not have, in a subject that gets
 * versions, is one too. `forceAppend` turns those divergences into `forced` entries and copies anyway
 * (without ids: each version not yet anywhere in the subject is appended).
 * A reference to a version neither in scope nor on the target is a conflict too.
 * Versions come in write order: referenced versions first, each subject's versions ascending.
 */
export function planMigration(input: PlanInput): MigrationPlan {
  const { source, target, sourcePrints, targetPrints, preserveIds } = input
  const sameContract = (s: VersionRecord, t: VersionRecord) => input.dropContracts === true || holdsContract(s, t)
  const targetIds = new Map<string, VersionRecord>()
  for (const list of target.subjects.values()) for (const t of list) if (t.id !== undefined) targetIds.set(idKey(t.subject, t.id), t)
  const conflicts: Conflict[] = []
  const forced: Conflict[] = []
  // Each source version's decision by its place in the source (the subjects in order, each one's versions in order): one flat array, no map of records.
  let total = 0
  for (const list of source.subjects.values()) total += list.length
  const decided = new Array<PlannedVersion | undefined>(total).fill(undefined)
  let offset = 0
  const diverges = (c: Conflict) =>
    input.forceAppend
      ? forced.push(c)
      : conflicts.push({ ...c, message: `${c.message} (delete the subject on the target first, or pass --force-append to write anyway)` })

  for (const [subject, list] of source.subjects) {
    const base = offset
    offset += list.length
    const decide = (index: number, p: PlannedVersion) => void (decided[base + index] = p)
    const onTarget = target.subjects.get(subject) ?? []
    // Without the source's soft-deleted versions, the target's (perhaps copied from them earlier) are not compared.
    const compared = input.includeDeleted ? onTarget : onTarget.filter((t) => !t.deleted)
    if (!preserveIds) {
      planAppend(list, compared, (s, t) => sameSchema(sourcePrints, s, targetPrints, t) && sameContract(s, t), decide, conflicts, diverges)
      continue
    }
    let copies = false
    for (const [index, s] of list.entries()) {
      // Fingerprints only where the target holds something to compare with: parsing is the costly part.
      const same = (t: VersionRecord) => sameSchema(sourcePrints, s, targetPrints, t) && sameContract(s, t)
      if (s.id === undefined) {
        conflicts.push({ subject: s.subject, version: s.version, message: 'the source has no id for it (a folder without schemactl-export.json)' })
        continue
      }
      const at = onTarget.find((t) => t.version === s.version)
      if (at) {
        if (!same(at)) {
          const what = sameSchema(sourcePrints, s, targetPrints, at) ? 'this schema with another data contract' : 'a different schema'
          conflicts.push({ subject: s.subject, version: s.version, id: s.id, message: `the target holds ${what} (id ${at.id}) at this subject and version` })
        } else if (at.id !== undefined && at.id !== s.id)
          conflicts.push({ subject: s.subject, version: s.version, id: s.id, message: `the target holds this schema here under id ${at.id}, not ${s.id}` })
        else if (at.deleted && !s.deleted)
          conflicts.push({
            subject: s.subject,
            version: s.version,
            id: s.id,
            message: 'the target holds this version soft-deleted; delete it permanently there first',
          })
        else decide(index, present(s, at))
        continue
      }
      const holder = targetIds.get(idKey(s.subject, s.id))
      if (holder && !same(holder)) {
        conflicts.push({
          subject: s.subject,
          version: s.version,
          id: s.id,
          message: `id ${s.id} holds a different schema on the target (${holder.subject} version ${holder.version})`,
        })
        continue
      }
      decide(index, { source: s, action: 'copy' })
      copies = true
    }
    if (!copies) continue
    // Versions written beside a target version the source does not have would mix two histories.
    const versions = new Set(list.map((s) => s.version))
    const foreign = compared.filter((t) => !versions.has(t.version))
    if (foreign.length) {
      const first = list.find((_, i) => decided[base + i]?.action === 'copy')!
      const named = foreign
        .slice(0, 3)
        .map((t) => `${t.version}${t.id === undefined ? '' : ` (id ${t.id})`}`)
        .join(', ')
      diverges({
        subject,
        version: first.version,
        id: first.id,
        message: `the target's history of ${subject} is not a prefix of the source's: it holds version${foreign.length === 1 ? '' : 's'} ${named}${foreign.length > 3 ? ` and ${foreign.length - 3} more` : ''}, which the source does not have${input.includeDeleted ? '' : ' (soft-deleted there? add --include-deleted)'}, so the copied versions would mix with the target's own`,
      })
    }
  }

  let at = 0
  for (const s of eachVersion(source)) {
    if (decided[at++]?.action !== 'copy') continue
    for (const ref of s.references) {
      const inScope = source.subjects.get(ref.subject)?.some((v) => v.version === ref.version)
      const onTarget = target.subjects.get(ref.subject)?.some((v) => v.version === ref.version)
      if (!inScope && !onTarget) {
        conflicts.push({
          subject: s.subject,
          version: s.version,
          id: s.id,
          message: `it references ${ref.subject} version ${ref.version}, which is neither in scope nor on the target; widen --subject/--regex`,
        })
      }
    }
  }

  const versions = writeOrder(source, decided)
  const toCopy = versions.filter((v) => v.action === 'copy' || v.deleteOnly).length
  const contracts = { versions: versions.filter((v) => hasContract(v.source.contract)).length, dropped: input.dropContracts === true }
  return {
    from: input.from,
    to: input.to,
    preserveIds,
    subjects: source.subjects.size,
    versions,
    conflicts,
    forced,
    toCopy,
    present: versions.length - toCopy,
    contracts,
  }
}

/**
 * One subject without id preservation: the target's versions `compared` must be the source's first
 * ones, in order (then they are present, position by position, and the rest is appended). Otherwise,
 * unless every source version is already somewhere on the target (nothing would be written), the
 * divergence is reported through `diverges`; when that lets the run go on (`--force-append`), each
 * version is present where the target holds it anywhere and appended otherwise.
 */
function planAppend(
  list: VersionRecord[],
  compared: VersionRecord[],
  same: (s: VersionRecord, t: VersionRecord) => boolean,
  decide: (index: number, p: PlannedVersion) => void,
  conflicts: Conflict[],
  diverges: (c: Conflict) => void,
): void {
  let at = 0
  while (at < list.length && at < compared.length && same(list[at], compared[at])) at++
  const prefix = at === compared.length || at === list.length
  if (prefix) {
    for (let i = 0; i < list.length; i++) {
      const s = list[i]
      const t = compared[i]
      if (t === undefined) decide(i, { source: s, action: 'copy' })
      else if (t.deleted && !s.deleted)
        conflicts.push({
          subject: s.subject,
          version: s.version,
          id: s.id,
          message: `the target holds it soft-deleted (version ${t.version}); delete it permanently there first`,
        })
      else decide(i, present(s, t))
    }
    return
  }
  const held = (s: VersionRecord) => compared.find((t) => same(s, t) && (t.deleted === s.deleted || !t.deleted))
  const missing = list.filter((s) => held(s) === undefined)
  if (missing.length) {
    const s = list[at]
    const t = compared[at]
    const k = list.findIndex((candidate) => same(candidate, t))
    const holds = k >= 0 ? `the source's version ${list[k].version}` : 'a schema the source does not have'
    const latest = missing[missing.length - 1]
    diverges({
      subject: s.subject,
      version: s.version,
      id: s.id,
      message:
        `the target's history of ${s.subject} is not a prefix of the source's: target version ${t.version} holds ${holds} where the source has version ${s.version}; ` +
        `appending ${missing.length === 1 ? `version ${latest.version}` : `versions ${missing.map((m) => m.version).join(', ')}`} after target version ${compared[compared.length - 1].version} would reorder the history`,
    })
  }
  for (const [i, s] of list.entries()) {
    const t = held(s)
    decide(i, t ? present(s, t) : { source: s, action: 'copy' })
  }
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

/**
 * The decisions in write order: each subject's versions in order, each after the versions it
 * references (placed first, with their subject's earlier versions). Only subjects something
 * references can be placed out of the source's order, so only they are tracked.
 */
function writeOrder(source: Snapshot, decided: readonly (PlannedVersion | undefined)[]): PlannedVersion[] {
  // A referenced subject: where its decisions start in `decided`, and how many of its versions are placed.
  const referenced = new Map<string, { first: number; placed: number }>()
  for (const r of eachVersion(source)) for (const ref of r.references) referenced.set(ref.subject, { first: -1, placed: 0 })
  let first = 0
  for (const [subject, list] of source.subjects) {
    const tracked = referenced.get(subject)
    if (tracked) tracked.first = first
    first += list.length
  }
  const out: PlannedVersion[] = []
  const place = (list: VersionRecord[], first: number, last: number, tracked: { placed: number } | undefined) => {
    for (let i = tracked?.placed ?? 0; i <= last; i++) {
      if (tracked) {
        // Placed meanwhile by a reference from one of its own versions' references (a cycle).
        if (i < tracked.placed) continue
        tracked.placed = i + 1
      }
      for (const ref of list[i].references) {
        const other = referenced.get(ref.subject)!
        const versions = source.subjects.get(ref.subject)
        const k = versions?.findIndex((v) => v.version === ref.version) ?? -1
        if (versions && k >= other.placed) place(versions, other.first, k, other)
      }
      const planned = decided[first + i]
      if (planned) out.push(planned)
    }
  }
  first = 0
  for (const [subject, list] of source.subjects) {
    place(list, first, list.length - 1, referenced.get(subject))
    first += list.length
  }
  return out
}

/** Every version of `snapshot`, subject by subject, each subject's in order. */
function* eachVersion(snapshot: Snapshot): Generator<VersionRecord> {
  for (const list of snapshot.subjects.values()) yield* list
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
    forced: plan.forced.slice(0, PLAN_SUMMARY_FIRST),
    forcedTotal: plan.forced.length,
    ...(ids ? { ids } : {}),
    firstSubjects,
    firstVersions: copies
      .slice(0, PLAN_SUMMARY_FIRST)
      .map(({ source: { subject, version, id } }) => ({ subject, version, ...(id === undefined ? {} : { id }) })),
    modeChanges,
    contracts: plan.contracts,
  }
}
