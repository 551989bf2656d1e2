/**
 * serve decides compatibility for JSON Schema and Protobuf subjects through the engine's format
 * seam, at every level, with the registry's messages, policy, "same schema" and references; a
 * Protobuf schema may be sent as a base64 FileDescriptorProto and read back in that form.
 */
import { beforeEach, describe, expect, it } from 'vitest'
import { parseProtobuf, toFileDescriptor } from '../../src/engine/index.js'
import { useTestRegistry } from '../helpers/registry-server.js'
import { record } from './http.js'

const reg = useTestRegistry()
const c = reg.http

let n = 0
let subject = ''
beforeEach(() => {
  subject = `types-compat-${++n}`
})

const LEVELS = ['BACKWARD', 'FORWARD', 'FULL', 'BACKWARD_TRANSITIVE', 'FORWARD_TRANSITIVE', 'FULL_TRANSITIVE', 'NONE'] as const
type Level = (typeof LEVELS)[number]

const json = (schema: unknown, references?: unknown[]) => ({ schemaType: 'JSON', schema: JSON.stringify(schema), ...(references ? { references } : {}) })
const proto = (schema: string, references?: unknown[]) => ({ schemaType: 'PROTOBUF', schema, ...(references ? { references } : {}) })

/**
 * Registers `versions` at NONE, sets `level`, asks the compatibility endpoint about `candidate`,
 * then registers it: the registration's answer, with the endpoint's verdict.
 */
async function registerAfter(level: Level, versions: object[], candidate: object): Promise<{ status: number; body: any; checked: boolean }> {
  await c.put(`/config/${subject}`, { compatibility: 'NONE' })
  for (const v of versions) expect((await c.post(`/subjects/${subject}/versions`, v)).status).toBe(200)
  await c.put(`/config/${subject}`, { compatibility: level })
  const checked = (await c.post(`/compatibility/subjects/${subject}/versions`, candidate)).body.is_compatible as boolean
  return { ...(await c.post(`/subjects/${subject}/versions`, candidate)), checked }
}

// maxLength lowered: BACKWARD-incompatible (MAX_LENGTH_DECREASED), FORWARD-compatible.
const long = { type: 'string', maxLength: 10 }
const short = { type: 'string', maxLength: 5 }
// A oneof that loses a field: BACKWARD-incompatible (ONEOF_FIELD_REMOVED), FORWARD-compatible (ONEOF_FIELD_ADDED).
const wideOneof = 'syntax = "proto3";\nmessage M {\n  oneof g { int32 a = 1; int32 b = 2; }\n}\n'
const narrowOneof = 'syntax = "proto3";\nmessage M {\n  oneof g { int32 a = 1; }\n}\n'

// Expected verdicts of a narrowing (v1 wide → candidate narrow) and of a widening, per level.
const NARROWING: Record<Level, boolean> = {
  BACKWARD: false,
  FORWARD: true,
  FULL: false,
  BACKWARD_TRANSITIVE: false,
  FORWARD_TRANSITIVE: true,
  FULL_TRANSITIVE: false,
  NONE: true,
}
const WIDENING: Record<Level, boolean> = {
  BACKWARD: true,
  FORWARD: false,
  FULL: false,
  BACKWARD_TRANSITIVE: true,
  FORWARD_TRANSITIVE: false,
  FULL_TRANSITIVE: false,
  NONE: true,
}

