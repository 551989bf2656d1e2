import { afterEach, describe, expect, it } from 'vitest'
import { readRegistrySnapshot } from '../../../src/app/migrate/registry-side.js'
import { RegistryClient } from '../../../src/registry/client.js'
import { RegistryError } from '../../../src/registry/errors.js'
import { json, startFaultServer, type SeenRequest } from '../../registry/fault-server.js'

// GET /schemas is read in pages of 1000 (src/app/migrate/registry-side.ts). These registries
// honour `limit` but ignore `offset`: every page is the first one again.
const VERSIONS = Array.from({ length: 2500 }, (_, i) => ({ subject: 'big-value', version: i + 1, id: i + 1, schema: '"string"' }))
// Past this many listing requests the server refuses, so that a client paging forever fails the test instead of hanging it.
const LISTING_GUARD = 40

const closers: Array<() => Promise<void>> = []
afterEach(async () => {
  while (closers.length) await closers.pop()?.()
})

/** A registry whose GET /schemas ignores offset; its unpaged listing holds `unpaged` of the versions. */
async function offsetIgnoringRegistry(unpaged = VERSIONS.length) {
  const server = await startFaultServer((req, res) => {
    const url = new URL(req.url, 'http://x')
    if (url.pathname === '/contexts') return json(res, 404, { error_code: 404, message: 'HTTP 404 Not Found' })
    if (url.pathname === '/subjects') return json(res, 200, ['big-value'])
    if (url.pathname !== '/schemas') return json(res, 404, { error_code: 404, message: 'HTTP 404 Not Found' })
    if (listings(server.requests) > LISTING_GUARD) return json(res, 400, { error_code: 400, message: 'too many listing requests: the client pages forever' })
    const limit = url.searchParams.get('limit')
    json(res, 200, limit === null ? VERSIONS.slice(0, unpaged) : VERSIONS.slice(0, Number(limit)))
  })
  const client = new RegistryClient({ urls: [server.url], retries: 0 })
  closers.push(server.close, () => client.close())
  return { server, client }
}

const listings = (requests: SeenRequest[]) => requests.filter((r) => r.url.startsWith('/schemas')).length

describe('the registry listing of migrate', () => {
  it('reads every version once from a registry that ignores offset (falls back to one unpaged listing)', async () => {
    const { server, client } = await offsetIgnoringRegistry()
    const snapshot = await readRegistrySnapshot(client, { filter: () => true, includeDeleted: false })
    const versions = snapshot.subjects.get('big-value') ?? []
    expect(versions.map((v) => v.version)).toEqual(VERSIONS.map((v) => v.version))
    const schemaRequests = server.requests.filter((r) => r.url.startsWith('/schemas')).map((r) => new URL(r.url, 'http://x').searchParams)
    // The first page, the pages asked for at once after it, then the listing without offset or limit.
    expect(schemaRequests.length).toBeLessThanOrEqual(6)
    expect(schemaRequests.at(-1)?.has('offset')).toBe(false)
    expect(schemaRequests.at(-1)?.has('limit')).toBe(false)
  })

  it('stops with a clear error when the unpaged listing is no longer than the pages (it may be cut at a limit)', async () => {
    const { client } = await offsetIgnoringRegistry(1000)
    const err = await readRegistrySnapshot(client, { filter: () => true, includeDeleted: false }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(RegistryError)
    expect((err as RegistryError).code).toBe('LISTING_INCOMPLETE')
    expect((err as RegistryError).message).toMatch(
      /repeats versions across the pages of GET \/schemas \(it ignores offset\), and its unpaged listing \(1000 versions\) holds no more than its pages did \(1000\)/,
    )
  })
})
