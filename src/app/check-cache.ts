import { createHash, type Hash } from 'node:crypto'
import { statSync } from 'node:fs'
import { join } from 'node:path'
import type { CompatibilityPolicy } from '../engine/formats/index.js'
import type { CompatibilityLevel } from '../engine/index.js'
import { EntryStore } from '../workspace/entry-store.js'
import type { SubjectLayout } from '../workspace/layout.js'
import type { ReadResult } from '../workspace/read-file.js'
import type { LoadedSubject, Workspace } from '../workspace/workspace.js'
import type { SubjectReport } from './check-report.js'
import type { ContractScopes } from './registry-contracts.js'

/**
 * Bumped whenever what a verdict depends on, or how an entry is written, changes without the
 * package version changing: entries of another format are never read.
 */
export const CHECK_CACHE_FORMAT = 1

/** Where and how `check` keeps verdicts between runs. */
export interface CheckCacheOptions {
  /** The user cache folder (workspace/cache-folder.ts); entries go in a `check-v<format>` folder below it. */
  folder: string
  /** The version of schemactl checking (part of every key). */
  version: string
  /** A file of the running build (the command's bundle): its size and time are part of every key, so a rebuild of the same version does not reuse verdicts. */
  codeFile?: string
  /** Told once when the cache cannot be written (a full disk, a read-only folder): shown under --debug. */
  log?: (message: string) => void
  /** Prune oldest entries beyond this many bytes (default 256 MiB). */
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

/** A subject's cache key and the files read to make it (handed to `loadSubject` on a miss, so nothing is read twice). */
export interface SubjectInputs {
  key: string
  reads: Map<string, ReadResult>
}

/**
 * A content-addressed cache of `check` verdicts for subjects checked on their own history. The
 * key is a SHA-256 of everything the verdict depends on: schemactl's version and this cache's
 * format, the running code and Node, the subject, its layout and problems, every version's schema
 * type and file bytes (or why a file cannot be read), its contract files, the level, policy,
 * compatibility group and contract config, and the folder as written. A verdict is stored only
 * when every version stands alone (workspace.ts: no type, `$ref` or import outside its file), so
 * nothing outside the key could have changed it; the engine itself is never involved.
 */
export class CheckCache {
  private readonly store: EntryStore
  private readonly stamp: string
  private readonly log?: (message: string) => void
  private asked = 0
  private reused = 0
  private stored = 0

  constructor(options: CheckCacheOptions) {
    this.store = new EntryStore(join(options.folder, `check-v${CHECK_CACHE_FORMAT}`), { log: options.log, maxBytes: options.maxBytes })
    this.log = options.log
    this.stamp = [CHECK_CACHE_FORMAT, options.version, process.version, codeStamp(options.codeFile)].join('\0')
  }

  /** Reads the subject's files and makes its key. */
  inputs(workspace: Workspace, layout: SubjectLayout, context: SubjectContext): SubjectInputs {
    const hash = createHash('sha256')
    const field = (value: string) => hash.update(`${value.length}:${value}`)
    field(this.stamp)
    field(JSON.stringify([context.dir, layout.subject, context.level, context.policy ?? null, context.group ?? null, context.scopes]))
    field(JSON.stringify([layout.layout, layout.entry, layout.versions, layout.problems]))
    const reads = new Map<string, ReadResult>()
    for (const version of layout.versions) {
      field(workspace.typeOf(version.file, layout.subject))
      const read = workspace.read(version.file)
      reads.set(version.file, read)
      addRead(field, hash, read)
      if (version.contract !== undefined) addRead(field, hash, workspace.read(version.contract))
    }
    return { key: hash.digest('hex'), reads }
  }

  /** The report stored for these inputs, or undefined. */
  get(inputs: SubjectInputs): SubjectReport | undefined {
    this.asked++
    const entry = this.store.get(inputs.key) as { report?: SubjectReport } | undefined
    if (entry?.report !== undefined) this.reused++
    return entry?.report
  }

  /**
   * Stores `report` for these inputs when the loaded subject is what the key describes: every
   * version stands alone and was parsed from the very text the key was made of (a file rewritten
   * between the two reads is not stored).
   */
  put(inputs: SubjectInputs, loaded: LoadedSubject, report: SubjectReport): void {
    for (const version of loaded.versions) {
      const read = inputs.reads.get(version.file)
      if (version.standalone !== true || read === undefined) return
      if (read.ok ? version.text !== read.text : version.text !== undefined) return
    }
    this.store.put(inputs.key, { report })
    this.stored++
  }

  /** Ends a run: says how many verdicts were reused and stored, and prunes the oldest entries when the cache has grown past its limit. */
  finish(): void {
    this.log?.(`cache ${this.store.folder}: ${this.reused} of ${this.asked} subjects' verdicts reused, ${this.stored} stored`)
    this.store.prune()
  }
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

export { userCacheFolder } from '../workspace/cache-folder.js'
