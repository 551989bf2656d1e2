import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:https'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RegistryClient, RegistryError } from '../../src/registry/index.js'

let dir: string
const pem: Record<string, string> = {}
let server: Server
let url: string

/** Issues a test CA, a server certificate for 127.0.0.1 and a client certificate with openssl. */
function issueCertificates(): void {
  const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' })
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes']
  ssl('req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '1', '-subj', '/CN=schemactl-test-ca')
  writeFileSync(join(dir, 'san.ext'), 'subjectAltName=IP:127.0.0.1\n')
  for (const name of ['server', 'client']) {
    ssl('req', ...ec, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`)
    ssl(
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      `${name}.pem`,
      '-days',
      '1',
      '-extfile',
      'san.ext',
    )
  }
  for (const f of ['ca.pem', 'server.key', 'server.pem', 'client.key', 'client.pem']) pem[f] = readFileSync(join(dir, f), 'utf8')
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'schemactl-tls-'))
  issueCertificates()
  // Requires a client certificate signed by the test CA (mTLS).
  server = createServer({ key: pem['server.key'], cert: pem['server.pem'], ca: pem['ca.pem'], requestCert: true, rejectUnauthorized: true }, (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end('["tls-value"]')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
  rmSync(dir, { recursive: true, force: true })
})

async function list(tls: ConstructorParameters<typeof RegistryClient>[0]['tls']): Promise<unknown> {
  const client = new RegistryClient({ urls: [url], tls, retries: 0 })
  try {
    return await client.listSubjects()
  } catch (err) {
    return err
  } finally {
    await client.close()
  }
}

describe('RegistryClient TLS', () => {
  it('connects with mutual TLS: CA bundle, client certificate and key', async () => {
    expect(await list({ ca: pem['ca.pem'], cert: pem['client.pem'], key: pem['client.key'] })).toEqual(['tls-value'])
  })

  it('verifies the server certificate by default (untrusted CA → TLS_ERROR)', async () => {
    const err = await list({ cert: pem['client.pem'], key: pem['client.key'] })
    expect(err).toBeInstanceOf(RegistryError)
    expect((err as RegistryError).code).toBe('TLS_ERROR')
    expect((err as RegistryError).hint).toMatch(/--insecure/)
  })

  it('skips verification only when insecure', async () => {
    expect(await list({ insecure: true, cert: pem['client.pem'], key: pem['client.key'] })).toEqual(['tls-value'])
  })

  it('fails without a client certificate when the registry requires one', async () => {
    const err = await list({ ca: pem['ca.pem'] })
    expect(err).toBeInstanceOf(RegistryError)
    expect((err as RegistryError).kind).toBe('registry')
  })
})
