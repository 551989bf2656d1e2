/**
 * fast-check arbitraries for random Avro schemas (as JSON): records with nested types, enums,
 * unions, arrays, maps, fixed, logical types and reuse of named types by name; named types in
 * several namespaces (inherited, explicit, null, or in a dotted name), with aliases on types and
 * fields; every field default valid.
 */
import fc from 'fast-check'

type Json = unknown
const PRIMITIVES = ['null', 'boolean', 'int', 'long', 'float', 'double', 'bytes', 'string'] as const

/** Where a named type's namespace comes from: the enclosing one (no attribute), or one written explicitly ('' = the null namespace). */
const NAMESPACES = [undefined, 'com.acme', 'org.example.v1', ''] as const

/** Logical types on their underlying types, with a valid default of the underlying type. */
const LOGICAL: ReadonlyArray<{ schema: Record<string, unknown>; default: Json }> = [
  { schema: { type: 'int', logicalType: 'date' }, default: 0 },
  { schema: { type: 'int', logicalType: 'time-millis' }, default: 0 },
  { schema: { type: 'long', logicalType: 'time-micros' }, default: 0 },
  { schema: { type: 'long', logicalType: 'timestamp-millis' }, default: 0 },
  { schema: { type: 'long', logicalType: 'timestamp-micros' }, default: 0 },
  { schema: { type: 'long', logicalType: 'local-timestamp-millis' }, default: 0 },
  { schema: { type: 'string', logicalType: 'uuid' }, default: '' },
  { schema: { type: 'bytes', logicalType: 'decimal', precision: 10, scale: 2 }, default: '' },
  { schema: { type: 'bytes', logicalType: 'decimal', precision: 4 }, default: '' },
]

/** How a named type is named: its namespace, whether written as a dotted full name, whether it has an alias. */
interface Naming {
  ns: number
  dotted: boolean
  alias: boolean
}

/** A schema shape before names are assigned. */
type Shape =
  | { t: 'primitive'; name: (typeof PRIMITIVES)[number] }
  | { t: 'logical'; pick: number }
  | { t: 'ref'; pick: number }
  | { t: 'array'; items: Shape }
  | { t: 'map'; values: Shape }
  | { t: 'union'; branches: Shape[] }
  | ({ t: 'enum'; symbols: number; withDefault: boolean } & Naming)
  | ({ t: 'fixed'; size: number; decimal: boolean } & Naming)
  | ({ t: 'record'; fields: { shape: Shape; withDefault: boolean; alias: boolean }[] } & Naming)

const naming = { ns: fc.nat(NAMESPACES.length - 1), dotted: fc.boolean(), alias: fc.boolean() }

const shapeArb: fc.Arbitrary<Shape> = fc.letrec<{ shape: Shape }>((tie) => ({
  shape: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...PRIMITIVES).map((name) => ({ t: 'primitive' as const, name })),
    fc.nat(LOGICAL.length - 1).map((pick) => ({ t: 'logical' as const, pick })),
    fc.nat(20).map((pick) => ({ t: 'ref' as const, pick })),
    fc.record({ t: fc.constant('enum' as const), symbols: fc.integer({ min: 1, max: 5 }), withDefault: fc.boolean(), ...naming }),
    fc.record({ t: fc.constant('fixed' as const), size: fc.integer({ min: 1, max: 16 }), decimal: fc.boolean(), ...naming }),
    fc.record({ t: fc.constant('array' as const), items: tie('shape') }),
    fc.record({ t: fc.constant('map' as const), values: tie('shape') }),
    fc.record({ t: fc.constant('union' as const), branches: fc.array(tie('shape'), { minLength: 1, maxLength: 4 }) }),
    fc.record({
      t: fc.constant('record' as const),
      fields: fc.array(fc.record({ shape: tie('shape'), withDefault: fc.boolean(), alias: fc.boolean() }), { maxLength: 6 }),
      ...naming,
    }),
  ),
})).shape

/** A built schema: its JSON, a valid default value, and (for unions) the key that tells branches apart. */
interface Built {
  schema: Json
  default: Json
  key: string
}

/**
 * Turns shapes into schema JSON, naming types T1, T2… (in the namespaces the shapes ask for) and
 * keeping each definition's default value.
 */
class Namer {
  private count = 0
  /** The namespace that encloses what is being built (a record's, for its fields' types). */
  private namespace = ''
  /** Named types already fully defined (safe to reference: no default can recurse). */
  private readonly defined: { fullName: string; default: Json }[] = []

