/**
 * Random schemas for the codec's properties (proto2 and proto3; every scalar type, enums, nested and
 * earlier messages, maps of every key kind, lists packed or not, oneofs, proto3 `optional`, proto2
 * `required`, snake_case names, well-known types) and random records of them in canonical JSON.
 * Fields are numbered in declaration order, so every writer writes them in the same order.
 */
import fc from 'fast-check'

const SCALARS = [
  'double',
  'float',
  'int64',
  'uint64',
  'int32',
  'fixed64',
  'fixed32',
  'bool',
  'string',
  'bytes',
  'uint32',
  'sfixed32',
  'sfixed64',
  'sint32',
  'sint64',
] as const
const MAP_KEYS = ['string', 'int32', 'int64', 'uint32', 'uint64', 'sint32', 'sint64', 'fixed32', 'fixed64', 'sfixed32', 'sfixed64', 'bool'] as const
const WELL_KNOWN = [
  'google.protobuf.Timestamp',
  'google.protobuf.Duration',
  'google.protobuf.Int64Value',
  'google.protobuf.StringValue',
  'google.protobuf.BoolValue',
  'google.protobuf.Struct',
  'google.protobuf.Value',
  'google.protobuf.Empty',
] as const

/** A field's type: a scalar, the enum, a message (nested Inner or an earlier top-level one), a well-known type or a map. */
export type TypeModel =
  | { kind: 'scalar'; name: (typeof SCALARS)[number] }
  | { kind: 'enum' }
  | { kind: 'message'; name: string }
  | { kind: 'wkt'; name: (typeof WELL_KNOWN)[number] }
  | { kind: 'map'; key: (typeof MAP_KEYS)[number]; value: TypeModel }

export interface FieldModel {
  name: string
  tag: number
  type: TypeModel
  label: '' | 'optional' | 'repeated' | 'required'
  packed?: boolean
}

export interface MessageModel {
  name: string
  fields: FieldModel[]
  oneof: FieldModel[]
  inner: FieldModel[]
}

export interface CodecSchema {
  syntax: 'proto2' | 'proto3'
  messages: MessageModel[]
  enumValues: string[]
}

function typeText(t: TypeModel): string {
  switch (t.kind) {
    case 'scalar':
      return t.name
    case 'enum':
      return 'Status'
    case 'message':
      return t.name
    case 'wkt':
      return t.name
    case 'map':
      return `map<${t.key}, ${typeText(t.value)}>`
  }
}

/** The `.proto` text of a model. */
export function renderCodecSchema(s: CodecSchema): string {
  const lines = [
    `syntax = "${s.syntax}";`,
    'package prop.v1;',
    'import "google/protobuf/timestamp.proto";',
    'import "google/protobuf/duration.proto";',
    'import "google/protobuf/wrappers.proto";',
    'import "google/protobuf/struct.proto";',
    'import "google/protobuf/empty.proto";',
  ]
  const field = (f: FieldModel, inOneof: boolean) => {
    const label = inOneof || f.type.kind === 'map' ? '' : f.label === '' && s.syntax === 'proto2' ? 'optional ' : f.label === '' ? '' : `${f.label} `
    const options = f.packed === undefined ? '' : ` [packed = ${f.packed}]`
    return `  ${label}${typeText(f.type)} ${f.name} = ${f.tag}${options};`
  }
  for (const m of s.messages) {
    lines.push(`message ${m.name} {`)
    for (const f of m.fields) lines.push(field(f, false))
    if (m.oneof.length > 0) lines.push('  oneof choice {', ...m.oneof.map((f) => `  ${field(f, true)}`), '  }')
    lines.push('  message Inner {', ...m.inner.map((f) => `  ${field(f, false)}`), '  }', '}')
  }
  lines.push('enum Status {', ...s.enumValues.map((v, i) => `  ${v} = ${i};`), '}')
  return `${lines.join('\n')}\n`
}

function typeArb(messageIndex: number, depth: number): fc.Arbitrary<TypeModel> {
  const options: Array<fc.Arbitrary<TypeModel>> = [
    fc.constantFrom(...SCALARS).map((name) => ({ kind: 'scalar' as const, name })),
    fc.constant({ kind: 'enum' as const }),
    fc.constant({ kind: 'message' as const, name: `Msg${messageIndex}.Inner` }),
    fc.constantFrom(...WELL_KNOWN).map((name) => ({ kind: 'wkt' as const, name })),
  ]
  if (messageIndex > 0) options.push(fc.integer({ min: 0, max: messageIndex - 1 }).map((i) => ({ kind: 'message' as const, name: `Msg${i}` })))
  if (depth === 0)
    options.push(
      fc.record({ key: fc.constantFrom(...MAP_KEYS), value: typeArb(messageIndex, 1) }).map(({ key, value }) => ({ kind: 'map' as const, key, value })),
    )
  return fc.oneof(...options)
}

