/**
 * `schemactl diff` end to end through the real binary (`bin/run.js`, which runs `dist/`: build first).
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const BIN = fileURLToPath(new URL('../../bin/run.js', import.meta.url))

/** Runs the binary in `cwd`; colours off. */
function run(cwd: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [BIN, 'diff', ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

function runJson(cwd: string, ...args: string[]) {
  const result = run(cwd, ...args, '--json')
  return { ...result, json: JSON.parse(result.stdout) }
}

const user = (fields: unknown[]) => JSON.stringify({ type: 'record', name: 'User', namespace: 'com.acme', fields }, null, 2)
const v1 = user([
  { name: 'id', type: 'long' },
  { name: 'age', type: 'int' },
])
const v2 = user([
  { name: 'id', type: 'long' },
  { name: 'age', type: 'long' },
  { name: 'email', type: 'string' },
])
const v3 = user([
  { name: 'id', type: 'long' },
  { name: 'age', type: 'long' },
  { name: 'email', type: 'string', default: '' },
])

let dir: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'schemactl-diff-'))
  writeFileSync(join(dir, 'v1.avsc'), v1)
  writeFileSync(join(dir, 'v2.avsc'), v2)
  writeFileSync(join(dir, 'broken.avsc'), '{\n  "type": "record",\n  "name": "R",\n  "fields": [{"name": "x", "type": "nope"}]\n}')
  mkdirSync(join(dir, 'ws', 'users-value'), { recursive: true })
  writeFileSync(join(dir, 'ws', 'users-value', '1.avsc'), v1)
  writeFileSync(join(dir, 'ws', 'users-value', '2.avsc'), v2)
  writeFileSync(join(dir, 'ws', 'users-value', '3.avsc'), v3)
  mkdirSync(join(dir, 'ws', 'a%2Fb'))
  writeFileSync(join(dir, 'ws', 'a%2Fb', '1.avsc'), v1)
  writeFileSync(join(dir, 'ws', 'orders-value.avsc'), v2)
  mkdirSync(join(dir, 'ws', 'shipments-value'))
  writeFileSync(
    join(dir, 'ws', 'com.acme.Address.avsc'),
    JSON.stringify({ type: 'record', name: 'Address', namespace: 'com.acme', fields: [{ name: 'city', type: 'string' }] }),
  )
  const shipment = (fields: unknown[]) => JSON.stringify({ type: 'record', name: 'Shipment', namespace: 'com.acme', fields })
  writeFileSync(join(dir, 'ws', 'shipments-value', '1.avsc'), shipment([{ name: 'to', type: 'string' }]))
  writeFileSync(join(dir, 'ws', 'shipments-value', '2.avsc'), shipment([{ name: 'to', type: 'Address' }]))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('schemactl diff', () => {
  it('diffs two files as JSON: changes with pointers and the three verdicts, exit 0', () => {
    const { code, json } = runJson(dir, 'v1.avsc', 'v2.avsc')
    expect(code).toBe(0)
    expect(json.status).toBe(0)
    expect(json.result.changes.map((c: { kind: string; path: string }) => `${c.kind} ${c.path}`)).toEqual([
      'TYPE_PROMOTED /fields/1/type',
      'FIELD_ADDED /fields/2',
    ])
    expect(json.result.verdicts.map((v: { level: string; compatible: boolean }) => `${v.level} ${v.compatible}`)).toEqual([
      'BACKWARD false',
      'FORWARD false',
      'FULL false',
    ])
    expect(json.result.verdicts[0].messages[0]).toContain(`The field 'email' at path '/fields/2' in the new schema has no default value`)
    expect(json.result.a).toMatchObject({ kind: 'file', file: 'v1.avsc' })
  })

  it('prints one line per change and the verdicts as text', () => {
    const { code, stdout } = run(dir, 'v1.avsc', 'v2.avsc')
    expect(code).toBe(0)
    expect(stdout).toMatch(/^~ \/fields\/1\/type +TYPE_PROMOTED +field 'age': type changed from int to long/m)
    expect(stdout).toMatch(/^\+ \/fields\/2 +FIELD_ADDED +field 'email' added without a default \(string\)/m)
    expect(stdout).toMatch(/^BACKWARD ✗ incompatible/m)
    // The registry's `{errorType:…}` text is read into type, path and its sentence.
    expect(stdout).toMatch(/^ {4}READER_FIELD_MISSING_DEFAULT_VALUE {2}\/fields\/2 {2}The field 'email' in the new schema has no default value/m)
    expect(stdout).not.toContain('{errorType:')
    expect(stdout).not.toContain('\u001b[')
  })

  it('--text adds the line diff of the canonical forms', () => {
    const { stdout } = run(dir, 'v1.avsc', 'v2.avsc', '--text')
    expect(stdout).toContain('Canonical form:')
    expect(stdout).toContain('-       "type": "int"\n+       "type": "long"')
    expect(stdout).toContain('+       "name": "email",')
  })

  it('--fail-on-incompatible exits 1 only when that level fails', () => {
    expect(runJson(dir, 'v1.avsc', 'v2.avsc', '--fail-on-incompatible', 'backward')).toMatchObject({ code: 1, json: { status: 1 } })
    expect(run(dir, 'ws/users-value@2', 'ws/users-value@3', '--fail-on-incompatible', 'BACKWARD').code).toBe(0)
    expect(run(dir, 'ws/users-value@2', 'ws/users-value@3', '--fail-on-incompatible', 'FULL').code).toBe(0)
    expect(run(dir, 'ws/users-value@1', 'ws/users-value@3', '--fail-on-incompatible', 'FULL').code).toBe(1)
    expect(run(dir, 'v1.avsc', 'v2.avsc', '--fail-on-incompatible', 'SIDEWAYS').code).toBe(2)
  })

  it('reads workspace versions: a number, @latest, a percent-encoded subject and a single-file subject', () => {
    const latest = runJson(dir, 'ws/users-value@1', 'ws/users-value@latest')
    expect(latest.code).toBe(0)
    expect(latest.json.result.b).toMatchObject({ kind: 'workspace', subject: 'users-value', version: 3 })
    expect(latest.json.result.changes.map((c: { kind: string }) => c.kind)).toEqual(['TYPE_PROMOTED', 'FIELD_ADDED'])
    expect(runJson(dir, 'ws/a%2Fb@1', 'ws/orders-value@latest').json.result).toMatchObject({
      a: { subject: 'a/b', version: 1 },
      b: { subject: 'orders-value', version: 1 },
    })
  })

  it('resolves named types a workspace version takes from another file', () => {
    const { code, json } = runJson(dir, 'ws/shipments-value@1', 'ws/shipments-value@2')
    expect(code).toBe(0)
    expect(json.result.changes).toEqual([
      expect.objectContaining({ kind: 'TYPE_CHANGED', path: '/fields/0/type', before: 'string', after: 'record com.acme.Address' }),
    ])
  })

  it('resolves named types for a file that lies in a workspace, as for its workspace version', () => {
    const { code, json } = runJson(dir, 'ws/shipments-value/1.avsc', 'ws/shipments-value/2.avsc')
    expect(code).toBe(0)
    expect(json.result.b).toMatchObject({ kind: 'file', file: 'ws/shipments-value/2.avsc' })
    expect(json.result.changes).toEqual([expect.objectContaining({ kind: 'TYPE_CHANGED', path: '/fields/0/type', after: 'record com.acme.Address' })])
  })

  it('an invalid schema exits 5 naming file:line:col', () => {
    const { code, stderr } = run(dir, 'broken.avsc', 'v1.avsc')
    expect(code).toBe(5)
    expect(stderr).toMatch(/^Error: broken\.avsc:4:\d+: .*nope/m)
    const json = runJson(dir, 'v1.avsc', 'broken.avsc').json
    expect(json).toMatchObject({ status: 5, error: { code: 'INVALID_SCHEMA' } })
  })

  it('a .json JSON Schema without "$schema" is read as Avro: the error says to pass --schema-type JSON', () => {
    writeFileSync(join(dir, 'plain.json'), '{"type": "object", "properties": {"a": {"type": "integer"}}}')
    const { code, stderr } = run(dir, 'plain.json', 'plain.json')
    expect(code).toBe(5)
    expect(stderr).toMatch(/^Error: plain\.json:1:\d+: /m)
    expect(stderr).toContain('pass --schema-type JSON')
    expect(run(dir, 'plain.json', 'plain.json', '--schema-type', 'JSON').code).toBe(0)
  })

  it('a missing file or workspace version exits 5', () => {
    expect(run(dir, 'missing.avsc', 'v1.avsc')).toMatchObject({ code: 5, stderr: expect.stringContaining('Error: missing.avsc: no such file') })
    const version = run(dir, 'ws/users-value@9', 'v1.avsc')
    expect(version.code).toBe(5)
    expect(version.stderr).toContain(`ws/users-value: subject 'users-value' has no version 9 (it has versions 1, 2, 3)`)
    expect(run(dir, 'ws/nobody@1', 'v1.avsc').code).toBe(5)
  })
})
