import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { migrate, type MigrateEvent } from '../../../src/app/migrate/migrate.js'
import { InputError } from '../../../src/errors.js'
import { RegistryError } from '../../../src/registry/errors.js'
import { useTestRegistry } from '../../helpers/registry-server.js'
import { avro, clientFor, contextIn, dumpRegistry, seedSource, startProxy, tempDir } from './fixtures.js'

const source = useTestRegistry({ per: 'test' })
const target = useTestRegistry({ per: 'test' })
let work: { dir: string; remove: () => void }
beforeEach(async () => {
  await seedSource(source.url)
  work = tempDir()
})
afterEach(async () => {
  work.remove()
})

describe('registry → registry', () => {
  it('reproduces every id, version, reference and soft-delete, copies levels and modes, restores the mode, verifies', async () => {
    const result = await migrate(contextIn(work.dir), { from: source.url, to: target.url, scope: { includeDeleted: true } })
    expect(result.status).toBe('done')
    expect(result.migrated).toBe(7)
    // 7 versions, and addr's level, frozen-value's mode and the global level.
    expect(result.verify).toEqual({ checked: 7, settings: 3, differences: [] })
    expect(await dumpRegistry(target.url)).toEqual(await dumpRegistry(source.url))
    const t = clientFor(target.url)
    try {
      expect((await t.getMode()).mode).toBe('READWRITE')
      expect((await t.getMode('frozen-value')).mode).toBe('READONLY')
      expect((await t.getConfig('addr')).compatibilityLevel).toBe('FULL')
      // The next id of a normal registration is above every imported one.
      const next = await t.register('new-value', { schema: avro('New', 'n:string') })
      expect(next.id).toBeGreaterThan(6)
    } finally {
      await t.close()
    }
  })

  it('leaves soft-deleted versions out without --include-deleted', async () => {
    const result = await migrate(contextIn(work.dir), { from: source.url, to: target.url })
    expect(result.status).toBe('done')
    expect((await dumpRegistry(target.url)).filter((l) => l.startsWith('orders-value ')).map((l) => l.split(' ').slice(0, 4).join(' '))).toEqual([
      'orders-value v1 id 3',
      'orders-value v3 id 5',
    ])
  })

  it('does nothing when re-run after success, and says so', async () => {
    const ctx = contextIn(work.dir)
    await migrate(ctx, { from: source.url, to: target.url, scope: { includeDeleted: true } })
    const again = await migrate(ctx, { from: source.url, to: target.url, scope: { includeDeleted: true } })
    expect(again.status).toBe('nothing-to-do')
    expect(again.migrated).toBe(0)
    expect(again.skipped).toBe(7)
  })

  it('keeps the journal under $XDG_STATE_HOME/schemactl, keyed by source, target and scope, so a re-run from another folder resumes', async () => {
    const state = join(work.dir, 'state')
    const { mkdirSync, readdirSync } = await import('node:fs')
    for (const d of ['a', 'b']) mkdirSync(join(work.dir, d))
    const inFolder = (d: string) => ({ ...contextIn(join(work.dir, d)), env: { XDG_STATE_HOME: state } })
    const first = await migrate(inFolder('a'), { from: source.url, to: target.url })
    expect(first.status).toBe('done')
    expect(first.journal?.startsWith(join(state, 'schemactl') + '/')).toBe(true)
    const again = await migrate(inFolder('b'), { from: source.url, to: target.url })
    expect(again.status).toBe('nothing-to-do')
    expect(again.journal).toBe(first.journal)
    // Another scope is another migration, with its own journal.
    const scoped = await migrate(inFolder('b'), { from: source.url, to: target.url, scope: { subjects: ['addr'] } })
    expect(scoped.journal).not.toBe(first.journal)
    expect(readdirSync(join(work.dir, 'a'))).toEqual([])
  })

  it('stops before any write when the target holds other schemas at the ids or versions, listing every conflict', async () => {
    const t = clientFor(target.url)
    try {
      await t.register('elsewhere', { schema: avro('Other', 'o:string') }) // id 1
      await t.register('orders-value', { schema: avro('Different', 'd:string') }) // id 2 (addr's on the source), at orders-value v1
    } finally {
      await t.close()
    }
    const before = await dumpRegistry(target.url)
    const result = await migrate(contextIn(work.dir), { from: source.url, to: target.url, scope: { includeDeleted: true } })
    expect(result.status).toBe('conflicts')
    expect(result.plan.conflicts.map((c) => `${c.subject} v${c.version}`)).toEqual(['addr v1', 'orders-value v1'])
    expect(result.plan.conflicts[0].message).toContain('id 2 holds a different schema')
    expect(await dumpRegistry(target.url)).toEqual(before)
  })

  it('a schema differing only in doc or a default at the same id and version is a conflict (the canonical form would hide it)', async () => {
    const t = clientFor(target.url)
    try {
      await t.setMode(undefined, 'IMPORT', { force: true })
      const addr = { type: 'record', name: 'Addr', namespace: 'x', doc: 'another doc', fields: [{ name: 's', type: 'string' }] }
      await t.register('addr', { schema: JSON.stringify(addr), id: 2, version: 1 })
      const frozen = { type: 'record', name: 'Frozen', fields: [{ name: 'f', type: 'string', default: 'x' }] }
      await t.register('frozen-value', { schema: JSON.stringify(frozen), id: 6, version: 1 })
    } finally {
      await t.close()
    }
    const result = await migrate(contextIn(work.dir), { from: source.url, to: target.url, scope: { includeDeleted: true } })
    expect(result.status).toBe('conflicts')
    expect(result.plan.conflicts.map((c) => `${c.subject} v${c.version}: ${c.message}`)).toEqual([
      'addr v1: the target holds a different schema (id 2) at this subject and version',
      'frozen-value v1: the target holds a different schema (id 6) at this subject and version',
    ])
  })

  it('verification reports a target schema that differs only in doc (status failed, exit 1)', async () => {
    // A proxy in front of the target that, once verification starts, serves frozen-value with a doc added.
    let tamper = false
    const proxy = await startProxy(target.url, (_method, path, text) => {
      if (!tamper || !path.startsWith('/schemas?')) return text
      const list = JSON.parse(text) as { subject: string; schema: string }[]
      for (const s of list) if (s.subject === 'frozen-value') s.schema = JSON.stringify({ ...JSON.parse(s.schema), doc: 'tampered' })
      return JSON.stringify(list)
    })
    try {
      const result = await migrate(contextIn(work.dir), {
        from: source.url,
        to: proxy.url,
        onEvent: (e) => void (e.type === 'phase' && e.phase === 'verifying' && (tamper = true)),
      })
      expect(result.status).toBe('failed')
      expect(result.verify?.differences).toHaveLength(1)
      expect(result.verify?.differences[0]).toMatchObject({ subject: 'frozen-value', version: 1 })
      expect(result.verify?.differences[0].message).toContain('the canonical forms are equal')
    } finally {
      proxy.close()
    }
  })

  it('--dry-run plans without writing', async () => {
    const result = await migrate(contextIn(work.dir), { from: source.url, to: target.url, dryRun: true, scope: { includeDeleted: true } })
    expect(result.status).toBe('planned')
    expect(result.plan.toCopy).toBe(7)
    // References come before the schemas that use them.
    const order = result.plan.versions.map((v) => `${v.source.subject}@${v.source.version}`)
    expect(order.indexOf('addr@1')).toBeLessThan(order.indexOf('orders-value@1'))
    expect(await dumpRegistry(target.url)).toEqual([])
  })

  it('selects subjects by glob, regex and context', async () => {
    const bySubject = await migrate(contextIn(work.dir), { from: source.url, to: target.url, dryRun: true, scope: { subjects: ['ord*', 'addr'] } })
    expect([...new Set(bySubject.plan.versions.map((v) => v.source.subject))]).toEqual(['addr', 'orders-value'])
    const byRegex = await migrate(contextIn(work.dir), { from: source.url, to: target.url, dryRun: true, scope: { regex: '^pay' } })
    expect([...new Set(byRegex.plan.versions.map((v) => v.source.subject))]).toEqual([':.eu:payments-value'])
    const result = await migrate(contextIn(work.dir), { from: source.url, to: target.url, scope: { context: '.eu' } })
    expect(result.status).toBe('done')
    expect((await dumpRegistry(target.url)).map((l) => l.split(' ').slice(0, 4).join(' '))).toEqual([
      ':.eu:payments-value v1 id 1',
      ':.eu:payments-value v2 id 2',
    ])
    // A scoped run puts only its subjects in IMPORT mode and removes that mode afterwards.
    const t = clientFor(target.url)
    try {
      await expect(t.getMode(':.eu:payments-value')).rejects.toMatchObject({ code: 'SUBJECT_MODE_NOT_FOUND' })
    } finally {
      await t.close()
    }
  })

  it('copies every context from a registry whose GET /schemas lists only the default context without subjectPrefix (Confluent)', async () => {
    const confluent = await startProxy(source.url, (_method, path, text) => {
      if (!path.startsWith('/schemas?') || path.includes('subjectPrefix=')) return text
      return JSON.stringify((JSON.parse(text) as { subject: string }[]).filter((s) => !s.subject.startsWith(':.')))
    })
    try {
      const result = await migrate(contextIn(work.dir), { from: confluent.url, to: target.url, scope: { includeDeleted: true } })
      expect(result.status).toBe('done')
      expect(await dumpRegistry(target.url)).toEqual(await dumpRegistry(source.url))
    } finally {
      confluent.close()
    }
  })

  it('a reference out of scope and absent from the target is a conflict', async () => {
    const result = await migrate(contextIn(work.dir), { from: source.url, to: target.url, scope: { subjects: ['orders-value'] } })
    expect(result.status).toBe('conflicts')
    expect(result.plan.conflicts[0].message).toContain('references addr version 1')
  })

  it('--no-preserve-ids registers anew into a non-empty target and writes the id mapping', async () => {
    const t = clientFor(target.url)
    try {
      await t.register('existing', { schema: avro('Existing', 'e:string') })
      await t.register('other', { schema: avro('Other', 'e:string') })
    } finally {
      await t.close()
    }
    const result = await migrate(contextIn(work.dir), {
      from: source.url,
      to: target.url,
      preserveIds: false,
      idMap: 'map.json',
      scope: { includeDeleted: true },
    })
    expect(result.status).toBe('done')
    expect(result.verify?.differences).toEqual([])
    const map = JSON.parse(readFileSync(join(work.dir, 'map.json'), 'utf8')) as {
      mappings: { subject: string; version: number; oldId: number; newId: number }[]
    }
    const addr = map.mappings.find((m) => m.subject === 'addr')!
    expect(addr.oldId).toBe(2)
    expect(addr.newId).toBe(3)
    const orders = (await dumpRegistry(target.url)).filter((l) => l.startsWith('orders-value '))
    expect(orders.map((l) => l.split(' ').slice(0, 2).join(' '))).toEqual(['orders-value v1', 'orders-value v2', 'orders-value v3'])
    expect(orders[1]).toContain(' deleted ')
    const newIds = orders.map((l) => Number(l.split(' ')[3]))
    expect(newIds).toEqual(map.mappings.filter((m) => m.subject === 'orders-value').map((m) => m.newId))
    expect(Math.min(...newIds)).toBeGreaterThan(3)
    // References point at the target's version of the referenced subject.
    expect(orders[0]).toContain('"subject":"addr","version":1')
  })

  it('finishes into a READONLY target: settings are copied while in IMPORT, then READONLY comes back', async () => {
    const t = clientFor(target.url)
    try {
      await t.setMode(undefined, 'READONLY')
      const result = await migrate(contextIn(work.dir), { from: source.url, to: target.url, scope: { includeDeleted: true } })
      expect(result.status).toBe('done')
      expect(result.restoredModes).toEqual({ '(global)': 'READONLY' })
      expect((await t.getMode()).mode).toBe('READONLY')
      expect((await t.getMode('frozen-value')).mode).toBe('READONLY')
      expect((await t.getConfig('addr')).compatibilityLevel).toBe('FULL')
      expect(await dumpRegistry(target.url)).toEqual(await dumpRegistry(source.url))
    } finally {
      await t.close()
    }
  })

  it('a target that refuses its previous mode back: the run is failed, not done, the journal keeps the restore, the re-run restores it', async () => {
    const t = clientFor(target.url)
    const journal = join(work.dir, 'journal.jsonl')
    // Confluent's authorizer may let a migration user set IMPORT yet refuse READONLY on the whole registry.
    const refusing = await startProxy(
      target.url,
      (_method, _path, text) => text,
      undefined,
      (method, path, body) => method === 'PUT' && path.startsWith('/mode?') && body.includes('READONLY'),
    )
    try {
      await t.setMode(undefined, 'READONLY')
      const ctx = contextIn(work.dir)
      const result = await migrate(ctx, { from: source.url, to: refusing.url, journal, scope: { includeDeleted: true } })
      expect(result.status).toBe('failed')
      expect(result.migrated).toBe(7)
      expect(result.verify?.differences).toEqual([])
      expect(result.unrestored).toEqual([{ scope: '(global)', setting: 'mode', previous: 'READONLY', error: expect.stringContaining('denied') }])
      expect(result.restoredModes).toBeUndefined()
      expect((await t.getMode()).mode).toBe('IMPORT')
      const lines = readFileSync(journal, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { type: string })
      expect(lines.map((l) => l.type)).not.toContain('restored')
      expect(lines.map((l) => l.type)).not.toContain('done')

      const again = await migrate(ctx, { from: source.url, to: target.url, journal, scope: { includeDeleted: true } })
      expect(again.status).toBe('done')
      expect(again.unrestored).toBeUndefined()
      expect(again.restoredModes).toEqual({ '(global)': 'READONLY' })
      expect((await t.getMode()).mode).toBe('READONLY')
    } finally {
      refusing.close()
      await t.close()
    }
  })

  it('a version the target refuses fails, the versions depending on it are not written, the others are; modes are restored', async () => {
    const refusing = await startProxy(
      target.url,
      (_method, _path, text) => text,
      (method, path) => method === 'POST' && path.startsWith('/subjects/addr/versions'),
    )
    try {
      const events: MigrateEvent[] = []
      const result = await migrate(contextIn(work.dir), { from: source.url, to: refusing.url, scope: { includeDeleted: true }, onEvent: (e) => events.push(e) })
      expect(result.status).toBe('failed')
      expect(result.migrated).toBe(3)
      expect(result.failed.map((f) => `${f.subject} v${f.version}: ${f.error.startsWith('not written') ? f.error : 'refused'}`).sort()).toEqual([
        'addr v1: refused',
        'orders-value v1: not written: a version it depends on failed',
        'orders-value v2: not written: a version it depends on failed',
        'orders-value v3: not written: a version it depends on failed',
      ])
      expect(events.filter((e) => e.type === 'subject')).toContainEqual({ type: 'subject', subject: 'orders-value', migrated: 0, present: 0, failed: 3 })
      expect((await dumpRegistry(target.url)).map((l) => l.split(' ')[0])).toEqual([':.eu:payments-value', ':.eu:payments-value', 'frozen-value'])
      const t = clientFor(target.url)
      try {
        expect((await t.getMode()).mode).toBe('READWRITE')
      } finally {
        await t.close()
      }
    } finally {
      refusing.close()
    }
  })

  it('Ctrl-C after a subject with its own mode was given IMPORT: that mode comes back too (journaled), and the re-run completes', async () => {
    const t = clientFor(target.url)
    try {
      await t.setMode('orders-value', 'READONLY') // no versions there: granted IMPORT when it refuses the first write
      const controller = new AbortController()
      const ctx = contextIn(work.dir)
      const onEvent = (e: MigrateEvent) => void (e.type === 'version' && e.subject === 'orders-value' && controller.abort(new Error('interrupted')))
      const stopped = await migrate(ctx, {
        from: source.url,
        to: target.url,
        concurrency: 1,
        signal: controller.signal,
        onEvent,
        scope: { includeDeleted: true },
      })
      expect(stopped.status).toBe('interrupted')
      expect(stopped.restoredModes).toEqual({ '(global)': 'READWRITE', 'orders-value': 'READONLY' })
      expect((await t.getMode('orders-value')).mode).toBe('READONLY')
      expect((await t.getMode()).mode).toBe('READWRITE')
      const lines = readFileSync(stopped.journal!, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { type: string; previous?: unknown })
      expect(lines.filter((l) => l.type === 'modes').at(-1)?.previous).toEqual({ '': 'READWRITE', 'orders-value': 'READONLY' })
      expect(lines.at(-1)?.type).toBe('restored')

      const resumed = await migrate(ctx, { from: source.url, to: target.url, scope: { includeDeleted: true } })
      expect(resumed.status).toBe('done')
      expect(await dumpRegistry(target.url)).toEqual(await dumpRegistry(source.url))
      expect((await t.getMode('orders-value')).mode).toBe('READONLY')
    } finally {
      await t.close()
    }
  })

  it('a copied subject mode wins over the mode restore of a scoped run', async () => {
    const result = await migrate(contextIn(work.dir), { from: source.url, to: target.url, scope: { subjects: ['frozen-value'] } })
    expect(result.status).toBe('done')
    const t = clientFor(target.url)
    try {
      expect((await t.getMode('frozen-value')).mode).toBe('READONLY')
    } finally {
      await t.close()
    }
  })

  it('--no-preserve-ids into a target without mode endpoints warns about modes, writes the id map and verifies; a re-run has nothing to do', async () => {
    const karapace = await startProxy(
      target.url,
      (_method, _path, text) => text,
      (_method, path) => path.startsWith('/mode'),
    )
    try {
      const ctx = contextIn(work.dir)
      const preserved = await migrate(ctx, { from: source.url, to: karapace.url }).catch((e: unknown) => e)
      expect(preserved).toMatchObject({ code: 'MODE_UNSUPPORTED' })
      const anew = await migrate(ctx, { from: source.url, to: karapace.url, preserveIds: false })
      expect(anew.status).toBe('done')
      expect(anew.verify?.differences).toEqual([])
      expect(existsSync(join(work.dir, 'schemactl-id-map.json'))).toBe(true)
      expect(ctx.warnings.join('\n')).toContain('no mode endpoints')
      const again = await migrate(ctx, { from: source.url, to: karapace.url, preserveIds: false })
      expect(again.status).toBe('nothing-to-do')
    } finally {
      karapace.close()
    }
  })

  it('reads no subject mode from a source without mode endpoints, and still copies its levels', async () => {
    const modePaths: string[] = []
    const karapace = await startProxy(source.url, (_method, path, text) => {
      if (!path.startsWith('/mode')) return text
      modePaths.push(path)
      return null
    })
    try {
      const result = await migrate(contextIn(work.dir), { from: karapace.url, to: target.url, scope: { subjects: ['addr'] } })
      expect(result.status).toBe('done')
      expect(modePaths).toEqual(['/mode'])
      const t = clientFor(target.url)
      try {
        expect((await t.getConfig('addr')).compatibilityLevel).toBe('FULL')
      } finally {
        await t.close()
      }
    } finally {
      karapace.close()
    }
  })

  it('a target without mode endpoints gets a clear message and the --no-preserve-ids way out', async () => {
    const { createServer } = await import('node:http')
    // A Karapace-like target: lists nothing, and has no /mode route.
    const karapace = createServer((req, res) => {
      res.setHeader('content-type', 'application/vnd.schemaregistry.v1+json')
      if (req.url?.startsWith('/schemas')) return res.end('[]')
      res.statusCode = 404
      res.end(JSON.stringify({ error_code: 404, message: 'HTTP 404 Not Found' }))
    })
    await new Promise<void>((r) => karapace.listen(0, '127.0.0.1', r))
    const port = (karapace.address() as { port: number }).port
    try {
      const err = await migrate(contextIn(work.dir), { from: source.url, to: `http://127.0.0.1:${port}` }).catch((e: unknown) => e)
      expect(err).toBeInstanceOf(RegistryError)
      expect(err).toMatchObject({ code: 'MODE_UNSUPPORTED' })
      expect((err as RegistryError).message).toContain('ids cannot be preserved')
      expect((err as RegistryError).hint).toContain('--no-preserve-ids')
    } finally {
      karapace.close()
    }
  })
})

