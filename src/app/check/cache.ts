import { createHash, hash as digestOf, type Hash } from 'node:crypto'
import { lstatSync, statSync } from 'node:fs'
import { join, resolve, sep } from 'node:path'
import type { CompatibilityPolicy } from '../../engine/formats/index.js'
import type { CompatibilityLevel } from '../../engine/index.js'
import { PackStore } from '../../workspace/pack-store.js'
import type { SubjectLayout } from '../../workspace/layout.js'
import type { ReadResult } from '../../workspace/read-file.js'
import type { LoadedSubject, Workspace } from '../../workspace/workspace.js'
import type { SubjectReport } from './report.js'
import type { ContractScopes } from '../registry/contracts.js'

/**
 * Bumped whenever what a verdict depends on, or how it is stored, changes without the package
 * version changing: packs of another format are never read (format 1 kept a file per entry).
 */
export const CHECK_CACHE_FORMAT = 2

/** Where and how `check` keeps verdicts between runs. */
export interface CheckCacheOptions {
  /** The user cache folder (workspace/cache-folder.ts); packs go in a `check-v<format>` folder below it. */
  folder: string
  /** The version of schemactl checking (part of every key). */
  version: string
  /** A file of the running build (the command's bundle): its size and time are part of every key, so a rebuild of the same version does not reuse verdicts. */
  codeFile?: string
  /** Told once when the cache cannot be written (a full disk, a read-only folder): shown under --debug. */
  log?: (message: string) => void
  /** Prune the least recently used packs beyond this many bytes (default 256 MiB). */
  maxBytes?: number
}

/** Everything besides the subject's own files that its verdict depends on. */
export interface SubjectContext {
  /** The workspace folder as the user wrote it (findings name files under it). */
  dir: string
  level: CompatibilityLevel
  policy?: CompatibilityPolicy
  group?: string
  scopes: ContractScopes
}

/** A subject's cache keys and the files read to make them (handed to `loadSubject` on a miss, so nothing is read twice). */
export interface SubjectInputs {
  /** By the files' bytes. */
  key: string
  /** By the rest: the subject, its layout, level and config (`CheckCache.head`). */
  head: string
  /** By the files' status, when it can stand for their bytes. */
  statKey?: string
  reads: Map<string, ReadResult>
}

/** What a subject's check tells the cache (carried from a worker thread in its outcome): the keys its report goes under, and whether it came from the cache. */
export interface CacheUse {
  keys: string[]
  reused: boolean
}

/** `lstatSync`'s options: made once, not once per file (22,000 a warm run of 2,000 subjects × 10). */
const NO_THROW = { throwIfNoEntry: false } as const

/** A file changed less than this long ago is read, not known by its status (coarse file system clocks; a change in the same tick). */
const SETTLED_MS = 3000

/** The workspace's pack: its folder, its name (by the running code and the folder) and the stamp every key starts with. */
function packOf(options: CheckCacheOptions, root: string): { folder: string; name: string; stamp: string } {
  const stamp = [CHECK_CACHE_FORMAT, options.version, process.version, codeStamp(options.codeFile)].join('\0')
  const name = createHash('sha256')
    .update(`${stamp}\0${resolve(root)}`)
    .digest('hex')
    .slice(0, 32)
  return { folder: join(options.folder, `check-v${CHECK_CACHE_FORMAT}`), name, stamp }
}

/**
 * A content-addressed cache of `check` verdicts for subjects checked on their own history, kept
 * as one pack per workspace folder (workspace/pack-store.ts: read once, written once). The key is
 * a SHA-256 of everything the verdict depends on: schemactl's version and this cache's format,
 * the running code and Node, the subject, its layout and problems, every version's schema type
 * and file bytes (or why a file cannot be read), its contract files, the level, policy,
 * compatibility group and contract config, and the folder as written. A verdict is stored only
 * when every version stands alone (workspace.ts: no type, `$ref` or import outside its file), so
 * nothing outside the key could have changed it; the engine itself is never involved. Worker
 * threads open the same pack to read it and hand what they found or checked back in their
 * outcomes (`record`); only the main thread saves.
 */
export class CheckCache {
  private readonly store: PackStore
  private readonly stamp: string
  private readonly log?: (message: string) => void
  private asked = 0
  private reused = 0
  private stored = 0
  private byStatus = 0
  private readonly now = Date.now()

