/**
 * fast-check arbitraries for random Avro schemas (as JSON): records with nested types, enums,
 * unions, arrays, maps, fixed and reuse of named types by name, every field default valid.
 */
import fc from 'fast-check'

type Json = unknown
const PRIMITIVES = ['null', 'boolean', 'int', 'long', 'float', 'double', 'bytes', 'string'] as const

/** A schema shape before names are assigned. */
type Shape =
  | { t: 'primitive'; name: (typeof PRIMITIVES)[number] }
  | { t: 'ref'; pick: number }
  | { t: 'array'; items: Shape }
  | { t: 'map'; values: Shape }
  | { t: 'union'; branches: Shape[] }
  | { t: 'enum'; symbols: number; withDefault: boolean }
  | { t: 'fixed'; size: number }
  | { t: 'record'; fields: { shape: Shape; withDefault: boolean }[] }

const shapeArb: fc.Arbitrary<Shape> = fc.letrec<{ shape: Shape }>((tie) => ({
  shape: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...PRIMITIVES).map((name) => ({ t: 'primitive' as const, name })),
    fc.nat(20).map((pick) => ({ t: 'ref' as const, pick })),
    fc.record({ t: fc.constant('enum' as const), symbols: fc.integer({ min: 1, max: 5 }), withDefault: fc.boolean() }),
    fc.record({ t: fc.constant('fixed' as const), size: fc.integer({ min: 1, max: 16 }) }),
    fc.record({ t: fc.constant('array' as const), items: tie('shape') }),
    fc.record({ t: fc.constant('map' as const), values: tie('shape') }),
    fc.record({ t: fc.constant('union' as const), branches: fc.array(tie('shape'), { minLength: 1, maxLength: 4 }) }),
    fc.record({
      t: fc.constant('record' as const),
      fields: fc.array(fc.record({ shape: tie('shape'), withDefault: fc.boolean() }), { maxLength: 6 }),
    }),
  ),
})).shape

/** Turns shapes into schema JSON, naming types T1, T2… and keeping each definition's default value. */
class Namer {
  private count = 0
  /** Named types already fully defined (safe to reference: no default can recurse). */
  private readonly defined: { name: string; default: Json }[] = []

  build(shape: Shape): { schema: Json; default: Json } {
    switch (shape.t) {
      case 'primitive':
        return { schema: shape.name, default: primitiveDefault(shape.name) }
      case 'ref': {
        if (this.defined.length === 0) return { schema: 'string', default: '' }
        const target = this.defined[shape.pick % this.defined.length]!
        return { schema: target.name, default: target.default }
      }
      case 'array': {
        const items = this.build(shape.items)
        return { schema: { type: 'array', items: items.schema }, default: [] }
      }
      case 'map': {
        const values = this.build(shape.values)
        return { schema: { type: 'map', values: values.schema }, default: {} }
      }
      case 'union':
        return this.union(shape.branches)
      case 'enum': {
        const name = this.nextName()
        const symbols = Array.from({ length: shape.symbols }, (_, i) => `S${i}`)
        const schema = { type: 'enum', name, symbols, ...(shape.withDefault ? { default: 'S0' } : {}) }
        return this.define(name, schema, 'S0')
      }
      case 'fixed': {
        const name = this.nextName()
        return this.define(name, { type: 'fixed', name, size: shape.size }, '\u0000'.repeat(shape.size))
      }
      case 'record': {
        const name = this.nextName()
        const fields: Json[] = []
        const value: Record<string, Json> = {}
        shape.fields.forEach((f, i) => {
          const built = this.build(f.shape)
          value[`f${i}`] = built.default
          fields.push({ name: `f${i}`, type: built.schema, ...(f.withDefault ? { default: built.default } : {}) })
        })
        return this.define(name, { type: 'record', name, fields }, value)
      }
    }
  }

  private union(branches: Shape[]): { schema: Json; default: Json } {
    const out: Json[] = []
    const seen = new Set<string>()
    let first: Json = undefined
    for (const branch of branches) {
      if (branch.t === 'union') continue // unions may not contain unions
      const definedBefore = this.defined.length
      const built = this.build(branch)
      const key = unionKey(built.schema)
      if (seen.has(key)) {
        // Nor two branches of the same unnamed type or name: drop it, and the types it defined.
        this.defined.length = definedBefore
        continue
      }
      seen.add(key)
      if (out.length === 0) first = built.default
      out.push(built.schema)
    }
    if (out.length === 0) return { schema: ['null'], default: null }
    return { schema: out, default: first }
  }

  private nextName(): string {
    return `T${++this.count}`
  }

  private define(name: string, schema: Json, value: Json): { schema: Json; default: Json } {
    this.defined.push({ name, default: value })
    return { schema, default: value }
  }
}

function primitiveDefault(name: (typeof PRIMITIVES)[number]): Json {
  return { null: null, boolean: false, int: 0, long: 0, float: 0, double: 0, bytes: '', string: '' }[name]
}

function unionKey(schema: Json): string {
  if (typeof schema === 'string') return schema
  const s = schema as { type: string; name?: string }
  return s.name ?? s.type
}

/** A random top-level record schema (JSON). */
export const recordSchemaArb: fc.Arbitrary<Record<string, unknown>> = fc
  .array(fc.record({ shape: shapeArb, withDefault: fc.boolean() }), { minLength: 1, maxLength: 6 })
  .map((fields) => new Namer().build({ t: 'record', fields }).schema as Record<string, unknown>)

/** A random schema of any kind (JSON). */
export const schemaArb: fc.Arbitrary<unknown> = shapeArb.map((shape) => new Namer().build(shape).schema)

/** A random recursive record: a linked list or tree whose fields refer back to the record by name. */
export const recursiveSchemaArb: fc.Arbitrary<Record<string, unknown>> = fc
  .record({ valueType: fc.constantFrom('int', 'long', 'string'), viaArray: fc.boolean(), extra: fc.nat(3) })
  .map(({ valueType, viaArray, extra }) => ({
    type: 'record',
    name: 'Node',
    fields: [
      { name: 'value', type: valueType },
      viaArray
        ? { name: 'children', type: { type: 'array', items: 'Node' }, default: [] }
        : { name: 'next', type: ['null', 'Node'], default: null },
      ...Array.from({ length: extra }, (_, i) => ({ name: `x${i}`, type: ['null', 'Node'], default: null })),
    ],
  }))
