/**
 * A migration larger than one listing page (1,000 versions): the texts are read again from the
 * listing, a page at a time, rather than held or fetched one by one; a reference to a version on a
 * later page is written first; a conflict on the last page stops the run before any write; an
 * interrupted run continues; the report stays compact.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { migrate, type MigrateEvent } from '../../../src/app/migrate/migrate.js'
import { encodeRecord } from '../../../src/server/store/changelog.js'
import { useTestRegistry } from '../../helpers/registry-server.js'
import { clientFor, contextIn, startProxy, useSourceAndWork } from './fixtures.js'

const PLAIN = 1500
const schemaOf = (name: string, field = 'id') => JSON.stringify({ type: 'record', name, namespace: 'big', fields: [{ name: field, type: 'string' }] })

/**
 * A source of `PLAIN` subjects of one version (ids 2…), `a-ref` (id 1, the listing's first page)
 * referencing `z-base` version 1, which has the highest id (the listing, by id, puts it on the last page).
 */
function writeSource(dir: string): void {
  mkdirSync(dir, { recursive: true })
  const lines: string[] = []
  const add = (subject: string, id: number, schema: string, references?: { name: string; subject: string; version: number }[]) =>
    lines.push(
      encodeRecord({
        key: { keytype: 'SCHEMA', subject, version: 1, magic: 1 },
        value: { subject, version: 1, id, schemaType: 'AVRO', schema, ...(references ? { references } : {}), deleted: false, ts: 1_700_000_000_000 + id },
      }),
    )
  add('a-ref', 1, JSON.stringify({ type: 'record', name: 'Ref', namespace: 'big', fields: [{ name: 'base', type: 'Base' }] }), [
    { name: 'big.Base', subject: 'z-base', version: 1 },
  ])
  for (let i = 0; i < PLAIN; i++) add(`s-${String(i).padStart(4, '0')}`, i + 2, schemaOf(`R${i}`))
  add('z-base', PLAIN + 2, schemaOf('Base', 'b'))
  writeFileSync(join(dir, 'changelog.jsonl'), lines.join(''))
}

/** Every version of a registry as `subject v<version> id <id> <references> <schema>` lines, read a page at a time. */
async function dump(url: string): Promise<string[]> {
  const c = clientFor(url)
  try {
    const out: string[] = []
    for (let offset = 0; ; offset += 1000) {
      const page = await c.listSchemas({ offset, limit: 1000 })
      out.push(...page.map((s) => `${s.subject} v${s.version} id ${s.id} ${JSON.stringify(s.references ?? [])} ${s.schema}`))
      if (page.length < 1000) return out.sort()
    }
  } finally {
    await c.close()
  }
}

const { source, work } = useSourceAndWork(writeSource)
const target = useTestRegistry({ per: 'test' })

describe('migrate of more versions than a listing page', () => {
  it(
    'reads the texts again a listing page at a time (not one request per version), writes the referenced version first, verifies',
    { timeout: 120_000 },
    async () => {
      const requests: string[] = []
      const proxy = await startProxy(source.url, (method, path, body) => {
        requests.push(`${method} ${path}`)
        return body
      })
      try {
        const events: MigrateEvent[] = []
        const result = await migrate(contextIn(work.dir), { from: proxy.url, to: target.url, onEvent: (e) => events.push(e) })
        expect(result.status).toBe('done')
        expect(result.migrated).toBe(PLAIN + 2)
        expect(result.verify).toMatchObject({ checked: PLAIN + 2, differences: [] })
        const copied = await dump(target.url)
        expect(copied).toHaveLength(PLAIN + 2)
        expect(copied).toEqual(await dump(source.url))
        const written = events.filter((e) => e.type === 'version').map((e) => (e as { subject: string }).subject)
        expect(written.indexOf('z-base')).toBeLessThan(written.indexOf('a-ref'))
        // Texts come from the listing's pages (2 of them, each read again for the copy), not from a GET per version.
        const perVersion = requests.filter((r) => /^GET \/subjects\/[^/]+\/versions\/\d+/.test(r))
        expect(perVersion).toEqual([])
        const pages = requests.filter((r) => r.startsWith('GET /schemas?'))
        expect(pages.length).toBeGreaterThanOrEqual(4)
        expect(pages.length).toBeLessThan(30)
      } finally {
        proxy.close()
      }
    },
  )

  it('a conflict in the last subject of the last listing page refuses before any write', { timeout: 120_000 }, async () => {
    const t = clientFor(target.url)
    try {
      // The target holds another schema under z-base's id and version (the source's last page).
      await t.setMode(undefined, 'IMPORT', { force: true })
      await t.register('z-base', { schema: schemaOf('Other'), id: PLAIN + 2, version: 1 })
      await t.setMode(undefined, 'READWRITE', { force: true })
      const result = await migrate(contextIn(work.dir), { from: source.url, to: target.url })
      expect(result.status).toBe('conflicts')
      expect(result.plan.conflicts.map((c) => `${c.subject} v${c.version}`)).toEqual(['z-base v1'])
      expect(result.migrated).toBe(0)
      expect(await dump(target.url)).toEqual([`z-base v1 id ${PLAIN + 2} [] ${schemaOf('Other')}`])
      expect((await t.getMode()).mode).toBe('READWRITE')
    } finally {
      await t.close()
    }
  })

  it('an interrupted run continues where it stopped, and the report lists every version without its text', { timeout: 120_000 }, async () => {
    const ctx = contextIn(work.dir)
    const journal = join(work.dir, 'journal.jsonl')
    const abort = new AbortController()
    let migrated = 0
    const first = await migrate(ctx, {
      from: source.url,
      to: target.url,
      journal,
      signal: abort.signal,
      onEvent: (e) => {
        if (e.type === 'version' && e.status === 'migrated' && ++migrated === 500) abort.abort()
      },
    })
    expect(first.status).toBe('interrupted')
    expect(first.migrated).toBeGreaterThanOrEqual(500)
    expect(first.migrated).toBeLessThan(PLAIN + 2)
    const t = clientFor(target.url)
    try {
      expect((await t.getMode()).mode).toBe('READWRITE')
    } finally {
      await t.close()
    }

    const again = await migrate(ctx, { from: source.url, to: target.url, journal })
    expect(again.status).toBe('done')
    expect(again.skipped).toBe(first.migrated)
    expect(again.migrated + again.skipped).toBe(PLAIN + 2)
    expect(again.verify?.differences).toEqual([])
    expect(await dump(target.url)).toEqual(await dump(source.url))

    const report = again.plan.versions
    expect(report).toHaveLength(PLAIN + 2)
    expect(report.filter((v) => v.action === 'present')).toHaveLength(first.migrated)
    expect(Object.keys(report.find((v) => v.source.subject === 'a-ref')!.source).sort()).toEqual([
      'deleted',
      'id',
      'references',
      'schemaType',
      'subject',
      'version',
    ])
  })
})
