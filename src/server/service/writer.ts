/**
 * The durable writer: a write's records are applied to the state at once, answered from, and
 * acknowledged once the changelog has made them durable (group commit); a failed append undoes them.
 * It also compacts the changelog when it has grown to twice the live records.
 *
 * Concurrency: every write validates and applies its records synchronously (no await between
 * reading the state and changing it), so concurrent requests cannot interleave inside one write:
 * no lost updates, no id handed out twice, no duplicate versions. Only the wait for durability
 * is asynchronous, and the changelog batches those waits into one fsync.
 */
import { restErrors } from '../rest-error.js'
import type { Changelog } from '../store/changelog.js'
import type { LogRecord } from '../store/records.js'
import type { RegistryState } from '../store/state.js'

/** Applies writes to the state and makes them durable through the changelog (or keeps them in memory). */
export class DurableWriter {
  private appendedSinceCompaction = 0
  private pendingAppends = 0
  /** Writes applied in memory whose append is not durable yet, oldest first. */
  private readonly notDurable: Array<{ undo: () => void }> = []
  private lastAppend: Promise<void> = Promise.resolve()

  constructor(
    private readonly state: RegistryState,
    /** Durable log; null keeps everything in memory. */
    private readonly changelog: Changelog | null,
  ) {}

  /**
   * Applies `records`, builds the answer from what they made (`answer`, called right after, before
   * any other request can change the state), and resolves with it once the records are durable.
   */
  async commit<T>(records: LogRecord[], answer: () => T): Promise<T> {
    const log = this.changelog
    if (!log) {
      for (const r of records) this.state.applyRecord(r)
      return answer()
    }
    if (log.failed) throw restErrors.storeFailed(log.failed.message)
    // Applied now, so that the next request sees it (see the module comment); undone if the write or fsync fails.
    const write = { undo: this.state.applyWrite(records) }
    const result = answer()
    this.notDurable.push(write)
    this.pendingAppends++
    const appended = log.append(records)
    this.lastAppend = appended
    try {
      await appended
      this.notDurable.splice(this.notDurable.indexOf(write), 1)
    } catch (err) {
      // A failure rejects every append queued with it, and the log takes no new one until resumed: the
      // first of them to get here undoes them all, newest first, then resumes the log if the failed
      // write was cut off it (no write made after the failure is listed, so none is undone).
      if (this.notDurable.includes(write)) {
        for (const w of this.notDurable.splice(0).reverse()) w.undo()
        log.resume()
      }
      throw restErrors.storeFailed((err as Error).message)
    } finally {
      this.pendingAppends--
    }
    this.appendedSinceCompaction += records.length
    // The cheap test first: counting the live records walks every subject.
    if (this.appendedSinceCompaction > 100_000 && this.appendedSinceCompaction > 2 * this.state.liveRecordCount()) {
      this.appendedSinceCompaction = 0
      void log.compact(() => this.state.snapshot()).catch(() => undefined)
    }
    return result
  }

  /**
   * Undefined when everything in memory is durable; otherwise a promise that settles once it is.
   * Answers built from memory wait for it, so that nobody is told about a write a crash could still undo.
   */
  settled(): Promise<void> | undefined {
    if (this.pendingAppends === 0) return undefined
    return this.lastAppend.catch((err: Error) => {
      throw restErrors.storeFailed(err.message)
    })
  }
}