describe.each([
  // `noted`: the narrow schema with a compatible addition, so that only the wide v1 can object to it.
  { type: 'JSON', wide: json(long), narrow: json(short), noted: json({ ...short, description: 'a note' }) },
  { type: 'PROTOBUF', wide: proto(wideOneof), narrow: proto(narrowOneof), noted: proto(narrowOneof.replace('}\n}', '}\n  string note = 3;\n}')) },
])('$type compatibility at every level', ({ wide, narrow, noted }) => {
  it.each(LEVELS)('%s: a narrowing and a widening are judged as the registry does', async (level) => {
    const narrowing = await registerAfter(level, [wide], narrow)
    expect(narrowing.status).toBe(NARROWING[level] ? 200 : 409)
    expect(narrowing.checked).toBe(NARROWING[level])
    if (!NARROWING[level]) expect(narrowing.body.error_code).toBe(40901)
    subject = `${subject}-w`
    const widening = await registerAfter(level, [narrow], wide)
    expect(widening.status).toBe(WIDENING[level] ? 200 : 409)
    expect(widening.checked).toBe(WIDENING[level])
  })

  it('transitive levels compare with every version, the others with the latest only', async () => {
    // v1 wide, v2 narrow (registered at NONE, the one incompatible step); the candidate only adds to v2.
    const backward = await registerAfter('BACKWARD', [wide, narrow], noted)
    expect(backward.checked).toBe(true)
    subject = `${subject}-t`
    await registerAfter('BACKWARD', [wide, narrow], narrow)
    const candidate = noted
    await c.put(`/config/${subject}`, { compatibility: 'BACKWARD_TRANSITIVE' })
    const transitive = await c.post(`/compatibility/subjects/${subject}/versions?verbose=true`, candidate)
    expect(transitive.body.is_compatible).toBe(false)
    expect(transitive.body.messages).toContain('{oldSchemaVersion: 1}')
    expect((await c.post(`/subjects/${subject}/versions`, candidate)).status).toBe(409)
  })
})

describe('the registry messages', () => {
  it('409 and verbose compatibility answers carry {errorType, description} with new/old filled in', async () => {
    const res = await registerAfter('BACKWARD', [json(long)], json(short))
    expect(res.status).toBe(409)
    expect(res.body.message).toContain(
      '{errorType:"MAX_LENGTH_DECREASED", description:"The value at path \'#/maxLength\' in the new schema is less than its value in the old schema"}',
    )
    expect(res.body.message).toContain('{oldSchemaVersion: 1}')
    expect(res.body.message).toContain(`{oldSchema: '${JSON.stringify(long)}'}`)
    expect(res.body.message).toContain("{validateFields: 'false', compatibility: 'BACKWARD'}")
    const verbose = await c.post(`/compatibility/subjects/${subject}/versions/latest?verbose=true`, json(short))
    expect(verbose.body.is_compatible).toBe(false)
    expect(verbose.body.messages[0]).toMatch(/^\{errorType:"MAX_LENGTH_DECREASED", description:".*new schema.*old schema"\}$/)
    const quiet = await c.post(`/compatibility/subjects/${subject}/versions/latest`, json(short))
    expect(quiet.body).toEqual({ is_compatible: false })
  })

  it('Protobuf: the difference type and path of the registry, both directions at FULL', async () => {
    await c.put(`/config/${subject}`, { compatibility: 'FULL' })
    expect((await c.post(`/subjects/${subject}/versions`, proto(wideOneof))).status).toBe(200)
    const verbose = await c.post(`/compatibility/subjects/${subject}/versions?verbose=true`, proto(narrowOneof))
    expect(verbose.body.is_compatible).toBe(false)
    expect(verbose.body.messages.filter((m: string) => m.startsWith('{errorType:'))).toEqual([
      expect.stringMatching(/^\{errorType:"ONEOF_FIELD_REMOVED", description:".*#\/M\/g\/2.*"\}$/),
    ])
    expect(verbose.body.messages.at(-1)).toBe("{validateFields: 'false', compatibility: 'FULL'}")
  })
})

describe('compatibilityPolicy', () => {
  const open1 = { type: 'object', properties: { a: { type: 'string' } } }
  const open2 = { type: 'object', properties: { a: { type: 'string' }, b: { type: 'string' } } }

  it('STRICT (the default) refuses an optional property added to an open model; LENIENT on the subject allows it', async () => {
    expect((await c.post(`/subjects/${subject}/versions`, json(open1))).status).toBe(200)
    const strict = await c.post(`/subjects/${subject}/versions`, json(open2))
    expect(strict.status).toBe(409)
    expect(strict.body.message).toContain('OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL')
    expect((await c.put(`/config/${subject}`, { compatibilityPolicy: 'LENIENT' })).body).toMatchObject({ compatibilityPolicy: 'LENIENT' })
    expect((await c.get(`/config/${subject}`)).body).toMatchObject({ compatibilityPolicy: 'LENIENT' })
    expect((await c.post(`/subjects/${subject}/versions`, json(open2))).body.version).toBe(2)
    await c.put(`/config/${subject}`, { compatibilityPolicy: 'STRICT' })
    expect((await c.get(`/config/${subject}`)).body).toMatchObject({ compatibilityPolicy: 'STRICT' })
    expect((await c.post(`/compatibility/subjects/${subject}/versions/1`, json(open2))).body.is_compatible).toBe(false)
  })

  it('a global LENIENT applies to subjects without their own policy, and reads back on /config', async () => {
    expect((await c.post(`/subjects/${subject}/versions`, json(open1))).status).toBe(200)
    try {
      await c.put('/config', { compatibilityPolicy: 'LENIENT' })
      expect((await c.get('/config')).body).toMatchObject({ compatibilityLevel: 'BACKWARD', compatibilityPolicy: 'LENIENT' })
      expect((await c.get(`/config/${subject}?defaultToGlobal=true`)).body).toMatchObject({ compatibilityPolicy: 'LENIENT' })
      expect((await c.post(`/compatibility/subjects/${subject}/versions`, json(open2))).body.is_compatible).toBe(true)
    } finally {
      await c.put('/config', { compatibilityPolicy: 'STRICT' })
    }
    expect((await c.post(`/compatibility/subjects/${subject}/versions`, json(open2))).body.is_compatible).toBe(false)
  })
})

