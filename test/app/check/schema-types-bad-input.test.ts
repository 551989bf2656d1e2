/**
 * Bad JSON Schema and Protobuf input in a workspace: one clear finding per file, at file:line:col
 * where there is a place, exit 5, and the other subjects still reported.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { checkWorkspace, type CheckOutcome } from '../../../src/app/check/workspace.js'
import { temporaryWorkspaces } from '../../workspace/make-workspace.js'

const folder = temporaryWorkspaces()
const S = '"$schema": "http://json-schema.org/draft-07/schema#"'

let dir: string
let outcome: CheckOutcome
const finding = (subject: string) => {
  const report = outcome.report.subjects.find((s) => s.subject === subject)
  expect(report?.verdict).toBe('invalid')
  expect(report?.findings).toHaveLength(1)
  return report!.findings[0]
}

beforeAll(async () => {
  dir = folder({
    'ok-value.json': `{${S}, "type": "string"}`,
    'ok-proto-value.proto': 'syntax = "proto3";\nmessage Ok { string a = 1; }\n',
    'invalid-json-value.json': `{${S}, "type": `,
    'unresolved-ref-value.json': `{${S}, "properties": {"a": {"$ref": "missing.json"}}}`,
    'remote-ref-value.json': `{${S}, "properties": {"a": {"$ref": "https://example.com/x.json"}}}`,
    'unknown-draft-value.json': '{"$schema": "http://example.com/draft-99/schema#", "type": "string"}',
    'deep-json-value.json': `{${S}, ` + '"properties": {"a": {'.repeat(10_000) + '"type":"string"' + '}}'.repeat(10_000) + '}',
    'loop-value.json': `{${S}, "$ref": "#/definitions/a", "definitions": {"a": {"$ref": "#/definitions/b"}, "b": {"$ref": "#/definitions/a"}}}`,
    'bool-value.json': 'true',
    'syntax-value.proto': 'syntax = "proto3";\nmessage M {\n  string a = ;\n}\n',
    'import-value.proto': 'syntax = "proto3";\nimport "nowhere.proto";\nmessage M { string a = 1; }\n',
    'cycle-a.proto': 'syntax = "proto3";\nimport "cycle-b.proto";\nmessage A { string a = 1; }\n',
    'cycle-b.proto': 'syntax = "proto3";\nimport "cycle-a.proto";\nmessage B { string b = 1; }\n',
    'dup-value.proto': 'syntax = "proto3";\nmessage M {\n  string a = 1;\n  string b = 1;\n}\n',
    'reserved-value.proto': 'syntax = "proto3";\nmessage M {\n  reserved 2;\n  string a = 2;\n}\n',
    'mapkey-value.proto': 'syntax = "proto3";\nmessage M {\n  map<double, string> m = 1;\n}\n',
    'deep-proto-value.proto': 'syntax = "proto3";\n' + 'message M {\n'.repeat(10_000) + '}\n'.repeat(10_000),
  })
  writeFileSync(join(dir, 'big-value.json'), Buffer.alloc(50 * 1024 * 1024, 32))
  outcome = await checkWorkspace({ dir })
}, 60_000)

describe('bad JSON Schema input', () => {
  it('exits 5 and still reports the good subjects', () => {
    expect(outcome.report.exitCode).toBe(5)
    expect(outcome.report.subjects.filter((s) => s.verdict === 'compatible').map((s) => s.subject)).toEqual(['loop-value', 'ok-proto-value', 'ok-value'])
  })

  it.each([
    ['invalid-json-value', 1, 64, /^Invalid JSON/],
    ['unresolved-ref-value', 1, 77, /^\$ref 'missing\.json' does not resolve/],
    ['remote-ref-value', 1, 77, /^\$ref 'https:\/\/example\.com\/x\.json' names a remote schema, which is never fetched/],
    ['unknown-draft-value', 1, 2, /^Unknown JSON Schema dialect/],
    ['deep-json-value', 1, 5431, /nested too deeply/],
  ])('%s: one finding at line %i, column %i', (subject, line, column, message) => {
    expect(finding(subject)).toMatchObject({ kind: 'invalid', file: join(dir, `${subject}.json`), line, column, message: expect.stringMatching(message) })
  })

  it('a recursive $ref loop is loaded as the cycle it is (the registry accepts it too), without hanging', () => {
    expect(outcome.report.subjects.find((s) => s.subject === 'loop-value')).toMatchObject({ verdict: 'compatible', findings: [] })
  })

  it('a 50 MB file is refused without being read', () => {
    expect(finding('big-value')).toMatchObject({ code: 'FILE_TOO_LARGE', message: 'is 50 MB, over the 10 MB limit for a schema file' })
  })

  it('a boolean schema without $schema or a configured type is reported as skipped, not a schema', () => {
    expect(outcome.warnings).toEqual([expect.stringMatching(/^1 file skipped: not a schema \(.*bool-value\.json\)/)])
  })
})

describe('bad Protobuf input', () => {
  it.each([
    ['syntax-value', 3, 14, /^expected the field number/],
    ['import-value', 2, 8, /^Import "nowhere\.proto" cannot be resolved/],
    ['cycle-a', 2, 8, /^import "cycle-b\.proto" names cycle-b\.proto, which leads back to this file: circular/],
    ['cycle-b', 2, 8, /^import "cycle-a\.proto" names cycle-a\.proto, which leads back to this file: circular/],
    ['dup-value', 4, 3, /^Field number 1 has already been used/],
    ['reserved-value', 4, 3, /reserved number 2/],
    ['mapkey-value', 3, 3, /map key type double is not allowed/],
    ['deep-proto-value', 258, 1, /nested more than 256 levels deep/],
  ])('%s: one finding at line %i, column %i', (subject, line, column, message) => {
    expect(finding(subject)).toMatchObject({ kind: 'invalid', file: join(dir, `${subject}.proto`), line, column, message: expect.stringMatching(message) })
  })
})

describe('a boolean schema typed by the config', () => {
  it('is a JSON Schema (the registry accepts true and false)', async () => {
    const typed = folder({ 'bool-value.json': 'true', 'schemactl.config.json': { subjects: { 'bool-value': { schemaType: 'JSON' } } } })
    const { report, warnings } = await checkWorkspace({ dir: typed })
    expect(warnings).toEqual([])
    expect(report.subjects).toMatchObject([{ subject: 'bool-value', verdict: 'compatible' }])
  })
})
