import { describe, expect, it } from 'vitest'
import { createFingerprinter } from '../../../src/app/migrate/fingerprint.js'
import { planMigration } from '../../../src/app/migrate/plan.js'
import type { Snapshot, VersionRecord } from '../../../src/app/migrate/types.js'
import { avro } from './fixtures.js'

const S = [1, 2, 3].map((n) => avro('R', ...Array.from({ length: n }, (_, i) => `f${i}:int`)))
const OTHER = avro('Other', 'o:string')

/** A snapshot of one subject `s` holding `schemas` as versions 1, 2, … (`deleted` lists soft-deleted version numbers). */
function side(schemas: string[], options: { deleted?: number[]; ids?: boolean } = {}): Snapshot {
  const records: VersionRecord[] = schemas.map((schema, i) => ({
    subject: 's',
    version: i + 1,
    ...(options.ids ? { id: 10 + i } : {}),
    schemaType: 'AVRO',
    schema,
    references: [],
    deleted: options.deleted?.includes(i + 1) ?? false,
  }))
  return { subjects: new Map(records.length ? [['s', records]] : []), settings: new Map(), global: {} }
}

function plan(source: Snapshot, target: Snapshot, options: { preserveIds?: boolean; includeDeleted?: boolean; forceAppend?: boolean } = {}) {
  return planMigration({
    from: 'a',
    to: 'b',
    source,
    target,
    sourcePrints: createFingerprinter(source),
    targetPrints: createFingerprinter(target),
    preserveIds: options.preserveIds ?? false,
    includeDeleted: options.includeDeleted,
    forceAppend: options.forceAppend,
  })
}

describe('planMigration: the target history must be a prefix of the source history', () => {
  it('without ids: a prefix is present version by version and the rest appended', () => {
    const p = plan(side(S), side(S.slice(0, 2)))
    expect(p.conflicts).toEqual([])
    expect(p.versions.map((v) => [v.source.version, v.action, v.targetVersion])).toEqual([
      [1, 'present', 1],
      [2, 'present', 2],
      [3, 'copy', undefined],
    ])
  })

  it('without ids: the newest schema already as v1 is a conflict naming the subject and what differs; --force-append lets it through as a warning', () => {
    const refused = plan(side(S), side([S[2]]))
    expect(refused.conflicts).toHaveLength(1)
    expect(refused.conflicts[0].message).toContain(
      "target version 1 holds the source's version 3 where the source has version 1; appending versions 1, 2 after target version 1 would reorder the history",
    )
    const forced = plan(side(S), side([S[2]]), { forceAppend: true })
    expect(forced.conflicts).toEqual([])
    expect(forced.forced).toHaveLength(1)
    expect(forced.versions.map((v) => [v.source.version, v.action])).toEqual([
      [1, 'copy'],
      [2, 'copy'],
      [3, 'present'],
    ])
  })

  it('without ids: a schema the source does not have is named as such', () => {
    expect(plan(side(S), side([OTHER])).conflicts[0].message).toContain('target version 1 holds a schema the source does not have')
  })

  it('without ids: a target holding every source version, even in another order or with more after, writes nothing and is no conflict', () => {
    expect(plan(side(S.slice(0, 2)), side(S)).conflicts).toEqual([])
    const reordered = plan(side(S.slice(0, 2)), side([S[1], S[0]]))
    expect(reordered.conflicts).toEqual([])
    expect(reordered.toCopy).toBe(0)
  })

  it("without ids: the target's soft-deleted versions are compared only when the source's are in scope", () => {
    // The target has v2 soft-deleted (say, from an earlier copy with --include-deleted); the source without them holds 1 and 3.
    expect(plan(side([S[0], S[2]]), side(S, { deleted: [2] })).conflicts).toEqual([])
    // With them: the source's live v2 is soft-deleted there.
    const withDeleted = plan(side(S), side(S.slice(0, 2), { deleted: [2] }), { includeDeleted: true })
    expect(withDeleted.conflicts.map((c) => `${c.subject} v${c.version}: ${c.message}`)).toEqual([
      's v2: the target holds it soft-deleted (version 2); delete it permanently there first',
    ])
  })

  it('with ids: a target version the source does not have, in a subject that gets versions, is a conflict; in one that gets none it is not', () => {
    const target = side([S[0], S[1], OTHER], { ids: true })
    const nothingToWrite = plan(side(S.slice(0, 2), { ids: true }), target, { preserveIds: true })
    expect(nothingToWrite.conflicts).toEqual([]) // v1 and v2 are present
    const source = side(S, { ids: true })
    source.subjects.get('s')![2] = { ...source.subjects.get('s')![2], version: 4, id: 20 }
    const mixing = plan(source, target, { preserveIds: true })
    expect(mixing.conflicts.map((c) => c.message)).toEqual([
      expect.stringContaining("the target's history of s is not a prefix of the source's: it holds version 3 (id 12), which the source does not have"),
    ])
    expect(plan(source, target, { preserveIds: true, forceAppend: true }).conflicts).toEqual([])
  })
})

describe('planMigration: write order', () => {
  const record = (subject: string, version: number, id: number, references: VersionRecord['references'] = []): VersionRecord => ({
    subject,
    version,
    id,
    schemaType: 'AVRO',
    schema: avro(`${subject.replace(/-/g, '_')}_${version}`, 'f:int'),
    references,
    deleted: false,
  })
  const snapshot = (records: VersionRecord[]): Snapshot => {
    const subjects = new Map<string, VersionRecord[]>()
    for (const r of records) subjects.set(r.subject, [...(subjects.get(r.subject) ?? []), r])
    return { subjects, settings: new Map(), global: {} }
  }
  const order = (source: Snapshot) => plan(source, snapshot([]), { preserveIds: true }).versions.map((v) => `${v.source.subject} v${v.source.version}`)

  it('a version referenced from an earlier subject is written first, after its own subject’s earlier versions; the rest keep the source order', () => {
    const source = snapshot([
      record('a-value', 1, 1, [{ name: 'z.Z', subject: 'z-common', version: 2 }]),
      record('a-value', 2, 2),
      record('m-value', 1, 3, [{ name: 'z.Z', subject: 'z-common', version: 3 }]),
      record('z-common', 1, 4),
      record('z-common', 2, 5),
      record('z-common', 3, 6),
      record('z-common', 4, 7),
    ])
    expect(order(source)).toEqual(['z-common v1', 'z-common v2', 'a-value v1', 'a-value v2', 'z-common v3', 'm-value v1', 'z-common v4'])
  })

  it('references that chain (and a cycle) place each version once', () => {
    const source = snapshot([
      record('a', 1, 1, [{ name: 'b', subject: 'b', version: 1 }]),
      record('b', 1, 2, [{ name: 'c', subject: 'c', version: 1 }]),
      record('c', 1, 3, [{ name: 'a', subject: 'a', version: 1 }]),
      record('d', 1, 4),
    ])
    expect(order(source)).toEqual(['c v1', 'b v1', 'a v1', 'd v1'])
  })
})
