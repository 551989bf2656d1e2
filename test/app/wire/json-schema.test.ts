/** The JSON Schema wire codec: each draft's semantics through ajv, compact output, schema problems. */
import { describe, expect, it } from 'vitest'
import { WIRE_CODECS } from '../../../src/app/wire/codecs.js'
import { compactJson, pointerToPath } from '../../../src/app/wire/json-schema.js'

function encoder(schema: unknown) {
  const loaded = WIRE_CODECS.JSON.fromText(JSON.stringify(schema), 'schema.json')
  if (!loaded.ok) throw new Error(loaded.error)
  const created = loaded.wire.encoder({})
  if (!created.ok) throw new Error(created.message)
  return (record: string) => {
    const out = created.encoder.encode(record)
    return out.ok ? Buffer.from(out.bytes).toString() : `${out.error.code} ${out.error.path}: ${out.error.message}`
  }
}

describe('JSON Schema records validated in their draft', () => {
  it('draft-04: boolean exclusiveMaximum and id are read as draft-04 means them', () => {
    const encode = encoder({
      $schema: 'http://json-schema.org/draft-04/schema#',
      id: 'http://x/p.json',
      type: 'object',
      properties: { n: { type: 'number', maximum: 10, exclusiveMaximum: true } },
    })
    expect(encode('{"n": 9.5}')).toBe('{"n":9.5}')
    expect(encode('{"n": 10}')).toMatch(/^RECORD_INVALID n: must be < 10/)
  })

  it('draft-06/07: const, contains and if/then', () => {
    const encode = encoder({ $schema: 'http://json-schema.org/draft-06/schema#', type: 'array', contains: { const: 'x' } })
    expect(encode('["a", "x"]')).toBe('["a","x"]')
    expect(encode('["a"]')).toMatch(/^RECORD_INVALID \$: must contain at least 1 valid item/)
  })

  it('2019-09 unevaluatedProperties and 2020-12 prefixItems', () => {
    const closed = encoder({
      $schema: 'https://json-schema.org/draft/2019-09/schema',
      allOf: [{ properties: { a: { type: 'string' } } }],
      unevaluatedProperties: false,
    })
    expect(closed('{"a": "x"}')).toBe('{"a":"x"}')
    expect(closed('{"a": "x", "b": 1}')).toMatch(/^RECORD_INVALID \$: must NOT have unevaluated properties/)
    const tuple = encoder({ $schema: 'https://json-schema.org/draft/2020-12/schema', prefixItems: [{ type: 'string' }], items: false })
    expect(tuple('["a"]')).toBe('["a"]')
    expect(tuple('["a", 1]')).toMatch(/^RECORD_INVALID \$: must NOT have more than 1 items/)
  })

  it('keeps every digit and the text of strings, removing only whitespace outside them', () => {
    expect(compactJson('{ "a" : "x  y\\" z" ,\n\t"b": [ 1 , 12345678901234567890 ] }')).toBe('{"a":"x  y\\" z","b":[1,12345678901234567890]}')
    expect(encoder({})('  {"big": 12345678901234567890}  ')).toBe('{"big":12345678901234567890}')
  })

  it('names paths as the other codecs do', () => {
    expect(pointerToPath('')).toBe('$')
    expect(pointerToPath('/items/0/name')).toBe('items[0].name')
    expect(pointerToPath('/a~1b/x y')).toBe('["a/b"]["x y"]')
  })

  it('refuses an unknown $schema, a $ref that does not resolve and a remote $ref, naming the schema', () => {
    const load = (schema: unknown) => WIRE_CODECS.JSON.fromText(JSON.stringify(schema), 'schema.json')
    expect(load({ $schema: 'http://example.com/my-draft' })).toMatchObject({
      ok: false,
      code: 'INVALID_SCHEMA',
      error: expect.stringMatching(/^schema\.json cannot be used to validate records: unknown \$schema/),
    })
    expect(load({ properties: { a: { $ref: '#/definitions/missing' } } })).toMatchObject({
      ok: false,
      error: expect.stringContaining("can't resolve reference #/definitions/missing"),
    })
    expect(load({ $ref: 'https://example.com/remote.json' })).toMatchObject({ ok: false, error: expect.stringContaining('https://example.com/remote.json') })
    expect(WIRE_CODECS.JSON.fromText('{"type": ', 'schema.json')).toMatchObject({ ok: false, error: expect.stringMatching(/the schema:1:\d+/) })
  })
})
