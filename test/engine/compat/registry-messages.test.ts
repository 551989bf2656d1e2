import { describe, expect, it } from 'vitest'
import { renderLocation } from '../../../src/engine/compat/pointer.js'
import { formatIncompatibility, formatOldSchema } from '../../../src/engine/compat/registry-messages.js'
import { missingSymbolsMessage } from '../../../src/engine/compat/messages.js'

describe('Avro locations', () => {
  it('renders the root as "/" and escapes ~ and / in tokens', () => {
    expect(renderLocation([''])).toBe('/')
    expect(renderLocation(['', 'fields', '0', 'type'])).toBe('/fields/0/type')
    expect(renderLocation(['', 'a/b', 'c~d'])).toBe('/a~1b/c~0d')
  })

  it('lists missing enum symbols sorted like a Java TreeSet', () => {
    expect(missingSymbolsMessage(['b', 'A', 'a', 'B'])).toBe('[A, B, a, b]')
  })
})

describe('registry message texts', () => {
  const inc = { type: 'MISSING_ENUM_SYMBOLS' as const, location: '/fields/0/type/symbols', message: '[C]' }

  it('words reader and writer as new/old for backward and old/new for forward', () => {
    expect(formatIncompatibility(inc, 'backward')).toBe(
      "{errorType:'MISSING_ENUM_SYMBOLS', description:'The new schema is missing enum symbols '[C]' at path '/fields/0/type/symbols' in the old schema', additionalInfo:'[C]'}",
    )
    expect(formatIncompatibility(inc, 'forward')).toContain("description:'The old schema is missing enum symbols '[C]'")
  })

  it('has a description for every incompatibility type', () => {
    const texts = {
      NAME_MISMATCH: "The name of the schema has changed (path '/name')",
      FIXED_SIZE_MISMATCH: "The size of FIXED type field at path '/name' in the new schema does not match with the old schema",
      MISSING_UNION_BRANCH: "The new schema is missing a type inside a union field at path '/name' in the old schema",
      TYPE_MISMATCH: "The type (path '/name') of a field in the new schema does not match with the old schema",
      READER_FIELD_MISSING_DEFAULT_VALUE: "The field 'x' at path '/name' in the new schema has no default value and is missing in the old schema",
    } as const
    for (const [type, description] of Object.entries(texts)) {
      expect(formatIncompatibility({ type: type as keyof typeof texts, location: '/name', message: 'x' }, 'backward')).toBe(
        `{errorType:'${type}', description:'${description}', additionalInfo:'x'}`,
      )
    }
  })

  it('truncates an old schema above 10 KiB as the registry does', () => {
    expect(formatOldSchema(3, '"int"')).toEqual(['{oldSchemaVersion: 3}', `{oldSchema: '"int"'}`])
    const long = 'x'.repeat(10 * 1024 + 5)
    expect(formatOldSchema(1, long)[1]).toBe(`{oldSchema: <truncated> '${'x'.repeat(10 * 1024)}...'}`)
  })
})
