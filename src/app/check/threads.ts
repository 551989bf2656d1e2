import type { MessagePort, Worker } from 'node:worker_threads'
import type { Config } from '../../config/config.js'
import type { CompatibilityLevel } from '../../engine/index.js'
import { ConfigError, InputError, InternalError, UsageError, type ErrorKind } from '../../errors.js'
import type { SubjectLayout, WorkspaceLayout } from '../../workspace/layout.js'
import type { CheckCacheOptions } from './cache.js'
import { packLayout } from './layout-message.js'
import { checkWorkerUrl } from './worker-url.js'
import type { SubjectOutcome } from './workspace-subject.js'

/**
 * node:worker_threads, loaded when the first worker starts: `check` imports this module for every
 * run (early-workers.ts), and one that starts no worker does not pay for loading it (~1 ms).
 */
const workerThreads = () => process.getBuiltinModule('node:worker_threads')

/** What a check worker is started with: only the counter it shares with the other threads. */
export interface CheckWorkerData {
  /** One Int32: the index of the next batch not yet taken by any thread (incremented atomically). */
  next: SharedArrayBuffer
}

/** How the subjects are checked: the same for every thread (plain data only: it is copied to the workers). */
export interface CheckSettings {
  /** The workspace folder as the user wrote it. */
  dir: string
  config: Config
  level?: CompatibilityLevel
  followExternalLinks?: boolean
  /** The verdict cache's options (without a logger: a function cannot be copied to a worker). */
  cache?: CheckCacheOptions
}

/** The work a check worker is sent once the workspace is listed. */
export interface CheckWorkerStart extends CheckSettings {
  /**
   * The workspace's layout as the main thread found it (packLayout: workers do not list its
   * folders again), and the indexes in `layout.subjects` of the subjects to check, in report
   * order. The threads take batches of `batch` of them from the shared counter.
   */
  layout: string
  selected: Int32Array
  batch: number
}

/** What a worker that is still starting is first sent: subject folders to list from the last one back, until it reaches `reached` (the one the main thread is at). */
export interface CheckWorkerListing {
  kind: 'list'
  root: string
  folders: string[]
  /** One Int32: the index in `folders` of the folder the main thread is listing. */
  reached: SharedArrayBuffer
  /** Where to post the listings: `[index, names][]`, a few folders at a time. */
  port: MessagePort
}

/** A check worker's messages to the main thread. */
export type CheckWorkerMessage =
  | { kind: 'batch'; start: number; outcomes: SubjectOutcome[] }
  | { kind: 'done' }
  | { kind: 'failed'; error: { kind: ErrorKind | 'unknown'; message: string; code?: string; hint?: string } }

/**
 * Check worker threads (worker.ts), started before there is work for them so that their start
 * (loading their modules) overlaps the listing of the workspace (early-workers.ts). They do not
 * keep the process alive until they are given work. `check` then checks the subjects on this
 * thread and on them: every thread takes batches of subjects from a shared counter, so one that
 * gets quick subjects (or more of the machine) takes more, and each worker opens the workspace
 * itself and runs the same subject check as this thread does (workspace-subject.ts). Outcomes are
 * put back in subject order, so the report does not depend on the threads' timing.
 */
export class CheckWorkers {
  private readonly next = new SharedArrayBuffer(4)
  private readonly workers: Worker[] = []
  private readonly exited: Array<Promise<void>> = []
  private readonly retired = new Set<Worker>()
  private readonly ports: MessagePort[] = []
  private failure?: Error
  private received: (start: number, outcomes: SubjectOutcome[]) => void = () => undefined

  /** Starts `count` workers (at least one). */
  constructor(count: number) {
    const { Worker } = workerThreads()
    for (let i = 0; i < Math.max(1, count); i++) {
      const worker = new Worker(checkWorkerUrl(), { workerData: { next: this.next } satisfies CheckWorkerData })
      worker.unref()
      this.workers.push(worker)
      this.exited.push(this.follow(worker))
    }
  }

  /** How many workers are running. */
  get size(): number {
    return this.workers.length
  }

  /**
   * Has the first worker, while it has nothing else to do, list `folders` (of the workspace
   * `root`) from the last one back; the function returns a folder's names when the worker listed
   * it, and tells the worker how far this thread has got (so it stops where they meet). Messages
   * are taken synchronously (receiveMessageOnPort): this thread's listing never yields to the
   * event loop.
   */
  listAhead(root: string, folders: string[]): (folder: string) => string[] | undefined {
    const worker = this.workers[0]
    if (worker === undefined) return () => undefined
    const { MessageChannel, receiveMessageOnPort } = workerThreads()
    const { port1, port2 } = new MessageChannel()
    port1.unref()
    this.ports.push(port1)
    const reached = new SharedArrayBuffer(4)
    const at = new Int32Array(reached)
    const position = new Map(folders.map((f, i) => [f, i]))
    const listed = new Map<string, string[]>()
    worker.postMessage({ kind: 'list', root, folders, reached, port: port2 } satisfies CheckWorkerListing, [port2])
    return (folder) => {
      const i = position.get(folder)
      if (i !== undefined) Atomics.store(at, 0, i)
      for (let m = receiveMessageOnPort(port1); m !== undefined; m = receiveMessageOnPort(port1))
        for (const [index, names] of m.message as Array<[number, string[]]>) listed.set(folders[index], names)
      const names = listed.get(folder)
      listed.delete(folder)
      return names
    }
  }

