import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import CheckCompat from '../../src/commands/check-compat.js'
import GetCommand from '../../src/commands/get.js'
import Lookup from '../../src/commands/lookup.js'
import Register from '../../src/commands/register.js'
import { useTestRegistry } from '../helpers/registry-server.js'
import { json, startFaultServer } from '../registry/fault-server.js'
import { runCommand } from './run-command.js'

const registry = useTestRegistry({ per: 'test' })
let root: string

const address = { type: 'record', name: 'Address', namespace: 'acme', fields: [{ name: 'street', type: 'string' }] }
const order = {
  type: 'record',
  name: 'Order',
  namespace: 'acme',
  fields: [
    { name: 'id', type: 'string' },
    { name: 'ship_to', type: 'acme.Address' },
  ],
}
const eventV1 = { type: 'record', name: 'Event', fields: [{ name: 'id', type: 'string' }] }
const eventV2 = { ...eventV1, fields: [...eventV1.fields, { name: 'at', type: 'long', default: 0 }] }

function write(file: string, value: unknown): void {
  mkdirSync(join(root, file, '..'), { recursive: true })
  writeFileSync(join(root, file), JSON.stringify(value, null, 2))
}

beforeEach(async () => {
  root = mkdtempSync(join(tmpdir(), 'schemactl-ws-'))
  write('acme-address.avsc', address)
  write('orders-value.avsc', order)
  write('user-events-value/1.avsc', eventV1)
  write('user-events-value/2.avsc', eventV2)
})

afterEach(async () => {
  rmSync(root, { recursive: true, force: true })
})

const r = () => ['--registry', registry.url]

