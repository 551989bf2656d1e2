import { hash, randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/** Options of a `PackStore`. */
export interface PackStoreOptions {
  /** Prune the least recently used packs of the folder when they hold more than this many bytes (default 256 MiB). */
  maxBytes?: number
  /** Told (once) why the store stopped writing, e.g. a full disk or a read-only folder. */
  log?: (message: string) => void
  /** The clock, for deciding when to prune (milliseconds since the epoch). */
  now?: () => number
}

const HEADER = 'schemactl-pack 1'
const EXT = '.pack'
/** Packs are pruned at most this often (the walk stats every pack), and a pack only read is marked used at most this often. */
const PRUNE_INTERVAL_MS = 60 * 60 * 1000
const STAMP = '.pruned'
/** Records kept per owner: the one this run used and the one before it (two configurations run in turn both stay warm). */
const PER_OWNER = 2

/** A record of the pack as read: its line and, once asked for, whether it is whole. */
interface Line {
  owner: string
  keys: string[]
  text: string
  valid?: boolean
}

/**
 * One file of JSON records, each stored under one or more keys (content hashes) for an owner (a
 * subject), read once when opened and written once by `save` when something changed, to a
 * temporary file renamed into place: a reader sees a whole pack or the one before it. Many
 * processes (and worker threads) may use one pack at once; the last to save wins, which only
 * loses the others' new records (a later miss, never a wrong value). Each line carries a SHA-256
 * of its keys, owner and value, so a truncated, corrupted or edited line is a miss (and is
 * dropped when the pack is rewritten), never trusted. A folder that cannot be written (full disk,
 * read-only, no permission) turns saving into a no-op after one message to `log`. Synchronous:
 * one read and one write per run.
 */
export class PackStore {
  private readonly lines = new Map<string, Line>()
  private readonly byOwner = new Map<string, Line[]>()
  /** Records this run stored or confirmed, by owner: what `save` writes first. */
  private readonly current = new Map<string, Line>()
  private changed = false
  private written = 0
  private readonly path: string

  /** Opens the pack `name` of `folder` (none yet, unreadable or of another format: an empty pack). */
  constructor(
    readonly folder: string,
    name: string,
    private readonly options: PackStoreOptions = {},
  ) {
    this.path = join(folder, `${name}${EXT}`)
    let text: string
    try {
      text = readFileSync(this.path, 'utf8')
    } catch {
      return
    }
    const rows = text.split('\n')
    if (rows[0] !== HEADER) return
    for (let i = 1; i < rows.length; i++) {
      const line = parseLine(rows[i])
      if (line === undefined) continue
      // The first line under a key is its owner's newest record (save writes those first).
      for (const key of line.keys) if (!this.lines.has(key)) this.lines.set(key, line)
      const owned = this.byOwner.get(line.owner)
      if (owned === undefined) this.byOwner.set(line.owner, [line])
      else owned.push(line)
    }
  }

  /** Whether the pack `name` of `folder` exists (one stat; whether its records are whole is for `get` to say). */
  static exists(folder: string, name: string): boolean {
    return existsSync(join(folder, `${name}${EXT}`))
  }

  /** Whether the pack holds no record at all (every `get` would miss). */
  get empty(): boolean {
    return this.lines.size === 0
  }

  /** Whether some record, whole or not, is stored under `key` (a hint: `get` says whether it can be used). */
  has(key: string): boolean {
    return this.lines.has(key)
  }

  /** The value stored under `key`, or undefined when there is none or its line is not whole. */
  get(key: string): unknown {
    const line = this.lines.get(key)
    if (line === undefined || !isWhole(line)) return undefined
    try {
      return JSON.parse(line.text.slice(line.text.lastIndexOf('\t') + 1))
    } catch {
      line.valid = false
      return undefined
    }
  }

  /**
   * Records `value` for `owner` under `keys` as this run's record of that owner (replacing one
   * stored earlier in the run); the pack is rewritten by `save` unless the record is already there.
   */
  put(owner: string, keys: readonly string[], value: unknown): void {
    const unique = [...new Set(keys)]
    const known = this.lines.get(unique[0])
    const body = JSON.stringify(value)
    if (
      known !== undefined &&
      known.owner === owner &&
      isWhole(known) &&
      unique.every((k) => this.lines.get(k) === known) &&
      known.text.endsWith(`\t${body}`)
    ) {
      this.current.set(owner, known)
      return
    }
    const line = makeLine(owner, unique, body)
    for (const key of unique) this.lines.set(key, line)
    this.current.set(owner, line)
    this.changed = true
  }

  /** Marks the record found under `key` as used by this run (kept first for its owner when the pack is rewritten). */
  used(owner: string, key: string): void {
    const line = this.lines.get(key)
    if (line !== undefined && line.owner === owner) this.current.set(owner, line)
  }

  /**
   * Writes the pack when this run changed it: per owner the record this run used or stored and
   * the one before it, and the records of every other owner that `keep` accepts as they were
   * (owners not checked this run, e.g. with a subject filter, stay warm; those gone are dropped);
   * lines that are not whole are dropped. Then prunes the folder's least recently used packs past
   * the limit (at most hourly). Never throws.
   */
  save(keep: (owner: string) => boolean = () => true): void {
    if (!this.changed) {
      this.markUsed()
      return
    }
    const owners = new Set([...[...this.byOwner.keys()].filter(keep), ...this.current.keys()])
    const out: string[] = [HEADER]
    for (const owner of [...owners].sort()) {
      const first = this.current.get(owner)
      const kept = first === undefined ? [] : [first]
      for (const line of this.byOwner.get(owner) ?? []) {
        if (kept.length >= PER_OWNER) break
        if (line !== first && line.keys.some((k) => !first?.keys.includes(k)) && isWhole(line)) kept.push(line)
      }
      for (const line of kept) out.push(line.text)
    }
    out.push('')
    if (!this.write(out.join('\n'))) return
    this.prune()
  }

  private write(text: string): boolean {
    const temp = `${this.path}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`
    try {
      mkdirSync(this.folder, { recursive: true })
      writeFileSync(temp, text, { flag: 'wx' })
      renameSync(temp, this.path)
      this.written = Buffer.byteLength(text)
      return true
    } catch (err) {
      removeQuietly(temp)
      this.options.log?.(`cache ${this.folder} cannot be written (${(err as NodeJS.ErrnoException).code ?? String(err)}): continuing without storing results`)
      return false
    }
  }

  /** A pack read but not rewritten is still in use: its time moves (hourly at most), so pruning, which goes by time, keeps it. */
  private markUsed(): void {
    if (this.lines.size === 0) return
    const now = this.options.now?.() ?? Date.now()
    try {
      if (now - statSync(this.path).mtimeMs > PRUNE_INTERVAL_MS) utimesSync(this.path, now / 1000, now / 1000)
    } catch {
      // Pruned or replaced meanwhile: nothing to keep.
    }
  }

  /**
   * Removes the least recently used packs (never this one) while the folder holds more than its
   * limit, down to three quarters of it, and temporary files left by killed processes. Walks the
   * folder when the last walk is an hour old (or this pack alone could pass the limit).
   */
  private prune(): void {
    const maxBytes = this.options.maxBytes ?? 256 * 1024 * 1024
    const now = this.options.now?.() ?? Date.now()
    const stamp = join(this.folder, STAMP)
    let last = 0
    try {
      last = statSync(stamp).mtimeMs
    } catch {
      // Never pruned.
    }
    if (now - last < PRUNE_INTERVAL_MS && this.written < maxBytes / 4) return
    try {
      writeFileSync(stamp, '')
      utimesSync(stamp, now / 1000, now / 1000)
      const packs: Array<{ path: string; size: number; mtime: number }> = []
      let total = 0
      for (const name of readdirSync(this.folder)) {
        const path = join(this.folder, name)
        const info = statSync(path, { throwIfNoEntry: false })
        if (info === undefined || !info.isFile()) continue
        if (name.endsWith('.tmp')) {
          if (now - info.mtimeMs > PRUNE_INTERVAL_MS) removeQuietly(path)
          continue
        }
        if (!name.endsWith(EXT)) continue
        total += info.size
        if (path !== this.path) packs.push({ path, size: info.size, mtime: info.mtimeMs })
      }
      if (total <= maxBytes) return
      packs.sort((a, b) => a.mtime - b.mtime)
      for (const pack of packs) {
        if (total <= (maxBytes * 3) / 4) break
        removeQuietly(pack.path)
        total -= pack.size
      }
    } catch (err) {
      this.options.log?.(`cache ${this.folder} could not be pruned (${(err as NodeJS.ErrnoException).code ?? String(err)})`)
    }
  }
}

// A line: `<sha256 of the rest>\t<keys, comma-separated>\t<owner as JSON>\t<value as JSON>` (JSON holds no raw tab or newline).
function makeLine(owner: string, keys: readonly string[], body: string): Line {
  const rest = `${keys.join(',')}\t${JSON.stringify(owner)}\t${body}`
  return { owner, keys: [...keys], text: `${sha256(rest)}\t${rest}`, valid: true }
}

function parseLine(text: string): Line | undefined {
  const a = text.indexOf('\t')
  const b = text.indexOf('\t', a + 1)
  const c = text.indexOf('\t', b + 1)
  if (a !== 64 || b < 0 || c < 0) return undefined
  let owner: unknown
  try {
    owner = JSON.parse(text.slice(b + 1, c))
  } catch {
    return undefined
  }
  if (typeof owner !== 'string') return undefined
  return { owner, keys: text.slice(a + 1, b).split(','), text }
}

/** Whether a line is as it was written: hashed once, when first used. */
function isWhole(line: Line): boolean {
  line.valid ??= sha256(line.text.slice(65)) === line.text.slice(0, 64)
  return line.valid
}

function sha256(text: string): string {
  // One-shot: a Hash object per line cost twice as much (a warm run checks every line it uses).
  return hash('sha256', text, 'hex')
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path)
  } catch {
    // Never created, or another process pruned it first.
  }
}
