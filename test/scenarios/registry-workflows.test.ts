/**
 * Scenarios: the chains of commands users run against a registry (the real `schemactl serve` on
 * 127.0.0.1), asserting the registry's final state version by version.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import Check from '../../src/commands/check.js'
import Get from '../../src/commands/get.js'
import List from '../../src/commands/list.js'
import Register from '../../src/commands/register.js'
import { readJsonText } from '../../src/engine/schema/locate.js'
import { runCommand } from '../commands/run-command.js'
import { startTestRegistry, useTestRegistry } from '../helpers/registry-server.js'

const EXAMPLE = join(import.meta.dirname, '..', '..', 'schemas-example')
// Nothing from the machine running the tests decides which registry is used.
const clean = { SCHEMA_REGISTRY_URL: undefined, SCHEMACTL_REGISTRY: undefined, SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO: undefined }

interface StoredVersion {
  version: number
  id: number
  schema: unknown
  references: Array<{ name: string; subject: string; version: number }>
}

const registry = useTestRegistry({ per: 'test' })
let dir: string
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'schemactl-scenario-'))
  cpSync(EXAMPLE, dir, { recursive: true })
  // These workflows count and compare Avro versions; the example's JSON Schema and Protobuf subjects are
  // covered by test/commands/schema-types-registry.test.ts.
  for (const subject of ['customer-value', 'page-views-value', 'money.proto', 'payments-value']) rmSync(join(dir, subject), { recursive: true, force: true })
})
afterEach(async () => {
  rmSync(dir, { recursive: true, force: true })
})

const r = () => ['--registry', registry.url]

/** Every subject's live versions as the registry stores them (schemas parsed as JSON). */
async function registryState(url = registry.url): Promise<Record<string, StoredVersion[]>> {
  const get = async (path: string) => (await fetch(url + path)).json()
  const state: Record<string, StoredVersion[]> = {}
  for (const subject of (await get('/subjects')) as string[]) {
    const versions = (await get(`/subjects/${encodeURIComponent(subject)}/versions`)) as number[]
    state[subject] = await Promise.all(
      versions.map(async (v) => {
        const s = (await get(`/subjects/${encodeURIComponent(subject)}/versions/${v}`)) as {
          version: number
          id: number
          schema: string
          references?: StoredVersion['references']
        }
        return { version: s.version, id: s.id, schema: JSON.parse(s.schema), references: s.references ?? [] }
      }),
    )
  }
  return state
}

/** A workspace file's schema as JSON (comments allowed, as in the example's files). */
function fileSchema(file: string): unknown {
  const json = readJsonText(readFileSync(join(dir, file), 'utf8'))
  if (!json.ok) throw new Error(`${file}: ${json.message}`)
  return json.value
}

const ADDRESS_REF = { name: 'com.acme.common.Address', subject: 'com.acme.common.Address', version: 1 }

