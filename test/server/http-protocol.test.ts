import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { connect } from 'node:net'
import { request } from 'undici'
import { beforeAll, describe, expect, it } from 'vitest'
import { startRegistryServer } from '../../src/server/index.js'
import { makeTempDir, startTestRegistry, useTestRegistry } from '../helpers/registry-server.js'
import { client, record } from './http.js'

const reg = useTestRegistry()
const c = reg.http
beforeAll(async () => {
  await c.post('/subjects/s/versions', { schema: record('A', 'x:string') })
})

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
    expect((await c.post('/subjects/s', 'schema', { 'content-type': 'text/plain' })).body).toEqual({
      error_code: 415,
      message: 'HTTP 415 Unsupported Media Type',
    })
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

  /** Sends `text` as is on a new connection; the answer's status, headers and body once the server closes it (ask it to with Connection: close). */
  async function raw(text: string): Promise<{ status: number; head: string; body: string }> {
    const socket = connect(Number(new URL(reg.url).port), '127.0.0.1')
    let received = ''
    socket.on('data', (d) => (received += d.toString()))
    socket.on('error', () => undefined) // reset after the answer: the server refuses the rest of the request
    socket.write(text)
    await new Promise((r) => socket.on('close', r))
    const [head, body] = received.split('\r\n\r\n')
    return { status: Number(head.split(' ')[1]), head, body }
  }

  it.each([
    [
      'a path segment too long',
      `GET /subjects/${'a'.repeat(5000)}/versions HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`,
      414,
      'HTTP 414 URI Too Long: a path segment is longer than 4096 characters',
    ],
    [
      'a bad percent-encoding',
      'GET /subjects/%zz/versions HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
      400,
      'HTTP 400 Bad Request: the URL has an invalid percent-encoding',
    ],
    [
      'a request line over 16 KB',
      `GET /subjects/${'a'.repeat(20000)} HTTP/1.1\r\nHost: x\r\n\r\n`,
      431,
      'HTTP 431 Request Header Fields Too Large: the request line and headers exceed 16384 bytes',
    ],
    [
      'headers over 16 KB',
      `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(20000)}\r\n\r\n`,
      431,
      'HTTP 431 Request Header Fields Too Large: the request line and headers exceed 16384 bytes',
    ],
    ['no HTTP at all', 'HELLO\r\n\r\n', 400, 'HTTP 400 Bad Request: not a valid HTTP request (HPE_INVALID_METHOD)'],
    [
      'a malformed Content-Length',
      'POST /subjects/s/versions HTTP/1.1\r\nHost: x\r\nContent-Length: x\r\n\r\n{}',
      400,
      'HTTP 400 Bad Request: not a valid HTTP request (HPE_INVALID_CONTENT_LENGTH)',
    ],
  ])('answers %s in the registry error shape, without echoing the request', async (_what, text, status, message) => {
    const res = await raw(text)
    expect(res.status).toBe(status)
    expect(res.head.toLowerCase()).toContain('content-type: application/vnd.schemaregistry.v1+json')
    expect(JSON.parse(res.body)).toEqual({ error_code: status, message })
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

  it.each([
    ['admin:', 'the password is empty'],
    [':secret', 'the user name is empty'],
    ['', 'expected user:password'],
  ])('refuses the credential %j of --basic-auth: %s', async (credential, problem) => {
    await expect(startRegistryServer({ memory: true, port: 0, basicAuth: credential })).rejects.toThrow(`Invalid credentials in --basic-auth: ${problem}.`)
  })

  it('refuses a users file line with an empty password or user, naming the line and not the password', async () => {
    const t = makeTempDir()
    try {
      writeFileSync(`${t.dir}/users`, 'bob:pw-bob\ncarol:\n')
      const refused = startRegistryServer({ memory: true, port: 0, usersFile: `${t.dir}/users` })
      await expect(refused).rejects.toThrow(`Invalid credentials in ${t.dir}/users:2: the password is empty.`)
      writeFileSync(`${t.dir}/users`, ':pw-nobody\n')
      await expect(startRegistryServer({ memory: true, port: 0, usersFile: `${t.dir}/users` })).rejects.toThrow(
        /^Invalid credentials in .*users:1: the user name is empty\.$/,
      )
    } finally {
      t.remove()
    }
  })

  it('explains a data folder that is a file, and a changelog that is a folder, in one line', async () => {
    const t = makeTempDir()
    try {
      writeFileSync(`${t.dir}/file`, '')
      await expect(startRegistryServer({ port: 0, data: `${t.dir}/file` })).rejects.toMatchObject({
        kind: 'usage',
        message: `The data folder ${t.dir}/file is a file, not a folder.`,
      })
      mkdirSync(`${t.dir}/data/changelog.jsonl`, { recursive: true })
      await expect(startRegistryServer({ port: 0, data: `${t.dir}/data` })).rejects.toMatchObject({
        kind: 'input',
        code: 'CHANGELOG_NOT_A_FILE',
        message: `The changelog ${t.dir}/data/changelog.jsonl is a folder, not a file.`,
      })
      // The lock of the failed start is released: once the folder is moved away, a server starts.
      rmSync(`${t.dir}/data/changelog.jsonl`, { recursive: true })
      const started = await startRegistryServer({ port: 0, data: `${t.dir}/data`, logLevel: 'error' })
      await started.close()
    } finally {
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