function fieldsArb(syntax: 'proto2' | 'proto3', messageIndex: number, max: number): fc.Arbitrary<Array<Omit<FieldModel, 'tag' | 'name'>>> {
  return fc.array(
    fc
      .record({ type: typeArb(messageIndex, 0), labelPick: fc.integer({ min: 0, max: 9 }), packedPick: fc.integer({ min: 0, max: 5 }) })
      .map(({ type, labelPick, packedPick }) => {
        if (type.kind === 'map') return { type, label: '' as const }
        let label: FieldModel['label'] = labelPick < 3 ? 'repeated' : labelPick < 5 ? 'optional' : ''
        if (syntax === 'proto2' && labelPick === 9) label = 'required'
        const packable =
          label === 'repeated' &&
          type.kind !== 'message' &&
          type.kind !== 'wkt' &&
          !(type.kind === 'scalar' && (type.name === 'string' || type.name === 'bytes'))
        const packed = packable && packedPick < 2 ? packedPick === 0 : undefined
        return packed === undefined ? { type, label } : { type, label, packed }
      }),
    { minLength: 0, maxLength: max },
  )
}

/** A schema of 1–3 messages (each may use the earlier ones). */
export const codecSchemaArb: fc.Arbitrary<CodecSchema> = fc
  .record({ syntax: fc.constantFrom<'proto2' | 'proto3'>('proto3', 'proto2'), count: fc.integer({ min: 1, max: 3 }), enumSize: fc.integer({ min: 1, max: 4 }) })
  .chain(({ syntax, count, enumSize }) =>
    fc
      .tuple(
        ...Array.from({ length: count }, (_, m) =>
          fc.record({
            fields: fieldsArb(syntax, m, 10),
            oneof: fc.array(typeArb(m, 1), { maxLength: 3 }),
            inner: fc.array(fc.constantFrom(...SCALARS), { maxLength: 3 }),
          }),
        ),
      )
      .map((parts) => {
        const messages: MessageModel[] = parts.map((p, m) => {
          let tag = 0
          const name = (t: number) => `field_${t}${t % 3 === 0 ? '_x' : ''}`
          const fields = p.fields.map((f) => ({ ...f, tag: ++tag, name: name(tag) }))
          const oneof = p.oneof.filter((t) => t.kind !== 'map').map((type) => ({ type, label: '' as const, tag: ++tag, name: name(tag) }))
          const inner = p.inner.map((s, i) => ({ type: { kind: 'scalar' as const, name: s }, label: '' as const, tag: i + 1, name: `inner_${i + 1}` }))
          return { name: `Msg${m}`, fields, oneof, inner }
        })
        return { syntax, messages, enumValues: Array.from({ length: enumSize }, (_, i) => `STATUS_V${i}`) }
      }),
  )

// ——— records ———

const I32 = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 })
const U32 = fc.integer({ min: 0, max: 2 ** 32 - 1 })
const I64 = fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n }).map(String)
const U64 = fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }).map(String)
// Floats whose double and shortest float32 texts agree (the codec prints the latter, protobuf-es the former).
const FLOAT = fc.oneof(
  fc.integer({ min: -4096, max: 4096 }).map((n) => n / 8),
  fc.constantFrom('NaN', 'Infinity', '-Infinity'),
)
const DOUBLE = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Object.is(n, -0)),
  fc.constantFrom('NaN', 'Infinity', '-Infinity'),
)
const TEXT = fc.string({ unit: 'grapheme', maxLength: 12 })
const BYTES = fc.uint8Array({ maxLength: 12 }).map((b) => Buffer.from(b).toString('base64'))

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0')
}

function fraction(nanos: number): string {
  if (nanos === 0) return ''
  if (nanos % 1_000_000 === 0) return `.${pad(nanos / 1_000_000, 3)}`
  if (nanos % 1000 === 0) return `.${pad(nanos / 1000, 6)}`
  return `.${pad(nanos, 9)}`
}

