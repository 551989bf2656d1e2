import { beforeEach, describe, expect, it } from 'vitest'
import { useTestRegistry } from '../helpers/registry-server.js'

const reg = useTestRegistry()
const c = reg.http

let n = 0
let subject = ''
beforeEach(() => {
  subject = `types-${++n}`
})

const register = (body: Record<string, unknown>, s = subject) => c.post(`/subjects/${s}/versions`, body)
const proto = (schema: string, references?: unknown[]) => register({ schemaType: 'PROTOBUF', schema, ...(references ? { references } : {}) })

describe('PROTOBUF validation', () => {
  it.each([
    ['a bad syntax value', 'syntax = banana;\nmessage A { string a = 1; }', /illegal token 'banana'/],
    ['a field without a number', 'syntax = "proto3";\nmessage Foo { int32 x = ; garbage }', /Invalid schema: illegal/],
    [
      'an import no reference provides',
      'syntax = "proto3";\nimport "other.proto";\nmessage A { string a = 1; }',
      /import "other.proto" matches no schema reference/,
    ],
    ['an unknown type', 'syntax = "proto3";\nmessage A { Missing m = 1; }', /no such Type or Enum 'Missing'/],
  ])('rejects %s with 42201', async (_what, schema, message) => {
    const res = await proto(schema)
    expect(res.status).toBe(422)
    expect(res.body.error_code).toBe(42201)
    expect(res.body.message).toMatch(message)
  })

  it('resolves imports through references and the well-known google/protobuf types', async () => {
    const other = 'syntax = "proto3";\npackage other;\nmessage B { string b = 1; }\n'
    expect((await proto(other)).status).toBe(200)
    const main =
      'syntax = "proto3";\nimport "other.proto";\nimport "google/protobuf/timestamp.proto";\nmessage A { other.B b = 1; google.protobuf.Timestamp at = 2; }\n'
    const res = await register({ schemaType: 'PROTOBUF', schema: main, references: [{ name: 'other.proto', subject, version: 1 }] }, `${subject}-main`)
    expect(res.status).toBe(200)
    // A Confluent built-in protobufjs does not ship needs no reference either.
    const builtIn = 'syntax = "proto3";\nimport "google/type/money.proto";\nmessage P { google.type.Money m = 1; }'
    expect((await register({ schemaType: 'PROTOBUF', schema: builtIn }, `${subject}-builtin`)).status).toBe(200)
  })

  it('dedupes texts that differ only in whitespace and comments, keeping the text first given', async () => {
    const first = 'syntax = "proto3";\npackage acme;\nmessage Order {\n  string id = 1;\n}\n'
    const relaid = '// orders\nsyntax="proto3";  package acme;\nmessage Order { /* the key */ string id=1; }'
    const a = await proto(first)
    const b = await proto(relaid)
    expect(b.status).toBe(200)
    expect(b.body).toMatchObject({ id: a.body.id, version: 1 })
    expect((await c.get(`/subjects/${subject}/versions`)).body).toEqual([1])
    expect((await c.get(`/schemas/ids/${a.body.id}`)).body.schema).toBe(first)
    expect((await c.post(`/subjects/${subject}`, { schemaType: 'PROTOBUF', schema: relaid })).body).toMatchObject({ version: 1, id: a.body.id })
    // A change inside a string literal is a change.
    const other = await register(
      { schemaType: 'PROTOBUF', schema: first.replace('package acme;', 'package acme;\noption java_package = "a b";') },
      `${subject}-x`,
    )
    const spaced = await register(
      { schemaType: 'PROTOBUF', schema: first.replace('package acme;', 'package acme;\noption java_package = "a  b";') },
      `${subject}-x2`,
    )
    expect(spaced.body.id).not.toBe(other.body.id)
  })
})

describe('JSON Schema validation', () => {
  let k = 0
  // Each in a subject of its own: these tests are about validation, not about a subject's history.
  const json = (schema: unknown) => register({ schemaType: 'JSON', schema: JSON.stringify(schema) }, `${subject}-${++k}`)

  it('rejects a schema the draft-07 meta-schema rejects, naming where', async () => {
    const res = await json({ type: 'strin', properties: 5 })
    expect(res.status).toBe(422)
    expect(res.body).toEqual({ error_code: 42201, message: 'Invalid schema: /properties must be object' })
    expect((await json({ type: 'strin' })).body).toEqual({ error_code: 42201, message: 'Invalid schema: /type must be equal to one of the allowed values' })
  })

  it('honours $schema: 2020-12 keywords are checked by its meta-schema', async () => {
    const base = { type: 'object', properties: { a: { type: 'string' } } }
    expect((await json({ $schema: 'https://json-schema.org/draft/2020-12/schema', ...base, prefixItems: 3 })).body.message).toBe(
      'Invalid schema: /prefixItems must be array',
    )
    // draft-07 has no prefixItems keyword, so there it is an unknown (allowed) property.
    expect((await json({ ...base, prefixItems: 3 })).status).toBe(200)
    expect((await json({ $schema: 'https://json-schema.org/draft/2019-09/schema', ...base, $defs: 1 })).body.message).toBe(
      'Invalid schema: /$defs must be object',
    )
    expect((await json({ $schema: 'http://json-schema.org/draft-07/schema#', ...base })).status).toBe(200)
    expect((await json(true)).status).toBe(200)
  })
})

describe('AVRO defaults', () => {
  it('checks defaults of a schema an import took as is when it is registered again outside IMPORT', async () => {
    // The same text is prepared twice with different options: the second must not reuse the first.
    const schema = JSON.stringify({ type: 'record', name: 'D', fields: [{ name: 'a', type: 'int', default: 'x' }] })
    expect((await c.put(`/mode/${subject}-import`, { mode: 'IMPORT' })).status).toBe(200)
    expect((await register({ schema, id: 90_001, version: 1 }, `${subject}-import`)).status).toBe(200)
    const res = await register({ schema }, `${subject}-readwrite`)
    expect(res.status).toBe(422)
    expect(res.body.error_code).toBe(42201)
    expect(res.body.message).toMatch(/default/i)
  })
})
