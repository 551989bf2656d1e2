/**
 * When the changelog is compacted: once it holds more than twice the records a compacted log would
 * (the live ones), so that it stays within about twice the live data; a small log is left alone,
 * whatever its ratio, since rewriting it saves little.
 */

/** Logs of at most this many records are never compacted. */
export const COMPACT_MIN_RECORDS = 1000

/** Whether a log of `logRecords` records, `liveRecords` of them live, is due for compaction. */
export function compactionDue(logRecords: number, liveRecords: number, minRecords = COMPACT_MIN_RECORDS): boolean {
  return logRecords > minRecords && logRecords > 2 * liveRecords
}
