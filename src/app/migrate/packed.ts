/**
 * A registry side's versions packed in a few typed arrays and buffers instead of an object each:
 * subject names once, as UTF-8 in one buffer with a hash table over them; per version its subject,
 * version, id, listing position, flags and text hash in columns; the rare references, data contracts
 * and unusual schema types in a small side map. Records are made when asked for, as short-lived
 * objects. About 70 bytes a version outside the JS heap, where a `Map` of records held ~250 on it
 * (and V8 lets its heap grow to a few times what it holds): a large registry is copied in flat memory.
 */
import type { Contract } from '../../engine/contracts/index.js'
import type { SchemaReference, SchemaType } from '../../registry/types.js'
import type { SubjectVersions, VersionRecord } from './types.js'
import type { NumberedVersions } from './numbered.js'

/** What `PackedVersions.add` takes of one listed version. */
export interface PackedInput {
  subject: string
  version: number
  id?: number
  schemaType: SchemaType
  /** The text's hash as `hashText` gives it: 16 latin1 characters. */
  hash: string
  /** Position in the side's listing (absent when not paged). */
  at?: number
  references: SchemaReference[]
  deleted: boolean
  contract?: Contract
}

const HASH = 16
const DELETED = 1
const HAS_ID = 2
const HAS_AT = 4
// Bits 3–4: the schema type (0 AVRO, 1 JSON, 2 PROTOBUF, 3 another, kept in the side map).
const TYPE_SHIFT = 3
const TYPES: SchemaType[] = ['AVRO', 'JSON', 'PROTOBUF']
const NO_REFERENCES: SchemaReference[] = []

/** The rare parts of a version, by its index. */
interface Side {
  references?: SchemaReference[]
  contract?: Contract
  schemaType?: SchemaType
}

/**
 * Versions by subject, packed. Filled with `add` (in listing order: any order of subjects and
 * versions), then `seal`ed: each subject's versions are then ascending, the subjects in the order
 * they were first listed, every version numbered by its place (see `NumberedVersions`). Read like a
 * `Map` of subject → versions; each `get` makes new records (changing one changes nothing here:
 * `markLive` is the one change after sealing).
 */
export class PackedVersions implements SubjectVersions, NumberedVersions {
  // Subjects: names as UTF-8 in `names`, subject i's at nameStart[i] .. nameStart[i + 1]; `table` an open-addressing hash of their indexes.
  private names = Buffer.alloc(1 << 12)
  private nameStart = new Int32Array(257)
  private nameHash = new Int32Array(256)
  private table = new Int32Array(512).fill(-1)
  private subjectCount = 0
  // After sealing: subject i's versions are the places firstPlace[i] .. firstPlace[i + 1].
  private firstPlace = new Int32Array(1)
  // Versions, by index (listing order before sealing, place after).
  private subjectOf = new Int32Array(256)
  private versionOf = new Int32Array(256)
  private idOf = new Int32Array(256)
  private atOf = new Int32Array(256)
  private flags = new Uint8Array(256)
  private hashes = Buffer.alloc(256 * HASH)
  private side = new Map<number, Side>()
  // Before sealing: the index of each subject's last version and each version's previous one in its subject (to find a version while listing).
  private lastOf = new Int32Array(256)
  private previous = new Int32Array(256)
  private total = 0
  private sealed = false
  private scratch = Buffer.alloc(256)

  /** How many versions. */
  get count(): number {
    return this.total
  }

  /** How many subjects. */
  get size(): number {
    return this.subjectCount
  }

  /** Adds one version (before `seal`). */
  add(v: PackedInput): void {
    if (this.sealed) throw new Error('PackedVersions: add after seal')
    let subject = this.subjectIndex(v.subject)
    if (subject < 0) subject = this.addSubject(v.subject)
    const i = this.total++
    if (i === this.subjectOf.length) this.growVersions()
    this.subjectOf[i] = subject
    this.versionOf[i] = v.version
    this.idOf[i] = v.id ?? 0
    this.atOf[i] = v.at ?? 0
    const type = TYPES.indexOf(v.schemaType)
    this.flags[i] = (v.deleted ? DELETED : 0) | (v.id === undefined ? 0 : HAS_ID) | (v.at === undefined ? 0 : HAS_AT) | ((type < 0 ? 3 : type) << TYPE_SHIFT)
    this.hashes.write(v.hash, i * HASH, HASH, 'latin1')
    const side: Side = {
      ...(v.references.length ? { references: v.references } : {}),
      ...(v.contract === undefined ? {} : { contract: v.contract }),
      ...(type < 0 ? { schemaType: v.schemaType } : {}),
    }
    if (side.references || side.contract || side.schemaType) this.side.set(i, side)
    this.previous[i] = this.lastOf[subject]
    this.lastOf[subject] = i
  }

