/**
 * Schema identity across sides: a hash of the full normalized Avro schema (what the registry keys a
 * schema by: doc, defaults, aliases, logical types and order included), or of the text for other
 * types. The Parsing Canonical Form drops those attributes, so it only serves as extra information.
 */
import { createHash } from 'node:crypto'
import { parseSchema, type NamedSchema, type ParsedSchema } from '../../engine/index.js'
import type { Snapshot, VersionRecord } from './types.js'

/** Computes (and caches) the fingerprints of one snapshot's versions. */
export interface Fingerprinter {
  /** `avro:<sha256 of the normalized schema>` when the Avro schema (with its references) parses, else `<type>:<sha256 of the text>`. */
  of(record: VersionRecord): string
  /** The CRC-64-AVRO fingerprint of the Parsing Canonical Form, when the Avro schema parses. */
  canonical(record: VersionRecord): string | undefined
}

/** Whether `a` (fingerprinted by `pa`) and `b` (by `pb`) are the same schema; equal texts need no parse. */
export function sameSchema(pa: Fingerprinter, a: VersionRecord, pb: Fingerprinter, b: VersionRecord): boolean {
  return a.schemaType === b.schemaType && (a.schema === b.schema || pa.of(a) === pb.of(b))
}

/**
 * A fingerprinter resolving references within `snapshot` (then `fallback`, e.g. the source for a
 * target's references). A reference it cannot resolve makes the schema fall back to the text hash.
 */
export function createFingerprinter(snapshot: Snapshot, fallback?: Snapshot): Fingerprinter {
  // Each parsed version with every named type it can use (its own and its references', transitively).
  const parsed = new Map<VersionRecord, { schema: ParsedSchema; types: NamedSchema[] } | undefined>()
  const find = (subject: string, version: number): VersionRecord | undefined =>
    snapshot.subjects.get(subject)?.find((v) => v.version === version) ?? fallback?.subjects.get(subject)?.find((v) => v.version === version)

  const parse = (record: VersionRecord, depth: number): { schema: ParsedSchema; types: NamedSchema[] } | undefined => {
    if (parsed.has(record)) return parsed.get(record)
    let result: { schema: ParsedSchema; types: NamedSchema[] } | undefined
    if (record.schemaType === 'AVRO' && depth < 50) {
      const namedTypes: NamedSchema[] = []
      let resolved = true
      for (const ref of record.references) {
        const target = find(ref.subject, ref.version)
        const dep = target && parse(target, depth + 1)
        if (!dep) resolved = false
        else namedTypes.push(...dep.types)
      }
      const outcome = resolved ? parseSchema(record.schema, { namedTypes, validateDefaults: false }) : undefined
      if (outcome?.ok) result = { schema: outcome, types: [...outcome.definedTypes.values(), ...namedTypes] }
    }
    parsed.set(record, result)
    return result
  }

  return {
    of(record) {
      const p = parse(record, 0)
      return `${record.schemaType.toLowerCase()}:${createHash('sha256')
        .update(p ? p.schema.normalized : record.schema)
        .digest('hex')}`
    },
    canonical(record) {
      return parse(record, 0)?.schema.fingerprint
    },
  }
}
