import { describe, expect, it } from 'vitest'
import { createFingerprinter, hashText, sameSchema, withTexts } from '../../../src/app/migrate/fingerprint.js'
import { planMigration } from '../../../src/app/migrate/plan.js'
import type { Snapshot, VersionRecord } from '../../../src/app/migrate/types.js'
import { avro } from './fixtures.js'

const WITH_DOC = JSON.stringify({ type: 'record', name: 'R', doc: 'documented', fields: [{ name: 'a', type: 'string' }] })
const PLAIN = avro('R', 'a:string')

/** A registry-like side: records hold only their text's hash; `fetched` lists the texts asked for. */
function hashedSide(schemas: Record<string, string>): Snapshot & { fetched: string[] } {
  const fetched: string[] = []
  const subjects = new Map<string, VersionRecord[]>(
    Object.entries(schemas).map(([subject, schema]) => [
      subject,
      [{ subject, version: 1, id: 1 + Object.keys(schemas).indexOf(subject), schemaType: 'AVRO', hash: hashText(schema), references: [], deleted: false }],
    ]),
  )
  const texts = {
    get: async (record: VersionRecord) => {
      fetched.push(record.subject)
      return schemas[record.subject]
    },
  }
  return { subjects, settings: new Map(), global: {}, texts, fetched }
}

describe('fingerprints of records holding only a hash', () => {
  it('equal texts are the same schema without fetching either', () => {
    const a = hashedSide({ s: PLAIN })
    const b = hashedSide({ s: PLAIN })
    const pa = createFingerprinter(a)
    const pb = createFingerprinter(b)
    expect(sameSchema(pa, a.subjects.get('s')![0], pb, b.subjects.get('s')![0])).toBe(true)
    expect([...pa.missing, ...pb.missing]).toEqual([])
  })

  it('a plan over different texts fetches just those, then finds the conflict (doc differs at the same id and version)', async () => {
    const source = hashedSide({ same: PLAIN, changed: WITH_DOC })
    const target = hashedSide({ same: PLAIN, changed: PLAIN })
    const sourcePrints = createFingerprinter(source)
    const targetPrints = createFingerprinter(target)
    let runs = 0
    const plan = await withTexts([sourcePrints, targetPrints], 4, () => {
      runs++
      return planMigration({ from: 'a', to: 'b', source, target, sourcePrints, targetPrints, preserveIds: true })
    })
    expect(runs).toBe(2)
    expect(source.fetched).toEqual(['changed'])
    expect(target.fetched).toEqual(['changed'])
    expect(plan.conflicts.map((c) => [c.subject, c.message])).toEqual([['changed', 'the target holds a different schema (id 2) at this subject and version']])
    expect(plan.present).toBe(1)
  })
})
