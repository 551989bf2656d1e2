import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import CheckCompat from '../../src/commands/check-compat.js'
import Register from '../../src/commands/register.js'
import SetConfig from '../../src/commands/set-config.js'
import { json, startFaultServer } from '../registry/fault-server.js'
import { useTestRegistry } from '../helpers/registry-server.js'
import { runCommand } from './run-command.js'

// register and check-compat print the registry's verdict as placed, readable lines (src/output/verdict-text.ts).

const registry = useTestRegistry()
let dir: string
let n = 0
const r = () => ['--registry', registry.url]
const subject = () => `verdict${++n}-value`

/** Writes `text` to `name` under the test folder and returns its path. */
function file(name: string, text: string): string {
  const path = join(dir, name)
  mkdirSync(join(path, '..'), { recursive: true })
  writeFileSync(path, text)
  return path
}

const ORDER_V1 = `{
  "type": "record",
  "name": "Order",
  "namespace": "acme",
  "fields": [
    {"name": "id", "type": "string"},
    {"name": "qty", "type": "int"}
  ]
}
`
// Line 6 changes id's type, line 7 adds a field without a default: two backward differences.
const ORDER_BREAKING = `{
  "type": "record",
  "name": "Order",
  "namespace": "acme",
  "fields": [
    {"name": "id", "type": "int"},
    {"name": "note", "type": "string"},
    {"name": "qty", "type": "int"}
  ]
}
`

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'schemactl-verdict-'))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))
beforeEach(() => {
  process.exitCode = undefined
})

