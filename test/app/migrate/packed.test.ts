/**
 * A registry side's versions packed in typed arrays (src/app/migrate/packed.ts) read back exactly
 * as they were listed: every field of every record, each subject's versions ascending, the subjects
 * in the order first listed, numbered the same way as a `Map` of records (src/app/migrate/numbered.ts).
 */
import { describe, expect, it } from 'vitest'
import { hashText } from '../../../src/app/migrate/fingerprint.js'
import { numberVersions } from '../../../src/app/migrate/numbered.js'
import { PackedVersions, type PackedInput } from '../../../src/app/migrate/packed.js'
import type { VersionRecord } from '../../../src/app/migrate/types.js'
import type { SchemaType } from '../../../src/registry/types.js'

// A type the registry may add later is kept as listed too.
const TYPES = ['AVRO', 'JSON', 'PROTOBUF', 'XML'] as SchemaType[]

/** `count` subjects (names of every length, some not ASCII) × 1–4 versions listed out of order, with every kind of field. */
function listing(count: number): PackedInput[] {
  const out: PackedInput[] = []
  let at = 0
  for (let i = 0; i < count; i++) {
    const subject = i % 7 === 0 ? `:.ctx${i % 3}:sübject-${i}-✓` : `s${'x'.repeat(i % 40)}-${i}`
    const versions = [3, 1, 4, 2].slice(0, 1 + (i % 4))
    for (const version of versions) {
      out.push({
        subject,
        version,
        ...(i % 11 === 5 ? {} : { id: i * 10 + version }),
        schemaType: TYPES[(i + version) % TYPES.length],
        hash: hashText(`${subject} ${version}`),
        ...(i % 13 === 3 ? {} : { at: at }),
        references: i % 5 === 1 ? [{ name: `ref${i}`, subject: 's-0', version: 1 }] : [],
        deleted: version === 2,
        ...(i % 9 === 4
          ? {
              contract: {
                metadata: { properties: { owner: `team-${i}` } },
                ruleSet: { domainRules: [{ name: 'r', kind: 'CONDITION', mode: 'WRITE', type: 'CEL', expr: 'true', disabled: false }] },
              },
            }
          : {}),
      })
      at++
    }
  }
  return out
}

/** The records a `Map` would hold for `inputs`: by subject in first-listed order, each subject's ascending. */
function expected(inputs: PackedInput[]): Map<string, VersionRecord[]> {
  const map = new Map<string, VersionRecord[]>()
  for (const v of inputs) {
    const record: VersionRecord = {
      subject: v.subject,
      version: v.version,
      id: v.id,
      schemaType: v.schemaType,
      hash: v.hash,
      ...(v.at === undefined ? {} : { at: v.at }),
      references: v.references,
      deleted: v.deleted,
      ...(v.contract === undefined ? {} : { contract: v.contract }),
    }
    map.set(v.subject, [...(map.get(v.subject) ?? []), record])
  }
  for (const list of map.values()) list.sort((a, b) => a.version - b.version)
  return map
}

describe('PackedVersions', () => {
  const inputs = listing(3000)
  const packed = new PackedVersions()
  for (const v of inputs) packed.add(v)
  packed.seal()
  const want = expected(inputs)

  it('reads back every field of every version (id, position, schema type, hash, references, contract, deleted), subjects in listed order', () => {
    expect(packed.size).toBe(want.size)
    expect(packed.count).toBe(inputs.length)
    expect([...packed.keys()]).toEqual([...want.keys()])
    expect([...packed]).toEqual([...want])
    for (const [subject, list] of want) {
      expect(packed.has(subject)).toBe(true)
      expect(packed.get(subject)).toEqual(list)
      // Same keys in the same order: the --json report spreads records.
      expect(packed.get(subject)!.map((r) => Object.keys(r))).toEqual(list.map((r) => Object.keys(r)))
    }
    expect(packed.get('no-such-subject')).toBeUndefined()
    expect(packed.has('s-')).toBe(false)
  })

  it('numbers its versions as a Map of the same records is numbered', () => {
    const fromMap = numberVersions(want)
    expect(fromMap.count).toBe(packed.count)
    for (let place = 0; place < packed.count; place++) {
      expect(packed.record(place)).toEqual(fromMap.record(place))
      expect([packed.subject(place), packed.first(place), packed.end(place)]).toEqual([fromMap.subject(place), fromMap.first(place), fromMap.end(place)])
      expect(packed.references(place)).toEqual(fromMap.references(place))
      const { subject, version } = fromMap.record(place)
      expect(packed.placeOf(subject, version)).toBe(place)
    }
    expect(packed.placeOf('s-0', 99)).toBe(-1)
    expect(fromMap.placeOf('s-0', 99)).toBe(-1)
  })

  it('finds versions while listing, starts over on clear, and marks versions live after sealing', () => {
    const side = new PackedVersions()
    for (const v of inputs.slice(0, 50)) side.add(v)
    expect(side.holds(inputs[10].subject, inputs[10].version)).toBe(true)
    expect(side.holds(inputs[10].subject, 99)).toBe(false)
    side.clear()
    expect(side.holds(inputs[10].subject, inputs[10].version)).toBe(false)
    const deleted = inputs.slice(0, 200).map((v) => ({ ...v, deleted: true }))
    for (const v of deleted) side.add(v)
    side.seal()
    expect(side.count).toBe(200)
    side.markLive(deleted[0].subject, deleted[0].version)
    side.markLive('no-such-subject', 1)
    expect(side.get(deleted[0].subject)!.find((r) => r.version === deleted[0].version)!.deleted).toBe(false)
    expect([...side.values()].flat().filter((r) => !r.deleted)).toHaveLength(1)
    // A record read is a copy: changing it changes nothing held.
    side.get(deleted[1].subject)![0].version = 1000
    expect(side.placeOf(deleted[1].subject, 1000)).toBe(-1)
  })
})