const NANOS = fc.oneof(
  fc.constant(0),
  fc.integer({ min: 1, max: 999 }).map((n) => n * 1_000_000),
  fc.integer({ min: 1, max: 999_999 }).map((n) => n * 1000),
  fc.integer({ min: 1, max: 999_999_999 }),
)
const TIMESTAMP = fc.record({ seconds: fc.integer({ min: -62135596800, max: 253402300799 }), nanos: NANOS }).map(({ seconds, nanos }) => {
  const iso = new Date(seconds * 1000).toISOString()
  return `${iso.slice(0, 19)}${fraction(nanos)}Z`
})
const DURATION = fc
  .record({ seconds: fc.integer({ min: 0, max: 315576000000 }), nanos: NANOS, negative: fc.boolean() })
  .map(({ seconds, nanos, negative }) => `${negative && (seconds > 0 || nanos > 0) ? '-' : ''}${seconds}${fraction(nanos)}s`)
const JSON_VALUE: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Object.is(n, -0)),
    TEXT,
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(TEXT, tie('value'), { maxKeys: 3 }),
  ),
})).value
const STRUCT = fc.dictionary(TEXT, JSON_VALUE, { maxKeys: 4 })

function scalarArb(name: (typeof SCALARS)[number]): fc.Arbitrary<unknown> {
  switch (name) {
    case 'double':
      return DOUBLE
    case 'float':
      return FLOAT
    case 'int64':
    case 'sint64':
    case 'sfixed64':
      return I64
    case 'uint64':
    case 'fixed64':
      return U64
    case 'int32':
    case 'sint32':
    case 'sfixed32':
      return I32
    case 'uint32':
    case 'fixed32':
      return U32
    case 'bool':
      return fc.boolean()
    case 'string':
      return TEXT
    case 'bytes':
      return BYTES
  }
}

function mapKeyArb(key: (typeof MAP_KEYS)[number]): fc.Arbitrary<string> {
  if (key === 'string') return TEXT
  if (key === 'bool') return fc.constantFrom('true', 'false')
  return scalarArb(key).map(String)
}

/** A record of message `name` in canonical JSON (json names, int64 as strings, enums by name). */
export function recordArb(schema: CodecSchema, name: string, depth = 0): fc.Arbitrary<Record<string, unknown>> {
  const [outer, inner] = name.split('.')
  const message = schema.messages.find((m) => m.name === outer)!
  const fields = inner === 'Inner' ? message.inner : message.fields
  const jsonName = (f: FieldModel) => f.name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase())
  const valueArb = (t: TypeModel): fc.Arbitrary<unknown> => {
    switch (t.kind) {
      case 'scalar':
        return scalarArb(t.name)
      case 'enum':
        return fc.constantFrom(...schema.enumValues)
      case 'message':
        return depth > 2 ? fc.constant({}) : fc.constant(null).chain(() => recordArb(schema, t.name, depth + 1))
      case 'map':
        return fc.dictionary(mapKeyArb(t.key), valueArb(t.value), { maxKeys: 3 })
      case 'wkt':
        switch (t.name) {
          case 'google.protobuf.Timestamp':
            return TIMESTAMP
          case 'google.protobuf.Duration':
            return DURATION
          case 'google.protobuf.Int64Value':
            return I64
          case 'google.protobuf.StringValue':
            return TEXT
          case 'google.protobuf.BoolValue':
            return fc.boolean()
          case 'google.protobuf.Struct':
            return STRUCT
          case 'google.protobuf.Value':
            return JSON_VALUE
          case 'google.protobuf.Empty':
            return fc.constant({})
        }
    }
  }
  const entries: Record<string, fc.Arbitrary<unknown>> = {}
  const required: string[] = []
  for (const f of fields) {
    entries[jsonName(f)] = f.label === 'repeated' ? fc.array(valueArb(f.type), { maxLength: 3 }) : valueArb(f.type)
    if (f.label === 'required') required.push(jsonName(f))
  }
  const base = fc.record(entries, { requiredKeys: required })
  if (inner === 'Inner' || message.oneof.length === 0) return base
  return fc.tuple(base, fc.option(fc.integer({ min: 0, max: message.oneof.length - 1 }), { nil: undefined })).chain(([record, pick]) => {
    if (pick === undefined) return fc.constant(record)
    const f = message.oneof[pick]!
    return valueArb(f.type).map((v) => ({ ...record, [jsonName(f)]: v }))
  })
}
