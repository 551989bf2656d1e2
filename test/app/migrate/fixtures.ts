/** Shared set-up of the migrate tests: a source registry with references, contexts, soft-deleted versions and settings. */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest'
import type { RegistryContext } from '../../../src/app/registry/session.js'
import { RegistryClient } from '../../../src/registry/client.js'
import { startTestRegistry, type TestRegistry } from '../../helpers/registry-server.js'

/** A RegistryClient for `url` (close it after use). */
export function clientFor(url: string): RegistryClient {
  return new RegistryClient({ urls: [url], retries: 0 })
}

/** A registry context for `migrate` run in `cwd`, collecting warnings. */
export function contextIn(cwd: string): RegistryContext & { warnings: string[] } {
  const warnings: string[] = []
  return { flags: {}, env: {}, cwd, userAgent: 'schemactl-test', warn: (m) => warnings.push(m), warnings }
}

/** A temporary folder and its removal. */
export function tempDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'schemactl-migrate-'))
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) }
}

/** An Avro record with fields `name:type` (int fields get a default, so versions stay compatible). */
export function avro(name: string, ...fields: string[]): string {
  return JSON.stringify({
    type: 'record',
    name,
    fields: fields.map((f) => {
      const [n, t] = f.split(':')
      return t === 'int' ? { name: n, type: t, default: 0 } : { name: n, type: t }
    }),
  })
}

/**
 * Fills a registry with: `addr` (referenced by both `orders-value` versions), `orders-value` v1–v3
 * with v2 soft-deleted, `payments-value` in context `.eu`, ids not starting at 1 in the default
 * context (a gap), a subject level FULL and a subject mode READONLY.
 */
export async function seedSource(url: string): Promise<void> {
  const c = clientFor(url)
  try {
    await c.register('scratch', { schema: avro('Scratch', 'a:string') })
    await c.deleteSubject('scratch')
    await c.deleteSubject('scratch', { permanent: true })
    await c.register('addr', { schema: JSON.stringify({ type: 'record', name: 'Addr', namespace: 'x', fields: [{ name: 's', type: 'string' }] }) })
    const ref = [{ name: 'x.Addr', subject: 'addr', version: 1 }]
    await c.register('orders-value', { schema: avro('Order', 'a:x.Addr'), references: ref })
    await c.register('orders-value', { schema: avro('Order', 'a:x.Addr', 'b:int'), references: ref })
    await c.register('orders-value', { schema: avro('Order', 'a:x.Addr', 'b:int', 'c:int'), references: ref })
    await c.deleteVersion('orders-value', 2)
    await c.register(':.eu:payments-value', { schema: avro('Payment', 'amount:int') })
    await c.register(':.eu:payments-value', { schema: avro('Payment', 'amount:int', 'currency:int') })
    await c.setConfig('addr', { compatibility: 'FULL' })
    await c.register('frozen-value', { schema: avro('Frozen', 'f:string') })
    await c.setMode('frozen-value', 'READONLY')
  } finally {
    await c.close()
  }
}

/** Every version a registry holds (soft-deleted too) as `subject v<version> id <id> [deleted] <schema>` lines. */
export async function dumpRegistry(url: string): Promise<string[]> {
  const c = clientFor(url)
  try {
    const all = await c.listSchemas({ deleted: true })
    const live = new Set((await c.listSchemas()).map((s) => `${s.subject}@${s.version}`))
    return all
      .map(
        (s) =>
          `${s.subject} v${s.version} id ${s.id}${live.has(`${s.subject}@${s.version}`) ? '' : ' deleted'} ${JSON.stringify(s.references ?? [])} ${s.schema}`,
      )
      .sort()
  } finally {
    await c.close()
  }
}

/**
 * A proxy in front of a registry: `rewrite` may change a reply's body, and a `null` from it answers
 * 404 as Karapace does for routes it lacks. `missing(method, path)` true answers that 404 without
 * passing the request on (a route the registry really lacks changes nothing); `refused(method,
 * path, body)` true answers 403 (40301, as Confluent's authorizer refuses an operation) likewise.
 */
export async function startProxy(
  url: string,
  rewrite: (method: string, path: string, body: string) => string | null,
  missing: (method: string, path: string) => boolean = () => false,
  refused: (method: string, path: string, body: string) => boolean = () => false,
): Promise<{ url: string; close: () => void }> {
  const { createServer } = await import('node:http')
  const notFound = JSON.stringify({ error_code: 404, message: 'HTTP 404 Not Found' })
  const proxy = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', async () => {
      if (missing(req.method ?? 'GET', req.url ?? '/')) {
        res.writeHead(404, { 'content-type': 'application/vnd.schemaregistry.v1+json' })
        return res.end(notFound)
      }
      const body = chunks.length ? Buffer.concat(chunks) : undefined
      if (refused(req.method ?? 'GET', req.url ?? '/', body?.toString('utf8') ?? '')) {
        res.writeHead(403, { 'content-type': 'application/vnd.schemaregistry.v1+json' })
        return res.end(JSON.stringify({ error_code: 40301, message: 'User is denied operation Write on this resource' }))
      }
      const reply = await fetch(url + req.url, { method: req.method, headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' }, body })
      const text = rewrite(req.method ?? 'GET', req.url ?? '/', await reply.text())
      res.writeHead(text === null ? 404 : reply.status, { 'content-type': 'application/vnd.schemaregistry.v1+json' })
      res.end(text ?? notFound)
    })
  })
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r))
  return { url: `http://127.0.0.1:${(proxy.address() as { port: number }).port}`, close: () => proxy.close() }
}

/**
 * A durable source registry started once for the file from a data folder that `write` fills (a
 * changelog written directly: faster than registering thousands of versions), removed after; and
 * a fresh work folder for each test. Read `source.url` and `work.dir` inside tests.
 */
export function useSourceAndWork(write: (dataDir: string) => void): { source: { url: string }; work: { dir: string } } {
  const state = { source: { url: '' }, work: { dir: '' } }
  let registry: TestRegistry
  let data: { dir: string; remove: () => void }
  let work: { dir: string; remove: () => void }
  beforeAll(async () => {
    data = tempDir()
    write(data.dir)
    registry = await startTestRegistry({ data: data.dir })
    state.source.url = registry.url
  })
  afterAll(async () => {
    await registry?.close()
    data?.remove()
  })
  beforeEach(() => {
    work = tempDir()
    state.work.dir = work.dir
  })
  afterEach(() => work.remove())
  return state
}
