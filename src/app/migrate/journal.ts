/**
 * The migration journal: one JSON line per event, appended as it happens, so a run stopped by a
 * crash or Ctrl-C can be continued. It records the target's modes and levels before the run changes
 * them (IMPORT, or READWRITE and level NONE without id preservation), so the right ones come back
 * even after a crash left the changes on, each completed version (with its new id and version, the
 * mapping without id preservation), and the end of a successful run.
 */
import { createHash } from 'node:crypto'
import { closeSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { InputError } from '../../errors.js'
import type { IdMapping } from './types.js'

type Line =
  | { type: 'modes'; previous: Record<string, string | null> }
  | { type: 'levels'; previous: Record<string, string | null> }
  | { type: 'restored' }
  | { type: 'version'; subject: string; version: number; oldId?: number; newId: number; newVersion: number }
  | { type: 'done' }

/**
 * The default journal file, named after a hash of the source, target and scope, so the same
 * migration finds it again from any folder: in `$XDG_STATE_HOME/schemactl`, else
 * `~/.local/state/schemactl`; in `cwd` when the environment names neither.
 */
export function defaultJournalPath(cwd: string, env: Record<string, string | undefined>, key: { from: string; to: string; scope: unknown }): string {
  const hash = createHash('sha256')
    .update(JSON.stringify([key.from, key.to, key.scope ?? {}]))
    .digest('hex')
    .slice(0, 12)
  const name = `.schemactl-migrate-${hash}.jsonl`
  const state = env.XDG_STATE_HOME || (env.HOME ? join(env.HOME, '.local', 'state') : undefined)
  if (state === undefined) return join(cwd, name)
  const dir = join(state, 'schemactl')
  mkdirSync(dir, { recursive: true })
  return join(dir, name.slice(1))
}

/** An open journal: what earlier runs recorded, and appends for this one. */
export class Journal {
  /** Modes to restore (scope → mode, `''` the global scope, null "none of its own") if an earlier run left its changes on. */
  pendingModes: Record<string, string | null> | undefined
  /** Subject levels to restore (subject → level, null "none of its own") if an earlier run left its changes on. */
  pendingLevels: Record<string, string | null> | undefined
  /** Versions earlier runs completed, by `subject\0version`. */
  readonly completed = new Map<string, IdMapping>()
  /** Whether the last run recorded a successful end. */
  finished = false
  private fd: number | undefined
  // Version lines not yet written: written together once per turn of the event loop (see `append`).
  private unwritten: string[] = []
  private flushScheduled = false

  private constructor(readonly file: string) {}

  /** Reads `file` if it exists (a torn last line from a crash is ignored) and opens it for appending. */
  static open(file: string): Journal {
    const journal = new Journal(file)
    let text = ''
    try {
      text = readFileSync(file, 'utf8')
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw unreadable(file, err)
    }
    for (const raw of text.split('\n')) {
      let line: Line
      try {
        line = JSON.parse(raw) as Line
      } catch {
        continue
      }
      journal.apply(line)
    }
    try {
      journal.fd = openSync(file, 'a')
    } catch (err) {
      throw unreadable(file, err)
    }
    return journal
  }

  /** Records the modes the target had before the run changed them (every scope changed so far). */
  recordModes(previous: Record<string, string | null>): void {
    this.append({ type: 'modes', previous })
  }

  /** Records the subject levels the target had before the run changed them (every subject changed so far). */
  recordLevels(previous: Record<string, string | null>): void {
    this.append({ type: 'levels', previous })
  }

  /** Whether an earlier run left changed modes or levels to restore. */
  get pendingRestore(): boolean {
    return this.pendingModes !== undefined || this.pendingLevels !== undefined
  }

  /** Records that the previous modes and levels are back. */
  recordRestored(): void {
    this.append({ type: 'restored' })
  }

  /** Records one completed version. */
  recordVersion(m: IdMapping): void {
    this.append({ type: 'version', ...m })
  }

  /** Records a successful end (everything copied and verified). */
  recordDone(): void {
    this.append({ type: 'done' })
  }

  /** Closes the file. */
  close(): void {
    this.flush()
    if (this.fd !== undefined) closeSync(this.fd)
    this.fd = undefined
  }

  /**
   * Modes and the end are written at once (synchronously: in the OS before the next request, so a
   * killed process loses nothing). Version lines are gathered and written once per turn of the event
   * loop: one is only lost if the process dies within that turn, and then a re-run finds the version
   * on the target and skips it, which is all the line would have told.
   */
  private append(line: Line): void {
    // This run's versions are not kept in `completed` (what earlier runs did): a large copy holds none of them.
    if (line.type === 'version') this.finished = false
    else this.apply(line)
    if (this.fd === undefined) return
    this.unwritten.push(JSON.stringify(line) + '\n')
    if (line.type !== 'version') this.flush()
    else if (!this.flushScheduled) {
      this.flushScheduled = true
      setImmediate(() => this.flush())
    }
  }

  private flush(): void {
    this.flushScheduled = false
    if (this.fd === undefined || this.unwritten.length === 0) return
    writeSync(this.fd, this.unwritten.join(''))
    this.unwritten = []
  }

  private apply(line: Line): void {
    if (line.type === 'modes') this.pendingModes = line.previous
    else if (line.type === 'levels') this.pendingLevels = line.previous
    else if (line.type === 'restored') {
      this.pendingModes = undefined
      this.pendingLevels = undefined
    } else if (line.type === 'done') this.finished = true
    else if (line.type === 'version') {
      const { type: _type, ...m } = line
      this.completed.set(`${m.subject}\u0000${m.version}`, m)
      this.finished = false
    }
  }
}

function unreadable(file: string, err: unknown): InputError {
  return new InputError(`Cannot use the journal ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, {
    code: 'JOURNAL_UNUSABLE',
    hint: 'Pass --journal with a writable file.',
  })
}
