/**
 * The durable changelog: one JSON record per line, `{"key":…,"value":…,"crc":N}`, where `crc`
 * is the CRC-32 of the line's bytes before `,"crc":`; the records of one operation but its last
 * carry `"more":true`, so that replay applies an operation whole or not at all. Appends are acknowledged after fsync;
 * concurrent appends share one write and one fsync (group commit). Every write is checked for
 * its length: a write that fails part-way (a full disk) is cut off the file again, so that the
 * file only ever grows by whole, acknowledged batches. Compaction rewrites the file atomically
 * (write a new file, fsync, rename, fsync the folder); if the new file cannot be written whole,
 * the old one stays.
 */
import { closeSync, existsSync, fstatSync, fsyncSync, ftruncateSync, openSync, readSync } from 'node:fs'
import { open, rename, rm, type FileHandle } from 'node:fs/promises'
import { join } from 'node:path'
import { crc32 } from 'node:zlib'
import { InputError } from '../../errors.js'
import type { LogRecord } from './records.js'

const FILE_NAME = 'changelog.jsonl'
const CRC_MARK = ',"crc":'

/**
 * Serializes one record as a checksummed line; `more` marks a record that the next one
 * completes (one operation's records are applied on replay all together or not at all).
 */
export function encodeRecord(record: LogRecord, more = false): string {
  const body = `{"key":${JSON.stringify(record.key)},"value":${JSON.stringify(record.value)}${more ? ',"more":true' : ''}`
  return `${body}${CRC_MARK}${crc32(body)}}\n`
}

/** What replay found. */
export interface ReplayResult {
  records: number
  /** Set when a torn or corrupt tail was dropped. */
  droppedTail?: { line: number; bytes: number }
}