  /** Stops the workers beyond the first `count`. */
  keep(count: number): void {
    for (const worker of this.workers.splice(count)) {
      this.retired.add(worker)
      void worker.terminate()
    }
  }

  /** Stops every worker (those that finished are gone already). */
  stop(): void {
    this.ports.splice(0).forEach((port) => port.close())
    this.keep(0)
  }

  /**
   * Checks `subjects` (of `layout`) on the workers and, with `here`, on this thread too; the
   * outcomes in the order of `subjects`. Rejects with a worker's error (an InternalError unless it
   * was one the user can act on, e.g. a folder that became unreadable) once this thread has
   * finished the batch it is on, after stopping every worker. Checks once: the workers stop after.
   * With `emit`, each outcome is handed to it instead, in order as soon as it and those before it
   * are in (awaited, one at a time), and dropped: the result is then empty.
   */
  async check(
    layout: WorkspaceLayout,
    subjects: readonly SubjectLayout[],
    settings: CheckSettings,
    here: (subject: SubjectLayout) => Promise<SubjectOutcome>,
    emit?: (outcome: SubjectOutcome, index: number) => void | Promise<void>,
  ): Promise<SubjectOutcome[]> {
    const outcomes: Array<SubjectOutcome | undefined> = new Array(subjects.length)
    // Outcomes handed to `emit` so far (in order); one hand-over at a time, so the order holds while `emit` waits.
    let emitted = 0
    let emitting: Promise<void> = Promise.resolve()
    const handOver = () =>
      (emitting = emitting.then(async () => {
        if (emit === undefined) return
        for (let o = outcomes[emitted]; o !== undefined; o = outcomes[emitted]) {
          outcomes[emitted] = undefined
          await emit(o, emitted++)
        }
      }))
    this.received = (start, received) => {
      received.forEach((outcome, j) => (outcomes[start + j] = outcome))
      handOver().catch((err: unknown) => (this.failure ??= err as Error))
    }
    const threads = this.workers.length + 1
    // Small batches balance the threads; enough subjects per batch keep the messages few.
    const batch = Math.max(1, Math.min(64, Math.floor(subjects.length / (threads * 16))))
    // By name: a packed subject list makes its subjects anew each time they are read (workspace/compact-subject.ts).
    const position = new Map(layout.subjects.map((s, i) => [s.subject, i]))
    const selected = Int32Array.from(subjects, (s) => position.get(s.subject) ?? -1)
    const layoutText = packLayout(layout)
    // The workspace is listed: what a worker listed ahead and this thread did not take is not wanted.
    this.ports.splice(0).forEach((port) => port.close())
    for (const worker of this.workers) {
      worker.ref()
      worker.postMessage({ ...settings, layout: layoutText, selected, batch } satisfies CheckWorkerStart)
    }
    const next = new Int32Array(this.next)
    const batches = Math.ceil(subjects.length / batch)
    try {
      for (let b = Atomics.add(next, 0, 1); b < batches; b = Atomics.add(next, 0, 1)) {
        for (let i = b * batch; i < Math.min((b + 1) * batch, subjects.length); i++) outcomes[i] = await here(subjects[i])
        await handOver()
        // Reads are synchronous: without a turn of the event loop the workers' messages (a failure) would wait for the last batch.
        await new Promise((resolve) => setImmediate(resolve))
        if (this.failure !== undefined) throw this.failure
      }
      await Promise.all(this.exited)
      if (this.failure !== undefined) throw this.failure
      await handOver()
    } finally {
      this.stop()
    }
    if (emit !== undefined && emitted < subjects.length)
      throw new InternalError(`no check outcome for subject ${subjects[emitted].subject}: a check thread lost it`)
    if (emit !== undefined) return []
    const missing = outcomes.findIndex((o) => o === undefined)
    if (missing >= 0) throw new InternalError(`no check outcome for subject ${subjects[missing].subject}: a check thread lost it`)
    return outcomes as SubjectOutcome[]
  }

  /** Resolves when `worker` exits; records its failure, or that it stopped before it sent every batch it took. */
  private follow(worker: Worker): Promise<void> {
    return new Promise((resolve) => {
      let done = false
      let error: Error | undefined
      worker.on('message', (message: CheckWorkerMessage) => {
        if (message.kind === 'batch') this.received(message.start, message.outcomes)
        else if (message.kind === 'done') done = true
        else error ??= workerError(message.error)
      })
      worker.on('error', (err) => {
        error ??= new InternalError(`a check worker thread failed: ${err.message}`, { cause: err })
      })
      worker.on('exit', (code) => {
        if (this.retired.has(worker)) return resolve()
        this.failure ??= error ?? (done ? undefined : new InternalError(`a check worker thread stopped (exit code ${code}) before it finished its subjects`))
        // One worker failed: the others' work is no longer wanted.
        if (this.failure !== undefined) this.stop()
        resolve()
      })
    })
  }
}

/** The error a worker reported, as the same kind of error here (so it keeps its exit code and hint). */
function workerError(error: Extract<CheckWorkerMessage, { kind: 'failed' }>['error']): Error {
  const options = { ...(error.code !== undefined ? { code: error.code } : {}), ...(error.hint !== undefined ? { hint: error.hint } : {}) }
  if (error.kind === 'usage') return new UsageError(error.message, options)
  if (error.kind === 'config') return new ConfigError(error.message, options)
  if (error.kind === 'input') return new InputError(error.message, options)
  return new InternalError(`a check worker thread failed: ${error.message}`, options)
}