describe('register <folder>', () => {
  it('registers every version, oldest first, dependencies first, with references derived from the workspace', async () => {
    const run = await runCommand(Register, [root, ...r(), '--json'])
    expect(run.code).toBe(0)
    const outcomes = run.json.result.outcomes
    expect(outcomes.map((o: { subject: string; status: string; version: number }) => [o.subject, o.status, o.version])).toEqual([
      ['acme-address', 'registered', 1],
      ['orders-value', 'registered', 1],
      ['user-events-value', 'registered', 1],
      ['user-events-value', 'registered', 2],
    ])
    for (const [version, schema] of [
      [1, eventV1],
      [2, eventV2],
    ] as const) {
      const stored = await runCommand(GetCommand, ['user-events-value', String(version), '--raw', ...r(), '--json'])
      expect(JSON.parse(stored.json.result.schema)).toEqual(schema)
    }
    expect(outcomes[1].references).toEqual([{ name: 'acme.Address', subject: 'acme-address', version: 1 }])
    const stored = await runCommand(GetCommand, ['orders-value', ...r(), '--json'])
    expect(stored.json.result.references).toEqual([{ name: 'acme.Address', subject: 'acme-address', version: 1 }])
    const again = await runCommand(Register, [root, ...r()])
    expect(again.code).toBe(0)
    expect(again.stdout).toContain('0 registered, 3 already registered, 0 incompatible.')
  })

  it('registers a single file with the references its workspace implies, once its dependency is registered', async () => {
    const early = await runCommand(Register, [join(root, 'orders-value.avsc'), ...r(), '--json'])
    expect(early.code).toBe(5)
    expect(early.json.error.code).toBe('REFERENCE_NOT_REGISTERED')
    await runCommand(Register, [join(root, 'acme-address.avsc'), ...r()])
    const run = await runCommand(Register, [join(root, 'orders-value.avsc'), ...r(), '--json'])
    expect(run.code).toBe(0)
    expect(run.json.result.outcomes[0]).toMatchObject({ status: 'registered', references: [{ name: 'acme.Address', subject: 'acme-address', version: 1 }] })
    const found = await runCommand(Lookup, ['orders-value', join(root, 'orders-value.avsc'), ...r(), '--json'])
    expect(found.json.result).toMatchObject({ registered: true, version: 1, id: run.json.result.outcomes[0].id })
    write('orders-value.avsc', { ...order, fields: [...order.fields, { name: 'qty', type: 'int' }] })
    const check = await runCommand(CheckCompat, ['orders-value', join(root, 'orders-value.avsc'), ...r(), '--json'])
    expect(check.code).toBe(1)
    expect(check.json.result.messages.join(' ')).toContain('qty')
  })

  it('lookup says why a schema whose referenced type is not registered cannot be found (exit 1)', async () => {
    const run = await runCommand(Lookup, ['orders-value', join(root, 'orders-value.avsc'), ...r(), '--json'])
    expect(run.code).toBe(1)
    expect(run.json.result).toMatchObject({ registered: false })
    expect(run.json.result.reason).toContain("uses 'acme.Address' from acme-address.avsc, which is not registered under acme-address")
    const text = await runCommand(Lookup, ['orders-value', join(root, 'orders-value.avsc'), ...r()])
    expect(text.stdout).toContain('is not registered under orders-value: ')
  })

  it('--dry-run prints the plan and registers nothing', async () => {
    const run = await runCommand(Register, [root, '--dry-run', ...r()])
    expect(run.code).toBe(0)
    expect(run.stdout).toContain(`would register user-events-value (${join(root, 'user-events-value', '2.avsc')})`)
    expect(run.stdout).toContain('Dry run: 4 to register, 0 already registered, 0 incompatible.')
    expect((await runCommand(GetCommand, ['acme-address', ...r()])).code).toBe(4)
  })

  it('reports an incompatible newest version (exit 1) and blocks the subjects that reference it', async () => {
    await runCommand(Register, [root, ...r()])
    write('acme-address.avsc', { ...address, fields: [...address.fields, { name: 'zip', type: 'string' }] })
    write('orders-value.avsc', { ...order, doc: 'changed' })
    const run = await runCommand(Register, [root, ...r(), '--json'])
    expect(run.code).toBe(1)
    const bySubject = Object.fromEntries(run.json.result.outcomes.map((o: { subject: string; status: string }) => [o.subject, o.status]))
    expect(bySubject).toEqual({ 'acme-address': 'incompatible', 'orders-value': 'blocked', 'user-events-value': 'existing' })
  })

  it('refuses the whole folder when one subject is incompatible, so nothing is half registered', async () => {
    await runCommand(Register, [join(root, 'user-events-value', '1.avsc'), ...r()])
    write('user-events-value/2.avsc', { ...eventV1, fields: [...eventV1.fields, { name: 'at', type: 'long' }] })
    const run = await runCommand(Register, [root, ...r(), '--json'])
    expect(run.code).toBe(1)
    const outcomes = run.json.result.outcomes as Array<{ subject: string; status: string; messages?: string[] }>
    expect(outcomes.map((o) => [o.subject, o.status])).toEqual([
      ['acme-address', 'blocked'],
      ['orders-value', 'blocked'],
      ['user-events-value', 'incompatible'],
    ])
    expect(outcomes[0].messages).toEqual(['not registered: user-events-value is incompatible (--partial registers the others)'])
    expect(outcomes[2].messages?.join(' ')).toContain("'at'")
    expect((await runCommand(GetCommand, ['acme-address', ...r()])).code).toBe(4)
    const text = await runCommand(Register, [root, ...r()])
    expect(text.stdout).toContain('0 registered, 0 already registered, 1 incompatible, 2 blocked.')
    const partial = await runCommand(Register, [root, '--partial', ...r(), '--json'])
    expect(partial.code).toBe(1)
    expect(partial.json.result.outcomes.map((o: { status: string }) => o.status)).toEqual(['registered', 'registered', 'incompatible'])
  })

  it('checks every new version before registering any: a v3 that breaks v2 refuses the subject, v2 included', async () => {
    const eventV3 = { ...eventV2, fields: [...eventV2.fields, { name: 'by', type: 'string' }] }
    write('user-events-value/3.avsc', eventV3)
    const run = await runCommand(Register, [root, ...r(), '--json'])
    expect(run.code).toBe(1)
    const outcomes = run.json.result.outcomes as Array<{ subject: string; status: string; file: string; messages?: string[] }>
    expect(outcomes.filter((o) => o.subject === 'user-events-value').map((o) => [o.file, o.status])).toEqual([
      [join(root, 'user-events-value', '1.avsc'), 'blocked'],
      [join(root, 'user-events-value', '2.avsc'), 'blocked'],
      [join(root, 'user-events-value', '3.avsc'), 'incompatible'],
    ])
    expect(outcomes[4].messages?.join(' ')).toContain("'by'")
    expect((await runCommand(GetCommand, ['user-events-value', ...r()])).code).toBe(4)
  })

  it('--latest-only registers only each newest version, as a single file would be', async () => {
    const run = await runCommand(Register, [root, '--latest-only', ...r(), '--json'])
    expect(run.code).toBe(0)
    expect(run.json.result.outcomes.map((o: { subject: string; version: number }) => [o.subject, o.version])).toEqual([
      ['acme-address', 1],
      ['orders-value', 1],
      ['user-events-value', 1],
    ])
    const stored = await runCommand(GetCommand, ['user-events-value', '1', '--raw', ...r(), '--json'])
    expect(JSON.parse(stored.json.result.schema)).toEqual(eventV2)
  })

  it('a registered version that is in no file of the folder is a conflict: nothing is registered', async () => {
    await runCommand(Register, [join(root, 'user-events-value', '1.avsc'), ...r()])
    const other = join(root, '..', `${root.split('/').pop()}-other.avsc`)
    writeFileSync(other, JSON.stringify({ ...eventV1, fields: [...eventV1.fields, { name: 'note', type: ['null', 'string'], default: null }] }))
    try {
      expect((await runCommand(Register, [other, '--subject', 'user-events-value', ...r()])).code).toBe(0)
    } finally {
      rmSync(other)
    }
    const run = await runCommand(Register, [root, ...r(), '--json'])
    expect(run.code).toBe(1)
    const conflict = run.json.result.outcomes.find((o: { status: string }) => o.status === 'conflict')
    expect(conflict.subject).toBe('user-events-value')
    expect(conflict.messages[0]).toContain('registered version 2 is in no file of the folder (user-events-value/2.avsc is in its place)')
    expect((await runCommand(GetCommand, ['acme-address', ...r()])).code).toBe(4)
  })

  it('gates on the verbose compatibility check even when the registry would accept the schema', async () => {
    // A registry that does not enforce compatibility (Apicurio without rules): it would register anything.
    const fake = await startFaultServer((req, res) => {
      if (req.url === '/subjects/user-events-value/versions' && req.method === 'GET') return json(res, 200, [1])
      if (req.url === '/subjects/user-events-value/versions/1')
        return json(res, 200, { subject: 'user-events-value', version: 1, id: 1, schema: JSON.stringify(eventV1) })
      if (req.url.startsWith('/config')) return json(res, 200, { compatibilityLevel: 'BACKWARD' })
      if (req.method === 'GET' && req.url.startsWith('/subjects')) return json(res, 200, ['user-events-value'])
      if (req.url.startsWith('/compatibility/')) return json(res, 200, { is_compatible: false, messages: ['field at has no default'] })
      if (req.url.startsWith('/subjects/user-events-value?') || req.url === '/subjects/user-events-value')
        return json(res, 404, { error_code: 40403, message: 'Schema not found' })
      return json(res, 200, { id: 1, version: 1 })
    })
    try {
      const run = await runCommand(Register, [root, '--registry', fake.url, '--json'])
      expect(run.code).toBe(1)
      expect(run.json.result.outcomes.find((o: { subject: string }) => o.subject === 'user-events-value')).toMatchObject({
        status: 'incompatible',
        messages: ['field at has no default'],
      })
      expect(fake.requests.filter((q) => q.method === 'POST' && q.url.includes('/versions') && q.url.startsWith('/subjects/'))).toEqual([])
    } finally {
      await fake.close()
    }
  })

  it("checks a new subject's versions under the policy of the config it already has (no versions yet)", async () => {
    rmSync(root, { recursive: true, force: true })
    mkdirSync(root)
    // v2 adds an optional property to an open content model: STRICT refuses it, LENIENT allows it.
    const person = (properties: Record<string, unknown>) => ({ $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', properties })
    write('people-value/1.json', person({ name: { type: 'string' } }))
    write('people-value/2.json', person({ name: { type: 'string' }, age: { type: 'integer' } }))
    const strict = await runCommand(Register, [root, ...r(), '--dry-run', '--json'])
    expect(strict.json.result.outcomes.map((o: { status: string }) => o.status)).toEqual(['blocked', 'incompatible'])
    const res = await fetch(`${registry.url}/config/people-value`, {
      method: 'PUT',
      headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' },
      body: JSON.stringify({ compatibility: 'BACKWARD', compatibilityPolicy: 'LENIENT' }),
    })
    expect(res.status).toBe(200)
    const lenient = await runCommand(Register, [root, ...r(), '--json'])
    expect(lenient.code).toBe(0)
    expect(lenient.json.result.outcomes.map((o: { status: string; version?: number }) => [o.status, o.version])).toEqual([
      ['registered', 1],
      ['registered', 2],
    ])
  })

  it('refuses a workspace with an invalid file before any request (exit 5)', async () => {
    writeFileSync(join(root, 'broken-value.avsc'), '{"type": "record", "name": "B", "fields": [}')
    const run = await runCommand(Register, [root, ...r()])
    expect(run.code).toBe(5)
    expect(run.stderr).toContain('broken-value.avsc:1:')
    expect((await runCommand(GetCommand, ['acme-address', ...r()])).code).toBe(4)
  })
})
