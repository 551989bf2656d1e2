/**
 * The copy: writes the planned versions with bounded concurrency, each after its subject's previous
 * version and the versions it references, journaling each one as it completes.
 */
import { RegistryError } from '../../registry/errors.js'
import type { SchemaReference } from '../../registry/types.js'
import type { Journal } from './journal.js'
import { dependenciesOf } from './plan.js'
import type { FailedVersion, IdMapping, MigrateEvent, MigrationPlan, PlannedVersion, Snapshot, VersionRecord } from './types.js'

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

// What the copy knows of one planned version: how many dependencies it still waits for, who waits for it, where it is on the target.
interface CopyState {
  planned: PlannedVersion
  waiting: number
  dependents?: CopyState[]
  blocked?: boolean
  placed?: { id: number; version: number }
}

/** Ready versions consumed before the queue drops them (so it does not hold the whole plan). */
const QUEUE_TRIM = 4096

/**
 * Copies `plan` from `source` into `target`. A version the target rejects (a 4xx) is `failed` and
 * the versions depending on it are not written; an unreachable or failing target (network, 5xx
 * after the client's retries, auth) or an abort stops the copy: no new write starts, in-flight ones
 * finish, and the outcome carries `stopped`.
 *
 * A version becomes ready once every version it depends on is settled; ready versions are written
 * in the order they became ready, `concurrency` at a time, each with its text: the record's own, or
 * fetched from the source's `texts` by the writer (so only the texts being written are held).
 * (One queue rather than a pending promise per version: a large plan then allocates, and the
 * garbage collector frees, far less.)
 */
export async function copyVersions(plan: MigrationPlan, source: Snapshot, target: CopyTarget, options: CopyOptions): Promise<CopyOutcome> {
  const states = new Map<VersionRecord, CopyState>()
  for (const p of plan.versions) {
    const state: CopyState = { planned: p, waiting: 0 }
    if (p.action === 'present') state.placed = { id: p.targetId ?? p.source.id ?? 0, version: p.targetVersion ?? p.source.version }
    states.set(p.source, state)
  }
  const placedAt = (subject: string, version: number) => {
    const record = source.subjects.get(subject)?.find((v) => v.version === version)
    return record && states.get(record)?.placed
  }
  const outcome: CopyOutcome = { migrated: 0, failed: [], mappings: [] }
  // Each subject's counts while it is being copied (dropped once its last version settled).
  const remaining = new Map<string, { left: number; migrated: number; present: number; failed: number }>()
  const settle = (subject: string, what: 'migrated' | 'present' | 'failed') => {
    let r = remaining.get(subject)
    if (r === undefined) {
      const left = (source.subjects.get(subject) ?? []).filter((v) => states.has(v)).length
      r = { left, migrated: 0, present: 0, failed: 0 }
      remaining.set(subject, r)
    }
    r[what]++
    if (--r.left === 0) {
      remaining.delete(subject)
      options.onEvent({ type: 'subject', subject, migrated: r.migrated, present: r.present, failed: r.failed })
    }
  }

  let ready: CopyState[] = []
  for (const [record, state] of states) {
    for (const dep of new Set(dependenciesOf(record, source))) {
      const d = states.get(dep)
      if (d === undefined) continue
      state.waiting++
      if (d.dependents) d.dependents.push(state)
      else d.dependents = [state]
    }
  }
  for (const p of plan.versions) {
    const state = states.get(p.source)!
    if (state.waiting === 0) ready.push(state)
  }

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
  const release = (state: CopyState, written: boolean) => {
    for (const d of state.dependents ?? []) {
      if (!written) d.blocked = true
      if (--d.waiting === 0) ready.push(d)
    }
    state.dependents = undefined
  }
  const write = async (state: CopyState) => {
    const { planned: p } = state
    const record = p.source
    try {
      if (p.action === 'copy') {
        const text = record.schema ?? (await source.texts!.get(record))
        state.placed = await target.write(
          record,
          text,
          record.references.map((ref) => ({ ...ref, version: placedAt(ref.subject, ref.version)?.version ?? ref.version })),
        )
        options.journal.recordVersion({
          subject: record.subject,
          version: record.version,
          oldId: record.id,
          newId: state.placed.id,
          newVersion: state.placed.version,
        })
      }
      if (record.deleted && state.placed) await target.softDelete(record.subject, state.placed.version)
    } catch (err) {
      if (isFatal(err)) return stop(err)
      const message = err instanceof Error ? err.message : String(err)
      outcome.failed.push({ subject: record.subject, version: record.version, error: message })
      options.onEvent({ type: 'version', subject: record.subject, version: record.version, status: 'failed', error: message })
      settle(record.subject, 'failed')
      return release(state, false)
    }
    outcome.migrated++
    options.onEvent({ type: 'version', subject: record.subject, version: record.version, status: 'migrated', id: state.placed?.id })
    settle(record.subject, 'migrated')
    release(state, true)
  }
  const pump = () => {
    while (outcome.stopped === undefined && next < ready.length && active < options.concurrency) {
      const state = ready[next++]
      const p = state.planned
      if (p.action === 'present' && !p.deleteOnly) {
        settle(p.source.subject, 'present')
        release(state, true)
      } else if (state.blocked) {
        outcome.failed.push({ subject: p.source.subject, version: p.source.version, error: 'not written: a version it depends on failed' })
        settle(p.source.subject, 'failed')
        release(state, false)
      } else {
        active++
        void write(state).finally(() => {
          active--
          pump()
        })
      }
    }
    if (next >= QUEUE_TRIM && next * 2 >= ready.length) {
      ready = ready.slice(next)
      next = 0
    }
    // Done when nothing is in flight and nothing more will start (all written, or stopped).
    if (active === 0 && (outcome.stopped !== undefined || next === ready.length)) finished()
  }
  pump()
  await done
  options.signal?.removeEventListener('abort', onAbort)
  if (options.mappings) {
    for (const [record, { placed }] of states)
      if (placed) outcome.mappings.push({ subject: record.subject, version: record.version, oldId: record.id, newId: placed.id, newVersion: placed.version })
  }
  return outcome
}

// Whether a failure means the target as a whole cannot be written (stop) rather than this one version was refused.
function isFatal(err: unknown): boolean {
  if (!(err instanceof RegistryError)) return true
  const status = err.status
  return status === undefined || status >= 500 || status === 429 || status === 401 || status === 403
}
