import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import CheckCompat from '../../src/commands/check-compat.js'
import GetById from '../../src/commands/get-by-id.js'
import List from '../../src/commands/list.js'
import Register from '../../src/commands/register.js'
import Versions from '../../src/commands/versions.js'
import { json, startFaultServer } from '../registry/fault-server.js'
import { runBinary } from '../helpers/run-binary.js'
import { createServer, type Socket } from 'node:net'
import { runCommand } from './run-command.js'

// Faults `schemactl serve` cannot produce, seen through a whole command: documented exit codes.
const closers: Array<() => Promise<void>> = []
afterEach(async () => {
  while (closers.length) await closers.pop()?.()
})

async function serve(handler: Parameters<typeof startFaultServer>[0]) {
  const s = await startFaultServer(handler)
  closers.push(s.close)
  return s
}

describe('registry commands under faults', () => {
  it('a connection reset then 500 then success still succeeds (exit 0)', async () => {
    const s = await serve((_req, res, n) =>
      n === 0 ? res.socket?.destroy() : n === 1 ? json(res, 500, { error_code: 500, message: 'boom' }) : json(res, 200, ['a-value']),
    )
    const run = await runCommand(List, ['--registry', s.url, '--json'])
    expect(run.code).toBe(0)
    expect(run.json.result.subjects).toEqual(['a-value'])
    // Three attempts at the first page, then the next page (this registry does not page: the same names, dropped).
    expect(s.requests).toHaveLength(4)
    expect(s.requests[3]!.url).toContain('offset=1')
  })

  it('waits as Retry-After says on 429, then succeeds', async () => {
    const s = await serve((_req, res, n) =>
      n === 0 ? json(res, 429, { error_code: 429, message: 'Too Many Requests' }, { 'retry-after': '1' }) : json(res, 200, [1]),
    )
    const run = await runCommand(Versions, ['a-value', '--registry', s.url, '--json'])
    expect(run.code).toBe(0)
    expect(run.json.result.versions).toEqual([1])
  })

  it('a slow registry exits 4 with TIMEOUT after the retries', async () => {
    const s = await serve((_req, res) => {
      const t = setTimeout(() => json(res, 200, []), 5000)
      res.on('close', () => clearTimeout(t))
    })
    const run = await runCommand(List, ['--registry', s.url, '--timeout', '200', '--json'], { SCHEMA_REGISTRY_TIMEOUT_MS: undefined })
    expect(run.code).toBe(4)
    expect(run.json.error.code).toBe('TIMEOUT')
    expect(run.json.error.message).toContain(`The registry ${s.url} gave no answer within 200 ms, 4 attempts`)
  }, 30_000)

  it('a 401 exits 4 with UNAUTHORIZED and a hint, without the token', async () => {
    const s = await serve((_req, res) => json(res, 401, { error_code: 401, message: 'Unauthorized' }))
    const run = await runCommand(List, ['--registry', s.url], { SCHEMA_REGISTRY_BEARER_TOKEN: 'tok-should-not-leak' })
    expect(run.code).toBe(4)
    expect(run.stderr).toContain(`Error: Authentication failed at registry ${s.url} (error 401)`)
    expect(run.stderr).toContain('Hint: Check the credentials')
    expect(s.requests[0].headers.authorization).toBe('Bearer tok-should-not-leak')
    expect(run.stdout + run.stderr).not.toContain('tok-should-not-leak')
  })

  it('--insecure warns that TLS verification is off (also in the --json envelope)', async () => {
    const s = await serve((_req, res) => json(res, 200, []))
    const text = await runCommand(List, ['--registry', s.url, '--insecure'])
    expect(text.stderr).toContain('Warning: TLS certificate verification is off')
    const env = await runCommand(List, ['--registry', s.url, '--insecure', '--json'])
    expect(env.json.warnings[0]).toContain('TLS certificate verification is off')
  })

  it('check-compat tolerates a Karapace-like registry: no all-versions endpoint, no verbose', async () => {
    const s = await serve((req, res) => {
      if (req.url === '/subjects/x-value/versions') return json(res, 200, [1])
      if (req.url === '/config/x-value') return json(res, 404, { error_code: 40401, message: "Subject 'x-value' not found." })
      if (req.url === '/config') return json(res, 200, { compatibilityLevel: 'BACKWARD' })
      if (req.url.startsWith('/compatibility/subjects/x-value/versions/latest')) return json(res, 200, { is_compatible: false })
      return json(res, 404, { error_code: 404, message: 'HTTP 404 Not Found' })
    })
    const file = join(mkdtempSync(join(tmpdir(), 'schemactl-karapace-')), 'x.avsc')
    writeFileSync(file, '{"type": "string"}')
    const run = await runCommand(CheckCompat, ['x-value', file, '--registry', s.url, '--json'])
    expect(run.code).toBe(1)
    expect(run.json.result).toMatchObject({ compatible: false, against: 'latest', level: 'BACKWARD', explained: false, messages: [] })
    const text = await runCommand(CheckCompat, ['x-value', file, '--registry', s.url])
    expect(text.stdout).toContain('try --local')
    rmSync(dirname(file), { recursive: true, force: true })
  })

  it("reads Redpanda's generic 422 on register as an invalid schema (exit 5)", async () => {
    const s = await serve((req, res) => {
      if (req.url === '/subjects') return json(res, 200, [])
      return json(res, 422, { error_code: 422, message: 'Invalid schema: unknown type "strng"' })
    })
    const file = join(mkdtempSync(join(tmpdir(), 'schemactl-redpanda-')), 'r-value.avsc')
    writeFileSync(file, '{"type": "string"}')
    const run = await runCommand(Register, [file, '--registry', s.url, '--json'])
    expect(run.code).toBe(5)
    expect(run.json.error.code).toBe('INVALID_SCHEMA')
    expect(run.json.error.message).toContain('unknown type "strng"')
    rmSync(dirname(file), { recursive: true, force: true })
  })

  it("check-compat treats old Apicurio's error_code 404 for a missing subject as a new subject", async () => {
    const missing = { error_code: 404, message: "No artifact with ID 'x-value' in group 'null' was found." }
    const s = await serve((req, res) => (req.url === '/config' ? json(res, 200, { compatibilityLevel: 'BACKWARD' }) : json(res, 404, missing)))
    const file = join(mkdtempSync(join(tmpdir(), 'schemactl-apicurio-')), 'x.avsc')
    writeFileSync(file, '{"type": "string"}')
    const run = await runCommand(CheckCompat, ['x-value', file, '--registry', s.url, '--json'])
    expect(run.code).toBe(0)
    expect(run.json.result).toMatchObject({ compatible: true, newSubject: true, level: 'BACKWARD' })
    rmSync(dirname(file), { recursive: true, force: true })
  })

  it('get-by-id lists the subjects a Karapace-like registry tells with includeSubjects=true', async () => {
    const s = await serve((req, res) => {
      if (req.url === '/schemas/ids/7') return json(res, 200, { schema: '"string"' })
      if (req.url === '/schemas/ids/7?includeSubjects=true') return json(res, 200, { schema: '"string"', subjects: ['a-value', 'b-value'] })
      return json(res, 404, { error_code: 404, message: 'HTTP 404 Not Found' })
    })
    const run = await runCommand(GetById, ['7', '--registry', s.url, '--json'])
    expect(run.code).toBe(0)
    expect(run.json.result.usedBySubjects).toEqual(['a-value', 'b-value'])
    expect(run.json.result.usedBy).toBeUndefined()
  })

  it('register gates on a Karapace-like registry: latest version when there is no all-versions check, none when neither exists', async () => {
    const karapace = (latest: 'refuses' | 'missing') =>
      serve((req, res) => {
        if (req.method === 'GET' && req.url === '/subjects') return json(res, 200, ['k-value'])
        if (req.url === '/subjects/k-value') return json(res, 404, { error_code: 40403, message: 'Schema not found' })
        if (req.url.startsWith('/compatibility/subjects/k-value/versions/latest') && latest === 'refuses')
          return json(res, 200, { is_compatible: false, messages: ['reader field x has no default'] })
        if (req.url === '/subjects/k-value/versions') return json(res, 200, { id: 5, version: 2 })
        return json(res, 404, { error_code: 404, message: 'HTTP 404 Not Found' })
      })
    const file = join(mkdtempSync(join(tmpdir(), 'schemactl-karapace-')), 'k-value.avsc')
    writeFileSync(file, '{"type": "string"}')
    const refusing = await karapace('refuses')
    const refused = await runCommand(Register, [file, '--registry', refusing.url, '--json'])
    expect(refused.code).toBe(1)
    expect(refused.json.result.outcomes[0]).toMatchObject({ status: 'incompatible', messages: ['reader field x has no default'] })
    expect(refusing.requests.some((q) => q.url === '/subjects/k-value/versions')).toBe(false)
    const bare = await karapace('missing')
    const registered = await runCommand(Register, [file, '--registry', bare.url, '--json'])
    expect(registered.code).toBe(0)
    expect(registered.json.result.outcomes[0]).toMatchObject({ status: 'registered', id: 5, version: 2 })
    rmSync(dirname(file), { recursive: true, force: true })
  })
})