describe('registry ↔ folder', () => {
  it('round-trips registry → folder → registry reproducing every id and version', async () => {
    const folder = join(work.dir, 'backup')
    const exported = await migrate(contextIn(work.dir), { from: source.url, to: folder, scope: { includeDeleted: true } })
    expect(exported.status).toBe('done')
    expect(exported.verify?.differences).toEqual([])
    expect(readFileSync(join(folder, 'orders-value', '3.avsc'), 'utf8')).toContain('"c"')
    expect(existsSync(join(folder, encodeURIComponent(':.eu:payments-value'), '2.avsc'))).toBe(true)
    const metadata = JSON.parse(readFileSync(join(folder, 'schemactl-export.json'), 'utf8'))
    expect(metadata.subjects['orders-value'].versions['2']).toMatchObject({ id: 4, deleted: true, file: 'orders-value/2.avsc' })
    expect(metadata.subjects['frozen-value'].mode).toBe('READONLY')

    const restored = await migrate(contextIn(work.dir), { from: folder, to: target.url, scope: { includeDeleted: true } })
    expect(restored.status).toBe('done')
    expect(restored.verify?.differences).toEqual([])
    expect(await dumpRegistry(target.url)).toEqual(await dumpRegistry(source.url))
    const t = clientFor(target.url)
    try {
      expect((await t.getConfig('addr')).compatibilityLevel).toBe('FULL')
    } finally {
      await t.close()
    }
  })

  it('imports a plain workspace folder (no metadata) only without id preservation', async () => {
    const folder = join(work.dir, 'ws')
    await migrate(contextIn(work.dir), { from: source.url, to: folder, scope: { subjects: ['frozen-value'] } })
    const { rmSync } = await import('node:fs')
    rmSync(join(folder, 'schemactl-export.json'))
    const preserved = await migrate(contextIn(work.dir), { from: folder, to: target.url })
    expect(preserved.status).toBe('conflicts')
    expect(preserved.plan.conflicts[0].message).toContain('no id')
    const anew = await migrate(contextIn(work.dir), { from: folder, to: target.url, preserveIds: false })
    expect(anew.status).toBe('done')
    expect((await dumpRegistry(target.url)).map((l) => l.split(' ').slice(0, 4).join(' '))).toEqual(['frozen-value v1 id 1'])
  })

  it('refuses a plain workspace folder with an invalid file before any write, naming the file (exit 5)', async () => {
    const { mkdirSync, writeFileSync } = await import('node:fs')
    const folder = join(work.dir, 'ws')
    mkdirSync(join(folder, 'a-value'), { recursive: true })
    writeFileSync(join(folder, 'a-value', '1.avsc'), avro('A', 'a:string'))
    writeFileSync(join(folder, 'a-value', '2.avsc'), '{"type": "record", "name": "A", "fields": [{"name": "a", "type": "strng"}]}')
    const err = await migrate(contextIn(work.dir), { from: folder, to: target.url, preserveIds: false }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(InputError) // exit 5
    expect(err).toMatchObject({ code: 'WORKSPACE_INVALID' })
    expect((err as Error).message).toContain('a-value/2.avsc')
    expect(await dumpRegistry(target.url)).toEqual([])
  })
})