  /** Opens the pack of the workspace at `root` (one read). */
  constructor(options: CheckCacheOptions, root: string) {
    const pack = packOf(options, root)
    this.stamp = pack.stamp
    this.store = new PackStore(pack.folder, pack.name, { log: options.log, maxBytes: options.maxBytes })
    this.log = options.log
  }

  /** Whether the workspace at `root` has a pack (one stat, nothing read): a run that will likely find most verdicts there. */
  static exists(options: CheckCacheOptions, root: string): boolean {
    const pack = packOf(options, root)
    return PackStore.exists(pack.folder, pack.name)
  }

  /** Whether the pack holds nothing: no subject can be known by status, so a first pass over them would be wasted. */
  get empty(): boolean {
    return this.store.empty
  }

  /**
   * The subject's verdict when its files' status (device, inode, size, modification and change
   * times, as `git status` does) is what it was when the verdict was stored: no file is read.
   */
  known(workspace: Workspace, layout: SubjectLayout, context: SubjectContext): SubjectReport | undefined {
    // A compact layout makes its version list when asked (workspace/compact-subject.ts): asked once.
    const versions = layout.versions
    const head = this.head(layout, versions, context)
    // No verdict of this subject with this layout, level and config (a new --level, an edited config): no file's status is worth asking.
    if (!this.store.has(head)) return undefined
    const statKey = this.statKey(workspace, layout, versions, head)
    const report = statKey === undefined ? undefined : this.report(statKey)
    if (report === undefined) return undefined
    this.byStatus++
    this.record(layout.subject, { keys: [statKey as string], reused: true }, report)
    return report
  }

  /**
   * The subject's verdict when the cache holds it, with the keys it goes under, and its inputs
   * either way. First by the files' status, which costs no read; else by their bytes, read once
   * (and handed to `loadSubject` on a miss).
   */
  lookup(workspace: Workspace, layout: SubjectLayout, context: SubjectContext): { report?: SubjectReport; use?: CacheUse; inputs: SubjectInputs } {
    const versions = layout.versions
    const head = this.head(layout, versions, context)
    const statKey = this.statKey(workspace, layout, versions, head)
    const byStatus = statKey === undefined ? undefined : this.report(statKey)
    if (byStatus !== undefined) return { report: byStatus, use: { keys: [statKey as string], reused: true }, inputs: { key: '', head, reads: new Map() } }
    const hash = createHash('sha256')
    const field = (value: string) => hash.update(`${value.length}:${value}`)
    field(head)
    const reads = new Map<string, ReadResult>()
    versions.forEach((version) => {
      field(workspace.typeOf(version.file, layout.subject))
      const read = workspace.read(version.file)
      reads.set(version.file, read)
      addRead(field, hash, read)
      if (version.contract !== undefined) addRead(field, hash, workspace.read(version.contract))
    })
    const inputs: SubjectInputs = { key: hash.digest('hex'), head, reads, ...(statKey !== undefined ? { statKey } : {}) }
    const report = this.report(inputs.key)
    // Found by content after the files were touched (a checkout, a copy): next time by status.
    return { report, ...(report !== undefined ? { use: { keys: keysOf(inputs), reused: true } } : {}), inputs }
  }

  /**
   * The keys `report` may be stored under, when the loaded subject is what the key describes:
   * every version stands alone and was parsed from the very text the key was made of (a file
   * rewritten between the two reads is not stored); else undefined.
   */
  keysFor(inputs: SubjectInputs, loaded: LoadedSubject): CacheUse | undefined {
    for (const version of loaded.versions) {
      const read = inputs.reads.get(version.file)
      if (version.standalone !== true || read === undefined) return undefined
      if (read.ok ? version.text !== read.text : version.text !== undefined) return undefined
    }
    return { keys: keysOf(inputs), reused: false }
  }

  /** Takes a subject's check into the pack: the verdict found (kept) or checked (stored under its keys). Counts it. */
  record(subject: string, use: CacheUse | undefined, report: SubjectReport | undefined): void {
    this.asked++
    if (use === undefined || report === undefined) return
    if (use.reused) this.reused++
    else this.stored++
    if (use.reused && use.keys.length === 1) this.store.used(subject, use.keys[0])
    else this.store.put(subject, use.keys, { report })
  }

  private report(key: string): SubjectReport | undefined {
    const entry = this.store.get(key) as { report?: SubjectReport } | undefined
    return entry?.report
  }

