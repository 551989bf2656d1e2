import { afterEach, describe, expect, it } from 'vitest'
import { RegistryClient, RegistryError, type RegistryClientOptions } from '../../src/registry/index.js'
import { closedPortUrl, json, startFaultServer } from './fault-server.js'

const closers: Array<() => Promise<void>> = []
afterEach(async () => {
  while (closers.length) await closers.pop()?.()
})

type Server = Awaited<ReturnType<typeof startFaultServer>>

async function serve(handler: Parameters<typeof startFaultServer>[0]): Promise<Server> {
  const s = await startFaultServer(handler)
  closers.push(s.close)
  return s
}

/** A client whose sleeps are recorded instead of waited, with jitter fixed at 0. */
function clientFor(urls: string | string[], options: Partial<RegistryClientOptions> = {}) {
  const sleeps: number[] = []
  const client = new RegistryClient({
    urls: Array.isArray(urls) ? urls : [urls],
    random: () => 0,
    sleep: async (ms) => {
      sleeps.push(ms)
    },
    ...options,
  })
  closers.push(() => client.close())
  return { client, sleeps }
}

async function failure(p: Promise<unknown>): Promise<RegistryError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(RegistryError)
  return err as RegistryError
}

describe('RegistryClient faults', () => {
  it('reports a registry that is down as UNREACHABLE with the URL, after retrying', async () => {
    const url = await closedPortUrl()
    const { client, sleeps } = clientFor(url, { retries: 2 })
    const err = await failure(client.listSubjects())
    expect(err.code).toBe('UNREACHABLE')
    expect(err.kind).toBe('registry')
    expect(err.message).toBe(`Cannot reach registry ${url}: connection refused (ECONNREFUSED)`)
    expect(sleeps).toEqual([125, 250])
  })

  it('does not retry an unknown host', async () => {
    const { client, sleeps } = clientFor('http://no-such-host.invalid:8081')
    const err = await failure(client.listSubjects())
    expect(err.message).toBe('Cannot reach registry http://no-such-host.invalid:8081: host not found (ENOTFOUND)')
    expect(sleeps).toEqual([])
  })

  it('fails over to the next base URL when one is down', async () => {
    const down = await closedPortUrl()
    const up = await serve((_req, res) => json(res, 200, ['a-value']))
    const { client, sleeps } = clientFor([down, up.url])
    expect(await client.listSubjects()).toEqual(['a-value'])
    expect(sleeps).toEqual([])
    expect(client.url).toBe(up.url)
  })

  it('retries a read after a connection reset', async () => {
    const s = await serve((_req, res, n) => (n === 0 ? res.socket?.destroy() : json(res, 200, [1, 2])))
    const { client } = clientFor(s.url)
    expect(await client.listVersions('orders-value')).toEqual([1, 2])
    expect(s.requests).toHaveLength(2)
  })

  it('does not repeat a DELETE after a connection reset', async () => {
    const s = await serve((_req, res) => res.socket?.destroy())
    const { client } = clientFor(s.url)
    const err = await failure(client.deleteSubject('orders-value'))
    expect(err.code).toBe('UNREACHABLE')
    expect(s.requests).toHaveLength(1)
  })

  it('retries 500s with exponential backoff, then succeeds', async () => {
    const s = await serve((_req, res, n) => (n < 2 ? json(res, 500, { error_code: 50001, message: 'store' }) : json(res, 200, { id: 7 })))
    const { client, sleeps } = clientFor(s.url, { retryDelayMs: 100 })
    expect(await client.register('orders-value', { schema: '"string"' })).toEqual({ id: 7 })
    expect(s.requests).toHaveLength(3)
    expect(sleeps).toEqual([50, 100])
  })

  it('gives up after the configured retries with SERVER_ERROR', async () => {
    const s = await serve((_req, res) => json(res, 503, { error_code: 50003, message: 'forwarding failed' }))
    const { client } = clientFor(s.url, { retries: 1 })
    const err = await failure(client.listSubjects())
    expect(err.code).toBe('SERVER_ERROR')
    expect(err.message).toContain('error 50003')
    expect(s.requests).toHaveLength(2)
  })

  it('honours Retry-After on 429, even for a DELETE', async () => {
    const s = await serve((_req, res, n) => (n === 0 ? json(res, 429, { error_code: 429, message: 'slow down' }, { 'retry-after': '2' }) : json(res, 200, 3)))
    const { client, sleeps } = clientFor(s.url)
    expect(await client.deleteVersion('orders-value', 3)).toBe(3)
    expect(sleeps).toEqual([2000])
  })

  it('honours Retry-After on 429 for a GET, in seconds or as an HTTP date', async () => {
    const at = new Date(Date.UTC(2030, 0, 1, 0, 0, 5)).toUTCString()
    const s = await serve((_req, res, n) =>
      n === 0
        ? json(res, 429, { error_code: 429 }, { 'retry-after': '3' })
        : n === 1
          ? json(res, 429, { error_code: 429 }, { 'retry-after': at })
          : json(res, 200, ['a-value']),
    )
    const { client, sleeps } = clientFor(s.url, { now: () => Date.UTC(2030, 0, 1, 0, 0, 1) })
    expect(await client.listSubjects()).toEqual(['a-value'])
    expect(sleeps).toEqual([3000, 4000])
    expect(s.requests.map((q) => q.method)).toEqual(['GET', 'GET', 'GET'])
  })

  it('times out a slow response with TIMEOUT', async () => {
    const s = await serve((_req, res) => {
      const t = setTimeout(() => json(res, 200, []), 3000)
      res.on('close', () => clearTimeout(t))
    })
    const { client } = clientFor(s.url, { timeoutMs: 300, retries: 0 })
    const err = await failure(client.listSubjects())
    expect(err.code).toBe('TIMEOUT')
    expect(err.message).toContain('gave no answer within 300 ms, 1 attempt')
  })

  it('times out a reply trickled in small chunks: the timeout is a deadline for the whole attempt', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.write('[')
      let sent = 0
      const t = setInterval(() => (++sent < 12 ? res.write(`"s${sent}",`) : (clearInterval(t), res.end('"last"]'))), 100)
      res.on('close', () => clearInterval(t))
    })
    const { client } = clientFor(s.url, { timeoutMs: 400, retries: 1 })
    const err = await failure(client.listSubjects())
    expect(err.code).toBe('TIMEOUT')
    expect(err.message).toBe(`The registry ${s.url} gave no answer within 400 ms, 2 attempts`)
    expect(s.requests).toHaveLength(2)
  })

  it('stops retrying once the time budget is spent, however many retries are allowed', async () => {
    const s = await serve((_req, res) => json(res, 503, { error_code: 50301, message: 'unavailable' }))
    // A clock that only moves when the client sleeps: backoffs of 250, 500, 1000, 2000 and 4000 ms
    // (jitter at its ceiling) leave less than the 5 s a connection needs of the 14 s budget.
    let clock = 0
    const client = new RegistryClient({ urls: [s.url], retries: 100, random: () => 1, now: () => clock, sleep: async (ms) => void (clock += ms) })
    closers.push(() => client.close())
    const err = await failure(client.listSubjects())
    expect(err.code).toBe('SERVER_ERROR')
    expect(s.requests).toHaveLength(6)
    expect(clock).toBe(7750)
  })

  it('waits out Retry-After beyond the budget: a registry that answers 429 is not one that never answers', async () => {
    const s = await serve((_req, res, n) =>
      n < 3 ? json(res, 429, { error_code: 429, message: 'slow down' }, { 'retry-after': '8' }) : json(res, 200, ['a-value']),
    )
    let clock = 0
    const client = new RegistryClient({ urls: [s.url], retries: 3, maxRetryDelayMs: 10_000, now: () => clock, sleep: async (ms) => void (clock += ms) })
    closers.push(() => client.close())
    expect(await client.listSubjects()).toEqual(['a-value'])
    expect(clock).toBe(24_000)
  })

  it('reports 401 as UNAUTHORIZED without the credentials from the URL', async () => {
    const s = await serve((_req, res) => json(res, 401, { error_code: 401, message: 'Unauthorized' }))
    const withCreds = s.url.replace('http://', 'http://alice:s3cr3t-pass@')
    const { client } = clientFor(withCreds)
    const err = await failure(client.getVersion('orders-value', 'latest'))
    expect(err.code).toBe('UNAUTHORIZED')
    expect(err.message).toBe(`Authentication failed at registry ${s.url} (error 401)`)
    expect(JSON.stringify({ m: err.message, h: err.hint, d: err.data })).not.toContain('s3cr3t')
    // the URL credentials were sent as a header, not in the request line
    expect(s.requests[0].headers.authorization).toBe('Basic ' + Buffer.from('alice:s3cr3t-pass').toString('base64'))
    expect(s.requests[0].url).not.toContain('alice')
  })

  it('does not follow a redirect to another origin, so credentials stay home', async () => {
    const other = await serve((_req, res) => json(res, 200, []))
    const s = await serve((_req, res) => {
      res.writeHead(307, { location: `${other.url}/subjects` })
      res.end()
    })
    const { client } = clientFor(s.url, { auth: { type: 'bearer', token: 'tok-123456' } })
    const err = await failure(client.listSubjects())
    expect(err.code).toBe('REDIRECT')
    expect(err.message).toContain(`${other.url}/subjects`)
    expect(other.requests).toHaveLength(0)
  })
})

