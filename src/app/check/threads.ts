import { Worker } from 'node:worker_threads'
import type { Config } from '../../config/config.js'
import type { CompatibilityLevel } from '../../engine/index.js'
import { ConfigError, InputError, InternalError, UsageError, type ErrorKind } from '../../errors.js'
import type { SubjectLayout, WorkspaceLayout } from '../../workspace/layout.js'
import type { CheckCacheOptions } from './cache.js'
import { checkWorkerUrl } from './worker-url.js'
import type { SubjectOutcome } from './workspace-subject.js'

/** What a check worker needs to check its share of the subjects: plain data only (it is copied to the worker). */
export interface CheckWorkerInput {
  /** The workspace folder as the user wrote it. */
  dir: string
  config: Config
  level?: CompatibilityLevel
  followExternalLinks?: boolean
  /** The verdict cache's options (without a logger: a function cannot be copied to a worker). */
  cache?: CheckCacheOptions
  /**
   * JSON of `{ layout, selected }`: the workspace's layout as this thread found it (so workers do
   * not list its folders again; one string is copied to each worker faster than the objects) and
   * the indexes in `layout.subjects` of the subjects to check, in report order. The workers take
   * batches of `batch` of them from `next`.
   */
  subjects: string
  batch: number
  /** One Int32: the index of the next batch not yet taken by any worker (incremented atomically). */
  next: SharedArrayBuffer
}

/** A check worker's messages to the main thread. */
export type CheckWorkerMessage =
  | { kind: 'batch'; start: number; outcomes: SubjectOutcome[] }
  | { kind: 'done' }
  | { kind: 'failed'; error: { kind: ErrorKind | 'unknown'; message: string; code?: string; hint?: string } }

/**
 * Checks `subjects` (of `layout`) on `threads` worker threads (worker.ts: each opens the
 * workspace itself and runs the same subject check as one thread does, check-workspace-subject.ts).
 * This thread only hands out the work and collects it, so it answers at once when a worker fails. Workers take batches of subjects from a
 * shared counter, so one that gets quick subjects takes more; outcomes are put back in the order
 * of `subjects`, so the report does not depend on the threads' timing. A worker that fails, exits
 * early or cannot start rejects with its error (an InternalError unless it was one the user can
 * act on, e.g. a folder that became unreadable), after every other worker is stopped.
 */
export async function checkOnThreads(
  layout: WorkspaceLayout,
  subjects: readonly SubjectLayout[],
  threads: number,
  input: Omit<CheckWorkerInput, 'subjects' | 'batch' | 'next'>,
): Promise<SubjectOutcome[]> {
  const position = new Map(layout.subjects.map((s, i) => [s, i]))
  const shared = JSON.stringify({ layout, selected: subjects.map((s) => position.get(s)) })
  const outcomes: Array<SubjectOutcome | undefined> = new Array(subjects.length)
  // Small batches balance the threads; enough subjects per batch keep the messages few.
  const batch = Math.max(1, Math.min(64, Math.floor(subjects.length / (threads * 16))))
  const next = new SharedArrayBuffer(4)
  const workers: Worker[] = []
  const stopAll = () => workers.forEach((w) => void w.terminate())
  const finished: Array<Promise<void>> = []
  for (let i = 0; i < threads; i++) {
    const worker = new Worker(checkWorkerUrl(), { workerData: { ...input, subjects: shared, batch, next } satisfies CheckWorkerInput })
    workers.push(worker)
    finished.push(followWorker(worker, (start, received) => received.forEach((outcome, j) => (outcomes[start + j] = outcome))))
  }
  try {
    await Promise.all(finished)
  } catch (err) {
    stopAll()
    throw err
  }
  const missing = outcomes.findIndex((o) => o === undefined)
  if (missing >= 0) throw new InternalError(`no check outcome for subject ${subjects[missing].subject}: a check thread lost it`)
  return outcomes as SubjectOutcome[]
}

/** Resolves when `worker` has sent every batch it took and exited; rejects when it fails or stops before that. */
function followWorker(worker: Worker, received: (start: number, outcomes: SubjectOutcome[]) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    let done = false
    let error: Error | undefined
    worker.on('message', (message: CheckWorkerMessage) => {
      if (message.kind === 'batch') received(message.start, message.outcomes)
      else if (message.kind === 'done') done = true
      else error ??= workerError(message.error)
    })
    worker.on('error', (err) => {
      error ??= new InternalError(`a check worker thread failed: ${err.message}`, { cause: err })
    })
    worker.on('exit', (code) => {
      if (error !== undefined) reject(error)
      else if (!done) reject(new InternalError(`a check worker thread stopped (exit code ${code}) before it finished its subjects`))
      else resolve()
    })
  })
}

/** The error a worker reported, as the same kind of error here (so it keeps its exit code and hint). */
function workerError(error: Extract<CheckWorkerMessage, { kind: 'failed' }>['error']): Error {
  const options = { ...(error.code !== undefined ? { code: error.code } : {}), ...(error.hint !== undefined ? { hint: error.hint } : {}) }
  if (error.kind === 'usage') return new UsageError(error.message, options)
  if (error.kind === 'config') return new ConfigError(error.message, options)
  if (error.kind === 'input') return new InputError(error.message, options)
  return new InternalError(`a check worker thread failed: ${error.message}`, options)
}
