/**
 * `schemactl diff` with registry sides (`subject@version`, `subject@latest`, `id:<n>`) against a real
 * `schemactl serve` on 127.0.0.1, through the real binary (build first).
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { useTestRegistry } from '../helpers/registry-server.js'

const BIN = fileURLToPath(new URL('../../bin/run.js', import.meta.url))

/** Runs the binary without blocking this process's event loop (the registry runs in it). */
function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, 'diff', ...args], { cwd: dir, env: { ...process.env, NO_COLOR: '1' } }, (err, stdout, stderr) =>
      resolve({ code: err ? Number((err as { code?: number }).code) : 0, stdout, stderr }),
    )
  })
}

async function register(subject: string, schema: unknown, references?: unknown[]): Promise<number> {
  const res = await fetch(`${registry.url}/subjects/${encodeURIComponent(subject)}/versions`, {
    method: 'POST',
    headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' },
    body: JSON.stringify({ schema: JSON.stringify(schema), ...(references ? { references } : {}) }),
  })
  const body = (await res.json()) as { id: number }
  if (!res.ok) throw new Error(`register ${subject}: ${JSON.stringify(body)}`)
  return body.id
}

const user = (fields: unknown[]) => ({ type: 'record', name: 'User', namespace: 'com.acme', fields })
const v1 = user([{ name: 'id', type: 'long' }])
const v2 = user([
  { name: 'id', type: 'long' },
  { name: 'email', type: 'string', default: '' },
])
const address = { type: 'record', name: 'Address', namespace: 'com.acme', fields: [{ name: 'city', type: 'string' }] }
const order = { type: 'record', name: 'Order', namespace: 'com.acme', fields: [{ name: 'to', type: 'com.acme.Address' }] }

const registry = useTestRegistry()
let dir: string
let ids: { v1: number; v2: number; order: number }
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'schemactl-diff-registry-'))
  writeFileSync(join(dir, 'v1.avsc'), JSON.stringify(v1))
  ids = { v1: await register('users-value', v1), v2: await register('users-value', v2), order: 0 }
  await register('address', address)
  ids.order = await register('orders-value', order, [{ name: 'com.acme.Address', subject: 'address', version: 1 }])
})
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true })
})

describe('schemactl diff with registry sides', () => {
  it('diffs two subject versions, and a file against the latest version', async () => {
    const versions = await run('users-value@1', 'users-value@latest', '--registry', registry.url, '--json')
    expect(versions.code).toBe(0)
    const json = JSON.parse(versions.stdout)
    expect(json.result.changes).toEqual([expect.objectContaining({ kind: 'FIELD_ADDED', path: '/fields/1' })])
    expect(json.result.b).toMatchObject({ kind: 'registry', subject: 'users-value', version: 2, id: ids.v2 })
    expect(json.result.verdicts.every((v: { compatible: boolean }) => v.compatible)).toBe(true)
    const mixed = await run('v1.avsc', 'users-value@2', '--registry', registry.url)
    expect(mixed.stdout).toMatch(/^\+ \/fields\/1 +FIELD_ADDED/m)
  })

  it('reads schemas by id, resolving their references', async () => {
    const byId = JSON.parse((await run(`id:${ids.v1}`, `id:${ids.v2}`, '--registry', registry.url, '--json')).stdout)
    expect(byId.result.changes.map((c: { kind: string }) => c.kind)).toEqual(['FIELD_ADDED'])
    const withRefs = await run(`id:${ids.order}`, 'orders-value@latest', '--registry', registry.url, '--json')
    expect(withRefs.code).toBe(0)
    expect(JSON.parse(withRefs.stdout).result.changes).toEqual([])
  })

  it('an unknown subject, version or id is a registry error (exit 4)', async () => {
    const subject = await run('nobody@1', 'v1.avsc', '--registry', registry.url)
    expect(subject.code).toBe(4)
    expect(subject.stderr).toContain('nobody')
    expect((await run('users-value@9', 'v1.avsc', '--registry', registry.url)).code).toBe(4)
    const id = JSON.parse((await run('id:999', 'v1.avsc', '--registry', registry.url, '--json')).stdout)
    expect(id).toMatchObject({ status: 4, error: { code: expect.stringMatching(/NOT_FOUND/) } })
  })
})
