import { describe, expect, it } from 'vitest'
import { lintSubject } from '../../../src/app/lint/workspace.js'
import { lintSchema } from '../../../src/engine/rules/lint-schema.js'
import type { LoadedSubject, SchemaVersion } from '../../../src/workspace/workspace.js'

const lintConfig = { use: ['STRICT'], except: [], ignore: {}, fieldCase: 'camel' as const, piiTags: ['PII'], piiExceptions: [] }

const ORDER_V1 = `syntax = "proto3";
package acme.orders.v1;

message Order {
  string order_id = 1;
  string email = 2;
}
`
const ORDER_V2 = `syntax = "proto3";
package acme.orders.v1;

message Order {
  string order_id = 1;
  string customerName = 3;
}
`

describe("lintSchema: one JSON Schema or Protobuf text with its type's rule set", () => {
  it("applies only the rules of the schema's type, STANDARD by default, findings at line:col in text order", () => {
    const text = '{\n  "type": "object",\n  "properties": {\n    "id": {}\n  }\n}'
    const result = lintSchema('JSON', text)
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.rules.map((r) => r.id)).toEqual(['JSON_TYPE_REQUIRED', 'JSON_ADDITIONAL_PROPERTIES_EXPLICIT'])
    expect(result.findings.map((f) => [f.rule.id, f.pointer, f.line, f.column])).toEqual([
      ['JSON_ADDITIONAL_PROPERTIES_EXPLICIT', '', 1, 1],
      ['JSON_TYPE_REQUIRED', '/properties/id', 4, 5],
    ])
  })

  it('finds nothing in a schema written as the rules ask', () => {
    const text = JSON.stringify({
      description: 'An order.',
      type: 'object',
      additionalProperties: false,
      properties: { id: { type: 'string', description: 'The id.' } },
    })
    expect(lintSchema('JSON', text, { use: ['STRICT'] })).toEqual(expect.objectContaining({ ok: true, findings: [] }))
    const proto = 'syntax = "proto3";\npackage a.b;\nenum Kind { KIND_UNSPECIFIED = 0; BIG = 1; }\nmessage M { string some_name = 1; Kind kind = 2; }\n'
    expect(lintSchema('PROTOBUF', proto, { use: ['STRICT'] })).toEqual(expect.objectContaining({ ok: true, findings: [] }))
  })

  it('reads the previous version only for the rules that compare versions, and skips what the caller ignores', () => {
    const alone = lintSchema('PROTOBUF', ORDER_V2, { use: ['STRICT'] })
    expect(alone.ok && alone.findings.map((f) => f.rule.id)).toEqual(['PROTO_FIELD_NAME_SNAKE_CASE'])
    const compared = lintSchema('PROTOBUF', ORDER_V2, { use: ['STRICT'], previous: ORDER_V1 })
    expect(compared.ok && compared.findings.map((f) => [f.rule.id, f.pointer, f.line])).toEqual([
      ['PROTO_REMOVED_FIELD_RESERVED', 'Order.2', 4],
      ['PROTO_FIELD_NAME_SNAKE_CASE', 'Order.customerName', 6],
    ])
    const skipped = lintSchema('PROTOBUF', ORDER_V2, { use: ['STRICT'], previous: ORDER_V1, skip: (id) => id === 'PROTO_REMOVED_FIELD_RESERVED' })
    expect(skipped.ok && skipped.findings.map((f) => f.rule.id)).toEqual(['PROTO_FIELD_NAME_SNAKE_CASE'])
    // An unreadable previous version is no reason to fail the newest one's lint.
    const broken = lintSchema('PROTOBUF', ORDER_V2, { use: ['MINIMAL'], previous: 'message {' })
    expect(broken).toEqual(expect.objectContaining({ ok: true, findings: [] }))
  })

  it('says where a text that does not parse fails, instead of linting it', () => {
    expect(lintSchema('JSON', '{\n  "type": }')).toEqual({ ok: false, errors: [expect.objectContaining({ line: 2, column: 11 })] })
    const proto = lintSchema('PROTOBUF', 'syntax = "proto3";\nmessage M {\n  string = 1;\n}')
    expect(proto.ok).toBe(false)
    expect(!proto.ok && proto.errors[0].line).toBe(3)
  })

  it('walks only schema positions: boolean schemas, property-name lists and data values are no schema objects', () => {
    const schema = {
      description: 'x',
      type: 'object',
      unevaluatedProperties: false,
      properties: { any: true, none: false, tags: { type: 'array', description: 't', items: { type: 'string' } } },
      dependencies: { a: ['b'], c: { required: ['d'] } },
      default: { type: 'object', properties: { nested: {} } },
      enum: [{ properties: {} }],
    }
    const result = lintSchema('JSON', JSON.stringify(schema, null, 2), { use: ['STRICT'] })
    expect(result.ok && result.findings.map((f) => [f.rule.id, f.pointer])).toEqual([
      ['JSON_TYPE_REQUIRED', '/dependencies/c'],
      ['JSON_ADDITIONAL_PROPERTIES_EXPLICIT', '/dependencies/c'],
    ])
  })

  it('honours except, by id and by category', () => {
    const text = '{"properties": {"a": {}}}'
    const ids = (r: ReturnType<typeof lintSchema>) => (r.ok ? [...new Set(r.findings.map((f) => f.rule.id))] : [])
    expect(ids(lintSchema('JSON', text, { use: ['STRICT'], except: ['JSON_TYPE_REQUIRED'] }))).toEqual([
      'JSON_ADDITIONAL_PROPERTIES_EXPLICIT',
      'JSON_DESCRIPTION_REQUIRED',
    ])
    expect(ids(lintSchema('JSON', text, { use: ['STRICT'], except: ['STANDARD'] }))).toEqual(['JSON_DESCRIPTION_REQUIRED'])
  })
})

