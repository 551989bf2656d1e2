/** The plan of a migration: what to copy, what is already there, and what conflicts — decided before any write. */
import { hasContract, holdsContract } from './contracts.js'
import { sameSchema, type Fingerprinter } from './fingerprint.js'
import { numberVersions, type NumberedVersions } from './numbered.js'
import type { Conflict, MigrationPlan, PlanSummary, PlannedVersion, PlannedVersions, Snapshot, VersionRecord } from './types.js'

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
  const view = numberVersions(source.subjects)
  const targetView = numberVersions(target.subjects)
  const targetIds = targetIdIndex(targetView)
  const holderOf = (subject: string, id: number) => {
    const place = targetIds.get(idKey(subject, id))
    return place === undefined ? undefined : targetView.record(place)
  }
  const conflicts: Conflict[] = []
  const forced: Conflict[] = []
  // Each source version's decision by its place in the source (the subjects in order, each one's versions in order), in typed arrays: no object per version.
  const decisions = new Decisions(view.count)
  let contracts = 0
  let offset = 0
  const diverges = (c: Conflict) =>
    input.forceAppend
      ? forced.push(c)
      : conflicts.push({ ...c, message: `${c.message} (delete the subject on the target first, or pass --force-append to write anyway)` })

  for (const [subject, list] of source.subjects) {
    const base = offset
    offset += list.length
    const decide = (index: number, p: PlannedVersion) => {
      decisions.set(base + index, p)
      if (hasContract(p.source.contract)) contracts++
    }
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
      const holder = holderOf(s.subject, s.id)
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
      const first = list.find((_, i) => decisions.copies(base + i))!
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

  for (let place = 0; place < view.count; place++) {
    if (!decisions.copies(place)) continue
    for (const ref of view.references(place)) {
      const inScope = view.placeOf(ref.subject, ref.version) >= 0
      const onTarget = target.subjects.get(ref.subject)?.some((v) => v.version === ref.version)
      if (!inScope && !onTarget) {
        const s = view.record(place)
        conflicts.push({
          subject: s.subject,
          version: s.version,
          id: s.id,
          message: `it references ${ref.subject} version ${ref.version}, which is neither in scope nor on the target; widen --subject/--regex`,
        })
      }
    }
  }

  const versions = new PlannedList(view, writeOrder(view, decisions), decisions)
  return {
    from: input.from,
    to: input.to,
    preserveIds,
    subjects: source.subjects.size,
    versions,
    conflicts,
    forced,
    toCopy: decisions.toCopy,
    present: versions.length - decisions.toCopy,
    contracts: { versions: contracts, dropped: input.dropContracts === true },
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

function present(s: VersionRecord, t: VersionRecord): PlannedVersion {
  return { source: s, action: 'present', targetId: t.id, targetVersion: t.version, ...(s.deleted && !t.deleted ? { deleteOnly: true } : {}) }
}

/** What the plan decided for each source version, by place: typed arrays (see `PlannedList`). */
class Decisions {
  private readonly kind: Uint8Array
  private readonly targetId: Int32Array
  private readonly targetVersion: Int32Array
  /** Versions to write (copied, or only soft-deleted). */
  toCopy = 0

  constructor(count: number) {
    this.kind = new Uint8Array(count)
    this.targetId = new Int32Array(count)
    this.targetVersion = new Int32Array(count)
  }

  set(place: number, p: PlannedVersion): void {
    const kind =
      (p.action === 'copy' ? COPY : PRESENT) |
      (p.deleteOnly ? DELETE_ONLY : 0) |
      (p.targetId !== undefined ? HAS_TARGET_ID : 0) |
      (p.targetVersion !== undefined ? HAS_TARGET_VERSION : 0)
    if (this.kind[place] === 0 && (p.action === 'copy' || p.deleteOnly)) this.toCopy++
    this.kind[place] = kind
    this.targetId[place] = p.targetId ?? 0
    this.targetVersion[place] = p.targetVersion ?? 0
  }

  decided(place: number): boolean {
    return this.kind[place] !== 0
  }

  copies(place: number): boolean {
    return (this.kind[place] & COPY) !== 0
  }

  /** The decision at `place`, with its source record. */
  get(place: number, source: VersionRecord): PlannedVersion {
    const kind = this.kind[place]
    if (kind & COPY) return { source, action: 'copy' }
    return {
      source,
      action: 'present',
      targetId: kind & HAS_TARGET_ID ? this.targetId[place] : undefined,
      targetVersion: kind & HAS_TARGET_VERSION ? this.targetVersion[place] : undefined,
      ...(kind & DELETE_ONLY ? { deleteOnly: true } : {}),
    }
  }
}

const COPY = 1
const PRESENT = 2
const DELETE_ONLY = 4
const HAS_TARGET_ID = 8
const HAS_TARGET_VERSION = 16

/** A plan's versions in write order: the source places in order, each `PlannedVersion` made when read. */
class PlannedList implements PlannedVersions {
  constructor(
    private readonly view: NumberedVersions,
    private readonly order: Int32Array,
    private readonly decisions: Decisions,
  ) {}

  get length(): number {
    return this.order.length
  }

  at(index: number): PlannedVersion | undefined {
    if (index < 0) index += this.order.length
    if (index < 0 || index >= this.order.length) return undefined
    const place = this.order[index]
    return this.decisions.get(place, this.view.record(place))
  }

  map<U>(f: (planned: PlannedVersion, index: number) => U): U[] {
    const out: U[] = []
    for (let i = 0; i < this.order.length; i++) out.push(f(this.at(i)!, i))
    return out
  }

  filter(f: (planned: PlannedVersion) => boolean): PlannedVersion[] {
    const out: PlannedVersion[] = []
    for (const p of this) if (f(p)) out.push(p)
    return out
  }

  *[Symbol.iterator](): Generator<PlannedVersion> {
    for (let i = 0; i < this.order.length; i++) yield this.at(i)!
  }
}

/**
 * The places of the decided versions in write order: each subject's versions in order, each after
 * the versions it references (placed first, with their subject's earlier versions). Only subjects
 * something references can be placed out of the source's order, so only they are tracked.
 */
function writeOrder(view: NumberedVersions, decisions: Decisions): Int32Array {
  // A referenced subject, by the place of its first version: how many of its versions are placed.
  const placed = new Map<number, number>()
  for (let p = 0; p < view.count; p++)
    for (const ref of view.references(p)) {
      const q = view.placeOf(ref.subject, ref.version)
      if (q >= 0) placed.set(view.first(q), 0)
    }
  let length = 0
  for (let p = 0; p < view.count; p++) if (decisions.decided(p)) length++
  const out = new Int32Array(length)
  let n = 0
  const place = (first: number, last: number) => {
    const tracked = placed.has(first)
    for (let p = first + (placed.get(first) ?? 0); p <= last; p++) {
      if (tracked) {
        // Placed meanwhile by a reference from one of its own versions' references (a cycle).
        if (p - first < placed.get(first)!) continue
        placed.set(first, p - first + 1)
      }
      for (const ref of view.references(p)) {
        const q = view.placeOf(ref.subject, ref.version)
        if (q < 0) continue
        const f = view.first(q)
        if (q - f >= placed.get(f)!) place(f, q)
      }
      if (decisions.decided(p)) out[n++] = p
    }
  }
  for (let p = 0; p < view.count; p = view.end(p)) place(p, view.end(p) - 1)
  return out
}

/** The place on the target of the (last) version holding each id, by `idKey`. */
function targetIdIndex(target: NumberedVersions): Map<string | number, number> {
  const out = new Map<string | number, number>()
  for (let place = 0; place < target.count; place++) {
    const t = target.record(place)
    if (t.id !== undefined) out.set(idKey(t.subject, t.id), place)
  }
  return out
}

/** Ids are unique per registry context: the key of `id` in `subject`'s context. */
function idKey(subject: string, id: number): string | number {
  const context = /^:(\.[^:]*):/.exec(subject)?.[1]
  return context === undefined || context === '.' ? id : `${context}\u0000${id}`
}

/** The plan in brief: counts, the id range and the first subjects and versions to copy, plus `modeChanges` as given. */
export function summarizePlan(plan: MigrationPlan, modeChanges: string[]): PlanSummary {
  // One pass over the plan, holding no list of its versions (a large plan's would be as large as the plan).
  let ids: PlanSummary['ids']
  const firstSubjects: string[] = []
  const firstVersions: PlanSummary['firstVersions'] = []
  for (const p of plan.versions) {
    if (firstSubjects.length < PLAN_SUMMARY_FIRST && !firstSubjects.includes(p.source.subject)) firstSubjects.push(p.source.subject)
    if (p.action !== 'copy' && !p.deleteOnly) continue
    const { subject, version, id } = p.source
    if (firstVersions.length < PLAN_SUMMARY_FIRST) firstVersions.push({ subject, version, ...(id === undefined ? {} : { id }) })
    if (id === undefined) continue
    ids = ids ? { min: Math.min(ids.min, id), max: Math.max(ids.max, id) } : { min: id, max: id }
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
    firstVersions,
    modeChanges,
    contracts: plan.contracts,
  }
}