function fsyncDir(dir: string): void {
  const fd = openSync(dir, 'r')
  try {
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}

/** One line of the changelog as read: its bytes are `buf[start, end)`, at `offset` in the file. */
interface RawLine {
  buf: Buffer
  start: number
  end: number
  offset: number
  /** False for a last line with no newline after it (a torn write). */
  complete: boolean
}

/** Bytes read at a time: the log is read through one buffer, never held whole (a large log is hundreds of MB). */
const READ_CHUNK = 8 * 1024 * 1024

/** The lines of the file open as `fd`, read a chunk at a time; a line is valid until the next one is asked for. */
function* readLines(fd: number): Generator<RawLine> {
  let buf = Buffer.allocUnsafe(READ_CHUNK)
  let filled = 0
  let bufOffset = 0
  let eof = false
  while (true) {
    const view = buf.subarray(0, filled)
    let pos = 0
    let nl: number
    while ((nl = view.indexOf(10, pos)) !== -1) {
      yield { buf, start: pos, end: nl, offset: bufOffset + pos, complete: true }
      pos = nl + 1
    }
    if (eof) {
      if (pos < filled) yield { buf, start: pos, end: filled, offset: bufOffset + pos, complete: false }
      return
    }
    // Keep the unfinished line at the start of the buffer (grown when one line fills it), then read on.
    if (pos === 0 && filled === buf.length) {
      const bigger = Buffer.allocUnsafe(buf.length * 2)
      buf.copy(bigger, 0, 0, filled)
      buf = bigger
    } else {
      buf.copy(buf, 0, pos, filled)
      filled -= pos
      bufOffset += pos
    }
    const n = readSync(fd, buf, filled, buf.length - filled, bufOffset + filled)
    if (n === 0) eof = true
    filled += n
  }
}

/**
 * Reads the changelog of `dir`, calling `onRecord` for each valid record in order. A torn or
 * corrupt tail (the last record, or trailing records that fail their checksum, or an
 * operation whose last record is missing) is cut off the file so that later appends follow
 * the last complete operation.
 */
export function replayChangelog(dir: string, onRecord: (record: LogRecord) => void): ReplayResult {
  const path = join(dir, FILE_NAME)
  if (!existsSync(path)) return { records: 0 }
  const fd = openChangelogFile(path)
  try {
    const size = fstatSync(fd).size
    let count = 0
    let line = 0
    // Where the file holds whole operations up to: the end of the last one applied.
    let good = 0
    // Records of an operation not yet complete, and where it started.
    let group: LogRecord[] = []
    let groupStart = { pos: 0, line: 1 }
    let bad: { pos: number; line: number } | undefined
    const lines = readLines(fd)
    for (const raw of lines) {
      line++
      const record = raw.complete ? decodeLine(raw.buf, raw.start, raw.end) : undefined
      if (!record) {
        // Records after a bad one were never acknowledged if the bad one is a torn write; anything
        // valid after it means the file was damaged in the middle, which we must not paper over.
        for (const after of lines) {
          if (after.complete && decodeLine(after.buf, after.start, after.end)) {
            throw new InputError(`The changelog ${path} is damaged at line ${line}, and valid records follow it.`, {
              code: 'CHANGELOG_CORRUPT',
              hint: 'Restore the data folder from a backup; schemactl drops only a torn last record by itself.',
            })
          }
        }
        bad = { pos: raw.offset, line }
        break
      }
      if (group.length === 0) groupStart = { pos: raw.offset, line }
      group.push(record)
      if (!(record as { more?: boolean }).more) {
        for (const r of group) onRecord(r)
        count += group.length
        group = []
        good = raw.offset + raw.end - raw.start + 1
      }
    }
    if (!bad && group.length === 0 && good === size) return { records: count }
    const cut = group.length > 0 ? groupStart : (bad ?? { pos: good, line: line + 1 })
    ftruncateSync(fd, cut.pos)
    fsyncSync(fd)
    return { records: count, droppedTail: { line: cut.line, bytes: size - cut.pos } }
  } finally {
    closeSync(fd)
  }
}

function openChangelogFile(path: string): number {
  try {
    return openSync(path, 'r+')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EISDIR') throw err
    throw new InputError(`The changelog ${path} is a folder, not a file.`, {
      code: 'CHANGELOG_NOT_A_FILE',
      hint: 'Move that folder out of the data folder, or pass another --data folder.',
    })
  }
}

const CRC_MARK_BYTES = Buffer.from(CRC_MARK, 'latin1')

function decodeLine(buf: Buffer, start: number, end: number): LogRecord | undefined {
  // The line ends with `,"crc":<digits>}`: found by walking back over the digits (a search from the end costs more).
  if (buf[end - 1] !== 0x7d /* } */) return undefined
  let digits = end - 1
  while (digits > start && buf[digits - 1] >= 0x30 && buf[digits - 1] <= 0x39) digits--
  const mark = digits - CRC_MARK_BYTES.length
  if (digits === end - 1 || mark < start || buf.compare(CRC_MARK_BYTES, 0, CRC_MARK_BYTES.length, mark, digits) !== 0) return undefined
  const expected = Number(buf.toString('latin1', digits, end - 1))
  if (crc32(buf.subarray(start, mark)) !== expected) return undefined
  try {
    return JSON.parse(buf.toString('utf8', start, end)) as LogRecord
  } catch {
    return undefined
  }
}

interface Waiter {
  resolve: () => void
  reject: (err: Error) => void
}

/** One write(2) call: writes up to `length` bytes of `buffer` from `offset`, returns how many it wrote. */
export type WriteCall = (handle: FileHandle, buffer: Buffer, offset: number, length: number) => Promise<number>

/** The file operations a changelog makes; tests replace them to inject faults no real disk makes on cue. */
export interface ChangelogIo {
  /** Replaces fdatasync. */
  sync?: (handle: FileHandle) => Promise<void>
  /** Replaces one write call (a short count is a partial write, as on a nearly full disk). */
  write?: WriteCall
  /** Replaces ftruncate followed by fsync: how a failed write is cut off the file again. */
  truncate?: (handle: FileHandle, size: number) => Promise<void>
}

const writeCall: WriteCall = async (handle, buffer, offset, length) => (await handle.write(buffer, offset, length)).bytesWritten

async function truncateDurably(handle: FileHandle, size: number): Promise<void> {
  await handle.truncate(size)
  await handle.sync()
}

/** Writes all of `buffer`, looping on short writes; a call that writes nothing fails as a full disk does. */
async function writeFully(write: WriteCall, handle: FileHandle, buffer: Buffer): Promise<void> {
  let offset = 0
  while (offset < buffer.length) {
    const written = await write(handle, buffer, offset, buffer.length - offset)
    if (!(written > 0)) {
      throw Object.assign(new Error(`ENOSPC: no space left on device, write (${offset} of ${buffer.length} bytes written)`), { code: 'ENOSPC' })
    }
    offset += written
  }
}

/** A batch that failed to be written and was cut off the file again: the log is as before it. */
class BatchUndone extends Error {
  constructor(readonly reason: Error) {
    super(reason.message)
  }
}

/** A compaction that failed before its new file replaced the old one, which stays. */
class CompactionAbandoned extends Error {
  constructor(readonly reason: Error) {
    super(reason.message)
  }
}

function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err))
}

