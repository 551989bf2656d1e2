/**
 * The copy's scheduling, over a target that records what it is asked: each version is written only
 * after the versions it depends on (its subject's previous version, the versions it references)
 * finished, references carry the target's version numbers, a refused version blocks what depends
 * on it and nothing else, and every subject ends with one event.
 */
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { copyVersions, type CopyTarget } from '../../../src/app/migrate/copy.js'
import { createFingerprinter } from '../../../src/app/migrate/fingerprint.js'
import { Journal } from '../../../src/app/migrate/journal.js'
import { planMigration } from '../../../src/app/migrate/plan.js'
import type { MigrateEvent, Snapshot, VersionRecord } from '../../../src/app/migrate/types.js'
import { RegistryError } from '../../../src/registry/errors.js'
import type { SchemaReference } from '../../../src/registry/types.js'
import { avro, tempDir } from './fixtures.js'

const record = (subject: string, version: number, references: SchemaReference[] = []): VersionRecord => ({
  subject,
  version,
  schemaType: 'AVRO',
  schema: avro(`${subject.replace(/-/g, '_')}_${version}`, 'f:int'),
  references,
  deleted: false,
})

function snapshot(records: VersionRecord[]): Snapshot {
  const subjects = new Map<string, VersionRecord[]>()
  for (const r of records) subjects.set(r.subject, [...(subjects.get(r.subject) ?? []), r])
  return { subjects, settings: new Map(), global: {} }
}

/** A target that takes writes after a short delay, numbering each subject's versions after those it already holds, and refuses the subjects in `refuse` (422). */
function recordingTarget(holds: Record<string, number>, refuse: Set<string>) {
  const log: string[] = []
  const finished = new Set<string>()
  const startedAfter = new Map<string, Set<string>>()
  let nextId = 100
  const next = { ...holds }
  const target: CopyTarget = {
    async write(r, _schema, references) {
      const key = `${r.subject} v${r.version}`
      startedAfter.set(key, new Set(finished))
      log.push(`${key} refs ${references.map((ref) => `${ref.subject} v${ref.version}`).join(',')}`)
      await new Promise((resolve) => setTimeout(resolve, r.subject.length % 3))
      if (refuse.has(r.subject)) throw new RegistryError('INVALID_SCHEMA', `refused ${key}`, { url: 'http://t', status: 422 })
      finished.add(key)
      next[r.subject] = (next[r.subject] ?? 0) + 1
      return { id: nextId++, version: next[r.subject] }
    },
    async softDelete() {},
  }
  return { target, log, startedAfter }
}

let work: { dir: string; remove: () => void }
beforeEach(() => {
  work = tempDir()
})
afterEach(() => work.remove())

describe('copyVersions', () => {
  it('writes each version after what it depends on, maps references to the target’s versions, and blocks only what depends on a refused version', async () => {
    const source = snapshot([
      record('app-value', 1, [{ name: 'Base', subject: 'base', version: 2 }]),
      record('base', 1),
      record('base', 2),
      record('base', 3),
      record('bad', 1),
      record('bad', 2),
      record('uses-bad', 1, [{ name: 'Bad', subject: 'bad', version: 1 }]),
      record('plain', 1),
    ])
    // The target holds base v1 already, as its version 5: base v2 becomes its version 6.
    const onTarget = snapshot([{ ...record('base', 1), version: 5, id: 7 }])
    const plan = planMigration({
      from: 'a',
      to: 'b',
      source,
      target: onTarget,
      sourcePrints: createFingerprinter(source),
      targetPrints: createFingerprinter(onTarget),
      preserveIds: false,
    })
    expect(plan.conflicts).toEqual([])
    const { target, log, startedAfter } = recordingTarget({ base: 5 }, new Set(['bad']))
    const events: MigrateEvent[] = []
    const journal = Journal.open(join(work.dir, 'journal.jsonl'))
    const outcome = await copyVersions(plan, source, target, { concurrency: 3, journal, onEvent: (e) => events.push(e), mappings: true })
    journal.close()

    expect(outcome.stopped).toBeUndefined()
    expect(outcome.migrated).toBe(4)
    expect(outcome.failed.map((f) => `${f.subject} v${f.version}: ${f.error}`).sort()).toEqual([
      'bad v1: refused bad v1',
      'bad v2: not written: a version it depends on failed',
      'uses-bad v1: not written: a version it depends on failed',
    ])
    expect(log).toContain('app-value v1 refs base v6')
    expect(log.filter((l) => l.startsWith('bad v2') || l.startsWith('uses-bad'))).toEqual([])
    expect(startedAfter.get('app-value v1')).toContain('base v2')
    expect(startedAfter.get('base v3')).toContain('base v2')
    expect(outcome.mappings.map((m) => `${m.subject} v${m.version} → v${m.newVersion}`).sort()).toEqual([
      'app-value v1 → v1',
      'base v1 → v5',
      'base v2 → v6',
      'base v3 → v7',
      'plain v1 → v1',
    ])
    const subjects = events.filter((e) => e.type === 'subject').map((e) => e.type === 'subject' && `${e.subject} ${e.migrated}/${e.present}/${e.failed}`)
    expect(subjects.sort()).toEqual(['app-value 1/0/0', 'bad 0/0/2', 'base 2/1/0', 'plain 1/0/0', 'uses-bad 0/0/1'])
  })

  it('stops on a failing target (5xx): no new write starts, nothing is counted as migrated that was not written', async () => {
    const source = snapshot(Array.from({ length: 20 }, (_, i) => record(`s${i}`, 1)))
    const plan = planMigration({
      from: 'a',
      to: 'b',
      source,
      target: snapshot([]),
      sourcePrints: createFingerprinter(source),
      targetPrints: createFingerprinter(snapshot([])),
      preserveIds: false,
    })
    let writes = 0
    const target: CopyTarget = {
      async write() {
        if (++writes === 5) throw new RegistryError('SERVER_ERROR', 'down', { url: 'http://t', status: 503 })
        await new Promise((resolve) => setTimeout(resolve, 1))
        return { id: writes, version: 1 }
      },
      async softDelete() {},
    }
    const journal = Journal.open(join(work.dir, 'journal.jsonl'))
    const outcome = await copyVersions(plan, source, target, { concurrency: 2, journal, onEvent: () => undefined })
    journal.close()
    expect(outcome.stopped).toBeInstanceOf(RegistryError)
    expect(writes).toBeLessThanOrEqual(6)
    expect(outcome.migrated).toBe(writes - 1)
  })
})
