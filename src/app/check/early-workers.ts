import { availableParallelism } from 'node:os'
import { CheckWorkers } from './threads.js'
import { PARALLEL_MIN_VERSIONS } from './thread-count.js'

/**
 * Fewest entries in the workspace folder for which `check` starts worker threads before it has
 * listed the subject folders (with ~10 versions a subject, what PARALLEL_MIN_VERSIONS will ask for).
 * Workers started for a workspace that turns out to need none are stopped unused.
 */
export const EARLY_MIN_ENTRIES = PARALLEL_MIN_VERSIONS / 10

/**
 * Check worker threads started as early as it is known they will likely be wanted, so that their
 * start overlaps the listing of the workspace: at once when more than one thread is asked for
 * (`jobs`), else once the workspace folder is listed and holds EARLY_MIN_ENTRIES entries (one
 * worker per other core). This thread checks subjects too, so `jobs` threads are `jobs - 1` workers.
 * Nothing is loaded or started for a small workspace.
 */
export class EarlyWorkers {
  private started?: CheckWorkers
  private stopped = false

  constructor(private readonly jobs: number | undefined) {
    if (jobs !== undefined && jobs > 1) this.start(jobs - 1)
  }

  /** Told the number of entries of the workspace folder (inputs.ts `onRootListed`). */
  rootListed(entries: number): void {
    if (this.jobs === undefined && entries >= EARLY_MIN_ENTRIES && availableParallelism() > 1) this.start(availableParallelism() - 1)
  }

  /** The started workers, at most `count` of them (the others stopped), or undefined when none were started. */
  take(count: number): CheckWorkers | undefined {
    this.started?.keep(count)
    return this.started
  }

  /** Stops the workers, used or not (a no-op for those that finished). */
  stop(): void {
    this.stopped = true
    this.started?.stop()
  }

  private start(count: number): void {
    if (this.stopped) return
    // At once (the module is loaded with this one): the listing that follows keeps this thread busy, and the workers start meanwhile.
    this.started ??= new CheckWorkers(count)
  }
}
