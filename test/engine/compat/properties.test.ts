import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { COMPATIBILITY_LEVELS, checkCompatibility, parseSchema, readerWriterCompatibility, type CompatibilityLevel } from '../../../src/engine/index.js'
import { evolvedPairArb, recordSchemaArb, recursiveSchemaArb, renameTypes, schemaArb, type RecordJson } from './arbitraries.js'

const compatibleAt = (level: CompatibilityLevel, candidate: unknown, previous: unknown) => checkCompatibility(level, candidate, [previous]).compatible

describe('compatibility properties', () => {
  it('every generated schema is valid', () => {
    fc.assert(
      fc.property(schemaArb, recordSchemaArb, (json, record) => {
        for (const schema of [json, record]) {
          const parsed = parseSchema(JSON.stringify(schema))
          expect(parsed.ok ? [] : parsed.errors).toEqual([])
        }
      }),
      { numRuns: 500 },
    )
  })

  it('the generated schemas cover namespaces (explicit, dotted, referenced across), aliases and logical types', () => {
    const texts = fc.sample(schemaArb, { numRuns: 300, seed: 1 }).map((schema) => JSON.stringify(schema))
    const count = (pattern: RegExp) => texts.filter((t) => pattern.test(t)).length
    expect(count(/"namespace":"[a-z]/)).toBeGreaterThan(10)
    expect(count(/"namespace":""/)).toBeGreaterThan(10)
    expect(count(/"name":"[a-z.]+\.T\d+"/)).toBeGreaterThan(10)
    expect(
      count(
        /"type":"(?:com\.acme|org\.example\.v1)\.T\d+"|"(?:items|values)":"(?:com\.acme|org\.example\.v1)\.T\d+"|\["[^\]]*"(?:com\.acme|org\.example\.v1)\.T\d+"/,
      ),
    ).toBeGreaterThan(5)
    expect(count(/"aliases":\["(?:legacy\.)?OldT\d+"\]/)).toBeGreaterThan(10)
    expect(count(/"aliases":\["old_f\d+"\]/)).toBeGreaterThan(10)
    expect(count(/"logicalType":"decimal"/)).toBeGreaterThan(5)
    expect(count(/"logicalType":"(?:date|timestamp-millis|uuid)"/)).toBeGreaterThan(5)
  })

  it('every valid schema is compatible with itself at every level', () => {
    fc.assert(
      fc.property(schemaArb, (json) => {
        const schema = JSON.stringify(json) // text input: a bare primitive name is a JSON string
        expect(readerWriterCompatibility(schema, schema).incompatibilities).toEqual([])
        for (const level of COMPATIBILITY_LEVELS) expect(compatibleAt(level, schema, schema)).toBe(true)
      }),
      { numRuns: 200 },
    )
  })

  it('FULL holds exactly when BACKWARD and FORWARD hold, for a schema and its evolution', () => {
    fc.assert(
      fc.property(evolvedPairArb, ([old, next]) => {
        const backward = compatibleAt('BACKWARD', next, old)
        const forward = compatibleAt('FORWARD', next, old)
        expect(compatibleAt('FULL', next, old)).toBe(backward && forward)
        expect(compatibleAt('FULL_TRANSITIVE', next, old)).toBe(backward && forward)
      }),
      { numRuns: 300 },
    )
  })

  it('BACKWARD is the reader/writer check with the new schema reading, FORWARD the reverse', () => {
    fc.assert(
      fc.property(evolvedPairArb, ([old, next]) => {
        expect(compatibleAt('BACKWARD', next, old)).toBe(readerWriterCompatibility(next, old).compatible)
        expect(compatibleAt('FORWARD', next, old)).toBe(readerWriterCompatibility(old, next).compatible)
      }),
      { numRuns: 200 },
    )
  })

  it('adding a field with a default keeps FULL; adding one without a default keeps FORWARD', () => {
    fc.assert(
      fc.property(recordSchemaArb, recordSchemaArb, fc.nat(), (base, donorRecord, pick) => {
        const donors = (donorRecord as RecordJson).fields.filter((f) => 'default' in f)
        const withoutDefault = { ...structuredClone(base), fields: [...(base as RecordJson).fields, { name: 'extra', type: 'string' }] }
        expect(compatibleAt('FORWARD', withoutDefault, base)).toBe(true)
        if (donors.length === 0) return
        const added = { ...renameTypes(donors[pick % donors.length]!), name: 'added' }
        const next = { ...structuredClone(base), fields: [...(base as RecordJson).fields, added] }
        // A donor field may use a named type defined by a sibling field of its own record.
        fc.pre(parseSchema(next).ok)
        expect(compatibleAt('BACKWARD', next, base)).toBe(true)
        expect(compatibleAt('FULL', next, base)).toBe(true)
      }),
      { numRuns: 300 },
    )
  })

  it('removing a field keeps BACKWARD; removing one that had a default keeps FULL', () => {
    fc.assert(
      fc.property(recordSchemaArb, fc.nat(), (base, pick) => {
        const fields = (base as RecordJson).fields
        const i = pick % fields.length
        const next = { ...structuredClone(base), fields: fields.filter((_, j) => j !== i) }
        // The removed field may have defined a named type used later: then the schema is invalid.
        fc.pre(parseSchema(next).ok)
        expect(compatibleAt('BACKWARD', next, base)).toBe(true)
        if ('default' in fields[i]!) expect(compatibleAt('FULL', next, base)).toBe(true)
      }),
      { numRuns: 300 },
    )
  })

  it('renaming a field or the record, keeping the old name as an alias, keeps BACKWARD', () => {
    fc.assert(
      fc.property(recordSchemaArb, fc.nat(), fc.boolean(), (base, pick, renameRecord) => {
        const next = structuredClone(base) as RecordJson
        if (renameRecord) Object.assign(next, { name: 'Renamed', aliases: [base.name] })
        else {
          const i = pick % next.fields.length
          next.fields[i] = { ...next.fields[i]!, name: 'renamed', aliases: [next.fields[i]!.name] } as RecordJson['fields'][number]
        }
        expect(compatibleAt('BACKWARD', next, base)).toBe(true)
      }),
      { numRuns: 200 },
    )
  })

  it('a transitive level against one version agrees with its plain level', () => {
    fc.assert(
      fc.property(evolvedPairArb, ([old, next]) => {
        for (const level of ['BACKWARD', 'FORWARD', 'FULL'] as const) {
          expect(checkCompatibility(`${level}_TRANSITIVE`, next, [old]).messages.slice(0, -1)).toEqual(
            checkCompatibility(level, next, [old]).messages.slice(0, -1),
          )
        }
      }),
      { numRuns: 100 },
    )
  })

  it('the walk terminates on recursive schemas and still finds real differences', () => {
    fc.assert(
      fc.property(recursiveSchemaArb, recursiveSchemaArb, (a, b) => {
        expect(readerWriterCompatibility(a, a).compatible).toBe(true)
        const result = readerWriterCompatibility(a, b)
        const aValue = (a.fields as { type: string }[])[0]!.type
        const bValue = (b.fields as { type: string }[])[0]!.type
        const promotable = aValue === bValue || (aValue === 'long' && bValue === 'int')
        if (!promotable) expect(result.incompatibilities.some((x) => x.location === '/fields/0/type')).toBe(true)
      }),
      { numRuns: 200 },
    )
  })
})
