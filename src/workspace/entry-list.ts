import type { FileProblem } from './findings.js'

/** What a folder entry is, following symbolic links: a problem when a link is dangling or loops. */
export type EntryKind = 'file' | 'folder' | 'other' | Omit<FileProblem, 'file'>

/** One entry of a folder listing. */
export interface FolderEntry {
  name: string
  kind: EntryKind
}

/** The kinds an `EntryList` keeps as one byte; any other (a problem) is kept aside by position. */
const KINDS = ['file', 'folder', 'other'] as const
const PROBLEM = 255

/**
 * A folder's entries without an object for each: their names, and their kinds by position (one
 * byte each). The listing of a workspace of 100,000 files as `FolderEntry` objects (and the
 * `Dirent`s before them) is tens of MB live at once, and V8 sizes the heap after what was live
 * at its last full collection, so a peak at the start costs memory for the whole run.
 */
export class EntryList {
  /** The names, in the order they were added. */
  readonly names: string[] = []
  private kinds = new Uint8Array(64)
  private problems?: Map<number, Omit<FileProblem, 'file'>>

  /** The list of `entries`, in their order. */
  static of(entries: readonly FolderEntry[]): EntryList {
    const list = new EntryList()
    for (const entry of entries) list.add(entry.name, entry.kind)
    return list
  }

  /** How many entries there are. */
  get length(): number {
    return this.names.length
  }

  /** Adds an entry at the end; returns its position. */
  add(name: string, kind: EntryKind): number {
    const at = this.names.length
    this.names.push(name)
    if (at === this.kinds.length) {
      const grown = new Uint8Array(at * 2)
      grown.set(this.kinds)
      this.kinds = grown
    }
    this.setKind(at, kind)
    return at
  }

  /** The kind of the entry at `at`. */
  kind(at: number): EntryKind {
    const code = this.kinds[at]
    return code === PROBLEM ? (this.problems?.get(at) as Omit<FileProblem, 'file'>) : KINDS[code]
  }

  /** Sets the kind of the entry at `at` (a link's, once what it leads to is known). */
  setKind(at: number, kind: EntryKind): void {
    const code = typeof kind === 'string' ? KINDS.indexOf(kind) : -1
    if (code >= 0) {
      this.kinds[at] = code
      this.problems?.delete(at)
      return
    }
    this.kinds[at] = PROBLEM
    ;(this.problems ??= new Map()).set(at, kind as Omit<FileProblem, 'file'>)
  }
}
