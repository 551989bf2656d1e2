/**
 * The copy: writes the planned versions with bounded concurrency, each after its subject's previous
 * version and the versions it references, journaling each one as it completes.
 */
import { RegistryError } from '../../registry/errors.js'
import type { SchemaReference } from '../../registry/types.js'
import type { Journal } from './journal.js'
import { numberVersions, type NumberedVersions } from './numbered.js'
import type { FailedVersion, IdMapping, MigrateEvent, MigrationPlan, Snapshot, VersionRecord } from './types.js'

/** Where versions are written: a registry or a folder. */
export interface CopyTarget {
  /** Writes one version (its text `schema`, its references already mapped to the target's versions); resolves to the id and version it got. */
  write(record: VersionRecord, schema: string, references: SchemaReference[]): Promise<{ id: number; version: number }>
  /** Soft-deletes a written version (the source's is soft-deleted). */
  softDelete(subject: string, version: number): Promise<void>
}

/** Options of `copyVersions`. */
export interface CopyOptions {
  concurrency: number
  signal?: AbortSignal
  journal: Journal
  onEvent: (event: MigrateEvent) => void
  /** Whether `mappings` are wanted (without id preservation); with ids preserved every version keeps its id and version. */
  mappings?: boolean
}

/** What the copy did. `stopped` is the error (or abort) that ended it early, after in-flight writes settled. */
export interface CopyOutcome {
  migrated: number
  failed: FailedVersion[]
  /** With `options.mappings`: source version → target id and version, for every version in the plan that is on the target now. */
  mappings: IdMapping[]
  stopped?: unknown
}

/** Flags of a planned version's copy state. */
const PLACED = 1
const BLOCKED = 2
/** What the plan decided: to write it (else it is present); the source's is soft-deleted; present but to be soft-deleted there (`deleteOnly`). */
const WRITE = 4
const DELETE = 8
const DELETE_ONLY = 16

/**
 * Copies `plan` from `source` into `target`. A version the target rejects (a 4xx) is `failed` and
 * the versions depending on it are not written; an unreachable or failing target (network, 5xx
 * after the client's retries, auth) or an abort stops the copy: no new write starts, in-flight ones
 * finish, and the outcome carries `stopped`.
 *
 * A version becomes ready once every version it depends on is settled; ready versions are written
 * in the order they became ready, `concurrency` at a time, each with its text: the record's own, or
 * fetched from the source's `texts` by the writer (so only the texts being written are held).
 * The copy's state is a few typed arrays indexed by the version's position in the plan or its place
 * in the source (about 40 bytes a version, no object or promise per version; each version's record
 * is made from the plan when it is written): a copy of 100,000 versions holds little more than the
 * plan itself.
 */