describe('register a folder, then check it against the registry', () => {
  it('register schemas-example registers every version in order; check --against registry then passes', async () => {
    const registered = await runCommand(Register, [dir, ...r(), '--json'], clean)
    expect(registered.code).toBe(0)
    const state = await registryState()
    expect(Object.keys(state).sort()).toEqual(['com.acme.common.Address', 'employee-value', 'orders-value', 'user-events-value'])
    expect(state['com.acme.common.Address'].map((v) => v.schema)).toEqual([fileSchema('com.acme.common.Address.avsc')])
    for (const subject of ['employee-value', 'orders-value', 'user-events-value']) {
      expect(state[subject].map((v) => v.version)).toEqual([1, 2, 3])
      expect(state[subject].map((v) => v.schema)).toEqual([1, 2, 3].map((n) => fileSchema(`${subject}/${n}.avsc`)))
    }
    // Every version of orders-value uses the Address type of the other file: a reference, registered first.
    expect(state['orders-value'].map((v) => v.references)).toEqual([[ADDRESS_REF], [ADDRESS_REF], [ADDRESS_REF]])
    expect(state['com.acme.common.Address'][0].id).toBeLessThan(state['orders-value'][0].id)

    const checked = await runCommand(Check, [dir, '--against', 'registry', ...r(), '--json'], clean)
    expect(checked.code).toBe(0)
    expect(checked.json.result.summary).toMatchObject({ subjects: 4, compatible: 4, incompatible: 0, invalid: 0 })
  })

  it('a version file added later: register again adds only that version, the others keep their ids', async () => {
    expect((await runCommand(Register, [dir, ...r()], clean)).code).toBe(0)
    const before = await registryState()
    const v3 = fileSchema('user-events-value/3.avsc') as { fields: unknown[] }
    const v4 = { ...v3, fields: [...v3.fields, { name: 'channel', type: ['null', 'string'], default: null }] }
    writeFileSync(join(dir, 'user-events-value', '4.avsc'), JSON.stringify(v4, null, 2))

    const again = await runCommand(Register, [dir, ...r(), '--json'], clean)
    expect(again.code).toBe(0)
    expect(again.json.result.outcomes.filter((o: { status: string }) => o.status === 'registered')).toMatchObject([
      { subject: 'user-events-value', version: 4 },
    ])
    const after = await registryState()
    expect(after['user-events-value'].slice(0, 3)).toEqual(before['user-events-value'])
    expect(after['user-events-value'][3]).toMatchObject({ version: 4, schema: v4 })
    for (const subject of ['com.acme.common.Address', 'employee-value', 'orders-value']) expect(after[subject]).toEqual(before[subject])
    expect((await runCommand(Check, [dir, '--against', 'registry', ...r()], clean)).code).toBe(0)
  })

  it('a registry that already holds the newest schema as version 1: register refuses before any write, registry unchanged', async () => {
    expect((await runCommand(Register, [join(dir, 'com.acme.common.Address.avsc'), ...r()], clean)).code).toBe(0)
    expect((await runCommand(Register, [join(dir, 'orders-value', '3.avsc'), ...r()], clean)).code).toBe(0)
    const before = await registryState()

    const run = await runCommand(Register, [dir, ...r(), '--json'], clean)
    expect(run.code).toBe(1)
    const conflict = run.json.result.outcomes.find((o: { status: string }) => o.status === 'conflict')
    expect(conflict).toMatchObject({ subject: 'orders-value' })
    expect(conflict.messages[0]).toContain('registered version 1 holds the schema of orders-value/3.avsc, but the folder puts orders-value/1.avsc before it')
    expect(run.json.result.outcomes.filter((o: { status: string }) => o.status === 'registered')).toEqual([])
    expect(await registryState()).toEqual(before)

    const text = await runCommand(Register, [dir, ...r()], clean)
    expect(text.stdout).toContain('conflict       orders-value')
    expect(text.stdout).toContain('0 registered, 1 already registered, 0 incompatible, 1 in conflict with the registry, 6 blocked.')
    expect(await registryState()).toEqual(before)
  })
})

describe('registry failures: exit 4 and one line, no password', () => {
  it('a subject the registry does not have', async () => {
    const run = await runCommand(Get, ['no-such-value', ...r()], clean)
    expect(run.code).toBe(4)
    expect(run.stderr.split('\n')[0]).toBe(`Error: Subject 'no-such-value' not found in registry ${registry.url} (error 40401)`)
  })

  it('a registry that is down', async () => {
    const down = await startTestRegistry()
    await down.close()
    const run = await runCommand(List, ['--registry', down.url], clean)
    expect(run.code).toBe(4)
    expect(run.stderr.split('\n')[0]).toBe(`Error: Cannot reach registry ${down.url}: connection refused (ECONNREFUSED)`)
  })

  it('a wrong password', async () => {
    const guarded = await startTestRegistry({ basicAuth: 'svc:right-pass-4821' })
    try {
      const wrong = guarded.url.replace('http://', 'http://svc:wrong-pass-9313@')
      const run = await runCommand(Register, [dir, '--registry', wrong], clean)
      expect(run.code).toBe(4)
      expect(run.stderr.split('\n')[0]).toBe(`Error: Authentication failed at registry ${guarded.url} (error 401)`)
      expect(run.stdout + run.stderr).not.toContain('wrong-pass-9313')
      const json = await runCommand(List, ['--registry', wrong, '--json'], clean)
      expect(json.json.error.code).toBe('UNAUTHORIZED')
      expect(JSON.stringify(json.json)).not.toContain('wrong-pass-9313')
      // Nothing was written with the wrong credentials.
      const right = guarded.url.replace('http://', 'http://svc:right-pass-4821@')
      expect((await runCommand(List, ['--registry', right, '--json'], clean)).json.result.subjects).toEqual([])
    } finally {
      await guarded.close()
    }
  })
})
