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
  /** Writes one version (with its references already mapped to the target's versions); resolves to the id and version it got. */
  write(record: VersionRecord, references: SchemaReference[]): Promise<{ id: number; version: number }>
  /** Soft-deletes a written version (the source's is soft-deleted). */
  softDelete(subject: string, version: number): Promise<void>
}

/** Options of `copyVersions`. */
export interface CopyOptions {
  concurrency: number
  signal?: AbortSignal
  journal: Journal
  onEvent: (event: MigrateEvent) => void
}

/** What the copy did. `stopped` is the error (or abort) that ended it early, after in-flight writes settled. */
export interface CopyOutcome {
  migrated: number
  failed: FailedVersion[]
  /** Source version → target id and version, for every version in the plan that is on the target now. */
  mappings: IdMapping[]
  stopped?: unknown
}

/**
 * Copies `plan` from `source` into `target`. A version the target rejects (a 4xx) is `failed` and
 * the versions depending on it are not written; an unreachable or failing target (network, 5xx
 * after the client's retries, auth) or an abort stops the copy: no new write starts, in-flight ones
 * finish, and the outcome carries `stopped`.
 *
 * A version becomes ready once every version it depends on is settled; ready versions are written
 * in the order they became ready, `concurrency` at a time. (One queue rather than a pending promise
 * per version: a large plan then allocates, and the garbage collector frees, far less.)
 */
export async function copyVersions(plan: MigrationPlan, source: Snapshot, target: CopyTarget, options: CopyOptions): Promise<CopyOutcome> {
  const planned = new Map<VersionRecord, PlannedVersion>(plan.versions.map((p) => [p.source, p]))
  const placed = new Map<string, { id: number; version: number }>()
  for (const p of plan.versions)
    if (p.action === 'present') placed.set(versionKey(p.source), { id: p.targetId ?? p.source.id ?? 0, version: p.targetVersion ?? p.source.version })
  const outcome: CopyOutcome = { migrated: 0, failed: [], mappings: [] }
  const remaining = new Map<string, { left: number; migrated: number; present: number; failed: number }>()
  for (const p of plan.versions) {
    const r = remaining.get(p.source.subject) ?? { left: 0, migrated: 0, present: 0, failed: 0 }
    r.left++
    remaining.set(p.source.subject, r)
  }
  const settle = (subject: string, what: 'migrated' | 'present' | 'failed') => {
    const r = remaining.get(subject)!
    r[what]++
    if (--r.left === 0) options.onEvent({ type: 'subject', subject, migrated: r.migrated, present: r.present, failed: r.failed })
  }

  // How many dependencies each version still waits for, who waits for it, and whether one of them failed.
  const waiting = new Map<VersionRecord, number>()
  const dependents = new Map<VersionRecord, VersionRecord[]>()
  const blocked = new Set<VersionRecord>()
  const ready: VersionRecord[] = []
  for (const p of plan.versions) {
    const deps = [...new Set(dependenciesOf(p.source, source))].filter((d) => planned.has(d))
    waiting.set(p.source, deps.length)
    for (const d of deps) {
      const list = dependents.get(d)
      if (list) list.push(p.source)
      else dependents.set(d, [p.source])
    }
    if (deps.length === 0) ready.push(p.source)
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
  const release = (record: VersionRecord, written: boolean) => {
    for (const d of dependents.get(record) ?? []) {
      if (!written) blocked.add(d)
      const left = waiting.get(d)! - 1
      waiting.set(d, left)
      if (left === 0) ready.push(d)
    }
  }
  const write = async (record: VersionRecord, p: PlannedVersion) => {
    try {
      let placedAt = placed.get(versionKey(record))
      if (p.action === 'copy') {
        placedAt = await target.write(
          record,
          record.references.map((ref) => ({ ...ref, version: placed.get(`${ref.subject}\u0000${ref.version}`)?.version ?? ref.version })),
        )
        placed.set(versionKey(record), placedAt)
        options.journal.recordVersion({ subject: record.subject, version: record.version, oldId: record.id, newId: placedAt.id, newVersion: placedAt.version })
      }
      if (record.deleted && placedAt) await target.softDelete(record.subject, placedAt.version)
    } catch (err) {
      if (isFatal(err)) return stop(err)
      const message = err instanceof Error ? err.message : String(err)
      outcome.failed.push({ subject: record.subject, version: record.version, error: message })
      options.onEvent({ type: 'version', subject: record.subject, version: record.version, status: 'failed', error: message })
      settle(record.subject, 'failed')
      return release(record, false)
    }
    outcome.migrated++
    options.onEvent({ type: 'version', subject: record.subject, version: record.version, status: 'migrated', id: placed.get(versionKey(record))?.id })
    settle(record.subject, 'migrated')
    release(record, true)
  }
  const pump = () => {
    while (outcome.stopped === undefined && next < ready.length && active < options.concurrency) {
      const record = ready[next++]
      const p = planned.get(record)!
      if (p.action === 'present' && !p.deleteOnly) {
        settle(record.subject, 'present')
        release(record, true)
      } else if (blocked.has(record)) {
        outcome.failed.push({ subject: record.subject, version: record.version, error: 'not written: a version it depends on failed' })
        settle(record.subject, 'failed')
        release(record, false)
      } else {
        active++
        void write(record, p).finally(() => {
          active--
          pump()
        })
      }
    }
    // Done when nothing is in flight and nothing more will start (all written, or stopped).
    if (active === 0 && (outcome.stopped !== undefined || next === ready.length)) finished()
  }
  pump()
  await done
  options.signal?.removeEventListener('abort', onAbort)
  for (const p of plan.versions) {
    const at = placed.get(versionKey(p.source))
    if (at) outcome.mappings.push({ subject: p.source.subject, version: p.source.version, oldId: p.source.id, newId: at.id, newVersion: at.version })
  }
  return outcome
}

// Whether a failure means the target as a whole cannot be written (stop) rather than this one version was refused.
function isFatal(err: unknown): boolean {
  if (!(err instanceof RegistryError)) return true
  const status = err.status
  return status === undefined || status >= 500 || status === 429 || status === 401 || status === 403
}

function versionKey(r: { subject: string; version: number }): string {
  return `${r.subject}\u0000${r.version}`
}
