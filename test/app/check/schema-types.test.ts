/** `check` of JSON Schema and Protobuf subjects: types by file, references between files, policies, mixed types. */
import { describe, expect, it } from 'vitest'
import { checkWorkspace } from '../../../src/app/check/workspace.js'
import { openWorkspace } from '../../../src/workspace/workspace.js'
import { join } from 'node:path'
import { makeGitRepo } from '../../helpers/git-repo.js'
import { temporaryWorkspaces } from '../../workspace/make-workspace.js'

const folder = temporaryWorkspaces()

const DRAFT = 'http://json-schema.org/draft-07/schema#'
/** A closed JSON Schema object model with `properties`. */
function closed(properties: Record<string, object>, extra: object = {}): object {
  return { $schema: DRAFT, type: 'object', properties, additionalProperties: false, ...extra }
}
function open(properties: Record<string, object>, extra: object = {}): object {
  return { $schema: DRAFT, type: 'object', properties, ...extra }
}

const PROTO_V1 = `syntax = "proto3";
package acme;

message Order {
  string id = 1;
  int64 cents = 2;
}
`
const PROTO_V2_ADDED = PROTO_V1.replace('int64 cents = 2;', 'int64 cents = 2;\n  string note = 3;')
const PROTO_V3_TYPE_CHANGED = PROTO_V2_ADDED.replace('string note = 3;', 'Money note = 3;\n}\n\nmessage Money {\n  int64 units = 1;')

