/**
 * A migration whose subjects span several listing pages, read packed (src/app/migrate/packed.ts):
 * subjects of several versions, some soft-deleted, references across pages, schema types mixed.
 * Copied with `includeDeleted`, the target equals the source and verification (which reads the
 * target packed too) finds nothing; a second run has nothing to do.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { migrate } from '../../../src/app/migrate/migrate.js'
import type { SubjectSchema } from '../../../src/registry/types.js'
import { encodeRecord } from '../../../src/server/store/changelog.js'
import { useTestRegistry } from '../../helpers/registry-server.js'
import { clientFor, contextIn, useSourceAndWork } from './fixtures.js'

const SUBJECTS = 900
const VERSIONS = 3

/** Subject `i`'s schema at `version`: Avro records adding a field a version, every fifth subject a JSON schema. */
function schemaOf(i: number, version: number): { schema: string; schemaType: 'AVRO' | 'JSON' } {
  if (i % 5 === 4)
    return {
      schemaType: 'JSON',
      schema: JSON.stringify({
        type: 'object',
        title: `J${i}`,
        properties: Object.fromEntries(Array.from({ length: version }, (_, f) => [`p${f}`, { type: 'string' }])),
      }),
    }
  const fields = Array.from({ length: version }, (_, f) => ({ name: `f${f}`, type: ['null', 'string'], default: null }))
  return { schemaType: 'AVRO', schema: JSON.stringify({ type: 'record', name: `R${i}`, namespace: 'packed', fields }) }
}

/**
 * `SUBJECTS` × `VERSIONS` versions (2,700: three listing pages), the ids not in subject order;
 * version 2 of every third subject soft-deleted; every tenth subject's last version referencing
 * version 1 of a subject listed near the end (a later page).
 */
function writeSource(dir: string): void {
  mkdirSync(dir, { recursive: true })
  const lines: string[] = []
  for (let i = 0; i < SUBJECTS; i++) {
    const subject = `p-${String(i).padStart(4, '0')}`
    for (let version = 1; version <= VERSIONS; version++) {
      const id = ((i * 7919) % SUBJECTS) * VERSIONS + version
      const { schemaType, ...own } = schemaOf(i, version)
      let schema = own.schema
      let references: { name: string; subject: string; version: number }[] | undefined
      if (i % 10 === 0 && version === VERSIONS && schemaType === 'AVRO') {
        const base = SUBJECTS - 2 - (i % 3) * 5
        references = [{ name: `packed.R${base}`, subject: `p-${String(base).padStart(4, '0')}`, version: 1 }]
        schema = JSON.stringify({ type: 'record', name: `R${i}`, namespace: 'packed', fields: [{ name: 'base', type: `R${base}` }] })
      }
      lines.push(
        encodeRecord({
          key: { keytype: 'SCHEMA', subject, version, magic: 1 },
          value: {
            subject,
            version,
            id,
            schemaType,
            schema,
            ...(references ? { references } : {}),
            deleted: i % 3 === 0 && version === 2,
            ts: 1_700_000_000_000 + id,
          },
        }),
      )
    }
  }
  writeFileSync(join(dir, 'changelog.jsonl'), lines.join(''))
}

/** Every version (soft-deleted ones too) as `subject v<version> id <id> <deleted> <type> <references> <schema>`, sorted. */
async function dump(url: string): Promise<string[]> {
  const c = clientFor(url)
  const all = async (deleted: boolean) => {
    const out: SubjectSchema[] = []
    for (let offset = 0; ; offset += 1000) {
      const page = await c.listSchemas({ offset, limit: 1000, deleted })
      out.push(...page)
      if (page.length < 1000) return out
    }
  }
  try {
    const live = new Set((await all(false)).map((s) => `${s.subject} ${s.version}`))
    return (await all(true))
      .map(
        (s) =>
          `${s.subject} v${s.version} id ${s.id} ${live.has(`${s.subject} ${s.version}`) ? 'live' : 'deleted'} ${s.schemaType ?? 'AVRO'} ${JSON.stringify(s.references ?? [])} ${s.schema}`,
      )
      .sort()
  } finally {
    await c.close()
  }
}

const { source, work } = useSourceAndWork(writeSource)
const target = useTestRegistry({ per: 'test' })

describe('migrate of subjects spanning several listing pages, read packed', () => {
  it('copies every version with its id, soft-deleted state, type and references, and verifies clean', { timeout: 120_000 }, async () => {
    const ctx = contextIn(work.dir)
    const journal = join(work.dir, 'journal.jsonl')
    const scope = { includeDeleted: true }
    const result = await migrate(ctx, { from: source.url, to: target.url, scope, journal })
    expect(result.status).toBe('done')
    expect(result.migrated).toBe(SUBJECTS * VERSIONS)
    expect(result.verify).toMatchObject({ checked: SUBJECTS * VERSIONS, differences: [] })
    const copied = await dump(target.url)
    expect(copied).toHaveLength(SUBJECTS * VERSIONS)
    expect(copied.filter((line) => line.includes(' deleted '))).toHaveLength(SUBJECTS / 3)
    expect(copied).toEqual(await dump(source.url))
    // The plan's report: each subject's versions ascending, a referenced version before the version referencing it.
    const order = result.plan.versions.map((v) => `${v.source.subject} ${v.source.version}`)
    expect(order.indexOf('p-0898 1')).toBeLessThan(order.indexOf('p-0000 3'))
    expect(order.indexOf('p-0001 1')).toBeLessThan(order.indexOf('p-0001 2'))

    const again = await migrate(ctx, { from: source.url, to: target.url, scope, journal })
    expect(again.status).toBe('nothing-to-do')
    expect(again.skipped).toBe(SUBJECTS * VERSIONS)
  })
})