  /** Whether `subject` has `version` (before `seal`: while listing). */
  holds(subject: string, version: number): boolean {
    if (this.sealed) return this.placeOf(subject, version) >= 0
    const s = this.subjectIndex(subject)
    for (let i = s < 0 ? -1 : this.lastOf[s]; i >= 0; i = this.previous[i]) if (this.versionOf[i] === version) return true
    return false
  }

  /** Forgets every version and subject (the listing is read again). */
  clear(): void {
    if (this.sealed) throw new Error('PackedVersions: clear after seal')
    this.total = 0
    this.subjectCount = 0
    this.table.fill(-1)
    this.side.clear()
    this.nameStart[0] = 0
  }

  /** Orders each subject's versions (ascending) and numbers them; no more `add`. */
  seal(): this {
    if (this.sealed) return this
    this.sealed = true
    const count = this.total
    const first = new Int32Array(this.subjectCount + 1)
    for (let i = 0; i < count; i++) first[this.subjectOf[i] + 1]++
    for (let s = 0; s < this.subjectCount; s++) first[s + 1] += first[s]
    // placeOf[i]: where version i goes: its subject's versions from the subject's last one back, then sorted by version.
    const place = new Int32Array(count)
    const one: number[] = []
    for (let s = 0; s < this.subjectCount; s++) {
      one.length = 0
      for (let i = this.lastOf[s]; i >= 0; i = this.previous[i]) one.push(i)
      if (one.length > 1) one.sort((a, b) => this.versionOf[a] - this.versionOf[b] || a - b)
      for (let k = 0; k < one.length; k++) place[one[k]] = first[s] + k
    }
    this.subjectOf = permute(this.subjectOf, place, count, new Int32Array(count))
    this.versionOf = permute(this.versionOf, place, count, new Int32Array(count))
    this.idOf = permute(this.idOf, place, count, new Int32Array(count))
    this.atOf = permute(this.atOf, place, count, new Int32Array(count))
    this.flags = permute(this.flags, place, count, new Uint8Array(count))
    const hashes = Buffer.alloc(count * HASH)
    for (let i = 0; i < count; i++) this.hashes.copy(hashes, place[i] * HASH, i * HASH, i * HASH + HASH)
    this.hashes = hashes
    this.side = new Map([...this.side].map(([i, side]) => [place[i], side]))
    this.firstPlace = first
    this.lastOf = new Int32Array(0)
    this.previous = new Int32Array(0)
    this.names = Buffer.from(this.names.subarray(0, this.nameStart[this.subjectCount]))
    this.nameStart = this.nameStart.slice(0, this.subjectCount + 1)
    this.nameHash = this.nameHash.slice(0, this.subjectCount)
    return this
  }

  /** Marks a sealed version live (it is in the registry's live listing). */
  markLive(subject: string, version: number): void {
    const place = this.placeOf(subject, version)
    if (place >= 0) this.flags[place] &= ~DELETED
  }

  // --- NumberedVersions

  record(place: number): VersionRecord {
    const flags = this.flags[place]
    const type = (flags >> TYPE_SHIFT) & 3
    const side = this.side.get(place)
    return {
      subject: this.nameOf(this.subjectOf[place]),
      version: this.versionOf[place],
      id: flags & HAS_ID ? this.idOf[place] : undefined,
      schemaType: type === 3 ? side!.schemaType! : TYPES[type],
      hash: this.hashes.toString('latin1', place * HASH, place * HASH + HASH),
      ...(flags & HAS_AT ? { at: this.atOf[place] } : {}),
      references: side?.references ?? NO_REFERENCES,
      deleted: (flags & DELETED) !== 0,
      ...(side?.contract === undefined ? {} : { contract: side.contract }),
    }
  }

  subject(place: number): string {
    return this.nameOf(this.subjectOf[place])
  }

  first(place: number): number {
    return this.firstPlace[this.subjectOf[place]]
  }

  end(place: number): number {
    return this.firstPlace[this.subjectOf[place] + 1]
  }

  references(place: number): SchemaReference[] {
    return this.side.get(place)?.references ?? NO_REFERENCES
  }

