/** Reading JSON Schemas: drafts, references, and every kind of bad input as one located error, never a throw. */
import { describe, expect, it } from 'vitest'
import { parseJsonSchema } from '../../../../src/engine/formats/json/index.js'

function errorsOf(input: unknown, dependencies?: Record<string, string>) {
  const result = parseJsonSchema(input, dependencies)
  if (result.ok) throw new Error('expected the schema to be rejected')
  return result.errors
}

function parsed(input: unknown, dependencies?: Record<string, string>) {
  const result = parseJsonSchema(input, dependencies)
  if (!result.ok) throw new Error(`expected the schema to parse: ${JSON.stringify(result.errors)}`)
  return result.value
}

describe('dialects', () => {
  it.each([
    [undefined, 'draft-07'],
    ['http://json-schema.org/draft-04/schema#', 'draft-04'],
    ['http://json-schema.org/draft-06/schema#', 'draft-06'],
    ['http://json-schema.org/draft-07/schema', 'draft-07'],
    ['https://json-schema.org/draft/2019-09/schema', '2019-09'],
    ['https://json-schema.org/draft/2020-12/schema', '2020-12'],
  ])('$schema %s is %s', (url, dialect) => {
    expect(parsed({ ...(url ? { $schema: url } : {}), type: 'string' }).dialect).toBe(dialect)
  })

  it('an unknown $schema is an error at /$schema with its line and column', () => {
    const [error] = errorsOf('{\n  "$schema": "https://example.com/my-dialect",\n  "type": "string"\n}')
    expect(error).toMatchObject({ path: '/$schema', line: 2, column: 3 })
    expect(error.message).toContain('Unknown JSON Schema dialect "https://example.com/my-dialect"')
  })

  it('draft 4 takes a boolean exclusiveMaximum and rejects a number', () => {
    expect(parsed({ $schema: 'http://json-schema.org/draft-04/schema#', type: 'number', maximum: 5, exclusiveMaximum: true }).dialect).toBe('draft-04')
    expect(errorsOf({ $schema: 'http://json-schema.org/draft-04/schema#', type: 'number', exclusiveMaximum: 5 })[0].path).toBe('/exclusiveMaximum')
  })
})

describe('invalid schemas: one located error each', () => {
  it('invalid JSON gives the line and column of the syntax error', () => {
    expect(errorsOf('{\n  "type": "string",\n  "maxLength": \n}')[0]).toMatchObject({ line: 4, column: 1 })
  })

  it('comments and trailing commas are refused, as the registry reads strict JSON', () => {
    expect(errorsOf('{ // a comment\n "type": "string" }')[0].message).toContain('comments are not allowed')
    expect(errorsOf('{"type": "string",}')[0]).toMatchObject({ line: 1, column: 19 })
  })

  it('a keyword of the wrong type names its JSON Pointer and position', () => {
    const [error] = errorsOf('{\n  "properties": {\n    "name": { "type": "strin" }\n  }\n}')
    expect(error).toMatchObject({ path: '/properties/name/type', line: 3, column: 15 })
    expect(error.message).toContain('Unknown type "strin"')
    expect(errorsOf({ type: 'string', maxLength: -1 })[0].path).toBe('/maxLength')
    expect(errorsOf({ type: 'number', multipleOf: 0 })[0].path).toBe('/multipleOf')
    expect(errorsOf({ required: 'name' })[0].path).toBe('/required')
    expect(errorsOf({ properties: { a: 5 } })[0].message).toContain('must be an object or a boolean')
  })

  it('a document that is neither an object nor a boolean is refused', () => {
    expect(errorsOf('[1, 2]')[0].message).toContain('must be an object or a boolean')
    expect(errorsOf('"string"')[0].message).toContain('must be an object or a boolean')
  })

  it('a schema nested 10,000 levels deep is refused without exhausting the stack', () => {
    const text = '{"not":'.repeat(10_000) + '{}' + '}'.repeat(10_000)
    const [error] = errorsOf(text)
    expect(error.message).toContain('nested too deeply')
    expect(error.line).toBe(1)
    let object: Record<string, unknown> = {}
    const root = object
    for (let i = 0; i < 10_000; i++) object = (object.not = {}) as Record<string, unknown>
    expect(errorsOf(root)[0].message).toContain('nested too deeply')
  })

  it('a chain of $ref longer than the diff may walk is refused', () => {
    const definitions: Record<string, unknown> = { d2000: { type: 'string' } }
    for (let i = 0; i < 2000; i++) definitions[`d${i}`] = { type: 'object', properties: { next: { $ref: `#/definitions/d${i + 1}` } } }
    expect(errorsOf({ $ref: '#/definitions/d0', definitions })[0].message).toContain('levels of subschemas (through $ref)')
  })

  it('a 50 MB schema is refused with its size', () => {
    const [error] = errorsOf(`{"description": "${'x'.repeat(50 * 1024 * 1024)}"}`)
    expect(error.message).toMatch(/too large: 50\.0 MiB/)
  })

  it('an invalid pattern is reported where it is', () => {
    expect(errorsOf({ patternProperties: { '(': {} } })[0].path).toBe('/patternProperties/(')
  })
})