describe('check: JSON Schema subjects', () => {
  it('reads .json files with $schema as JSON Schema, at every level, with the registry difference types at file:line:col', async () => {
    const dir = folder({
      'person-value/1.json': closed({ name: { type: 'string', maxLength: 10 } }),
      'person-value/2.json': closed({ name: { type: 'string', maxLength: 20 }, age: { type: 'integer' } }),
      'narrowed-value/1.json': closed({ name: { type: 'string', maxLength: 20 } }),
      'narrowed-value/2.json': closed({ name: { type: 'string', maxLength: 10 } }),
    })
    const { report } = await checkWorkspace({ dir })
    expect(report.subjects.map((s) => [s.subject, s.verdict])).toEqual([
      ['narrowed-value', 'incompatible'],
      ['person-value', 'compatible'],
    ])
    const finding = report.subjects[0].findings[0]
    expect(finding).toMatchObject({
      kind: 'incompatible',
      code: 'MAX_LENGTH_DECREASED',
      location: '#/properties/name/maxLength',
      line: 7,
      column: 7,
      version: 2,
      againstVersion: 1,
      direction: 'backward',
    })
    expect(finding.file).toBe(`${dir}/narrowed-value/2.json`)
    expect(finding.message).toMatch(/^\{errorType:"MAX_LENGTH_DECREASED", description:/)
    expect(report.subjects[0].refused[0].messages.at(-1)).toBe("{validateFields: 'false', compatibility: 'BACKWARD'}")
    // FORWARD swaps the sides: the widened maxLength is refused, the narrowed one accepted.
    const forward = await checkWorkspace({ dir, level: 'FORWARD' })
    expect(forward.report.subjects.map((s) => [s.subject, s.verdict])).toEqual([
      ['narrowed-value', 'compatible'],
      ['person-value', 'incompatible'],
    ])
  })

  it('applies the compatibilityPolicy of the config: LENIENT allows an optional property added to an open model', async () => {
    const files = { 'open-value/1.json': open({ a: { type: 'string' } }), 'open-value/2.json': open({ a: { type: 'string' }, b: { type: 'string' } }) }
    const strict = await checkWorkspace({ dir: folder(files) })
    expect(strict.report.subjects[0]).toMatchObject({ verdict: 'incompatible', findings: [{ code: 'OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL' }] })
    const lenient = await checkWorkspace({ dir: folder({ ...files, 'schemactl.config.json': { compatibilityPolicy: 'LENIENT' } }) })
    expect(lenient.report.subjects[0].verdict).toBe('compatible')
    const perSubject = await checkWorkspace({
      dir: folder({ ...files, 'schemactl.config.json': { subjects: { 'open-*': { compatibilityPolicy: 'lenient' } } } }),
    })
    expect(perSubject.report.subjects[0].verdict).toBe('compatible')
  })

  it('skips .json files that are no schema (reported), and reads them by the config schemaType', async () => {
    const avro = { type: 'record', name: 'R', fields: [{ name: 'a', type: 'int' }] }
    const dir = folder({ 'notes.json': { hello: 'world' }, 'avro-value.json': avro, 'schema-value.json': closed({ a: { type: 'string' } }) })
    const { report, warnings } = await checkWorkspace({ dir })
    expect(report.subjects.map((s) => s.subject)).toEqual(['schema-value'])
    expect(warnings).toEqual([expect.stringMatching(/^2 files skipped: not a schema \(.*avro-value\.json, .*notes\.json\)/)])
    const configured = await checkWorkspace({
      dir: folder({
        'avro-value.json': avro,
        'draft-value.json': { type: 'string' },
        'schemactl.config.json': { subjects: { 'avro-value': { schemaType: 'AVRO' }, 'draft-*': { schemaType: 'JSON' } } },
      }),
    })
    expect(configured.warnings).toEqual([])
    expect(configured.report.subjects.map((s) => [s.subject, s.verdict])).toEqual([
      ['avro-value', 'compatible'],
      ['draft-value', 'compatible'],
    ])
  })

  it('resolves $ref to another file (by relative path and by $id) and makes it a reference', async () => {
    const address = { $schema: DRAFT, $id: 'https://acme.example/address.json', type: 'object', properties: { street: { type: 'string' } } }
    const dir = folder({
      'address.json': address,
      'customer-value/1.json': closed({ home: { $ref: 'address.json' } }),
      'customer-value/2.json': closed({ home: { $ref: 'address.json' }, work: { $ref: 'https://acme.example/address.json' } }),
    })
    const workspace = await openWorkspace(dir)
    const loaded = await workspace.loadSubject(workspace.layout.subjects.find((s) => s.subject === 'customer-value')!)
    expect(loaded.versions.map((v) => [v.schemaType, v.problems, v.references.map((r) => [r.name, r.subject, r.file])])).toEqual([
      ['JSON', [], [['address.json', 'address', 'address.json']]],
      [
        'JSON',
        [],
        [
          ['address.json', 'address', 'address.json'],
          ['https://acme.example/address.json', 'address', 'address.json'],
        ],
      ],
    ])
    const { report } = await checkWorkspace({ dir })
    expect(report.exitCode).toBe(0)
  })

  it('refuses mixed types in one subject with the registry message, and NONE accepts them', async () => {
    const dir = folder({ 'mixed-value/1.avsc': { type: 'record', name: 'R', fields: [] }, 'mixed-value/2.json': closed({}) })
    const { report } = await checkWorkspace({ dir })
    expect(report.subjects[0].verdict).toBe('incompatible')
    expect(report.subjects[0].refused[0].messages[0]).toBe('Incompatible because of different schema type')
    expect(report.subjects[0].findings[0]).toMatchObject({ code: 'SCHEMA_TYPE_CHANGED', message: 'Incompatible because of different schema type' })
    expect((await checkWorkspace({ dir, level: 'NONE' })).report.exitCode).toBe(0)
  })
})

describe('check: Protobuf subjects', () => {
  it('checks a history of .proto files and places findings at the field', async () => {
    const dir = folder({ 'orders-value/1.proto': PROTO_V1, 'orders-value/2.proto': PROTO_V2_ADDED, 'orders-value/3.proto': PROTO_V3_TYPE_CHANGED })
    const { report } = await checkWorkspace({ dir })
    const subject = report.subjects[0]
    expect(subject.verdict).toBe('incompatible')
    expect(subject.refused.map((r) => r.version)).toEqual([3])
    expect(subject.findings[0]).toMatchObject({ code: 'FIELD_KIND_CHANGED', location: '#/Order/3', line: 7, column: 3, version: 3, againstVersion: 2 })
    expect(subject.findings[0].message).toMatch(/^\{errorType:"FIELD_KIND_CHANGED"/)
  })

  it('resolves imports of workspace files as references (a subject named by the import path first)', async () => {
    const money = 'syntax = "proto3";\npackage acme;\nmessage Money { int64 units = 1; }\n'
    const order = (extra = '') => `syntax = "proto3";\npackage acme;\nimport "money.proto";\nmessage Order {\n  Money total = 1;${extra}\n}\n`
    const dir = folder({ 'money.proto/1.proto': money, 'orders-value/1.proto': order(), 'orders-value/2.proto': order('\n  string note = 2;') })
    const workspace = await openWorkspace(dir)
    const loaded = await workspace.loadSubject(workspace.layout.subjects.find((s) => s.subject === 'orders-value')!)
    expect(loaded.versions.map((v) => v.references.map((r) => [r.name, r.subject]))).toEqual([
      [['money.proto', 'money.proto']],
      [['money.proto', 'money.proto']],
    ])
    const { report } = await checkWorkspace({ dir })
    expect(report.exitCode).toBe(0)
    // A file named money.proto is the subject `money`, found by the import path without .proto.
    const flat = folder({ 'money.proto': money, 'orders-value.proto': order() })
    const check = await checkWorkspace({ dir: flat })
    expect(check.report.subjects.map((s) => [s.subject, s.verdict])).toEqual([
      ['money', 'compatible'],
      ['orders-value', 'compatible'],
    ])
  })

  it('compares against a folder baseline and a git-free second folder', async () => {
    const before = folder({ 'orders-value/1.proto': PROTO_V1 })
    const after = folder({ 'orders-value/1.proto': PROTO_V1, 'orders-value/2.proto': PROTO_V2_ADDED, 'orders-value/3.proto': PROTO_V3_TYPE_CHANGED })
    const { report } = await checkWorkspace({ dir: after, against: before })
    expect(report.subjects[0]).toMatchObject({ verdict: 'incompatible', versions: [2, 3], refused: [{ version: 3, againstVersion: 2 }] })
  })
})

describe('check --against git:<ref> with JSON Schema and Protobuf subjects', () => {
  it('reads the typed files at the ref and checks only what changed', async () => {
    const repo = makeGitRepo()
    try {
      const person = (maxLength: number) => closed({ name: { type: 'string', maxLength } })
      repo.commit('schemas', { 'person-value/1.json': person(10), 'orders-value/1.proto': PROTO_V1 }, 'first')
      repo.commit(
        'schemas',
        { 'person-value/1.json': person(10), 'person-value/2.json': person(5), 'orders-value/1.proto': PROTO_V1, 'orders-value/2.proto': PROTO_V2_ADDED },
        'second',
      )
      const dir = join(repo.root, 'schemas')
      const { report } = await checkWorkspace({ dir, against: 'git:HEAD~1', changedOnly: true })
      expect(report.subjects.map((s) => [s.subject, s.verdict, s.versions])).toEqual([
        ['orders-value', 'compatible', [2]],
        ['person-value', 'incompatible', [2]],
      ])
      expect(report.subjects[1].findings[0]).toMatchObject({ code: 'MAX_LENGTH_DECREASED', againstVersion: 1 })
      // Nothing changed since HEAD: nothing to check.
      expect((await checkWorkspace({ dir, against: 'git:HEAD', changedOnly: true })).report.subjects).toEqual([])
    } finally {
      repo.remove()
    }
  })
})
