import { availableParallelism } from 'node:os'
import type { EntryList } from '../../workspace/entry-list.js'
import type { ListingHelper } from '../../workspace/layout.js'
import { compareNames } from '../../workspace/name-order.js'
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
 * start overlaps the opening of the workspace: at once when more than one thread is asked for
 * (`jobs`), else once the workspace folder is listed and holds EARLY_MIN_ENTRIES entries (one
 * worker per other core). This thread checks subjects too, so `jobs` threads are `jobs - 1`
 * workers. Meanwhile a started worker lists subject folders from the last one back, while this
 * thread lists them from the first (a ListingHelper of the workspace's scanLayout). Nothing is
 * started for a small workspace.
 */
export class EarlyWorkers implements ListingHelper {
  private started?: CheckWorkers
  private stopped = false
  private listedAhead?: (folder: string) => string[] | undefined

  /** `dir`: the workspace folder, as given; `speculate`: start workers for a big folder before anything is known of the work (not when the verdict cache likely holds most of it). */
  constructor(
    private readonly jobs: number | undefined,
    private readonly dir: string,
    private readonly speculate = true,
  ) {
    if (jobs !== undefined && jobs > 1) this.start(jobs - 1)
  }

  /** Starts the workers when the folder is big enough (and none were asked for), and has one list folders ahead. */
  rootListed(entries: EntryList): void {
    if (this.jobs === undefined && this.speculate && entries.length >= EARLY_MIN_ENTRIES && availableParallelism() > 1) this.start(availableParallelism() - 1)
    // In the order scanLayout lists them, so that the two threads meet rather than cross.
    const folders = entries.names.filter((name, i) => entries.kind(i) === 'folder' && !name.startsWith('.')).sort(compareNames)
    this.listedAhead = this.started?.listAhead(this.dir, folders)
  }

  /** A subject folder's names as a worker listed them, or undefined when none did. */
  folder(name: string): string[] | undefined {
    return this.listedAhead?.(name)
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
