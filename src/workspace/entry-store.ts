import { createHash, randomBytes } from 'node:crypto'
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/** Options of an `EntryStore`. */
export interface EntryStoreOptions {
  /** Prune the oldest entries when the store holds more than this many bytes (default 256 MiB). */
  maxBytes?: number
  /** Told (once) why the store stopped writing, e.g. a full disk or a read-only folder. */
  log?: (message: string) => void
  /** The clock, for deciding when to prune (milliseconds since the epoch). */
  now?: () => number
}

const HEADER = 'schemactl-entry 1'
/** Entries are pruned at most this often (the walk stats every entry). */
const PRUNE_INTERVAL_MS = 60 * 60 * 1000
const STAMP = '.pruned'

/**
 * A folder of JSON entries named by their key (a content hash), safe for many processes (and
 * worker threads) at once: an entry is written to a temporary file and renamed into place, so a
 * reader sees a whole entry or none; each entry carries its key and a SHA-256 of its body, so a
 * truncated, corrupted or misplaced file is a miss (and is rewritten), never trusted. A folder
 * that cannot be written (full disk, read-only, no permission) turns the store into a no-op
 * after one message to `log`. Synchronous: entries are small and many, and thread-pool round
 * trips would cost more than the reads (see read-file.ts).
 */
export class EntryStore {
  private readonly maxBytes: number
  private readonly shards = new Set<string>()
  private writable = true
  private written = 0

  constructor(
    readonly folder: string,
    private readonly options: EntryStoreOptions = {},
  ) {
    this.maxBytes = options.maxBytes ?? 256 * 1024 * 1024
  }

  /** The entry stored under `key` (hex), or undefined when there is none or it is not whole. */
  get(key: string): unknown {
    let data: Buffer
    try {
      data = readFileSync(this.pathOf(key))
    } catch {
      return undefined
    }
    const newline = data.indexOf(10)
    if (newline < 0) return undefined
    const [magic, storedKey, sum] = data.toString('latin1', 0, newline).split('\t')
    if (magic !== HEADER || storedKey !== key) return undefined
    const body = data.subarray(newline + 1)
    if (createHash('sha256').update(body).digest('hex') !== sum) return undefined
    try {
      return JSON.parse(body.toString('utf8'))
    } catch {
      return undefined
    }
  }

  /** Stores `value` (JSON) under `key`, replacing any entry there; a failure only stops the store writing. */
  put(key: string, value: unknown): void {
    if (!this.writable) return
    const body = Buffer.from(JSON.stringify(value), 'utf8')
    const header = `${HEADER}\t${key}\t${createHash('sha256').update(body).digest('hex')}\n`
    const path = this.pathOf(key)
    const temp = `${path}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`
    try {
      const shard = key.slice(0, 2)
      if (!this.shards.has(shard)) {
        mkdirSync(join(this.folder, shard), { recursive: true })
        this.shards.add(shard)
      }
      writeFileSync(temp, Buffer.concat([Buffer.from(header, 'latin1'), body]), { flag: 'wx' })
      renameSync(temp, path)
      this.written += header.length + body.length
    } catch (err) {
      this.writable = false
      try {
        unlinkSync(temp)
      } catch {
        // Never created, or already gone.
      }
      this.options.log?.(`cache ${this.folder} cannot be written (${(err as NodeJS.ErrnoException).code ?? String(err)}): continuing without storing results`)
    }
  }

  /**
   * Removes the oldest entries (by the time they were written) while the store holds more than
   * its limit, down to three quarters of it, and temporary files left by killed processes. Walks
   * the folder only when this store wrote something and the last walk is an hour old (or the
   * writes alone could pass the limit). Never throws.
   */
  prune(): void {
    if (this.written === 0 || !this.writable) return
    const now = this.options.now?.() ?? Date.now()
    const stamp = join(this.folder, STAMP)
    let last = 0
    try {
      last = statSync(stamp).mtimeMs
    } catch {
      // Never pruned.
    }
    if (now - last < PRUNE_INTERVAL_MS && this.written < this.maxBytes / 4) return
    try {
      writeFileSync(stamp, '')
      utimesSync(stamp, now / 1000, now / 1000)
      const entries: Array<{ path: string; size: number; mtime: number }> = []
      let total = 0
      for (const shard of readdirSync(this.folder)) {
        if (!/^[0-9a-f]{2}$/.test(shard)) continue
        for (const name of readdirSync(join(this.folder, shard))) {
          const path = join(this.folder, shard, name)
          const info = statSync(path, { throwIfNoEntry: false })
          if (info === undefined) continue
          if (name.endsWith('.tmp')) {
            if (now - info.mtimeMs > PRUNE_INTERVAL_MS) removeQuietly(path)
            continue
          }
          entries.push({ path, size: info.size, mtime: info.mtimeMs })
          total += info.size
        }
      }
      if (total <= this.maxBytes) return
      entries.sort((a, b) => a.mtime - b.mtime)
      for (const entry of entries) {
        if (total <= (this.maxBytes * 3) / 4) break
        removeQuietly(entry.path)
        total -= entry.size
      }
    } catch (err) {
      this.options.log?.(`cache ${this.folder} could not be pruned (${(err as NodeJS.ErrnoException).code ?? String(err)})`)
    }
  }

  private pathOf(key: string): string {
    return join(this.folder, key.slice(0, 2), key)
  }
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path)
  } catch {
    // Another process pruned it first.
  }
}
