import { InternalError } from '../errors.js'
import type { FileProblem } from './findings.js'
import type { SubjectLayout, VersionFile } from './layout.js'

/**
 * `layout` as compact as it can be kept for a whole run: a subject laid out the usual way (a file
 * `s.avsc`, or a folder `s/` of `1.avsc` … `N.avsc` alone; no contract, no problem, a name with
 * no percent escape) is its name and N, its entry and versions made when read (100,000 subjects:
 * ~60 bytes each instead of ~320 with 3 versions); any other is kept as it is. Equal to `layout`
 * in every field.
 */
export function compactSubject(layout: SubjectLayout): SubjectLayout {
  const { versions, entry, subject } = layout
  if (layout.problems.length > 0 || versions.length === 0 || versions[0].file.indexOf('.') < 0) return layout
  const ext = versions[0].file.slice(versions[0].file.lastIndexOf('.'))
  const kind = EXTENSIONS.indexOf(ext)
  if (kind < 0) return layout
  const plain = (v: VersionFile, i: number, file: string) => v.version === i + 1 && v.file === file && Object.keys(v).length === 2
  if (layout.layout === 'file') {
    return entry === subject + ext && versions.length === 1 && plain(versions[0], 0, entry) ? new CompactSubject(subject, kind) : layout
  }
  const usual = entry === subject && versions.every((v, i) => plain(v, i, `${entry}/${i + 1}${ext}`))
  return usual ? new CompactSubject(subject, kind + EXTENSIONS.length * versions.length) : layout
}

/** The extensions a `CompactSubject` can have (its code says which). */
const EXTENSIONS = ['.avsc', '.json', '.proto']

/** No problems: shared, and frozen so that a push to it fails loudly instead of being lost. */
const NO_PROBLEMS: FileProblem[] = Object.freeze([]) as unknown as FileProblem[]

/** A subject `compactSubject` packed: its entry and version files made when read; a version list or problems assigned later are kept as given. */
class CompactSubject implements SubjectLayout {
  protected changed?: { versions?: VersionFile[]; problems?: FileProblem[] }

  /** `code`: the extension's index in EXTENSIONS, plus their count times the number of versions of a folder (0 versions: a file `subject${ext}`). */
  constructor(
    readonly subject: string,
    readonly code: number,
  ) {}

  /** Whether nothing was assigned to it: it is its name and code alone. */
  get unchanged(): boolean {
    return this.changed === undefined
  }

  get layout(): 'file' | 'folder' {
    return this.code < EXTENSIONS.length ? 'file' : 'folder'
  }

  get entry(): string {
    return this.code < EXTENSIONS.length ? this.subject + EXTENSIONS[this.code] : this.subject
  }

  get versions(): VersionFile[] {
    if (this.changed?.versions !== undefined) return this.changed.versions
    const ext = EXTENSIONS[this.code % EXTENSIONS.length]
    if (this.code < EXTENSIONS.length) return [{ version: 1, file: this.subject + ext }]
    return Array.from({ length: Math.floor(this.code / EXTENSIONS.length) }, (_, i) => ({ version: i + 1, file: `${this.subject}/${i + 1}${ext}` }))
  }

  set versions(versions: VersionFile[]) {
    this.changed = { ...this.changed, versions }
  }

  get problems(): FileProblem[] {
    return this.changed?.problems ?? NO_PROBLEMS
  }

  set problems(problems: FileProblem[]) {
    this.changed = { ...this.changed, problems }
  }

  /** The plain layout's JSON (a worker is sent it: layout-message.ts). */
  toJSON(): SubjectLayout {
    return { subject: this.subject, layout: this.layout, entry: this.entry, versions: this.versions, problems: this.problems }
  }
}

/** A subject of a packed list: made when read, so what is assigned to it would be lost; it refuses instead. */
class PackedSubject extends CompactSubject {
  override get versions(): VersionFile[] {
    return super.versions
  }

  override set versions(_: VersionFile[]) {
    throw new InternalError(`subject ${this.subject} of a packed subject list was changed: replace it in the list instead`)
  }

  override get problems(): FileProblem[] {
    return super.problems
  }

  override set problems(_: FileProblem[]) {
    throw new InternalError(`subject ${this.subject} of a packed subject list was changed: replace it in the list instead`)
  }
}

/** A code that marks a subject kept as its own object (not a compact one). */
const KEPT = 0xffffffff

/**
 * `subjects` (in their order) as an array that holds no object per subject: the names of the
 * compact ones in one string, their ends and codes in typed arrays (~25 bytes a subject instead
 * of ~100 for the object, its name and its slot); any other subject is kept as it is. An element
 * is made each time it is read (so two reads are equal in every field, but not the same object),
 * and refuses to be changed. Read-only: the list cannot be changed either.
 * (A proxy: every consumer of `WorkspaceLayout.subjects` reads it as the array it was.)
 */
export function packSubjects(subjects: readonly SubjectLayout[]): SubjectLayout[] {
  const count = subjects.length
  const ends = new Uint32Array(count)
  const codes = new Uint32Array(count)
  const kept = new Map<number, SubjectLayout>()
  const names: string[] = []
  let end = 0
  for (let i = 0; i < count; i++) {
    const s = subjects[i]
    if (s instanceof CompactSubject && s.unchanged) {
      names.push(s.subject)
      end += s.subject.length
      codes[i] = s.code
    } else {
      kept.set(i, s)
      codes[i] = KEPT
    }
    ends[i] = end
  }
  const table = names.join('')
  const at = (i: number): SubjectLayout =>
    codes[i] === KEPT ? (kept.get(i) as SubjectLayout) : new PackedSubject(table.slice(i === 0 ? 0 : ends[i - 1], ends[i]), codes[i])
  const index = (key: string | symbol): number => {
    if (typeof key !== 'string') return -1
    const i = Number(key)
    return Number.isInteger(i) && i >= 0 && i < count && String(i) === key ? i : -1
  }
  const refuse = () => {
    throw new InternalError('a packed subject list was changed: make a new list instead')
  }
  return new Proxy([] as SubjectLayout[], {
    get(target, key, receiver) {
      if (key === 'length') return count
      const i = index(key)
      return i >= 0 ? at(i) : Reflect.get(target, key, receiver)
    },
    has: (target, key) => index(key) >= 0 || Reflect.has(target, key),
    ownKeys: () => [...Array.from({ length: count }, (_, i) => String(i)), 'length'],
    getOwnPropertyDescriptor(target, key) {
      if (key === 'length') return { value: count, writable: true, enumerable: false, configurable: false }
      const i = index(key)
      return i >= 0 ? { value: at(i), writable: false, enumerable: true, configurable: true } : Reflect.getOwnPropertyDescriptor(target, key)
    },
    set: refuse,
    deleteProperty: refuse,
    defineProperty: refuse,
  })
}
