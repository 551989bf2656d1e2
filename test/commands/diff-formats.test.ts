/**
 * `schemactl diff` of JSON Schema and Protobuf sides: files (with the files they reference) and
 * registry versions of a real `schemactl serve` on 127.0.0.1, run in-process.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import Diff from '../../src/commands/diff.js'
import { startTestRegistry, type TestRegistry } from '../helpers/registry-server.js'
import { runCommand } from './run-command.js'

const draft7 = 'http://json-schema.org/draft-07/schema#'
const person = (properties: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ $schema: draft7, type: 'object', properties, ...extra })
// v2 adds an optional property to an open content model (STRICT refuses it backward, LENIENT allows it) and shortens maxLength.
const jsonV1 = person({ name: { type: 'string', maxLength: 10 }, home: { $ref: 'address.json' } })
const jsonV2 = person({ name: { type: 'string', maxLength: 5 }, home: { $ref: 'address.json' }, age: { type: 'integer' } })
const jsonV3 = person({ name: { type: 'string', maxLength: 10 }, home: { $ref: 'address.json' }, age: { type: 'integer' } })
const address = { $schema: draft7, type: 'object', properties: { city: { type: 'string' } } }

const common = 'syntax = "proto3";\npackage acme;\n\nmessage Money {\n  int64 cents = 1;\n}\n'
const protoV1 = 'syntax = "proto3";\npackage acme;\nimport "common.proto";\n\nmessage Order {\n  string id = 1;\n  int32 qty = 2;\n  Money total = 3;\n}\n'
const protoV2 =
  'syntax = "proto3";\npackage acme;\nimport "common.proto";\n\nmessage Order {\n  string id = 1;\n  string qty = 2;\n  Money total = 3;\n  int64 placed_at = 4;\n}\n'

let dir: string
let registry: TestRegistry
const file = (name: string) => join(dir, name)
const diff = (...argv: string[]) => runCommand(Diff, argv)

async function call(method: string, path: string, body: unknown): Promise<any> {
  const res = await fetch(`${registry.url}${path}`, {
    method,
    headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' },
    body: JSON.stringify(body),
  })
  const reply = await res.json()
  if (!res.ok) throw new Error(`${method} ${path}: ${JSON.stringify(reply)}`)
  return reply
}
const register = async (subject: string, schemaType: string, schema: string, references?: unknown[]) =>
  (await call('POST', `/subjects/${subject}/versions`, { schemaType, schema, ...(references ? { references } : {}) })).id as number

let ids: number[] = []
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'schemactl-diff-formats-'))
  for (const [name, value] of Object.entries({ 'v1.json': jsonV1, 'v2.json': jsonV2, 'v3.json': jsonV3, 'address.json': address }))
    writeFileSync(file(name), JSON.stringify(value, null, 2))
  writeFileSync(file('common.proto'), common)
  writeFileSync(file('v1.proto'), protoV1)
  writeFileSync(file('v2.proto'), protoV2)
  registry = await startTestRegistry()
  // NONE: the pairs registered here are judged by diff, not refused by the registry's own check.
  for (const subject of ['people-value', 'orders-value']) await call('PUT', `/config/${subject}`, { compatibility: 'NONE' })
  await call('PUT', '/config/people-value', { compatibility: 'NONE', compatibilityPolicy: 'LENIENT' })
  await register('address', 'JSON', JSON.stringify(address))
  await register('common', 'PROTOBUF', common)
  const addressRef = [{ name: 'address.json', subject: 'address', version: 1 }]
  const commonRef = [{ name: 'common.proto', subject: 'common', version: 1 }]
  ids = [
    await register('people-value', 'JSON', JSON.stringify(jsonV1), addressRef),
    await register('people-value', 'JSON', JSON.stringify(jsonV3), addressRef),
    await register('orders-value', 'PROTOBUF', protoV1, commonRef),
    await register('orders-value', 'PROTOBUF', protoV2, commonRef),
  ]
})
afterAll(async () => {
  await registry?.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('schemactl diff of JSON Schema files', () => {
  it("lists the registry's differences in its order and judges each level, STRICT by default", async () => {
    const run = await diff(file('v1.json'), file('v2.json'), '--json')
    expect(run.code).toBe(0)
    const report = run.json.result
    expect(report.schemaType).toBe('JSON')
    expect(report.policy).toBe('STRICT')
    expect(report.differences.map((d: any) => [d.type, d.path, d.compatible])).toEqual([
      ['MAX_LENGTH_DECREASED', '#/properties/name/maxLength', false],
      ['OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL', '#/properties/age', false],
    ])
    expect(report.differences[0].description).toBe(
      `{errorType:"MAX_LENGTH_DECREASED", description:"The value at path '#/properties/name/maxLength' in the new schema is less than its value in the old schema"}`,
    )
    expect(report.verdicts.map((v: any) => [v.level, v.compatible])).toEqual([
      ['BACKWARD', false],
      ['FORWARD', true],
      ['FULL', false],
    ])
    expect(report.verdicts[0].messages.map((m: string) => /errorType:"(\w+)"/.exec(m)?.[1])).toEqual([
      'MAX_LENGTH_DECREASED',
      'OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL',
    ])
  })

  it('judges under --policy LENIENT, where an optional property added to an open model is compatible', async () => {
    const strict = await diff(file('v1.json'), file('v3.json'), '--json', '--fail-on-incompatible', 'BACKWARD')
    expect(strict.code).toBe(1)
    const lenient = await diff(file('v1.json'), file('v3.json'), '--json', '--policy', 'lenient', '--fail-on-incompatible', 'BACKWARD')
    expect(lenient.code).toBe(0)
    expect(lenient.json.result.policy).toBe('LENIENT')
    expect(lenient.json.result.differences).toEqual([expect.objectContaining({ type: 'OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL', compatible: true })])
    expect(lenient.json.result.verdicts[0]).toEqual(expect.objectContaining({ level: 'BACKWARD', compatible: true, messages: [] }))
    expect((await diff(file('v1.json'), file('v3.json'), '--policy', 'loose')).code).toBe(2)
  })

  it('prints the differences and verdicts as text', async () => {
    const run = await diff(file('v1.json'), file('v2.json'))
    expect(run.stdout).toContain('JSON Schema, STRICT policy')
    expect(run.stdout).toMatch(/^~ #\/properties\/name\/maxLength\s+MAX_LENGTH_DECREASED\s+incompatible$/m)
    expect(run.stdout).toMatch(/^BACKWARD\s+✗ incompatible/m)
  })

  it('refuses an invalid side with file:line:col (exit 5), and a $ref to no file', async () => {
    writeFileSync(file('broken.json'), `{\n  "$schema": "${draft7}",\n  "type": 5\n}`)
    const broken = await diff(file('v1.json'), file('broken.json'))
    expect(broken.code).toBe(5)
    expect(broken.stderr).toMatch(/broken\.json:3:\d+: /)
    writeFileSync(file('dangling.json'), JSON.stringify({ $schema: draft7, properties: { a: { $ref: 'nowhere.json' } } }))
    const dangling = await diff(file('v1.json'), file('dangling.json'))
    expect(dangling.code).toBe(5)
    expect(dangling.stderr).toContain("$ref 'nowhere.json' does not resolve")
  })
})

describe('schemactl diff of Protobuf files', () => {
  it('resolves imports beside the file and reports the differences by field number', async () => {
    const run = await diff(file('v1.proto'), file('v2.proto'), '--json')
    expect(run.code).toBe(0)
    const report = run.json.result
    expect(report.schemaType).toBe('PROTOBUF')
    expect(report.policy).toBeUndefined()
    expect(report.differences.map((d: any) => [d.type, d.path, d.compatible])).toEqual([
      ['FIELD_SCALAR_KIND_CHANGED', '#/Order/2', false],
      ['FIELD_ADDED', '#/Order/4', true],
    ])
    expect(report.verdicts.map((v: any) => [v.level, v.compatible, v.messages.length])).toEqual([
      ['BACKWARD', false, 1],
      ['FORWARD', false, 1],
      ['FULL', false, 2],
    ])
    expect(report.verdicts[1].messages[0]).toContain("at path '#/Order/2' in the old schema does not match its kind in the new schema")
  })

  it('finds a file compatible with itself, and a line diff of the canonical text with --text', async () => {
    const same = await diff(file('v1.proto'), file('v1.proto'), '--fail-on-incompatible', 'FULL')
    expect(same.code).toBe(0)
    expect(same.stdout).toContain('No differences.')
    const text = await diff(file('v1.proto'), file('v2.proto'), '--text')
    expect(text.stdout).toMatch(/^- +int32 qty = 2;$/m)
    expect(text.stdout).toMatch(/^\+ +string qty = 2;$/m)
  })

  it('judges sides of different schema types incompatible at every level, as the registry does', async () => {
    const run = await diff(file('v1.proto'), file('v1.json'), '--json')
    expect([run.json.result.schemaType, run.json.result.bSchemaType]).toEqual(['PROTOBUF', 'JSON'])
    expect((await diff(file('v1.proto'), file('v1.json'))).stdout).toContain('Different schema types: a is PROTOBUF, b is JSON.')
    expect(run.json.result.verdicts).toEqual(
      ['BACKWARD', 'FORWARD', 'FULL'].map((level) => ({
        level,
        compatible: false,
        messages: ['Incompatible because of different schema type'],
        incompatibilities: [],
      })),
    )
  })

  it('reads a file as the type --schema-type names', async () => {
    writeFileSync(file('order.txt'), protoV1)
    const run = await diff(file('order.txt'), file('v2.proto'), '--schema-type', 'protobuf', '--json')
    expect(run.json.result.differences).toHaveLength(2)
  })
})

describe('schemactl diff of registry versions', () => {
  it("diffs two JSON Schema versions with their references under the subject's policy (LENIENT), or --policy", async () => {
    const run = await diff('people-value@1', 'people-value@2', '--registry', registry.url, '--json')
    expect(run.code).toBe(0)
    expect(run.json.result.policy).toBe('LENIENT')
    expect(run.json.result.verdicts[0].compatible).toBe(true)
    const strict = await diff('people-value@1', 'people-value@latest', '--registry', registry.url, '--json', '--policy', 'STRICT')
    expect(strict.json.result.policy).toBe('STRICT')
    expect(strict.json.result.verdicts[0].compatible).toBe(false)
  })

  it('diffs a Protobuf file against a registered version, and two ids', async () => {
    const latest = await diff('orders-value@1', file('v2.proto'), '--registry', registry.url, '--json')
    expect(latest.code).toBe(0)
    expect(latest.json.result.a).toEqual(expect.objectContaining({ kind: 'registry', subject: 'orders-value', version: 1, id: ids[2] }))
    expect(latest.json.result.differences.map((d: any) => d.type)).toEqual(['FIELD_SCALAR_KIND_CHANGED', 'FIELD_ADDED'])
    const byId = await diff(`id:${ids[2]}`, `id:${ids[3]}`, '--registry', registry.url, '--json', '--fail-on-incompatible', 'BACKWARD')
    expect(byId.code).toBe(1)
    expect(byId.json.result.differences.map((d: any) => d.path)).toEqual(['#/Order/2', '#/Order/4'])
  })
})
