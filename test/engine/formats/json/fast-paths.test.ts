/**
 * The JSON Schema engine's shortcuts give exactly what the full path gives: a version read relative
 * to another (only the changed text parsed, the rest shared), unchanged subschemas skipped by
 * identity or by equal JSON, and the text-level helpers behind them.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { schemaDifferences } from '../../../../src/engine/formats/index.js'
import { jsonSchemaDifferences, parseJsonSchema, parseJsonSchemaAfter, type ParsedJsonSchema } from '../../../../src/engine/formats/json/index.js'
import { membersOf, scanSkeleton } from '../../../../src/engine/formats/json/load/json-skeleton.js'
import { readRelative } from '../../../../src/engine/formats/json/load/relative-json.js'
import { textEdits } from '../../../../src/engine/formats/json/load/text-edits.js'
import { javaKeyUnionOrder, javaMapKeyOrder } from '../../../../src/engine/formats/json/diff/java-hash-order.js'

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }

/** JSON.stringify with key order: equal text means equal JSON, key order included. */
const same = (a: unknown, b: unknown) => expect(JSON.stringify(a)).toBe(JSON.stringify(b))

const key = fc.oneof(fc.constantFrom('type', 'properties', 'a', 'b', 'name', '1', '10', '__x', 'q"', 'back\\slash', 'é', ' '), fc.string({ maxLength: 4 }))
const json: fc.Arbitrary<Json> = fc.letrec<{ value: Json }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom<Json>(null, true, false, 0, -1.5, 1e21, 'x', '', 'a "q"', '\\', '\u2028'),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(key, tie('value'), { maxKeys: 5 }),
  ),
})).value
const document = fc.dictionary(key, json, { minKeys: 1, maxKeys: 6 })

/** Text of `value` in one of several layouts. */
function write(value: unknown, layout: number): string {
  if (layout === 0) return JSON.stringify(value)
  if (layout === 1) return JSON.stringify(value, null, 2)
  if (layout === 2) return ` ${JSON.stringify(value, null, '\t')}\n`
  return JSON.stringify(value, null, 1).replace(/\n\s*/g, ' ')
}

/** Every object and array inside `value`. */
function containers(value: unknown, out: Array<Record<string, unknown> | unknown[]> = []): Array<Record<string, unknown> | unknown[]> {
  if (value !== null && typeof value === 'object') {
    out.push(value as Record<string, unknown>)
    for (const child of Object.values(value)) containers(child, out)
  }
  return out
}

/** A copy of `doc` with one change somewhere inside it (a value set, a key removed, added or moved last). */
function mutate(doc: Json, where: number, what: number, value: Json, name: string): Json {
  const copy = structuredClone(doc)
  const all = containers(copy)
  const target = all[where % all.length]!
  if (Array.isArray(target)) {
    if (what % 3 === 0 || target.length === 0) target.push(value)
    else if (what % 3 === 1) target.splice(what % target.length, 1)
    else target[what % target.length] = value
    return copy
  }
  const keys = Object.keys(target)
  if (what % 4 === 0 || keys.length === 0) Object.defineProperty(target, name, { value, enumerable: true, writable: true, configurable: true })
  else if (what % 4 === 1) delete target[keys[what % keys.length]!]
  else if (what % 4 === 2) target[keys[what % keys.length]!] = value
  else {
    const moved = keys[what % keys.length]!
    const v = target[moved]
    delete target[moved]
    target[moved] = v
  }
  return copy
}

/** Text edits that JSON-level mutation does not make: repeated keys, members cut, characters cut or inserted. */
function textual(text: string, what: number, at: number): string {
  const i = at % (text.length + 1)
  switch (what % 7) {
    case 0:
      return text.replace(/"(\w+)":/, '"$1":1,"$1":')
    case 1:
      return text.replace(/"(\w+)":/, '"$1":{"dup":[0]},"$1":')
    case 2:
      return text.replace(/"[^"]*":\s*(-?\d[\d.e+-]*|true|false|null|"[^"]*")/, '')
    case 3:
      return text.slice(0, i) + text.slice(i + 1)
    case 4:
      return `${text.slice(0, i)},${text.slice(i)}`
    case 5:
      return `${text.slice(0, i)}"k":[1],${text.slice(i)}`
    default:
      return `${text.slice(0, i)} ${text.slice(i)}`
  }
}

function parseOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