export async function copyVersions(plan: MigrationPlan, source: Snapshot, target: CopyTarget, options: CopyOptions): Promise<CopyOutcome> {
  const view = numberVersions(source.subjects)
  const count = plan.versions.length
  const flags = new Uint8Array(count)
  const placedId = new Int32Array(count)
  const placedVersion = new Int32Array(count)
  const place = (i: number, at: { id: number; version: number }) => {
    flags[i] |= PLACED
    placedId[i] = at.id
    placedVersion[i] = at.version
  }
  // Each position's place in the source, and each place's position (-1: not in the plan).
  const placeOf = new Int32Array(count)
  const positionOf = new Int32Array(view.count).fill(-1)
  for (let i = 0; i < count; i++) {
    const p = plan.versions.at(i)!
    const at = view.placeOf(p.source.subject, p.source.version)
    placeOf[i] = at
    if (at >= 0) positionOf[at] = i
    if (p.action === 'copy') flags[i] |= WRITE
    if (p.source.deleted) flags[i] |= DELETE
    if (p.deleteOnly) flags[i] |= DELETE_ONLY
    if (p.action === 'present') place(i, { id: p.targetId ?? p.source.id ?? 0, version: p.targetVersion ?? p.source.version })
  }
  const graph = dependencyGraph(placeOf, positionOf, view)
  // A referenced version's version number on the target (differs from the source's without id preservation).
  const placedVersionOf = (subject: string, version: number): number | undefined => {
    const at = view.placeOf(subject, version)
    const i = at < 0 ? -1 : positionOf[at]
    return i >= 0 && flags[i] & PLACED ? placedVersion[i] : undefined
  }
  const outcome: CopyOutcome = { migrated: 0, failed: [], mappings: [] }
  // Each subject's counts while it is being copied (dropped once its last version settled).
  const remaining = new Map<string, { left: number; migrated: number; present: number; failed: number }>()
  const settle = (i: number, what: 'migrated' | 'present' | 'failed') => {
    const subject = view.subject(placeOf[i])
    let r = remaining.get(subject)
    if (r === undefined) {
      r = { left: graph.planned[view.first(placeOf[i])], migrated: 0, present: 0, failed: 0 }
      remaining.set(subject, r)
    }
    r[what]++
    if (--r.left === 0) {
      remaining.delete(subject)
      options.onEvent({ type: 'subject', subject, migrated: r.migrated, present: r.present, failed: r.failed })
    }
  }

  // Positions ready to go, in the order they became ready: each position enters once.
  const ready = new Int32Array(count)
  let readyEnd = 0
  for (let i = 0; i < count; i++) if (graph.waiting[i] === 0) ready[readyEnd++] = i

  let next = 0
  let active = 0
  let finished!: () => void
  const done = new Promise<void>((resolve) => (finished = resolve))
  const stop = (err: unknown) => {
    outcome.stopped ??= err
  }
  const onAbort = () => stop(options.signal!.reason)
  if (options.signal?.aborted) stop(options.signal.reason)
  else options.signal?.addEventListener('abort', onAbort, { once: true })

  // A settled version releases the versions waiting for it (blocking them when it did not get written).
  const release = (i: number, written: boolean) => {
    for (let e = graph.firstDependent[i]; e < graph.firstDependent[i + 1]; e++) {
      const d = graph.dependents[e]
      if (!written) flags[d] |= BLOCKED
      if (--graph.waiting[d] === 0) ready[readyEnd++] = d
    }
  }
  const write = async (i: number) => {
    const record = view.record(placeOf[i])
    try {
      if (flags[i] & WRITE) {
        const text = record.schema ?? (await source.texts!.get(record))
        const at = await target.write(
          record,
          text,
          record.references.map((ref) => ({ ...ref, version: placedVersionOf(ref.subject, ref.version) ?? ref.version })),
        )
        place(i, at)
        options.journal.recordVersion({ subject: record.subject, version: record.version, oldId: record.id, newId: at.id, newVersion: at.version })
      }
      if (flags[i] & DELETE && flags[i] & PLACED) await target.softDelete(record.subject, placedVersion[i])
    } catch (err) {
      if (isFatal(err)) return stop(err)
      const message = err instanceof Error ? err.message : String(err)
      outcome.failed.push({ subject: record.subject, version: record.version, error: message })
      options.onEvent({ type: 'version', subject: record.subject, version: record.version, status: 'failed', error: message })
      settle(i, 'failed')
      return release(i, false)
    }
    outcome.migrated++
    options.onEvent({ type: 'version', subject: record.subject, version: record.version, status: 'migrated', id: flags[i] & PLACED ? placedId[i] : undefined })
    settle(i, 'migrated')
    release(i, true)
  }
  const pump = () => {
    while (outcome.stopped === undefined && next < readyEnd && active < options.concurrency) {
      const i = ready[next++]
      // Present, and not to be soft-deleted (deleteOnly): nothing to write.
      if (!(flags[i] & (WRITE | DELETE_ONLY))) {
        settle(i, 'present')
        release(i, true)
      } else if (flags[i] & BLOCKED) {
        outcome.failed.push({
          subject: view.subject(placeOf[i]),
          version: view.record(placeOf[i]).version,
          error: 'not written: a version it depends on failed',
        })
        settle(i, 'failed')
        release(i, false)
      } else {
        active++
        void write(i).finally(() => {
          active--
          pump()
        })
      }
    }
    // Done when nothing is in flight and nothing more will start (all written, or stopped).
    if (active === 0 && (outcome.stopped !== undefined || next === readyEnd)) finished()
  }
  pump()
  await done
  options.signal?.removeEventListener('abort', onAbort)
  if (options.mappings) {
    for (let i = 0; i < count; i++) {
      if (!(flags[i] & PLACED)) continue
      const { subject, version, id } = view.record(placeOf[i])
      outcome.mappings.push({ subject, version, oldId: id, newId: placedId[i], newVersion: placedVersion[i] })
    }
  }
  return outcome
}

/** Who waits for whom among a plan's versions, by position in the plan. */
interface DependencyGraph {
  /** How many versions each still waits for. */
  waiting: Int32Array
  /** The positions waiting for position `i` are `dependents[firstDependent[i] .. firstDependent[i + 1])`. */
  firstDependent: Int32Array
  dependents: Int32Array
  /** How many versions of each subject the plan holds, at the place of the subject's first version. */
  planned: Int32Array
}

// Built in two passes over the plan (count, then fill), so that the edges live in two flat arrays.
function dependencyGraph(placeOf: Int32Array, positionOf: Int32Array, view: NumberedVersions): DependencyGraph {
  const count = placeOf.length
  const planned = new Int32Array(view.count)
  for (let i = 0; i < count; i++) planned[view.first(placeOf[i])]++
  // Each dependency once (a subject's previous version may also be referenced), and only those in the plan: its subject's previous version and the versions it references.
  const eachDependency = (i: number, visit: (d: number) => void) => {
    const at = placeOf[i]
    const previous = at > view.first(at) ? positionOf[at - 1] : -1
    if (previous >= 0) visit(previous)
    const refs = view.references(at)
    if (refs.length === 0) return
    const seen = [previous]
    for (const ref of refs) {
      const dep = view.placeOf(ref.subject, ref.version)
      const d = dep < 0 ? -1 : positionOf[dep]
      if (d < 0 || seen.includes(d)) continue
      seen.push(d)
      visit(d)
    }
  }
  const waiting = new Int32Array(count)
  const firstDependent = new Int32Array(count + 1)
  for (let i = 0; i < count; i++)
    eachDependency(i, (d) => {
      waiting[i]++
      firstDependent[d + 1]++
    })
  for (let i = 0; i < count; i++) firstDependent[i + 1] += firstDependent[i]
  const dependents = new Int32Array(firstDependent[count])
  const filled = firstDependent.slice(0, count)
  for (let i = 0; i < count; i++) eachDependency(i, (d) => (dependents[filled[d]++] = i))
  return { waiting, firstDependent, dependents, planned }
}

// Whether a failure means the target as a whole cannot be written (stop) rather than this one version was refused.
function isFatal(err: unknown): boolean {
  if (!(err instanceof RegistryError)) return true
  const status = err.status
  return status === undefined || status >= 500 || status === 429 || status === 401 || status === 403
}
