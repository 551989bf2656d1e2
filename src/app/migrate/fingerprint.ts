/**
 * Schema identity across sides: a hash of the full normalized Avro schema (what the registry keys a
 * schema by: doc, defaults, aliases, logical types and order included), or of the text for other
 * types. The Parsing Canonical Form drops those attributes, so it only serves as extra information.
 *
 * Equal texts are the same schema without a parse, compared by hash: a record of a registry side
 * holds only the hash of its text. Different texts need both parsed; a text not held is then
 * `missing` until `load` fetches it (with the texts of its references), and the comparison that
 * asked is to be repeated (see `withTexts`).
 */
import { createHash } from 'node:crypto'
import { parseSchema, type NamedSchema, type ParsedSchema } from '../../engine/index.js'
import type { Snapshot, VersionRecord } from './types.js'

/** Computes (and caches) the fingerprints of one snapshot's versions. */
export interface Fingerprinter {
  /**
   * `avro:<sha256 of the normalized schema>` when the Avro schema (with its references) parses, else
   * `<type>:<hash of the text>` (`textHash`); `missing:<hash>` while its text (or a reference's) is not loaded.
   */
  of(record: VersionRecord): string
  /** The CRC-64-AVRO fingerprint of the Parsing Canonical Form, when the Avro schema parses. */
  canonical(record: VersionRecord): string | undefined
  /** Versions whose text a fingerprint needed and the side did not hold (see `load`). */
  readonly missing: ReadonlySet<VersionRecord>
  /** Fetches the texts of the `missing` versions (through the snapshot's `texts`) and forgets the fingerprints that lacked them. */
  load(concurrency: number): Promise<void>
}

/** The hash of a record's text (the first 128 bits of its SHA-256, one latin1 character a byte: 16 characters, a small string for each of 100,000 records): computed from `schema` once when the record holds it. */
export function textHash(record: VersionRecord): string {
  return (record.hash ??= hashText(record.schema ?? ''))
}

/** The hash `textHash` gives a text. */
export function hashText(text: string): string {
  return createHash('sha256').update(text).digest().toString('latin1', 0, 16)
}

// The text hash as it can be shown (a fingerprint appears in verification's messages): base64.
function shownHash(record: VersionRecord): string {
  return Buffer.from(textHash(record), 'latin1').toString('base64')
}

/** Whether `a` (fingerprinted by `pa`) and `b` (by `pb`) are the same schema; equal texts need no parse. */
export function sameSchema(pa: Fingerprinter, a: VersionRecord, pb: Fingerprinter, b: VersionRecord): boolean {
  return a.schemaType === b.schemaType && (textHash(a) === textHash(b) || pa.of(a) === pb.of(b))
}

/**
 * Runs `compute` (a plan or a verification, pure over the fingerprinters) until no text it needed is
 * missing: the missing texts are loaded and it runs again (at most a few times: each run loads the
 * texts of the versions compared and of their references).
 */
export async function withTexts<T>(prints: Fingerprinter[], concurrency: number, compute: () => T): Promise<T> {
  for (let round = 0; ; round++) {
    const result = compute()
    if (round === 3 || prints.every((p) => p.missing.size === 0)) return result
    for (const p of prints) await p.load(concurrency)
  }
}

type Parsed = { schema: ParsedSchema; types: NamedSchema[] } | undefined

/**
 * A fingerprinter resolving references within `snapshot` (then `fallback`, e.g. the source for a
 * target's references). A reference it cannot resolve makes the schema fall back to the text hash.
 */
export function createFingerprinter(snapshot: Snapshot, fallback?: Snapshot): Fingerprinter {
  // By `versionKey`, not by record: a packed side makes a new record each time it is read (see `SubjectVersions`).
  // Each parsed version with every named type it can use (its own and its references', transitively).
  const parsed = new Map<string, Parsed>()
  const loaded = new Map<string, string>()
  const missing = new Set<VersionRecord>()
  const missingKeys = new Set<string>()
  // Versions found in `fallback` (not in `snapshot`).
  const fromFallback = new Set<string>()
  const find = (subject: string, version: number): VersionRecord | undefined => {
    const own = snapshot.subjects.get(subject)?.find((v) => v.version === version)
    if (own) return own
    const other = fallback?.subjects.get(subject)?.find((v) => v.version === version)
    if (other) fromFallback.add(versionKey(other))
    return other
  }
  const textOf = (record: VersionRecord) => record.schema ?? loaded.get(versionKey(record))

  // undefined: not parseable; null: a text (its own or a reference's) is not loaded yet.
  const parse = (record: VersionRecord, depth: number): Parsed | null => {
    const key = versionKey(record)
    if (parsed.has(key)) return parsed.get(key)
    let result: Parsed
    if (record.schemaType === 'AVRO' && depth < 50) {
      const text = textOf(record)
      if (text === undefined) {
        if (!missingKeys.has(key)) missing.add(record)
        missingKeys.add(key)
        // Its references are needed too: asked for now, so that one load gets them all.
        for (const ref of record.references) {
          const dep = find(ref.subject, ref.version)
          if (dep) parse(dep, depth + 1)
        }
        return null
      }
      const namedTypes: NamedSchema[] = []
      let resolved = true
      for (const ref of record.references) {
        const target = find(ref.subject, ref.version)
        const dep = target && parse(target, depth + 1)
        if (dep === null) return null
        if (!dep) resolved = false
        else namedTypes.push(...dep.types)
      }
      const outcome = resolved ? parseSchema(text, { namedTypes, validateDefaults: false }) : undefined
      if (outcome?.ok) result = { schema: outcome, types: [...outcome.definedTypes.values(), ...namedTypes] }
    }
    parsed.set(key, result)
    return result
  }

  return {
    of(record) {
      const p = parse(record, 0)
      if (p === null) return `missing:${shownHash(record)}`
      // Other types (and Avro that does not parse) are identified by their text.
      const identity = p ? createHash('sha256').update(p.schema.normalized).digest('hex') : shownHash(record)
      return `${record.schemaType.toLowerCase()}:${identity}`
    },
    canonical(record) {
      return parse(record, 0)?.schema.fingerprint
    },
    missing,
    async load(concurrency) {
      const records = [...missing]
      missing.clear()
      missingKeys.clear()
      let next = 0
      const worker = async () => {
        while (next < records.length) {
          const record = records[next++]
          const key = versionKey(record)
          const texts = (fromFallback.has(key) ? fallback! : snapshot).texts
          if (texts === undefined) throw new Error(`No text for ${record.subject} version ${record.version}`)
          loaded.set(key, await texts.get(record))
        }
      }
      await Promise.all(Array.from({ length: Math.min(concurrency, records.length) }, worker))
    },
  }
}

function versionKey(record: VersionRecord): string {
  return `${record.subject}\u0000${record.version}`
}
