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

/** A subject's layout as a plain object: a packed one is made when read, and refuses changes. */
export function plainLayout(s: SubjectLayout): SubjectLayout {
  return { subject: s.subject, layout: s.layout, entry: s.entry, versions: s.versions, problems: s.problems }
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
 * `subjects` (in their order) as an array that holds no object per subject (`SubjectPack.list`).
 * An element is made each time it is read (so two reads are equal in every field, but not the
 * same object), and refuses to be changed. Read-only: the list cannot be changed either.
 */
export function packSubjects(subjects: readonly SubjectLayout[]): SubjectLayout[] {
  const pack = new SubjectPack()
  for (let i = 0; i < subjects.length; i++) pack.add(subjects[i])
  return pack.list()
}

/**
 * Subjects packed as they are added, for a list of 100,000 or more: every name in one buffer
 * outside the JavaScript heap, UTF-8, with its end and the compact subject's code in typed arrays
 * (~30 bytes a subject; an object with its name and its slot is ~100, and V8 sizes its heap after
 * what it holds, so the heap would cost several times that). A subject that is not compact
 * (`compactSubject`) is kept as it is, its name in the buffer too.
 */
export class SubjectPack {
  // Small at first: a registry baseline lays out each subject it reads as a workspace of one (baseline-registry.ts).
  private bytes: Buffer = Buffer.allocUnsafeSlow(256)
  private used = 0
  private ends: Uint32Array = new Uint32Array(8)
  private codes: Uint32Array = new Uint32Array(8)
  private readonly kept = new Map<number, SubjectLayout>()
  /** Names UTF-8 cannot hold (a lone surrogate), by position. */
  private readonly unencodable = new Map<number, string>()
  /** Whether every name is ASCII: their bytes then compare as their UTF-16 code units do. */
  private ascii = true
  private count = 0

  /** How many subjects were added. */
  get length(): number {
    return this.count
  }

  /** Adds `layout` at the end (packed when it is compact); returns its position. */
  add(layout: SubjectLayout): number {
    const at = this.count++
    if (at === this.ends.length) {
      this.ends = grown(this.ends)
      this.codes = grown(this.codes)
    }
    const name = layout.subject
    const room = this.used + name.length * 3
    if (room > this.bytes.length) {
      const bytes = Buffer.allocUnsafeSlow(Math.max(room, this.bytes.length * 2))
      this.bytes.copy(bytes, 0, 0, this.used)
      this.bytes = bytes
    }
    const written = this.bytes.write(name, this.used, 'utf8')
    if (written !== name.length) {
      this.ascii = false
      if (this.bytes.toString('utf8', this.used, this.used + written) !== name) this.unencodable.set(at, name)
    }
    this.used += written
    this.ends[at] = this.used
    const compact = compactSubject(layout)
    if (compact instanceof CompactSubject && compact.unchanged) this.codes[at] = compact.code
    else {
      this.codes[at] = KEPT
      this.kept.set(at, layout)
    }
    return at
  }

  /** The name of the subject at `at`. */
  subject(at: number): string {
    if (this.unencodable.size > 0 && this.unencodable.has(at)) return this.unencodable.get(at) as string
    return this.bytes.toString('utf8', this.start(at), this.ends[at])
  }

  /** The subject at `at`: made anew when packed (and refusing changes), else the one added. */
  get(at: number): SubjectLayout {
    return this.codes[at] === KEPT ? (this.kept.get(at) as SubjectLayout) : new PackedSubject(this.subject(at), this.codes[at])
  }

  /** Puts `layout` at `at` instead (it has the same name): a packed subject cannot be changed in place. */
  replace(at: number, layout: SubjectLayout): void {
    this.codes[at] = KEPT
    this.kept.set(at, layout)
  }

  /** Orders the subjects at `a` and `b` by name, as `<` orders strings (UTF-16 code units). */
  compare(a: number, b: number): number {
    if (!this.ascii) {
      const [x, y] = [this.subject(a), this.subject(b)]
      return x < y ? -1 : x > y ? 1 : 0
    }
    const bytes = this.bytes
    let i = this.start(a)
    let j = this.start(b)
    const [endA, endB] = [this.ends[a], this.ends[b]]
    for (; i < endA && j < endB; i++, j++) if (bytes[i] !== bytes[j]) return bytes[i] - bytes[j]
    return endA - i - (endB - j)
  }

  /**
   * The subjects at `order` (default: all, as added) as a read-only array that holds no object per
   * packed subject. (A proxy: every consumer of `WorkspaceLayout.subjects` reads it as the array it was.)
   */
  list(order?: ArrayLike<number>): SubjectLayout[] {
    const pack = this.select(order ?? Uint32Array.from({ length: this.count }, (_, i) => i))
    const count = pack.count
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
        return i >= 0 ? pack.get(i) : Reflect.get(target, key, receiver)
      },
      has: (target, key) => index(key) >= 0 || Reflect.has(target, key),
      ownKeys: () => [...Array.from({ length: count }, (_, i) => String(i)), 'length'],
      getOwnPropertyDescriptor(target, key) {
        if (key === 'length') return { value: count, writable: true, enumerable: false, configurable: false }
        const i = index(key)
        return i >= 0 ? { value: pack.get(i), writable: false, enumerable: true, configurable: true } : Reflect.getOwnPropertyDescriptor(target, key)
      },
      set: refuse,
      deleteProperty: refuse,
      defineProperty: refuse,
    })
  }

  /** A new pack of the subjects at `order`, in that order. */
  private select(order: ArrayLike<number>): SubjectPack {
    const pack = new SubjectPack()
    let size = 0
    for (let i = 0; i < order.length; i++) size += this.ends[order[i]] - this.start(order[i])
    pack.bytes = Buffer.allocUnsafeSlow(size)
    pack.ends = new Uint32Array(order.length)
    pack.codes = new Uint32Array(order.length)
    for (let i = 0; i < order.length; i++) {
      const at = order[i]
      pack.used += this.bytes.copy(pack.bytes, pack.used, this.start(at), this.ends[at])
      pack.ends[i] = pack.used
      pack.codes[i] = this.codes[at]
      if (this.codes[at] === KEPT) pack.kept.set(i, this.kept.get(at) as SubjectLayout)
      if (this.unencodable.has(at)) pack.unencodable.set(i, this.unencodable.get(at) as string)
    }
    pack.ascii = this.ascii
    pack.count = order.length
    return pack
  }

  /** Where the name at `at` starts in the buffer. */
  private start(at: number): number {
    return at === 0 ? 0 : this.ends[at - 1]
  }
}

/** `array` copied into one twice its length. */
function grown(array: Uint32Array): Uint32Array {
  const bigger = new Uint32Array(Math.max(8, array.length * 2))
  bigger.set(array)
  return bigger
}