describe('reading a JSON text relative to another', () => {
  // The new text: the document changed and written again, or the old text edited as text (then the
  // old text itself may hold repeated keys, which JSON.parse folds into one).
  const edited = fc
    .tuple(
      document,
      fc.nat(),
      fc.nat(),
      json,
      key,
      fc.nat(3),
      fc.nat(3),
      fc.integer({ min: 0, max: 3 }),
      fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 3 }),
      fc.nat(6),
    )
    .map(([doc, where, what, value, name, layoutA, layoutB, mutations, textEditsToMake, baseEdit]) => {
      let a = write(doc, layoutA)
      if (textEditsToMake.length > 0) {
        const withRepeats = textual(a, baseEdit === 0 ? 0 : 1, 0)
        if (baseEdit < 3 && parseOrUndefined(withRepeats) !== undefined) a = withRepeats
        let b = a
        for (const [tWhat, tAt] of textEditsToMake) b = textual(b, tWhat, tAt)
        return { a, b }
      }
      let next: Json = doc
      for (let m = 0; m < mutations; m++) next = mutate(next, where + m * 7, what + m, value, name)
      return { a, b: write(next, mutations === 0 && layoutA === layoutB ? layoutA : layoutB) }
    })

  it('gives exactly JSON.parse of the new text, or gives up (never a wrong value, never for invalid JSON)', () => {
    let read = 0
    let valid = 0
    fc.assert(
      fc.property(edited, ({ a, b }) => {
        const expected = parseOrUndefined(b)
        const got = readRelative(a, JSON.parse(a), b)
        if (expected !== undefined) valid++
        if (got !== undefined) {
          read++
          expect(expected).not.toBeUndefined()
          same(got, expected)
          expect(got).toEqual(expected)
        }
      }),
      { numRuns: 6000 },
    )
    // Not a test of nothing: most valid edits are read relative to the original.
    expect(read).toBeGreaterThan(valid / 2)
  })

  it.each([
    ['a repeated key around the edit (the last value counts)', '{"p":{"x":1},"q":2,"p":{"x":5}}', '{"p":{"x":2},"q":2,"p":{"x":5}}'],
    ['a repeated key inside the edited object', '{"p":{"x":1,"y":2,"x":3}}', '{"p":{"x":1,"y":9,"x":3}}'],
    ['a key repeated by the edit', '{"p":{"x":1,"y":2}}', '{"p":{"x":1,"y":2,"x":4}}'],
    ['a member cut leaving two commas', '{"a":1,"b":2,"c":3}', '{"a":1,,"c":3}'],
    ['a member cut leaving a trailing comma', '{"a":1,"b":2}', '{"a":1,}'],
    ['integer keys (ordered first by JSON.parse)', '{"b":{"x":1},"1":{"y":2},"a":3}', '{"b":{"x":1},"1":{"y":2},"0":0,"a":3}'],
    ['a __proto__ key', '{"__proto__":{"x":1},"a":{"y":1}}', '{"__proto__":{"x":2},"a":{"y":1}}'],
    ['an edit at the outer brackets', '{"a":1}', '[{"a":1}]'],
    ['escaped keys', '{"a\\"b":{"x":1},"c":2}', '{"a\\"b":{"x":2},"c":2}'],
  ])('%s: JSON.parse’s value or nothing', (_name, a, b) => {
    const got = readRelative(a, JSON.parse(a), b)
    const expected = parseOrUndefined(b)
    if (got !== undefined) {
      same(got, expected)
      expect(got).toEqual(expected)
    } else expect(got).toBeUndefined()
  })

  it('shares every untouched object of the original', () => {
    const base = { type: 'object', properties: { a: { type: 'string', maxLength: 3 }, b: { type: 'integer' }, c: { enum: [1, 2] } }, required: ['a'] }
    const text = JSON.stringify(base)
    const parsedBase = JSON.parse(text)
    const changed = readRelative(text, parsedBase, text.replace('"maxLength":3', '"maxLength":4')) as typeof base
    expect(changed.properties.a.maxLength).toBe(4)
    expect(changed.properties.b).toBe(parsedBase.properties.b)
    expect(changed.properties.c).toBe(parsedBase.properties.c)
    expect(changed.required).toBe(parsedBase.required)
    expect(changed.properties.a).not.toBe(parsedBase.properties.a)
    expect(readRelative(text, parsedBase, text)).toBe(parsedBase)
  })

  it('finds edits that rebuild the new text from the old one', () => {
    fc.assert(
      fc.property(edited, ({ a, b }) => {
        const edits = textEdits(a, b, 100)!
        let rebuilt = ''
        let at = 0
        for (const e of edits) {
          expect(e.aStart).toBeGreaterThanOrEqual(at)
          expect(a.slice(at, e.aStart)).toBe(b.slice(rebuilt.length, rebuilt.length + e.aStart - at))
          rebuilt += a.slice(at, e.aStart) + b.slice(e.bStart, e.bEnd)
          at = e.aEnd
        }
        expect(rebuilt + a.slice(at)).toBe(b)
      }),
    )
  })

  it('locates every object and array, and the members of each', () => {
    fc.assert(
      fc.property(document, fc.nat(3), (doc, layout) => {
        const text = write(doc, layout)
        const skeleton = scanSkeleton(text)!
        expect(skeleton.count).toBe(containers(JSON.parse(text)).length)
        for (let i = 0; i < skeleton.count; i++) {
          const value = JSON.parse(text.slice(skeleton.start[i], skeleton.end[i]))
          const members = membersOf(text, skeleton, i)!
          if (Array.isArray(value)) expect(members.map((m) => JSON.parse(text.slice(m.valueStart, m.valueEnd)))).toEqual(value)
          else expect(Object.fromEntries(members.map((m) => [m.key, JSON.parse(text.slice(m.valueStart, m.valueEnd))]))).toEqual(value)
        }
      }),
    )
  })
})