  /** The key of everything but the files' bytes or status (`h` and a SHA-256): every record of the subject in this setting goes under it too. */
  private head(layout: SubjectLayout, versions: SubjectLayout['versions'], context: SubjectContext): string {
    // One call over the fields joined (the digest of their concatenation): a Hash object apiece cost twice as much, 2,000 a warm run.
    const text = [
      this.stamp,
      JSON.stringify([context.dir, layout.subject, context.level, context.policy ?? null, context.group ?? null, context.scopes]),
      JSON.stringify([layout.layout, layout.entry, versions, layout.problems]),
    ]
      .map((part) => `${part.length}:${part}`)
      .join('')
    return `h${digestOf('sha256', text, 'hex')}`
  }

  /**
   * A key made of the files' status instead of their bytes, or undefined when status cannot
   * stand for the bytes: a file that is not a plain file in a plain folder of the workspace (a
   * link is read by where it leads), or one changed in the last seconds (a second change within
   * the file system's time resolution would leave its status as it is).
   */
  private statKey(workspace: Workspace, layout: SubjectLayout, versions: SubjectLayout['versions'], head: string): string | undefined {
    const settled = this.now - SETTLED_MS
    const base = workspace.root.endsWith(sep) ? workspace.root : workspace.root + sep
    // Five numbers a file, hashed as they are (formatting 100,000 doubles as text cost more than the lstat calls).
    const status = new Float64Array(5 + 11 * versions.length)
    let at = 0
    const add = (path: string, kind: 'file' | 'folder'): boolean => {
      let info
      try {
        info = lstatSync(base + path, NO_THROW)
      } catch {
        return false
      }
      if (info === undefined) return false
      if (kind === 'file' ? !info.isFile() : !info.isDirectory()) return false
      if (info.ctimeMs > settled || info.mtimeMs > settled) return false
      // Times in milliseconds as doubles keep a quarter of a microsecond: finer than any change that leaves the rest alone.
      status[at++] = info.dev
      status[at++] = info.ino
      status[at++] = info.size
      status[at++] = info.mtimeMs
      status[at++] = info.ctimeMs
      return true
    }
    const types: string[] = []
    if (layout.layout === 'folder' && !add(layout.entry, 'folder')) return undefined
    for (const version of versions) {
      types.push(workspace.typeOf(version.file, layout.subject))
      if (!add(version.file, 'file')) return undefined
      // A contract file's status stands in the same list, after a marker no file status can be (a negative size).
      if (version.contract !== undefined) {
        status[at++] = -1
        if (!add(version.contract, 'file')) return undefined
      }
    }
    // The fields' text, then the numbers' bytes, digested in one call (the same bytes as fed part by part).
    const text = [head, 'status', types.join(',')].map((part) => `${part.length}:${part}`).join('')
    const bytes = Buffer.allocUnsafe(Buffer.byteLength(text) + at * Float64Array.BYTES_PER_ELEMENT)
    const end = bytes.write(text)
    bytes.set(new Uint8Array(status.buffer, 0, at * Float64Array.BYTES_PER_ELEMENT), end)
    return digestOf('sha256', bytes, 'hex')
  }

  /** Ends a run (main thread): says how many verdicts were reused and stored, and saves the pack when it changed, without the subjects no longer in `workspace`. */
  finish(workspace: Workspace): void {
    const subjects = new Set(workspace.layout.subjects.map((s) => s.subject))
    this.log?.(
      `cache ${this.store.folder}: ${this.reused} of ${this.asked} subjects' verdicts reused, ${this.stored} stored (${this.byStatus} known by their files' status alone)`,
    )
    this.store.save((owner) => subjects.has(owner))
  }
}

/** The keys a subject's record goes under: its bytes', its files' status' when known, and its head's. */
function keysOf(inputs: SubjectInputs): string[] {
  return inputs.statKey !== undefined ? [inputs.key, inputs.statKey, inputs.head] : [inputs.key, inputs.head]
}

function addRead(field: (value: string) => void, hash: Hash, read: ReadResult): void {
  if (!read.ok) {
    field(`problem ${JSON.stringify(read.problem)}`)
    return
  }
  field(`text ${read.text.length}`)
  hash.update(read.text)
}

function codeStamp(file: string | undefined): string {
  if (file === undefined) return 'none'
  try {
    const info = statSync(file)
    return `${info.size}:${info.mtimeMs}`
  } catch {
    return 'unknown'
  }
}

export { checkCacheFolder } from '../../workspace/cache-folder.js'