  placeOf(subject: string, version: number): number {
    const s = this.subjectIndex(subject)
    if (s < 0) return -1
    for (let p = this.firstPlace[s]; p < this.firstPlace[s + 1]; p++) if (this.versionOf[p] === version) return p
    return -1
  }

  // --- SubjectVersions

  get(subject: string): VersionRecord[] | undefined {
    const s = this.subjectIndex(subject)
    if (s < 0) return undefined
    return this.recordsOf(s)
  }

  has(subject: string): boolean {
    return this.subjectIndex(subject) >= 0
  }

  *keys(): Generator<string> {
    for (let s = 0; s < this.subjectCount; s++) yield this.nameOf(s)
  }

  *values(): Generator<VersionRecord[]> {
    for (let s = 0; s < this.subjectCount; s++) yield this.recordsOf(s)
  }

  *entries(): Generator<[string, VersionRecord[]]> {
    for (let s = 0; s < this.subjectCount; s++) yield [this.nameOf(s), this.recordsOf(s)]
  }

  [Symbol.iterator](): Generator<[string, VersionRecord[]]> {
    return this.entries()
  }

  private recordsOf(s: number): VersionRecord[] {
    if (!this.sealed) throw new Error('PackedVersions: read before seal')
    const out: VersionRecord[] = []
    for (let p = this.firstPlace[s]; p < this.firstPlace[s + 1]; p++) out.push(this.record(p))
    return out
  }

  private nameOf(s: number): string {
    return this.names.toString('utf8', this.nameStart[s], this.nameStart[s + 1])
  }

  // The index of `name`, or -1.
  private subjectIndex(name: string): number {
    const hash = hashName(name)
    const length = this.encode(name)
    const mask = this.table.length - 1
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const s = this.table[slot]
      if (s < 0) return -1
      if (this.nameHash[s] !== hash) continue
      const start = this.nameStart[s]
      if (this.nameStart[s + 1] - start === length && this.names.compare(this.scratch, 0, length, start, start + length) === 0) return s
    }
  }

  private addSubject(name: string): number {
    const s = this.subjectCount++
    if (s === this.nameHash.length) {
      this.nameStart = grow(this.nameStart, s * 2 + 1)
      this.nameHash = grow(this.nameHash, s * 2)
      this.lastOf = grow(this.lastOf, s * 2)
    }
    const length = this.encode(name)
    const start = this.nameStart[s]
    if (start + length > this.names.length) {
      const names = Buffer.alloc(Math.max(this.names.length * 2, start + length))
      this.names.copy(names, 0, 0, start)
      this.names = names
    }
    this.scratch.copy(this.names, start, 0, length)
    this.nameStart[s + 1] = start + length
    const hash = hashName(name)
    this.nameHash[s] = hash
    this.lastOf[s] = -1
    // The table stays at most half full.
    if (this.subjectCount * 2 > this.table.length) this.rehash(this.table.length * 2)
    else this.insert(s, hash)
    return s
  }

  private insert(s: number, hash: number): void {
    const mask = this.table.length - 1
    let slot = hash & mask
    while (this.table[slot] >= 0) slot = (slot + 1) & mask
    this.table[slot] = s
  }

  private rehash(size: number): void {
    this.table = new Int32Array(size).fill(-1)
    for (let s = 0; s < this.subjectCount; s++) this.insert(s, this.nameHash[s])
  }

  // `name` as UTF-8 into `scratch`; its length in bytes.
  private encode(name: string): number {
    const need = Buffer.byteLength(name, 'utf8')
    if (need > this.scratch.length) this.scratch = Buffer.alloc(need * 2)
    return this.scratch.write(name, 0, 'utf8')
  }

  private growVersions(): void {
    const size = this.subjectOf.length * 2
    this.subjectOf = grow(this.subjectOf, size)
    this.versionOf = grow(this.versionOf, size)
    this.idOf = grow(this.idOf, size)
    this.atOf = grow(this.atOf, size)
    this.flags = grow(this.flags, size)
    this.previous = grow(this.previous, size)
    const hashes = Buffer.alloc(size * HASH)
    this.hashes.copy(hashes)
    this.hashes = hashes
  }
}

// FNV-1a over the UTF-16 code units.
function hashName(name: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193)
  return h | 0
}

function grow<T extends Int32Array | Uint8Array>(array: T, size: number): T {
  const out = new (array.constructor as new (n: number) => T)(size)
  out.set(array)
  return out
}

function permute<T extends Int32Array | Uint8Array>(from: T, place: Int32Array, count: number, into: T): T {
  for (let i = 0; i < count; i++) into[place[i]] = from[i]
  return into
}