// Schemas and evolutions of them with everything the shortcuts must respect: `not`, object and
// array defaults, `$ref`, combined schemas, several drafts.
const leaf = fc.constantFrom<Json>(
  { type: 'string', maxLength: 5 },
  { type: 'string', maxLength: 9, pattern: '^a' },
  { type: 'integer', minimum: 0 },
  { type: 'number' },
  { type: ['null', 'string'] },
  { enum: ['A', 'B'] },
  { not: { type: 'string' } },
  { type: 'object', default: {} },
  { type: 'array', items: { type: 'string' }, default: [1] },
  { type: 'string', default: 'x' },
  { anyOf: [{ type: 'string' }, { type: 'integer' }] },
  { $ref: '#/definitions/shared' },
  true,
  {},
)
const schemaDoc = fc
  .tuple(
    fc.dictionary(
      fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', '1'),
      fc.oneof(
        leaf,
        fc.dictionary(fc.constantFrom('x', 'y', 'z'), leaf, { maxKeys: 3 }).map((p) => ({ type: 'object', properties: p })),
      ),
      { maxKeys: 6 },
    ),
    fc.constantFrom(
      undefined,
      'http://json-schema.org/draft-04/schema#',
      'http://json-schema.org/draft-07/schema#',
      'https://json-schema.org/draft/2020-12/schema',
    ),
    fc.boolean(),
  )
  .map(([properties, dialect, closed]) => ({
    ...(dialect ? { $schema: dialect } : {}),
    type: 'object',
    properties,
    required: Object.keys(properties).slice(0, 2),
    ...(closed ? { additionalProperties: false } : {}),
    definitions: { shared: { type: 'string' } },
  }))
const evolved = fc
  .tuple(schemaDoc, fc.nat(), fc.nat(), leaf, fc.constantFrom('a', 'g', 'x'), fc.integer({ min: 0, max: 3 }), fc.nat(3), fc.nat(3))
  .map(([doc, where, what, value, name, n, la, lb]) => {
    let next: Json = doc as Json
    for (let m = 0; m < n; m++) next = mutate(next, where + 3 * m, what + m, value, name)
    return { a: write(doc, la), b: write(next, n === 0 ? la : lb) }
  })

const list = (diffs: ReadonlyArray<{ type: string; path: string; compatible: boolean }>) => diffs.map((d) => `${d.type} ${d.path} ${d.compatible}`)