describe('lintSubject: a workspace subject whose files have a schemaType', () => {
  const version = (n: number, text: string, extra: Partial<SchemaVersion> = {}): SchemaVersion => ({
    version: n,
    file: `orders/${n}.proto`,
    text,
    problems: [],
    references: [],
    schemaType: 'PROTOBUF',
    ...extra,
  })
  const subject = (versions: SchemaVersion[]): LoadedSubject => ({
    subject: 'orders',
    layout: { subject: 'orders', layout: 'folder', entry: 'orders', versions: [], problems: [] },
    versions,
  })

  it("lints the newest version with its type's rules, against the version before it", () => {
    const findings = lintSubject(subject([version(1, ORDER_V1), version(2, ORDER_V2)]), 'BACKWARD', [], lintConfig, 'ws')
    expect(findings.map((f) => [f.rule, f.file, f.line, f.column, f.location, f.target, f.version, f.severity])).toEqual([
      ['PROTO_REMOVED_FIELD_RESERVED', 'ws/orders/2.proto', 4, 1, 'Order.2', 'Order.2', 2, 'error'],
      ['PROTO_FIELD_NAME_SNAKE_CASE', 'ws/orders/2.proto', 6, 3, 'Order.customerName', 'Order.customerName', 2, 'error'],
    ])
  })

  it('skips rules whose lint.ignore globs match the subject, and does not lint a version with problems', () => {
    const ignoring = { ...lintConfig, ignore: { PROTO_FIELD_NAME_SNAKE_CASE: ['ord*'] } }
    expect(lintSubject(subject([version(1, ORDER_V2)]), 'BACKWARD', [], ignoring, 'ws')).toEqual([])
    const problem = { code: 'INVALID_SCHEMA' as const, file: 'orders/1.proto', message: 'bad', line: 1, column: 1 }
    const findings = lintSubject(subject([version(1, ORDER_V2, { problems: [problem] })]), 'BACKWARD', [], lintConfig, 'ws')
    expect(findings.map((f) => f.kind)).toEqual(['invalid'])
  })
})
