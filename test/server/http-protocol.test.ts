import { writeFileSync } from 'node:fs'
import { request } from 'undici'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startRegistryServer } from '../../src/server/index.js'
import { makeTempDir, startTestRegistry, type TestRegistry } from '../helpers/registry-server.js'
import { client, record } from './http.js'

let reg: TestRegistry
let c: ReturnType<typeof client>
beforeAll(async () => {
  reg = await startTestRegistry()
  c = client(reg.url)
  await c.post('/subjects/s/versions', { schema: record('A', 'x:string') })
})
afterAll(async () => reg.close())

describe('protocol', () => {
  it('GET / answers {} with the no-cache header', async () => {
    const res = await c.get('/')
    expect(res.body).toEqual({})
    expect(res.headers.get('cache-control')).toBe('no-cache, no-store, must-revalidate')
  })

  it('negotiates the response media type', async () => {
    const type = async (accept?: string) => (await c.get('/subjects', accept ? { accept } : {})).headers.get('content-type')
    expect(await type()).toMatch(/^application\/vnd\.schemaregistry\.v1\+json/)
    expect(await type('application/json')).toMatch(/^application\/json/)
    expect(await type('application/vnd.schemaregistry+json, application/json')).toMatch(/^application\/vnd\.schemaregistry\+json/)
    const refused = await c.get('/subjects', { accept: 'text/html' })
    expect(refused.status).toBe(406)
    expect(refused.body.error_code).toBe(406)
  })

  it('accepts the Confluent body types and a body without Content-Type; 415 otherwise', async () => {
    for (const type of ['application/json', 'application/vnd.schemaregistry+json', 'application/octet-stream']) {
      expect((await c.post('/subjects/s', { schema: record('A', 'x:string') }, { 'content-type': type })).status).toBe(200)
    }
    const none = await request(`${reg.url}/subjects/s`, { method: 'POST', body: JSON.stringify({ schema: record('A', 'x:string') }) })
    expect(none.statusCode).toBe(200)
    await none.body.dump()
    expect((await c.post('/subjects/s', 'schema', { 'content-type': 'text/plain' })).body).toEqual({ error_code: 415, message: 'HTTP 415 Unsupported Media Type' })
  })

  it('answers 400 for malformed JSON and 422 for a missing body', async () => {
    const bad = await c.post('/subjects/s/versions', '{"schema":')
    expect(bad.status).toBe(400)
    expect(bad.body.error_code).toBe(400)
    const missing = await c.post('/subjects/s/versions', '')
    expect(missing.status).toBe(422)
    expect(missing.body.error_code).toBe(422)
  })

  it('answers 404 for unknown paths and non-numeric ids, 405 for a wrong method', async () => {
    expect((await c.get('/nowhere')).body).toEqual({ error_code: 404, message: 'HTTP 404 Not Found' })
    expect((await c.get('/schemas/ids/abc')).body).toEqual({ error_code: 404, message: 'HTTP 404 Not Found' })
    expect((await c.put('/subjects', {})).body).toEqual({ error_code: 405, message: 'HTTP 405 Method Not Allowed' })
  })

  it('serves metadata endpoints and schema types', async () => {
    expect((await c.get('/schemas/types')).body.sort()).toEqual(['AVRO', 'JSON', 'PROTOBUF'])
    expect((await c.get('/v1/metadata/version')).body).toHaveProperty('version')
    expect((await c.get('/v1/metadata/id')).body).toMatchObject({ scope: { path: [] } })
  })
})

describe('logging', () => {
  it('logs one line per request at debug', async () => {
    const lines: string[] = []
    const logged = await startTestRegistry({ logLevel: 'debug', log: (l) => lines.push(l) })
    try {
      await client(logged.url).get('/subjects')
      expect(lines.some((l) => /^GET \/subjects 200 /.test(l))).toBe(true)
    } finally {
      await logged.close()
    }
  })
})

describe('access and startup', () => {
  it('protects every endpoint', async () => {
    const secured = await startTestRegistry({ basicAuth: 'alice:s3cret!' })
    try {
      const denied = await client(secured.url).get('/')
      expect(denied.status).toBe(401)
      expect(denied.body.error_code).toBe(401)
      expect(denied.headers.get('www-authenticate')).toMatch(/^Basic/)
      const wrong = await client(secured.url).get('/', { authorization: 'Basic ' + Buffer.from('alice:nope').toString('base64') })
      expect(wrong.status).toBe(401)
      const ok = await client(secured.url).get('/subjects', { authorization: 'Basic ' + Buffer.from('alice:s3cret!').toString('base64') })
      expect(ok.status).toBe(200)
    } finally {
      await secured.close()
    }
  })

  it('accepts every credential of a users file', async () => {
    const t = makeTempDir()
    writeFileSync(`${t.dir}/users`, '# team\nbob:pw-bob\ncarol:pw-carol\n')
    const secured = await startTestRegistry({ usersFile: `${t.dir}/users` })
    try {
      const as = (u: string) => ({ authorization: 'Basic ' + Buffer.from(u).toString('base64') })
      expect((await client(secured.url).get('/', as('carol:pw-carol'))).status).toBe(200)
      expect((await client(secured.url).get('/', as('bob:pw-carol'))).status).toBe(401)
    } finally {
      await secured.close()
      t.remove()
    }
  })

  it('explains a port already in use', async () => {
    await expect(startRegistryServer({ port: Number(new URL(reg.url).port), memory: true })).rejects.toThrow(/is already in use/)
  })

  it('refuses a non-loopback bind without auth unless insecure', async () => {
    await expect(startRegistryServer({ host: '0.0.0.0', port: 0, memory: true })).rejects.toThrow(/without authentication/)
  })

  it('serves on every address with --insecure, reachable on 127.0.0.1', async () => {
    const server = await startRegistryServer({ host: '0.0.0.0', port: 0, memory: true, insecure: true, logLevel: 'error' })
    try {
      expect(server.url).toBe(`http://0.0.0.0:${server.port}`)
      const local = client(`http://127.0.0.1:${server.port}`)
      expect((await local.post('/subjects/open/versions', { schema: record('O', 'x:string') })).body.id).toBe(1)
      expect((await local.get('/subjects')).body).toEqual(['open'])
    } finally {
      await server.close()
    }
  })
})
