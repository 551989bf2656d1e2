/**
 * JSON Schema and Protobuf against a real registry (`schemactl serve`): register a folder with
 * references between files, then `check --against registry`; single files registered, looked up
 * and checked (`check-compat --local`) with their type detected and their references sent.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { checkWorkspace } from '../../src/app/check/workspace.js'
import CheckCompat from '../../src/commands/check-compat.js'
import GetCommand from '../../src/commands/get.js'
import Lookup from '../../src/commands/lookup.js'
import Register from '../../src/commands/register.js'
import { startTestRegistry, type TestRegistry } from '../helpers/registry-server.js'
import { runCommand } from './run-command.js'

let registry: TestRegistry
let root: string

const DRAFT = 'http://json-schema.org/draft-07/schema#'
const address = {
  $schema: DRAFT,
  $id: 'https://acme.example/address.json',
  type: 'object',
  properties: { street: { type: 'string' } },
  additionalProperties: false,
}
const customer = (extra: Record<string, object> = {}) => ({
  $schema: DRAFT,
  type: 'object',
  properties: { name: { type: 'string', maxLength: 20 }, home: { $ref: 'address.json' }, ...extra },
  additionalProperties: false,
})
const money = 'syntax = "proto3";\npackage acme;\n\nmessage Money {\n  string currency = 1;\n  int64 units = 2;\n}\n'
const order = (fields = '') =>
  `syntax = "proto3";\npackage acme;\n\nimport "money.proto";\n\nmessage Order {\n  string id = 1;\n  Money total = 2;${fields}\n}\n`

function write(file: string, value: string | object): void {
  mkdirSync(join(root, file, '..'), { recursive: true })
  writeFileSync(join(root, file), typeof value === 'string' ? value : JSON.stringify(value, null, 2))
}

async function call(method: string, path: string, body: unknown): Promise<void> {
  const response = await fetch(`${registry.url}${path}`, {
    method,
    headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' },
    body: JSON.stringify(body),
  })
  expect(response.ok).toBe(true)
}

beforeEach(async () => {
  registry = await startTestRegistry()
  root = mkdtempSync(join(tmpdir(), 'schemactl-types-'))
  write('address.json', address)
  write('customer-value/1.json', customer())
  write('customer-value/2.json', customer({ nickname: { type: 'string' } }))
  write('money.proto/1.proto', money)
  write('orders-value/1.proto', order())
  write('orders-value/2.proto', order('\n  string note = 3;'))
  // serve decides JSON and Protobuf compatibility only once its own engine lands (another branch): register at NONE.
  await call('PUT', '/config', { compatibility: 'NONE' })
})

afterEach(async () => {
  await registry.close()
  rmSync(root, { recursive: true, force: true })
})

const r = () => ['--registry', registry.url]

describe('JSON Schema and Protobuf folders against serve', () => {
  it('registers the folder with references and types, then check --against registry passes', async () => {
    const run = await runCommand(Register, [root, ...r(), '--json'])
    expect(run.code).toBe(0)
    const outcomes = run.json.result.outcomes as Array<{ subject: string; status: string; version: number }>
    expect(outcomes.map((o) => [o.subject, o.status, o.version])).toEqual([
      ['address', 'registered', 1],
      ['customer-value', 'registered', 1],
      ['customer-value', 'registered', 2],
      ['money.proto', 'registered', 1],
      ['orders-value', 'registered', 1],
      ['orders-value', 'registered', 2],
    ])
    const stored = await runCommand(GetCommand, ['orders-value', ...r(), '--json'])
    expect(stored.json.result).toMatchObject({ schemaType: 'PROTOBUF', references: [{ name: 'money.proto', subject: 'money.proto', version: 1 }] })
    const customerStored = await runCommand(GetCommand, ['customer-value', '1', ...r(), '--json'])
    expect(customerStored.json.result).toMatchObject({ schemaType: 'JSON', references: [{ name: 'address.json', subject: 'address', version: 1 }] })

    const { report } = await checkWorkspace({
      dir: root,
      against: 'registry',
      registry: { flags: { registry: registry.url }, env: {}, cwd: process.cwd(), userAgent: 'test', warn: () => undefined },
      level: 'BACKWARD_TRANSITIVE',
    })
    expect(report.problems).toEqual([])
    expect(report.subjects.map((s) => [s.subject, s.verdict])).toEqual([
      ['address', 'compatible'],
      ['customer-value', 'compatible'],
      ['money.proto', 'compatible'],
      ['orders-value', 'compatible'],
    ])
    expect(report.exitCode).toBe(0)

    // A breaking change in a new version: check refuses it against the registered history, at the place in the file.
    write('customer-value/3.json', customer({ nickname: { type: 'integer' } }))
    write('orders-value/3.proto', order('\n  int32 note = 3;'))
    const broken = await checkWorkspace({
      dir: root,
      against: 'registry',
      registry: { flags: { registry: registry.url }, env: {}, cwd: process.cwd(), userAgent: 'test', warn: () => undefined },
      level: 'BACKWARD',
    })
    const bySubject = Object.fromEntries(broken.report.subjects.map((s) => [s.subject, s]))
    expect(bySubject['customer-value']).toMatchObject({
      verdict: 'incompatible',
      findings: [{ code: 'TYPE_CHANGED', location: '#/properties/nickname', againstVersion: 2 }],
    })
    expect(bySubject['orders-value']).toMatchObject({
      verdict: 'incompatible',
      findings: [{ code: 'FIELD_SCALAR_KIND_CHANGED', location: '#/Order/3', line: 9, againstVersion: 2 }],
    })
    expect(broken.report.exitCode).toBe(1)
  })

  it('register, lookup and check-compat --local a single .json and .proto file: type detected, references sent', async () => {
    expect((await runCommand(Register, [join(root, 'address.json'), ...r()])).code).toBe(0)
    expect((await runCommand(Register, [join(root, 'money.proto', '1.proto'), ...r()])).code).toBe(0)
    const json = await runCommand(Register, [join(root, 'customer-value', '1.json'), ...r(), '--json'])
    expect(json.code).toBe(0)
    expect(json.json.result.outcomes[0]).toMatchObject({ status: 'registered', references: [{ name: 'address.json', subject: 'address', version: 1 }] })
    const proto = await runCommand(Register, [join(root, 'orders-value', '1.proto'), ...r(), '--json'])
    expect(proto.json.result.outcomes[0]).toMatchObject({ status: 'registered', references: [{ name: 'money.proto', subject: 'money.proto', version: 1 }] })
    expect((await runCommand(GetCommand, ['customer-value', ...r(), '--json'])).json.result.schemaType).toBe('JSON')

    const found = await runCommand(Lookup, ['customer-value', join(root, 'customer-value', '1.json'), ...r(), '--json'])
    expect(found.json.result).toMatchObject({ registered: true, version: 1 })
    const foundProto = await runCommand(Lookup, ['orders-value', join(root, 'orders-value', '1.proto'), ...r(), '--json'])
    expect(foundProto.json.result).toMatchObject({ registered: true, version: 1 })

    await call('PUT', '/config/customer-value', { compatibility: 'BACKWARD' })
    await call('PUT', '/config/orders-value', { compatibility: 'BACKWARD' })
    const compatible = await runCommand(CheckCompat, ['orders-value', join(root, 'orders-value', '2.proto'), '--local', ...r(), '--json'])
    expect(compatible.json.result).toMatchObject({ compatible: true, decidedBy: 'local', level: 'BACKWARD' })
    write('customer-value/3.json', { ...customer(), properties: { name: { type: 'string', maxLength: 10 }, home: { $ref: 'address.json' } } })
    const narrowed = await runCommand(CheckCompat, ['customer-value', join(root, 'customer-value', '3.json'), '--local', ...r(), '--json'])
    expect(narrowed.code).toBe(1)
    expect(narrowed.json.result.messages[0]).toMatch(/^\{errorType:"MAX_LENGTH_DECREASED"/)
    // STRICT refuses an optional property added to an open model; the registry's LENIENT policy accepts it.
    write('open-value/1.json', { $schema: DRAFT, type: 'object', properties: { a: { type: 'string' } } })
    write('open-value/2.json', { $schema: DRAFT, type: 'object', properties: { a: { type: 'string' }, b: { type: 'string' } } })
    await runCommand(Register, [join(root, 'open-value', '1.json'), ...r()])
    await call('PUT', '/config/open-value', { compatibility: 'BACKWARD' })
    const strict = await runCommand(CheckCompat, ['open-value', join(root, 'open-value', '2.json'), '--local', ...r(), '--json'])
    expect(strict.json.result.compatible).toBe(false)
    await call('PUT', '/config/open-value', { compatibility: 'BACKWARD', compatibilityPolicy: 'LENIENT' })
    const lenient = await runCommand(CheckCompat, ['open-value', join(root, 'open-value', '2.json'), '--local', ...r(), '--json'])
    expect(lenient.json.result.compatible).toBe(true)
  })

  it('refuses an invalid .proto file before anything is sent, at file:line:col (exit 5)', async () => {
    write('bad-value.proto', 'syntax = "proto3";\nmessage Bad {\n  string a = 1;\n  string b = 1;\n}\n')
    const run = await runCommand(Register, [join(root, 'bad-value.proto'), ...r(), '--json'])
    expect(run.code).toBe(5)
    expect(run.json.error.message).toMatch(/bad-value\.proto:4:\d+: .*1/)
  })
})