  build(shape: Shape): Built {
    switch (shape.t) {
      case 'primitive':
        return { schema: shape.name, default: primitiveDefault(shape.name), key: shape.name }
      case 'logical': {
        const logical = LOGICAL[shape.pick]!
        return { schema: logical.schema, default: logical.default, key: logical.schema.type as string }
      }
      case 'ref': {
        if (this.defined.length === 0) return { schema: 'string', default: '', key: 'string' }
        const target = this.defined[shape.pick % this.defined.length]!
        return { schema: this.reference(target.fullName), default: target.default, key: target.fullName }
      }
      case 'array': {
        const items = this.build(shape.items)
        return { schema: { type: 'array', items: items.schema }, default: [], key: 'array' }
      }
      case 'map': {
        const values = this.build(shape.values)
        return { schema: { type: 'map', values: values.schema }, default: {}, key: 'map' }
      }
      case 'union':
        return this.union(shape.branches)
      case 'enum': {
        const symbols = Array.from({ length: shape.symbols }, (_, i) => `S${i}`)
        return this.named(shape, { type: 'enum', symbols, ...(shape.withDefault ? { default: 'S0' } : {}) }, () => 'S0')
      }
      case 'fixed': {
        // A decimal needs room for its precision: 8 bytes hold 18 digits.
        const decimal = shape.decimal ? { logicalType: 'decimal', precision: 1 + (shape.size % 18), scale: shape.size % 2 } : {}
        const size = shape.decimal ? 8 : shape.size
        return this.named(shape, { type: 'fixed', size, ...decimal }, () => '\u0000'.repeat(size))
      }
      case 'record': {
        const fields: Json[] = []
        const value: Record<string, Json> = {}
        return this.named(shape, { type: 'record', fields }, () => {
          shape.fields.forEach((f, i) => {
            const built = this.build(f.shape)
            value[`f${i}`] = built.default
            fields.push({
              name: `f${i}`,
              type: built.schema,
              ...(f.alias ? { aliases: [`old_f${i}`] } : {}),
              ...(f.withDefault ? { default: built.default } : {}),
            })
          })
          return value
        })
      }
    }
  }

  /**
   * Builds a named type: names it in the namespace its shape asks for, builds its insides (which
   * inherit that namespace) through `inside`, and only then defines it (so nothing inside refers to it).
   */
  private named(shape: Naming, body: Record<string, unknown>, inside: () => Json): Built {
    const name = `T${++this.count}`
    const explicit = NAMESPACES[shape.ns]
    const namespace = explicit ?? this.namespace
    const fullName = namespace === '' ? name : `${namespace}.${name}`
    const naming = shape.dotted && namespace !== '' ? { name: fullName } : { name, ...(explicit !== undefined ? { namespace: explicit } : {}) }
    const aliases = shape.alias ? { aliases: [namespace === '' ? `Old${name}` : `legacy.Old${name}`] } : {}
    const outer = this.namespace
    this.namespace = namespace
    const value = inside()
    this.namespace = outer
    this.defined.push({ fullName, default: value })
    return { schema: { ...naming, ...body, ...aliases }, default: value, key: fullName }
  }

  /** A reference as a user writes it: the short name within the same namespace, else the full name. */
  private reference(fullName: string): string {
    const dot = fullName.lastIndexOf('.')
    const namespace = dot < 0 ? '' : fullName.slice(0, dot)
    return namespace === this.namespace ? fullName.slice(dot + 1) : fullName
  }

  private union(branches: Shape[]): Built {
    const out: Json[] = []
    const seen = new Set<string>()
    let first: Json = undefined
    for (const branch of branches) {
      if (branch.t === 'union') continue // unions may not contain unions
      const definedBefore = this.defined.length
      const built = this.build(branch)
      if (seen.has(built.key)) {
        // Nor two branches of the same unnamed type or name: drop it, and the types it defined.
        this.defined.length = definedBefore
        continue
      }
      seen.add(built.key)
      if (out.length === 0) first = built.default
      out.push(built.schema)
    }
    if (out.length === 0) return { schema: ['null'], default: null, key: 'union' }
    return { schema: out, default: first, key: 'union' }
  }
}

function primitiveDefault(name: (typeof PRIMITIVES)[number]): Json {
  return { null: null, boolean: false, int: 0, long: 0, float: 0, double: 0, bytes: '', string: '' }[name]
}

/**
 * A random top-level record schema (JSON), in the null namespace so that a field moved from one
 * such record to another keeps its meaning (its types may still name namespaces of their own).
 */
export const recordSchemaArb: fc.Arbitrary<Record<string, unknown>> = fc
  .tuple(fc.array(fc.record({ shape: shapeArb, withDefault: fc.boolean(), alias: fc.boolean() }), { minLength: 1, maxLength: 6 }), fc.boolean())
  .map(([fields, alias]) => new Namer().build({ t: 'record', fields, ns: 0, dotted: false, alias }).schema as Record<string, unknown>)

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
      viaArray ? { name: 'children', type: { type: 'array', items: 'Node' }, default: [] } : { name: 'next', type: ['null', 'Node'], default: null },
      ...Array.from({ length: extra }, (_, i) => ({ name: `x${i}`, type: ['null', 'Node'], default: null })),
    ],
  }))

/** A record schema as the evolution helpers see it. */
export type RecordJson = { fields: { name: string; default?: unknown }[] } & Record<string, unknown>

/** A donor field's named types (T1, com.acme.T2, aliases OldT3…) renamed apart so they cannot clash with the base schema's. */
export function renameTypes<T>(json: T): T {
  return JSON.parse(JSON.stringify(json).replace(/"((?:\w+\.)*)(Old)?T(\d+)"/g, '"$1$2D$3"')) as T
}

/** A random record and a random evolution of it (add, remove, retype or rename a field). */
export const evolvedPairArb = fc.tuple(recordSchemaArb, recordSchemaArb, fc.nat(), fc.nat(3)).map(([base, other, pick, op]) => {
  const next = structuredClone(base) as RecordJson
  const donors = (other as RecordJson).fields
  const donor = renameTypes(donors[pick % donors.length]!)
  const i = pick % next.fields.length
  if (op === 0) next.fields.push({ ...donor, name: 'added' })
  else if (op === 1) next.fields.splice(i, 1)
  else if (op === 2) next.fields[i] = { ...donor, name: next.fields[i]!.name }
  else next.fields[i] = { ...next.fields[i]!, name: 'renamed' }
  return [base, next] as const
})