describe('same schema, mixed types, references', () => {
  it('a JSON schema written differently (whitespace) is the same schema: same version, found by lookup, no check', async () => {
    const first = await c.post(`/subjects/${subject}/versions`, json(long))
    const spaced = { schemaType: 'JSON', schema: JSON.stringify(long, null, 2) }
    expect((await c.post(`/subjects/${subject}/versions`, spaced)).body).toMatchObject({ id: first.body.id, version: 1 })
    expect((await c.post(`/subjects/${subject}`, spaced)).body).toMatchObject({ id: first.body.id, version: 1 })
  })

  it('a Protobuf schema relaid is the same schema even where a new version would be incompatible', async () => {
    const first = await c.post(`/subjects/${subject}/versions`, proto(wideOneof))
    const relaid = `// a comment\n${wideOneof.replace(/\n\s*/g, ' ')}`
    expect((await c.post(`/subjects/${subject}/versions`, proto(relaid))).body).toMatchObject({ id: first.body.id, version: 1 })
    expect((await c.post(`/subjects/${subject}`, proto(relaid))).body).toMatchObject({ id: first.body.id, version: 1 })
  })

  it('mixed types in one subject: "Incompatible because of different schema type"', async () => {
    expect((await c.post(`/subjects/${subject}/versions`, { schema: record('A', 'x:string') })).status).toBe(200)
    const res = await c.post(`/subjects/${subject}/versions`, json(long))
    expect(res.status).toBe(409)
    expect(res.body.message).toContain('Incompatible because of different schema type')
    const verbose = await c.post(`/compatibility/subjects/${subject}/versions?verbose=true`, proto(wideOneof))
    expect(verbose.body).toMatchObject({ is_compatible: false, messages: expect.arrayContaining(['Incompatible because of different schema type']) })
  })

  it('JSON $ref resolves through a reference by name, and the referenced definition takes part in the check', async () => {
    const address = { type: 'object', properties: { street: { type: 'string', maxLength: 40 } } }
    expect((await c.post(`/subjects/${subject}-address/versions`, json(address))).status).toBe(200)
    const ref = [{ name: 'address.json', subject: `${subject}-address`, version: 1 }]
    const main = { type: 'object', properties: { home: { $ref: 'address.json' } } }
    expect((await c.post(`/subjects/${subject}/versions`, json(main, ref))).status).toBe(200)
    // A different address version that shortens the street: the same main text, now incompatible through its reference.
    expect(
      (await c.post(`/subjects/${subject}-address/versions`, json({ ...address, properties: { street: { type: 'string', maxLength: 20 } } }))).status,
    ).toBe(409)
    await c.put(`/config/${subject}-address`, { compatibility: 'NONE' })
    expect(
      (await c.post(`/subjects/${subject}-address/versions`, json({ ...address, properties: { street: { type: 'string', maxLength: 20 } } }))).body.version,
    ).toBe(2)
    const res = await c.post(`/compatibility/subjects/${subject}/versions?verbose=true`, json(main, [{ ...ref[0], version: 2 }]))
    expect(res.body.is_compatible).toBe(false)
    expect(res.body.messages[0]).toContain('MAX_LENGTH_DECREASED')
    const missing = await c.post(`/subjects/${subject}-x/versions`, json({ $ref: 'nowhere.json' }))
    expect(missing.body.error_code).toBe(42201)
  })

  it('Protobuf imports resolve through references by name and the bundled well-known types', async () => {
    const other = 'syntax = "proto3";\npackage other;\nmessage B {\n  string b = 1;\n}\n'
    expect((await c.post(`/subjects/${subject}-other/versions`, proto(other))).status).toBe(200)
    const ref = [{ name: 'other.proto', subject: `${subject}-other`, version: 1 }]
    const main =
      'syntax = "proto3";\nimport "other.proto";\nimport "google/protobuf/timestamp.proto";\nmessage A {\n  other.B b = 1;\n  google.protobuf.Timestamp at = 2;\n}\n'
    expect((await c.post(`/subjects/${subject}/versions`, proto(main, ref))).status).toBe(200)
    const added = main.replace('at = 2;', 'at = 2;\n  string note = 3;')
    expect((await c.post(`/subjects/${subject}/versions`, proto(added, ref))).body.version).toBe(2)
    const changed = added.replace('other.B b = 1;', 'string b = 1;')
    const res = await c.post(`/compatibility/subjects/${subject}/versions?verbose=true`, proto(changed, ref))
    expect(res.body.is_compatible).toBe(false)
    expect(res.body.messages[0]).toMatch(/^\{errorType:"FIELD_KIND_CHANGED"/)
  })
})

describe('Protobuf as a base64 FileDescriptorProto', () => {
  const order = 'syntax = "proto3";\npackage acme;\n\nmessage Order {\n  string id = 1;\n  int64 total = 2;\n}\n'
  const descriptorOf = (text: string) => {
    const parsed = parseProtobuf(text)
    if (!parsed.ok) throw new Error(parsed.errors[0].message)
    return toFileDescriptor(parsed.value)
  }

  it('is accepted, stored as .proto text, the same schema as that text, and served back serialized', async () => {
    const base64 = descriptorOf(order)
    const res = await c.post(`/subjects/${subject}/versions`, proto(base64))
    expect(res.status).toBe(200)
    const stored = (await c.get(`/schemas/ids/${res.body.id}`)).body.schema as string
    expect(stored).toContain('message Order')
    expect(stored).toContain('int64 total = 2;')
    // The text it describes is the same schema; the descriptor is found by lookup too.
    expect((await c.post(`/subjects/${subject}/versions`, proto(stored))).body).toMatchObject({ id: res.body.id, version: 1 })
    expect((await c.post(`/subjects/${subject}`, proto(base64))).body).toMatchObject({ id: res.body.id, version: 1 })
    const serialized = (await c.get(`/schemas/ids/${res.body.id}?format=serialized`)).body.schema as string
    expect(serialized).toMatch(/^[A-Za-z0-9+/]+=*$/)
    expect(serialized).toBe(descriptorOf(stored))
    expect((await c.get(`/subjects/${subject}/versions/1?format=serialized`)).body.schema).toBe(serialized)
    expect((await c.get(`/subjects/${subject}/versions/latest/schema?format=serialized`)).text).toBe(serialized)
    expect((await c.get(`/schemas/ids/${res.body.id}/schema?format=serialized`)).text).toBe(serialized)
    // Other formats and types are answered as stored.
    expect((await c.get(`/schemas/ids/${res.body.id}?format=resolved`)).body.schema).toBe(stored)
    // A round trip: the serialized form registers as the same schema.
    expect((await c.post(`/subjects/${subject}/versions`, proto(serialized))).body).toMatchObject({ id: res.body.id, version: 1 })
  })

  it('is checked for compatibility like text, and garbage that is neither is refused with 42201', async () => {
    expect((await c.post(`/subjects/${subject}/versions`, proto(order))).status).toBe(200)
    const changed = descriptorOf(order.replace('int64 total = 2;', 'string total = 2;'))
    const res = await c.post(`/subjects/${subject}/versions`, proto(changed))
    expect(res.status).toBe(409)
    expect(res.body.message).toContain('FIELD_SCALAR_KIND_CHANGED')
    expect((await c.post(`/subjects/${subject}-bad/versions`, proto('AAAA'))).body.error_code).toBe(42201)
  })
})