describe('a registry that never answers, with the default timeouts (the real binary)', () => {
  const variables = {
    SCHEMA_REGISTRY_TIMEOUT_MS: undefined,
    SCHEMA_REGISTRY_CONNECT_TIMEOUT_MS: undefined,
    SCHEMA_REGISTRY_URL: undefined,
    SCHEMACTL_REGISTRY: undefined,
  }

  it('exits 4 with TIMEOUT after one attempt of 10 s when it accepts but never replies, or UNREACHABLE when the connection never completes', async () => {
    // Accepts every TCP connection and never writes a byte: plain HTTP waits for a reply that never
    // comes; over https the TLS handshake never completes, which is how a connection that is never
    // accepted looks to the client (a full listen backlog or a blackholed address are not reliable).
    const sockets = new Set<Socket>()
    const silent = createServer((socket) => void sockets.add(socket))
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
    const port = (silent.address() as { port: number }).port
    try {
      const [noReply, noConnection] = await Promise.all([
        runBinary(['list', '--registry', `http://127.0.0.1:${port}`, '--json'], { env: variables }),
        runBinary(['list', '--registry', `https://127.0.0.1:${port}`, '--json'], { env: variables }),
      ])
      expect(noReply.code).toBe(4)
      expect(noReply.json.error).toMatchObject({ code: 'TIMEOUT', message: `The registry http://127.0.0.1:${port} gave no answer within 10000 ms, 1 attempt` })
      expect(noConnection.code).toBe(4)
      expect(noConnection.json.error).toMatchObject({
        code: 'UNREACHABLE',
        message: `Cannot reach registry https://127.0.0.1:${port}: no connection within 5000 ms (UND_ERR_CONNECT_TIMEOUT)`,
      })
      expect(noConnection.json.error.hint).toContain('SCHEMA_REGISTRY_CONNECT_TIMEOUT_MS')
    } finally {
      for (const socket of sockets) socket.destroy()
      await new Promise((resolve) => silent.close(resolve))
    }
  }, 60_000)
})