/** An open changelog accepting appends; see the module comment for its guarantees. */
export class Changelog {
  private pending: string[] = []
  private waiters: Waiter[] = []
  private compaction: { snapshot: () => LogRecord[]; waiter: Waiter } | null = null
  private running: Promise<void> = Promise.resolve()
  private active = false
  private failure: { error: Error; recoverable: boolean } | null = null

  private constructor(
    private readonly dir: string,
    private handle: FileHandle,
    /** Bytes of the file that hold whole, durable batches: where a failed write is cut back to. */
    private size: number,
    private readonly io: Required<ChangelogIo>,
  ) {}

  /** Opens (creating if needed) the changelog of `dir` for appending; `io` replaces its file operations (tests inject faults). */
  static async open(dir: string, io: ChangelogIo = {}): Promise<Changelog> {
    // A compaction's file left by a crash holds nothing the log lacks, and takes space a full disk needs.
    await rm(join(dir, `${FILE_NAME}.tmp`), { force: true })
    const handle = await open(join(dir, FILE_NAME), 'a')
    try {
      const { size } = await handle.stat()
      fsyncDir(dir)
      return new Changelog(dir, handle, size, {
        sync: io.sync ?? ((h) => h.datasync()),
        write: io.write ?? writeCall,
        truncate: io.truncate ?? truncateDurably,
      })
    } catch (err) {
      await handle.close()
      throw err
    }
  }

  /** The error that stopped the log after a failed write or fsync: no write is accepted until `resume()` or a restart. */
  get failed(): Error | null {
    return this.failure?.error ?? null
  }

  /**
   * Accepts appends again after a failed write that was cut off the file (the log is then exactly
   * as before it); call it once every write the failure rejected has been undone in memory. After
   * any other failure (an fsync, or a cut that failed too) the log stays stopped until a restart:
   * its replay drops a partial record and keeps the whole operations the failed batch left (answered
   * 50001, like a timeout, and their ids given to no one else). Returns whether the log accepts appends.
   */
  resume(): boolean {
    if (this.failure?.recoverable) this.failure = null
    return this.failure === null
  }

  /** Appends records; resolves once they are on disk (fsync). */
  append(records: readonly LogRecord[]): Promise<void> {
    if (this.failure) return Promise.reject(this.failure.error)
    records.forEach((r, i) => this.pending.push(encodeRecord(r, i < records.length - 1)))
    return new Promise<void>((resolve, reject) => {
      this.waiters.push({ resolve, reject })
      this.kick()
    })
  }