describe('check-compat and register print the verdict as placed lines', () => {
  it('Avro: one line per difference with file:line:col, type, path and a sentence; the raw messages stay in --json and --debug', async () => {
    const s = subject()
    await runCommand(Register, [file(`${s}/v1.avsc`, ORDER_V1), '--subject', s, ...r()])
    const candidate = file(`${s}/v2.avsc`, ORDER_BREAKING)
    const expected = [
      `  ${candidate}:6:20  TYPE_MISMATCH  /fields/0/type  The type of a field in the new schema does not match with the old schema (reader type: INT not compatible with writer type: STRING).`,
      `  ${candidate}:7:5  READER_FIELD_MISSING_DEFAULT_VALUE  /fields/1  The field 'note' in the new schema has no default value and is missing in the old schema.`,
    ]
    for (const local of [[], ['--local']]) {
      const run = await runCommand(CheckCompat, [s, candidate, ...local, ...r()])
      expect(run.code).toBe(1)
      expect(run.stdout.split('\n').slice(0, 3)).toEqual([
        `✗ ${candidate} is incompatible with ${s} version 1, of the versions its level selects (BACKWARD)${local.length ? ' (decided locally)' : ''}:`,
        ...expected,
      ])
      expect(run.stdout).not.toMatch(/errorType|oldSchema|validateFields/)
    }
    const registered = await runCommand(Register, [candidate, '--subject', s, ...r()])
    expect(registered.code).toBe(1)
    expect(registered.stdout).toBe([`incompatible   ${s} (${candidate}) against version 1`, ...expected.map((line) => `  ${line}`)].join('\n') + '\n')

    const asJson = await runCommand(CheckCompat, [s, candidate, ...r(), '--json'])
    expect(asJson.json.result.messages[0]).toMatch(/^\{errorType:'TYPE_MISMATCH', description:'The type \(path '\/fields\/0\/type'\)/)
    expect(asJson.json.result.messages).toContain('{oldSchemaVersion: 1}')
    expect(asJson.json.result.differences[1]).toEqual({
      type: 'READER_FIELD_MISSING_DEFAULT_VALUE',
      path: '/fields/1',
      description: "The field 'note' in the new schema has no default value and is missing in the old schema.",
      pathIn: 'new',
      againstVersion: 1,
      file: candidate,
      line: 7,
      column: 5,
    })
    const debug = await runCommand(CheckCompat, [s, candidate, ...r(), '--debug'])
    expect(debug.stdout).toContain("  The registry's messages:\n    {errorType:'TYPE_MISMATCH'")
    expect(debug.stdout).toContain('    {oldSchemaVersion: 1}')
  })

  it("Avro forward (FULL): Avro's path into the old schema is followed by field name to the candidate's line", async () => {
    const s = subject()
    await runCommand(Register, [file(`${s}/v1.avsc`, ORDER_V1), '--subject', s, ...r()])
    await runCommand(SetConfig, [s, 'FULL', ...r()])
    // qty moves first and widens to long: the old schema (int) cannot read it; FULL quotes no old schema for it.
    const candidate = file(
      `${s}/v2.avsc`,
      ORDER_V1.replace(
        '{"name": "id", "type": "string"},\n    {"name": "qty", "type": "int"}',
        '{"name": "qty", "type": "long"},\n    {"name": "id", "type": "string"}',
      ),
    )
    const run = await runCommand(CheckCompat, [s, candidate, ...r()])
    expect(run.code).toBe(1)
    expect(run.stdout).toContain(
      `  ${candidate}:6:21  TYPE_MISMATCH  /fields/1/type  The type of a field in the old schema does not match with the new schema (reader type: INT not compatible with writer type: LONG).`,
    )
  })

  it("JSON Schema and Protobuf: the registry's paths placed in the file, for check-compat and for register DIR", async () => {
    const person = subject()
    const ws = join(dir, 'ws-types')
    file(
      `ws-types/${person}/1.json`,
      `{\n  "$schema": "http://json-schema.org/draft-07/schema#",\n  "type": "object",\n  "properties": {\n    "name": { "type": "string", "maxLength": 50 }\n  }\n}\n`,
    )
    const order = subject().replace('-value', '-proto-value')
    file(`ws-types/${order}/1.proto`, 'syntax = "proto3";\npackage acme;\n\nmessage Order {\n  string id = 1;\n  int32 qty = 2;\n}\n')
    expect((await runCommand(Register, [ws, ...r()])).code).toBe(0)
    const person2 = file(
      `ws-types/${person}/2.json`,
      `{\n  "$schema": "http://json-schema.org/draft-07/schema#",\n  "type": "object",\n  "properties": {\n    "name": { "type": "string", "maxLength": 20 }\n  }\n}\n`,
    )
    const order2 = file(`ws-types/${order}/2.proto`, 'syntax = "proto3";\npackage acme;\n\nmessage Order {\n  string id = 1;\n  string qty = 2;\n}\n')
    const json = await runCommand(CheckCompat, [person, person2, ...r()])
    expect(json.stdout).toContain(
      `  ${person2}:5:33  MAX_LENGTH_DECREASED  #/properties/name/maxLength  The value in the new schema is less than its value in the old schema.`,
    )
    const proto = await runCommand(CheckCompat, [order, order2, ...r()])
    expect(proto.stdout).toContain(
      `  ${order2}:6:3  FIELD_SCALAR_KIND_CHANGED  #/Order/2  The kind of a SCALAR field in the new schema does not match its kind in the old schema.`,
    )
    const folder = await runCommand(Register, [ws, '--partial', ...r()])
    expect(folder.code).toBe(1)
    expect(folder.stdout).toContain(
      `incompatible   ${person} (${person2}) against version 1\n    ${person2}:5:33  MAX_LENGTH_DECREASED  #/properties/name/maxLength  `,
    )
    expect(folder.stdout).toContain(`incompatible   ${order} (${order2}) against version 1\n    ${order2}:6:3  FIELD_SCALAR_KIND_CHANGED  #/Order/2  `)
    expect(folder.stdout).not.toMatch(/errorType|oldSchema/)
  })

  it("a 409 from register (a registry without the compatibility endpoint) is read from the registry's message", async () => {
    // Forwards everything to serve except the compatibility endpoint, which this registry lacks (404, as Apicurio's ccompat API can).
    const proxy = await startFaultServer((req, res) => {
      if (req.url.startsWith('/compatibility/')) return json(res, 404, { error_code: 404, message: 'HTTP 404 Not Found' })
      void fetch(registry.url + req.url, {
        method: req.method,
        headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' },
        ...(req.body !== '' ? { body: req.body } : {}),
      }).then(async (reply) => json(res, reply.status, await reply.json()))
    })
    try {
      const s = subject()
      await runCommand(Register, [file(`${s}/v1.avsc`, ORDER_V1), '--subject', s, '--registry', proxy.url])
      const candidate = file(`${s}/v2.avsc`, ORDER_BREAKING)
      const run = await runCommand(Register, [candidate, '--subject', s, '--registry', proxy.url])
      expect(run.code).toBe(1)
      expect(proxy.requests.some((q) => q.method === 'POST' && q.url.startsWith(`/subjects/${s}/versions`))).toBe(true)
      expect(run.stdout.split('\n').slice(0, 3)).toEqual([
        `incompatible   ${s} (${candidate}) against version 1`,
        `    ${candidate}:6:20  TYPE_MISMATCH  /fields/0/type  The type of a field in the new schema does not match with the old schema (reader type: INT not compatible with writer type: STRING).`,
        `    ${candidate}:7:5  READER_FIELD_MISSING_DEFAULT_VALUE  /fields/1  The field 'note' in the new schema has no default value and is missing in the old schema.`,
      ])
      const asJson = await runCommand(Register, [candidate, '--subject', s, '--registry', proxy.url, '--json'])
      expect(asJson.json.result.outcomes[0].messages).toEqual([
        expect.stringMatching(
          /^Schema being registered is incompatible with an earlier schema for subject "verdict\d+-value", details: \[\{errorType:'TYPE_MISMATCH'/,
        ),
      ])
    } finally {
      await proxy.close()
    }
  })
})