describe('boolean schemas', () => {
  it('true and false are schemas, at the root and below', () => {
    expect(parsed('true').root.kind).toBe('true')
    expect(parsed(false).root.kind).toBe('false')
    const root = parsed({ properties: { anything: true, nothing: false } }).root
    expect(root.kind === 'object' && [...root.properties.values()].map((n) => n.kind)).toEqual(['true', 'false'])
  })
})

describe('$ref', () => {
  it('resolves JSON Pointers and anchors inside the document', () => {
    const root = parsed({ properties: { a: { $ref: '#/definitions/x' } }, definitions: { x: { type: 'string' } } }).root
    const a = root.kind === 'object' ? root.properties.get('a') : undefined
    expect(a?.kind === 'ref' && a.target?.kind).toBe('string')
    const modern = parsed({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      $defs: { x: { $anchor: 'street', type: 'string' } },
      properties: { a: { $ref: '#street' } },
    }).root
    const ref = modern.kind === 'object' ? modern.properties.get('a') : undefined
    expect(ref?.kind === 'ref' && ref.target?.kind).toBe('string')
  })

  it('a recursive $ref loop is a cycle in the model, not an endless load', () => {
    const root = parsed({ $ref: '#/definitions/node', definitions: { node: { type: 'object', properties: { next: { $ref: '#/definitions/node' } } } } }).root
    const node = root.kind === 'ref' ? root.target : undefined
    const next = node?.kind === 'object' ? node.properties.get('next') : undefined
    expect(next?.kind === 'ref' && next.target).toBe(node)
    expect(parsed({ $ref: '#/definitions/a', definitions: { a: { $ref: '#/definitions/b' }, b: { $ref: '#/definitions/a' } } }).root.kind).toBe('ref')
  })

  it('reaches other schemas passed as references: by name, by relative path, by $id, and transitively', () => {
    expect(parsed({ properties: { c: { $ref: 'customer.json' } } }, { 'customer.json': '{"type": "object"}' }).references).toEqual(['customer.json'])
    expect(
      parsed({ properties: { c: { $ref: './schemas/c.json#/definitions/x' } } }, { 'schemas/c.json': '{"definitions": {"x": {"type": "string"}}}' }).references,
    ).toEqual(['schemas/c.json'])
    const byId = parsed(
      { $id: 'https://acme.com/schemas/order.json', properties: { c: { $ref: 'customer.json' } } },
      { 'customer-value': '{"$id": "https://acme.com/schemas/customer.json", "type": "object"}' },
    )
    expect(byId.references).toEqual(['customer-value'])
    expect(
      parsed({ properties: { a: { $ref: 'a.json' } } }, { 'a.json': '{"properties": {"b": {"$ref": "b.json"}}}', 'b.json': '{"type": "string"}' }).references,
    ).toEqual(['a.json', 'b.json'])
  })

  it('a remote $ref is never fetched: a clear error naming it', () => {
    const [error] = errorsOf('{"properties": {"a": {"$ref": "https://example.com/address.json"}}}')
    expect(error).toMatchObject({ path: '/properties/a/$ref', line: 1, column: 23 })
    expect(error.message).toContain('never fetched')
  })

  it('a $ref that resolves nowhere is an error at the $ref', () => {
    expect(errorsOf({ properties: { a: { $ref: '#/definitions/missing' } } })[0]).toMatchObject({ path: '/properties/a/$ref' })
    expect(errorsOf({ properties: { a: { $ref: 'other.json' } } })[0].message).toContain('does not resolve')
  })

  it("a reference's own errors name it, with the position in its text", () => {
    const [error] = errorsOf({ properties: { a: { $ref: 'a.json' } } }, { 'a.json': '{\n  "type": 5\n}' })
    expect(error).toMatchObject({ path: '/type', line: 2, column: 3 })
    expect(error.message).toMatch(/^Reference 'a\.json': /)
  })
})

describe('canonical form', () => {
  it('is the compact JSON the registry stores, keys in written order', () => {
    const schema = parsed('{\n  "type": "object",\n  "properties": { "b": {"type": "string"}, "a": { "type": "integer" } },\n  "title": "tab\\there"\n}')
    expect(schema.canonical).toBe('{"type":"object","properties":{"b":{"type":"string"},"a":{"type":"integer"}},"title":"tab\\there"}')
    expect(parsed({ type: 'string', enum: ['x', 'y'] }).canonical).toBe('{"type":"string","enum":["x","y"]}')
  })
})