describe('the JSON Schema shortcuts give the full path’s result', () => {
  it('a version read relative to another parses to the same schema (same differences against both, same errors)', () => {
    fc.assert(
      fc.property(evolved, ({ a, b }) => {
        const base = parseJsonSchema(a)
        fc.pre(base.ok)
        const previous = (base as { value: ParsedJsonSchema }).value
        const relative = parseJsonSchemaAfter(previous, b)
        const whole = parseJsonSchema(b)
        expect(relative.ok).toBe(whole.ok)
        if (!relative.ok || !whole.ok) {
          expect(relative).toEqual(whole)
          return
        }
        const fresh = (parseJsonSchema(a) as { value: ParsedJsonSchema }).value
        for (const policy of ['STRICT', 'LENIENT'] as const) {
          expect(list(jsonSchemaDifferences(previous, relative.value, { policy }))).toEqual(list(jsonSchemaDifferences(fresh, whole.value, { policy })))
          expect(list(jsonSchemaDifferences(relative.value, previous, { policy }))).toEqual(list(jsonSchemaDifferences(whole.value, fresh, { policy })))
        }
        expect(relative.value.canonical).toBe(whole.value.canonical)
        expect(relative.value.dialect).toBe(whole.value.dialect)
      }),
      { numRuns: 500 },
    )
  })

  it('comparing parsed versions again (subschemas of equal JSON skipped) gives the first comparison’s differences', () => {
    fc.assert(
      fc.property(evolved, evolved, ({ a, b }, { b: c }) => {
        const parsed = [a, b, c].map((t) => parseJsonSchema(t))
        fc.pre(parsed.every((p) => p.ok))
        const [x, y, z] = parsed.map((p) => (p as { value: ParsedJsonSchema }).value)
        const first = [list(jsonSchemaDifferences(x!, y!)), list(jsonSchemaDifferences(y!, z!)), list(jsonSchemaDifferences(x!, z!))]
        // Each document has been compared before now: the shortcut by equal JSON is on.
        expect([list(jsonSchemaDifferences(x!, y!)), list(jsonSchemaDifferences(y!, z!)), list(jsonSchemaDifferences(x!, z!))]).toEqual(first)
        const fresh = [a, b, c].map((t) => (parseJsonSchema(t) as { value: ParsedJsonSchema }).value)
        expect(list(jsonSchemaDifferences(fresh[0]!, fresh[2]!))).toEqual(first[2])
      }),
      { numRuns: 300 },
    )
  })

  it('a schema compared with itself or with its own parse reports only what always differs (not, object defaults)', () => {
    const text = JSON.stringify({ type: 'object', properties: { n: { not: { type: 'string' } }, d: { type: 'object', default: {} }, s: { type: 'string' } } })
    const parsed = (parseJsonSchema(text) as { value: ParsedJsonSchema }).value
    const expected = ['DEFAULT_CHANGED #/properties/d true', 'NOT_TYPE_NARROWED #/properties/n/not true']
    expect(list(jsonSchemaDifferences(parsed, parsed)).sort()).toEqual(expected)
    expect(list(jsonSchemaDifferences(parsed, parsed)).sort()).toEqual(expected)
    expect(list(schemaDifferences('JSON', text, text)).sort()).toEqual(expected)
  })

  it('properties and required come out in the registry’s hash order when only the changed names are ordered', () => {
    const names = Array.from({ length: 60 }, (_, i) => (i % 3 === 0 ? `field_${i}` : i % 3 === 1 ? `f${i}x` : `Ä${i}`))
    const change = fc.record({
      kept: fc.subarray(names, { minLength: 1 }),
      retyped: fc.subarray(names),
      required: fc.subarray(names),
      added: fc.subarray(['new_a', 'new_b', 'zz', 'a1', 'b0', 'Q']),
      viaRef: fc.boolean(),
    })
    fc.assert(
      fc.property(change, ({ kept, retyped, required, added, viaRef }) => {
        const object = (props: string[], types: (n: string) => string, req: string[]) => ({
          type: 'object',
          properties: Object.fromEntries(props.map((n) => [n, { type: types(n) }])),
          required: req,
        })
        const original = object(names, () => 'string', [])
        const update = object(
          [...kept, ...added],
          (n) => (retyped.includes(n) ? 'integer' : 'string'),
          required.filter((n) => kept.includes(n)),
        )
        // A `$ref` elsewhere in the document takes the path that walks the names in the registry's order itself.
        const wrap = (o: object) =>
          viaRef
            ? { ...o, definitions: { x: { type: 'string' } }, properties: { ...(o as { properties: object }).properties, r: { $ref: '#/definitions/x' } } }
            : o
        const diffs = list(schemaDifferences('JSON', JSON.stringify(wrap(original)), JSON.stringify(wrap(update))))
        const propertyPaths = diffs.filter((d) => / #\/properties\/[^/ ]+ /.test(d)).map((d) => d.split(' ')[1]!.slice('#/properties/'.length))
        const unionOrder = javaKeyUnionOrder(viaRef ? [...names, 'r'] : names, [...kept, ...added, ...(viaRef ? ['r'] : [])])
        const changed = new Set([...names.filter((n) => !kept.includes(n) || retyped.includes(n)), ...added])
        expect(propertyPaths).toEqual(unionOrder.filter((n) => changed.has(n)))
        const requiredPaths = diffs.filter((d) => d.includes('#/required/')).map((d) => d.split(' ')[1]!.slice('#/required/'.length))
        expect(requiredPaths).toEqual(javaMapKeyOrder(viaRef ? [...names, 'r'] : names).filter((n) => kept.includes(n) && required.includes(n)))
      }),
      { numRuns: 200 },
    )
  })
})
