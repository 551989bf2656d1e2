/**
 * The durable changelog: one JSON record per line, `{"key":…,"value":…,"crc":N}`, where `crc`
 * is the CRC-32 of the line's bytes before `,"crc":`; the records of one operation but its last
 * carry `"more":true`, so that replay applies an operation whole or not at all. Appends are acknowledged after fsync;
 * concurrent appends share one write and one fsync (group commit). Compaction rewrites the
 * file atomically (write a new file, fsync, rename, fsync the folder).
 */
import { closeSync, fsyncSync, openSync, readFileSync, existsSync, ftruncateSync } from 'node:fs'
import { open, rename, type FileHandle } from 'node:fs/promises'
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

/**
 * Reads the changelog of `dir`, calling `onRecord` for each valid record in order. A torn or
 * corrupt tail (the last record, or trailing records that fail their checksum, or an
 * operation whose last record is missing) is cut off the file so that later appends follow
 * the last complete operation.
 */
export function replayChangelog(dir: string, onRecord: (record: LogRecord) => void): ReplayResult {
  const path = join(dir, FILE_NAME)
  if (!existsSync(path)) return { records: 0 }
  const buf = readFileSync(path)
  let pos = 0
  let count = 0
  let line = 0
  // Records of an operation not yet complete, and where it started.
  let group: LogRecord[] = []
  let groupStart = { pos: 0, line: 1 }
  while (pos < buf.length) {
    line++
    const nl = buf.indexOf(10, pos)
    const end = nl === -1 ? buf.length : nl
    const record = nl === -1 ? undefined : decodeLine(buf, pos, end)
    if (!record) {
      // Records after a bad one were never acknowledged if the bad one is a torn write; anything
      // valid after it means the file was damaged in the middle, which we must not paper over.
      if (hasValidLineAfter(buf, end + 1)) {
        throw new InputError(`The changelog ${path} is damaged at line ${line}, and valid records follow it.`, {
          code: 'CHANGELOG_CORRUPT',
          hint: 'Restore the data folder from a backup; schemactl drops only a torn last record by itself.',
        })
      }
      break
    }
    if (group.length === 0) groupStart = { pos, line }
    group.push(record)
    pos = end + 1
    if (!(record as { more?: boolean }).more) {
      for (const r of group) onRecord(r)
      count += group.length
      group = []
    }
  }
  if (pos >= buf.length && group.length === 0) return { records: count }
  const cut = group.length > 0 ? groupStart : { pos, line }
  const fd = openSync(path, 'r+')
  try {
    ftruncateSync(fd, cut.pos)
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
  return { records: count, droppedTail: { line: cut.line, bytes: buf.length - cut.pos } }
}

function decodeLine(buf: Buffer, start: number, end: number): LogRecord | undefined {
  const mark = buf.lastIndexOf(CRC_MARK, end)
  if (mark < start || buf[end - 1] !== 0x7d /* } */) return undefined
  const expected = Number(buf.toString('latin1', mark + CRC_MARK.length, end - 1))
  if (crc32(buf.subarray(start, mark)) !== expected) return undefined
  try {
    return JSON.parse(buf.toString('utf8', start, end)) as LogRecord
  } catch {
    return undefined
  }
}

function hasValidLineAfter(buf: Buffer, from: number): boolean {
  let pos = from
  while (pos < buf.length) {
    const nl = buf.indexOf(10, pos)
    if (nl === -1) return false
    if (decodeLine(buf, pos, nl)) return true
    pos = nl + 1
  }
  return false
}

interface Waiter {
  resolve: () => void
  reject: (err: Error) => void
}

/** An open changelog accepting appends; see the module comment for its guarantees. */
export class Changelog {
  private pending: string[] = []
  private waiters: Waiter[] = []
  private compaction: { snapshot: () => LogRecord[]; waiter: Waiter } | null = null
  private running: Promise<void> = Promise.resolve()
  private active = false
  private failure: Error | null = null

  private constructor(
    private readonly dir: string,
    private handle: FileHandle,
    private readonly sync: (handle: FileHandle) => Promise<void>,
  ) {}

  /** Opens (creating if needed) the changelog of `dir` for appending; `sync` replaces fdatasync (tests inject failures). */
  static async open(dir: string, options: { sync?: (handle: FileHandle) => Promise<void> } = {}): Promise<Changelog> {
    const handle = await open(join(dir, FILE_NAME), 'a')
    fsyncDir(dir)
    return new Changelog(dir, handle, options.sync ?? ((h) => h.datasync()))
  }

  /** The error that stopped the log, if an fsync or write failed: no later write is accepted. */
  get failed(): Error | null {
    return this.failure
  }

  /** Appends records; resolves once they are on disk (fsync). */
  append(records: readonly LogRecord[]): Promise<void> {
    if (this.failure) return Promise.reject(this.failure)
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
    if (this.failure) return Promise.reject(this.failure)
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
          const lines = this.pending.join('')
          inFlight = this.waiters
          this.pending = []
          this.waiters = []
          await this.handle.write(lines)
          await this.sync(this.handle)
          for (const w of inFlight.splice(0)) w.resolve()
        } else if (this.compaction) {
          const { snapshot, waiter } = this.compaction
          this.compaction = null
          // Appends made while the snapshot is taken are part of it; they complete with the new file.
          const records = snapshot()
          inFlight = [waiter, ...this.waiters]
          this.pending = []
          this.waiters = []
          await this.rewrite(records)
          for (const w of inFlight.splice(0)) w.resolve()
        }
      }
    } catch (err) {
      this.failure = err instanceof Error ? err : new Error(String(err))
      const waiters = [...inFlight, ...this.waiters]
      this.waiters = []
      this.pending = []
      for (const w of waiters) w.reject(this.failure)
      this.compaction?.waiter.reject(this.failure)
      this.compaction = null
    } finally {
      // Cleared in the same tick as the loop's last check, so an append made right after still starts a loop.
      this.active = false
    }
  }

  private async rewrite(records: readonly LogRecord[]): Promise<void> {
    const tmp = join(this.dir, `${FILE_NAME}.tmp`)
    const out = await open(tmp, 'w')
    try {
      const chunk: string[] = []
      for (const r of records) {
        chunk.push(encodeRecord(r))
        if (chunk.length >= 4096) await out.write(chunk.splice(0).join(''))
      }
      if (chunk.length) await out.write(chunk.join(''))
      await out.sync()
    } finally {
      await out.close()
    }
    await rename(tmp, join(this.dir, FILE_NAME))
    fsyncDir(this.dir)
    await this.handle.close()
    this.handle = await open(join(this.dir, FILE_NAME), 'a')
  }
}
