import { describe, expect, it } from 'vitest'
import { checkCompatibility, schemaDifferences } from '../../../../src/engine/index.js'
import { protobufDifferences, parseProtobuf, type ParsedProtobuf } from '../../../../src/engine/formats/protobuf/index.js'
import { readConformance } from '../../schema/conformance-files.js'
import { OWN_CASES } from './cases.js'

interface Dependency {
  name: string
  dependency: string | null
}

interface PublicCase {
  id: string
  description: string
  original_schema: string
  update_schema: string
  original_dependencies?: Dependency[]
  update_dependencies?: Dependency[]
  compatible: boolean
  errors: string[]
  incompatible_errors: string[]
}

/** The case's dependencies; one given without text (descriptor.proto from the protobuf jar) is our bundled copy. */
function dependencies(list: Dependency[] | undefined): Record<string, string> {
  return Object.fromEntries((list ?? []).filter((d) => d.dependency !== null).map((d) => [d.name, d.dependency as string]))
}

function parse(text: string, deps: Record<string, string>): ParsedProtobuf {
  const result = parseProtobuf(text, deps)
  if (!result.ok) throw new Error(`does not parse: ${JSON.stringify(result.errors)}`)
  return result.value
}

const listed = (original: ParsedProtobuf, update: ParsedProtobuf) => protobufDifferences(original, update).map((d) => `${d.type} ${d.path}`)

describe('Confluent Protobuf diff conformance (protobuf-compat/public.jsonl)', () => {
  const cases = readConformance<PublicCase>('protobuf-compat/public.jsonl')
  let agreed = 0

  it.each(cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const original = parse(c.original_schema, dependencies(c.original_dependencies))
    const update = parse(c.update_schema, dependencies(c.update_dependencies))
    const differences = protobufDifferences(original, update)
    expect(differences.map((d) => `${d.type} ${d.path}`)).toEqual(c.errors)
    expect(differences.filter((d) => !d.compatible).map((d) => `${d.type} ${d.path}`)).toEqual(c.incompatible_errors)
    expect(differences.every((d) => d.compatible)).toBe(c.compatible)
    // The README: each case is the registry's BACKWARD check of the update against the original.
    const level = checkCompatibility(
      'BACKWARD',
      { schema: c.update_schema, dependencies: dependencies(c.update_dependencies) },
      [{ schema: c.original_schema, dependencies: dependencies(c.original_dependencies) }],
      { schemaType: 'PROTOBUF' },
    )
    expect(level.compatible).toBe(c.compatible)
    agreed++
  })

  it('agrees on every public case', () => {
    console.log(`protobuf-compat/public.jsonl: ${agreed}/${cases.length}`)
    expect(cases.length).toBe(32)
    expect(agreed).toBe(cases.length)
  })
})

describe('our own Protobuf difference cases (test/engine/formats/protobuf/cases.ts)', () => {
  it.each(OWN_CASES.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const original = parse(c.original, c.originalDependencies ?? {})
    const update = parse(c.update, c.updateDependencies ?? {})
    expect(listed(original, update), c.source).toEqual(c.errors)
    expect(protobufDifferences(original, update).every((d) => d.compatible)).toBe(c.compatible)
    if (c.reverse) {
      expect(listed(update, original), `reverse: ${c.source}`).toEqual(c.reverse.errors)
      expect(protobufDifferences(update, original).every((d) => d.compatible)).toBe(c.reverse.compatible)
    }
  })

  it('covers every difference type the registry reports', () => {
    const seen = new Set<string>()
    const cases = readConformance<PublicCase>('protobuf-compat/public.jsonl')
    for (const c of cases) for (const e of c.errors) seen.add(e.split(' ')[0]!)
    for (const c of OWN_CASES) for (const e of [...c.errors, ...(c.reverse?.errors ?? [])]) seen.add(e.split(' ')[0]!)
    const all = schemaDifferences('PROTOBUF', 'syntax = "proto3";', 'syntax = "proto3";')
    expect([...all]).toEqual([])
    expect(all.errors).toEqual([])
    expect([...seen].sort()).toEqual([
      'ENUM_ADDED',
      'ENUM_CONST_ADDED',
      'ENUM_CONST_CHANGED',
      'ENUM_CONST_REMOVED',
      'ENUM_REMOVED',
      'FIELD_ADDED',
      'FIELD_KIND_CHANGED',
      'FIELD_MOVED_TO_EXISTING_ONEOF',
      'FIELD_NAMED_TYPE_CHANGED',
      'FIELD_NAME_CHANGED',
      'FIELD_NUMERIC_LABEL_CHANGED',
      'FIELD_REMOVED',
      'FIELD_SCALAR_KIND_CHANGED',
      'FIELD_STRING_OR_BYTES_LABEL_CHANGED',
      'MESSAGE_ADDED',
      'MESSAGE_MOVED',
      'MESSAGE_REMOVED',
      'MULTIPLE_FIELDS_MOVED_TO_ONEOF',
      'ONEOF_ADDED',
      'ONEOF_FIELD_ADDED',
      'ONEOF_FIELD_MOVED_TO_TOP_LEVEL',
      'ONEOF_FIELD_REMOVED',
      'ONEOF_REMOVED',
      'PACKAGE_CHANGED',
      'REQUIRED_FIELD_ADDED',
      'REQUIRED_FIELD_REMOVED',
    ])
  })
})