describe('RegistryClient wire behaviour', () => {
  it('sends the headers real clients send, omits absent fields and encodes subjects', async () => {
    const s = await serve((_req, res) => json(res, 200, { id: 1 }))
    const { client } = clientFor(s.url, { userAgent: 'schemactl/9.9.9', headers: { 'target-sr-cluster': 'lsrc-1' } })
    await client.register('team/orders-value', { schema: '"string"', schemaType: 'AVRO', references: [] })
    const req = s.requests[0]
    expect(req.method).toBe('POST')
    expect(req.url).toBe('/subjects/team%2Forders-value/versions')
    expect(req.headers.accept).toBe('application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json, application/json')
    expect(req.headers['content-type']).toBe('application/vnd.schemaregistry.v1+json')
    expect(req.headers['confluent-accept-unknown-properties']).toBe('true')
    expect(req.headers['user-agent']).toBe('schemactl/9.9.9')
    expect(req.headers['target-sr-cluster']).toBe('lsrc-1')
    expect(JSON.parse(req.body)).toEqual({ schema: '"string"' })
  })

  it('keeps the : of a context-qualified subject and a base path', async () => {
    const s = await serve((_req, res) => json(res, 200, [1]))
    const { client } = clientFor(`${s.url}/apis/ccompat/v7/`)
    await client.listVersions(':.staging:orders-value', { deleted: true })
    expect(s.requests[0].url).toBe('/apis/ccompat/v7/subjects/:.staging:orders-value/versions?deleted=true')
  })

  it.each([409, 40901])('maps error_code %i to INCOMPATIBLE_SCHEMA', async (code) => {
    const s = await serve((_req, res) => json(res, 409, { error_code: code, message: 'Schema being registered is incompatible' }))
    const { client } = clientFor(s.url)
    const err = await failure(client.register('orders-value', { schema: '"int"' }))
    expect(err.code).toBe('INCOMPATIBLE_SCHEMA')
    expect(err.message).toContain("subject 'orders-value'")
    expect(s.requests).toHaveLength(1)
  })

  it('words 40401 as a sentence naming subject and registry', async () => {
    const s = await serve((_req, res) => json(res, 404, { error_code: 40401, message: "Subject 'orders-value' not found." }))
    const { client } = clientFor(s.url)
    const err = await failure(client.listVersions('orders-value'))
    expect(err.code).toBe('SUBJECT_NOT_FOUND')
    expect(err.message).toBe(`Subject 'orders-value' not found in registry ${s.url} (error 40401)`)
    expect(err.status).toBe(404)
  })

  it('treats 40401 on GET /config/{s} (old servers, Karapace) as "no subject level"', async () => {
    const s = await serve((_req, res) => json(res, 404, { error_code: 40401, message: "Subject 'x' not found." }))
    const { client } = clientFor(s.url)
    expect((await failure(client.getConfig('x'))).code).toBe('SUBJECT_CONFIG_NOT_FOUND')
  })

  it('reads error bodies without error_code by HTTP status', async () => {
    const s = await serve((_req, res) => json(res, 403, { message: 'Forbidden' }))
    const { client } = clientFor(s.url)
    expect((await failure(client.listSubjects())).code).toBe('FORBIDDEN')
  })

  it('defaults a missing schemaType to AVRO', async () => {
    const s = await serve((_req, res) => json(res, 200, { subject: 'a', version: 1, id: 3, schema: '"string"' }))
    const { client } = clientFor(s.url)
    expect((await client.getVersion('a', 1)).schemaType).toBe('AVRO')
    expect((await client.getSchemaById(3)).schemaType).toBe('AVRO')
  })

  it('fetches a schema by id once, sharing concurrent requests', async () => {
    const s = await serve((_req, res) => setTimeout(() => json(res, 200, { schema: '"string"' }), 20))
    const { client } = clientFor(s.url)
    await Promise.all([client.getSchemaById(5), client.getSchemaById(5), client.getSchemaById(5)])
    await client.getSchemaById(5)
    expect(s.requests).toHaveLength(1)
  })

  it('returns raw schema text unparsed', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/vnd.schemaregistry.v1+json' })
      res.end('{"type":"string"}')
    })
    const { client } = clientFor(s.url)
    expect(await client.getRawSchema('a', 'latest')).toBe('{"type":"string"}')
  })
})

