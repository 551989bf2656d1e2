/**
 * The durable writer: a write's records are applied to the state at once, answered from, and
 * acknowledged once the changelog has made them durable (group commit); a failed append undoes them.
 * It also compacts the changelog when it has grown past twice the live records (store/compaction-policy.ts).
 *
 * Concurrency: every write validates and applies its records synchronously (no await between
 * reading the state and changing it), so concurrent requests cannot interleave inside one write:
 * no lost updates, no id handed out twice, no duplicate versions. Only the wait for durability
 * is asynchronous, and the changelog batches those waits into one fsync.
 */
import { restErrors } from '../rest-error.js'
import type { Changelog } from '../store/changelog.js'
import { COMPACT_MIN_RECORDS, compactionDue } from '../store/compaction-policy.js'
import type { LogRecord } from '../store/records.js'
import type { RegistryState } from '../store/state.js'

/** How the writer keeps the changelog compact. */
export interface CompactionOptions {
  /** Records in the changelog when the writer takes it over (replayed, or written by a start-up compaction). */
  logRecords?: number
  /** Logs of at most this many records are not compacted (default COMPACT_MIN_RECORDS; tests lower it). */
  minRecords?: number
}

/** Applies writes to the state and makes them durable through the changelog (or keeps them in memory). */
export class DurableWriter {
  /** Records in the changelog file: counted as they are appended, reset by each compaction. */
  private logRecords: number
  private readonly minRecords: number
  /** Set while a compaction runs, and after one failed until the log has grown by the live records again. */
  private compactAgainAt = 0
  private compacting = false
  private pendingAppends = 0
  /** Writes applied in memory whose append is not durable yet, oldest first. */
  private readonly notDurable: Array<{ undo: () => void }> = []
  private lastAppend: Promise<void> = Promise.resolve()

  constructor(
    private readonly state: RegistryState,
    /** Durable log; null keeps everything in memory. */
    private readonly changelog: Changelog | null,
    options: CompactionOptions = {},
  ) {
    this.logRecords = options.logRecords ?? 0
    this.minRecords = options.minRecords ?? COMPACT_MIN_RECORDS
  }

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
    this.logRecords += records.length
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
    this.compactIfDue(log)
    return result
  }

  /** Starts a compaction (in the background) when the log holds more than twice the live records. */
  private compactIfDue(log: Changelog): void {
    if (this.compacting || this.logRecords < this.compactAgainAt || !compactionDue(this.logRecords, this.state.liveRecordCount(), this.minRecords)) return
    this.compacting = true
    // Unchanged (no difference to add back) if the compaction fails before its snapshot is taken.
    let before = this.logRecords
    let written = before
    const snapshot = () => {
      // Taken when every earlier append is in the file: from here the log holds these records plus later appends.
      const records = this.state.snapshot()
      before = this.logRecords
      written = records.length
      this.logRecords = written
      return records
    }
    log.compact(snapshot).then(
      () => {
        this.compacting = false
      },
      () => {
        // The old log stays (or the log stopped): count its records again, and wait for it to grow by the live records before trying again.
        this.compacting = false
        this.logRecords += before - written
        this.compactAgainAt = this.logRecords + Math.max(this.minRecords, this.state.liveRecordCount())
      },
    )
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
