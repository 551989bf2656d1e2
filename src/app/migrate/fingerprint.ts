/** Schema identity across sides: the Avro canonical-form fingerprint, or a hash of the text for other types. */
import { createHash } from 'node:crypto'
import { parseSchema, type NamedSchema, type ParsedSchema } from '../../engine/index.js'
import type { Snapshot, VersionRecord } from './types.js'

/** Computes (and caches) the fingerprints of one snapshot's versions. */
export interface Fingerprinter {
  /** `avro:<CRC-64-AVRO of the canonical form>` when the Avro schema (with its references) parses, else `<type>:<sha256 of the text>`. */
  of(record: VersionRecord): string
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
      if (p) return `avro:${p.schema.fingerprint}`
      return `${record.schemaType.toLowerCase()}:${createHash('sha256').update(record.schema).digest('hex')}`
    },
  }
}