describe('RegistryClient OAuth', () => {
  it('fetches a client-credentials token once, reuses it and refreshes it before expiry', async () => {
    let issued = 0
    const idp = await serve((_req, res) => json(res, 200, { access_token: `tok-${++issued}-abcdef`, expires_in: 3600 }))
    const s = await serve((_req, res) => json(res, 200, []))
    let now = 1_000_000
    const learnt: string[] = []
    const { client } = clientFor(s.url, {
      auth: { type: 'oauth', tokenUrl: `${idp.url}/token`, clientId: 'cli', clientSecret: 'very-secret', scope: 'sr' },
      now: () => now,
      onSecret: (v) => learnt.push(v),
    })
    await Promise.all([client.listSubjects(), client.listSubjects()])
    expect(idp.requests).toHaveLength(1)
    expect(new URLSearchParams(idp.requests[0].body).get('scope')).toBe('sr')
    expect(new URLSearchParams(idp.requests[0].body).get('grant_type')).toBe('client_credentials')
    expect(s.requests.map((r) => r.headers.authorization)).toEqual(['Bearer tok-1-abcdef', 'Bearer tok-1-abcdef'])
    now += 3_590_000 // within the refresh margin
    await client.listSubjects()
    expect(idp.requests).toHaveLength(2)
    expect(s.requests[2].headers.authorization).toBe('Bearer tok-2-abcdef')
    expect(learnt).toEqual(['tok-1-abcdef', 'tok-2-abcdef'])
  })

  it('fetches a new token once when the registry rejects the cached one', async () => {
    let issued = 0
    const idp = await serve((_req, res) => json(res, 200, { access_token: `tok-${++issued}-abcdef`, expires_in: 3600 }))
    const s = await serve((req, res) =>
      req.headers.authorization === 'Bearer tok-1-abcdef' ? json(res, 401, { error_code: 401, message: 'expired' }) : json(res, 200, ['x']),
    )
    const { client } = clientFor(s.url, { auth: { type: 'oauth', tokenUrl: `${idp.url}/token`, clientId: 'cli', clientSecret: 'very-secret' } })
    expect(await client.listSubjects()).toEqual(['x'])
    expect(idp.requests).toHaveLength(2)
  })
})
