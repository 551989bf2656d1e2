/** Properties of the JSON Schema engine over generated schemas (fast-check). */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { checkCompatibility } from '../../../../src/engine/index.js'
import { schemaDifferences } from '../../../../src/engine/formats/index.js'
import { parseJsonSchema } from '../../../../src/engine/formats/json/index.js'

type Schema = Record<string, unknown>

const name = fc.constantFrom('id', 'name', 'email', 'age', 'city', 'zip', 'tags', 'amount', 'aa', 'a', 'createdAt', 'status')

const leaf: fc.Arbitrary<Schema> = fc.oneof(
  fc.record(
    { type: fc.constant('string'), maxLength: fc.option(fc.nat(50), { nil: undefined }), minLength: fc.option(fc.nat(5), { nil: undefined }) },
    { requiredKeys: ['type'] },
  ),
  fc.record(
    {
      type: fc.constantFrom('integer', 'number'),
      minimum: fc.option(fc.integer({ min: -10, max: 10 }), { nil: undefined }),
      maximum: fc.option(fc.integer({ min: 11, max: 99 }), { nil: undefined }),
    },
    { requiredKeys: ['type'] },
  ),
  fc.constant({ type: 'boolean' }),
  fc.constant({ type: ['null', 'string'] }),
  fc.record({ enum: fc.uniqueArray(fc.constantFrom('A', 'B', 'C', 'D'), { minLength: 1 }) }),
)

const schema: fc.Arbitrary<Schema> = fc.letrec<{ node: Schema; object: Schema }>((tie) => ({
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('object'), fc.record({ type: fc.constant('array'), items: tie('node') })),
  object: fc
    .tuple(fc.dictionary(name, tie('node'), { maxKeys: 6 }), fc.boolean(), fc.double({ min: 0, max: 1, noNaN: true }))
    .map(([properties, closed, share]) => {
      const names = Object.keys(properties)
      const required = names.filter((_, i) => (i + 1) / (names.length + 1) < share)
      return { type: 'object', properties, ...(required.length ? { required } : {}), ...(closed ? { additionalProperties: false } : {}) }
    }),
})).object

const compatible = (original: unknown, update: unknown, policy?: 'STRICT' | 'LENIENT') => {
  const diffs = schemaDifferences('JSON', original, update, { policy })
  expect(diffs.errors).toEqual([])
  return diffs.every((d) => d.compatible)
}

/** One constraint of `s` (somewhere inside it) made looser, or undefined when it has none to loosen. */
function loosen(s: Schema, pick: number): Schema | undefined {
  const copy = structuredClone(s)
  const spots: Array<() => void> = []
  const walk = (node: Schema) => {
    for (const key of ['maxLength', 'minLength', 'minimum', 'maximum']) if (key in node) spots.push(() => delete node[key])
    if (typeof node.maxLength === 'number') spots.push(() => (node.maxLength = (node.maxLength as number) + 10))
    if (typeof node.minimum === 'number') spots.push(() => (node.minimum = (node.minimum as number) - 10))
    if (Array.isArray(node.required) && node.required.length > 0) spots.push(() => (node.required = (node.required as string[]).slice(1)))
    if (Array.isArray(node.enum)) spots.push(() => (node.enum = [...(node.enum as string[]), 'Z']))
    if (node.additionalProperties === false) spots.push(() => delete node.additionalProperties)
    if (node.type === 'integer') spots.push(() => (node.type = 'number'))
    if (node.properties) for (const child of Object.values(node.properties as Record<string, Schema>)) walk(child)
    if (node.items) walk(node.items as Schema)
  }
  walk(copy)
  if (spots.length === 0) return undefined
  spots[pick % spots.length]()
  return copy
}

describe('JSON Schema engine properties', () => {
  it('a schema is compatible with itself, under both policies', () => {
    fc.assert(
      fc.property(schema, (s) => {
        expect(compatible(s, s)).toBe(true)
        expect(compatible(JSON.stringify(s), JSON.stringify(s), 'LENIENT')).toBe(true)
      }),
    )
  })

  it('FULL is BACKWARD and FORWARD together', () => {
    fc.assert(
      fc.property(schema, schema, (a, b) => {
        const at = (level: 'BACKWARD' | 'FORWARD' | 'FULL') => checkCompatibility(level, b, [a], { schemaType: 'JSON' }).compatible
        expect(at('FULL')).toBe(at('BACKWARD') && at('FORWARD'))
      }),
    )
  })

  it('loosening one constraint keeps BACKWARD', () => {
    fc.assert(
      fc.property(schema, fc.nat(), (s, pick) => {
        const looser = loosen(s, pick)
        fc.pre(looser !== undefined)
        expect(compatible(s, looser)).toBe(true)
      }),
    )
  })

  it('adding a required property (no default) to a closed model breaks BACKWARD, under both policies', () => {
    fc.assert(
      fc.property(schema, (s) => {
        const original = { ...s, additionalProperties: false }
        const properties = { ...(s.properties as Schema), brandNew: { type: 'string' } }
        const update = { ...original, properties, required: [...((s.required as string[]) ?? []), 'brandNew'] }
        expect(compatible(original, update)).toBe(false)
        expect(compatible(original, update, 'LENIENT')).toBe(false)
      }),
    )
  })

  it('LENIENT accepts everything STRICT accepts', () => {
    fc.assert(
      fc.property(schema, schema, (a, b) => {
        if (compatible(a, b)) expect(compatible(a, b, 'LENIENT')).toBe(true)
      }),
    )
  })

  it('differences are deterministic and every path is a `#/` path', () => {
    fc.assert(
      fc.property(schema, schema, (a, b) => {
        const first = schemaDifferences('JSON', a, b)
        expect(schemaDifferences('JSON', JSON.stringify(a), JSON.stringify(b))).toEqual(first)
        for (const d of first) expect(d.path.startsWith('#/')).toBe(true)
      }),
    )
  })

  it('never throws on arbitrary JSON, and the canonical form of compact text is that text', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => {
        const text = JSON.stringify(value)
        const result = parseJsonSchema(text)
        if (result.ok) expect(result.value.canonical).toBe(text)
        else expect(result.errors.length).toBeGreaterThan(0)
      }),
    )
  })
})