  /**
   * Rewrites the log as `snapshot()` (called when every earlier append has been written, so
   * the snapshot includes them); resolves once the new file is durable.
   */
  compact(snapshot: () => LogRecord[]): Promise<void> {
    if (this.failure) return Promise.reject(this.failure.error)
    return new Promise<void>((resolve, reject) => {
      this.compaction = { snapshot, waiter: { resolve, reject } }
      this.kick()
    })
  }

  /** Waits for pending writes, then closes the file. */
  async close(): Promise<void> {
    while (this.active) await this.running
    await this.handle.close()
  }

  private kick(): void {
    if (!this.active) {
      this.active = true
      this.running = this.loop()
    }
  }

  private async loop(): Promise<void> {
    // The waiters of the batch being written: rejected, like every later one, if it fails.
    let inFlight: Waiter[] = []
    try {
      while (this.pending.length > 0 || this.compaction) {
        if (this.pending.length > 0) {
          const batch = Buffer.from(this.pending.join(''))
          inFlight = this.waiters
          this.pending = []
          this.waiters = []
          await this.appendBatch(batch)
          for (const w of inFlight.splice(0)) w.resolve()
        } else if (this.compaction) {
          const { snapshot, waiter } = this.compaction
          this.compaction = null
          // Nothing is pending here (checked just above), so the snapshot holds every append made so far.
          const records = snapshot()
          inFlight = [waiter]
          try {
            await this.rewrite(records)
          } catch (err) {
            if (!(err instanceof CompactionAbandoned)) throw err
            // The old log stays, whole: appends made meanwhile go to it.
            inFlight = []
            waiter.reject(err.reason)
            continue
          }
          for (const w of inFlight.splice(0)) w.resolve()
        }
      }
    } catch (err) {
      const recoverable = err instanceof BatchUndone
      const error = recoverable ? err.reason : asError(err)
      this.failure = { error, recoverable }
      const waiters = [...inFlight, ...this.waiters]
      this.waiters = []
      this.pending = []
      for (const w of waiters) w.reject(error)
      this.compaction?.waiter.reject(error)
      this.compaction = null
    } finally {
      // Cleared in the same tick as the loop's last check, so an append made right after still starts a loop.
      this.active = false
    }
  }

  /** Appends one batch and makes it durable; a failed write is cut off again (BatchUndone) so the file holds only whole batches. */
  private async appendBatch(batch: Buffer): Promise<void> {
    try {
      await writeFully(this.io.write, this.handle, batch)
    } catch (err) {
      try {
        await this.io.truncate(this.handle, this.size)
      } catch {
        // The cut failed too: the log stops until a restart, whose replay drops the partial batch.
        throw err
      }
      throw new BatchUndone(asError(err))
    }
    await this.io.sync(this.handle)
    this.size += batch.length
  }

  /** Writes `records` to a new file and puts it in place of the log; CompactionAbandoned if it fails before the old log is replaced. */
  private async rewrite(records: readonly LogRecord[]): Promise<void> {
    const path = join(this.dir, FILE_NAME)
    const tmp = `${path}.tmp`
    let size = 0
    try {
      const out = await open(tmp, 'w')
      try {
        const chunk: string[] = []
        const flush = async () => {
          const buffer = Buffer.from(chunk.splice(0).join(''))
          await writeFully(this.io.write, out, buffer)
          size += buffer.length
        }
        for (const r of records) {
          chunk.push(encodeRecord(r))
          if (chunk.length >= 4096) await flush()
        }
        if (chunk.length) await flush()
        await this.io.sync(out)
      } finally {
        await out.close()
      }
      await rename(tmp, path)
    } catch (err) {
      await rm(tmp, { force: true }).catch(() => undefined)
      throw new CompactionAbandoned(asError(err))
    }
    fsyncDir(this.dir)
    await this.handle.close()
    this.handle = await open(path, 'a')
    this.size = size
  }
}
