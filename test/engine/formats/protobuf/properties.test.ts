import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { checkCompatibility, COMPATIBILITY_LEVELS, type CompatibilityLevel } from '../../../../src/engine/index.js'
import {
  fromFileDescriptor,
  parseProtobuf,
  protobufCanonical,
  protobufDifferences,
  toFileDescriptor,
  type ParsedProtobuf,
} from '../../../../src/engine/formats/protobuf/index.js'
import { evolutionArb, evolve, renderSchema, schemaModelArb } from './arbitraries.js'

function parse(text: string): ParsedProtobuf {
  const result = parseProtobuf(text)
  if (!result.ok) throw new Error(`${JSON.stringify(result.errors)}\n${text}`)
  return result.value
}

const PROTOBUF = { schemaType: 'PROTOBUF' } as const
const compatible = (level: CompatibilityLevel, candidate: string, previous: string) => checkCompatibility(level, candidate, [previous], PROTOBUF).compatible
const listed = (a: ParsedProtobuf, b: ParsedProtobuf) => protobufDifferences(a, b).map((d) => `${d.type} ${d.path}`)

describe('Protobuf compatibility properties', () => {
  it('every generated schema is valid and compatible with itself at every level', () => {
    fc.assert(
      fc.property(schemaModelArb(), (model) => {
        const text = renderSchema(model)
        const parsed = parse(text)
        expect(protobufDifferences(parsed, parse(text))).toEqual([])
        for (const level of COMPATIBILITY_LEVELS) expect(compatible(level, text, text)).toBe(true)
      }),
      { numRuns: 150 },
    )
  })

  it('the canonical text is a fixed point and means the same schema', () => {
    fc.assert(
      fc.property(schemaModelArb(), (model) => {
        const parsed = parse(renderSchema(model))
        const text = protobufCanonical(parsed)
        const again = parse(text)
        expect(protobufCanonical(again)).toBe(text)
        expect(protobufDifferences(parsed, again)).toEqual([])
      }),
      { numRuns: 150 },
    )
  })

  it('a schema written as a FileDescriptorProto and read back compares equal both ways', () => {
    fc.assert(
      fc.property(schemaModelArb(), (model) => {
        const parsed = parse(renderSchema(model))
        const read = fromFileDescriptor(toFileDescriptor(parsed))
        if (!read.ok) throw new Error(JSON.stringify(read.errors))
        expect(listed(parsed, read.value)).toEqual([])
        expect(listed(read.value, parsed)).toEqual([])
      }),
      { numRuns: 150 },
    )
  })

  it('FULL = BACKWARD ∧ FORWARD, and the transitive levels agree with them on one version', () => {
    fc.assert(
      fc.property(schemaModelArb(), evolutionArb, fc.nat(), (model, evolution, pick) => {
        const before = renderSchema(model)
        const after = renderSchema(evolve(model, evolution, pick))
        const backward = compatible('BACKWARD', after, before)
        const forward = compatible('FORWARD', after, before)
        expect(compatible('FULL', after, before)).toBe(backward && forward)
        expect(compatible('BACKWARD_TRANSITIVE', after, before)).toBe(backward)
        expect(compatible('FORWARD_TRANSITIVE', after, before)).toBe(forward)
        expect(compatible('FULL_TRANSITIVE', after, before)).toBe(backward && forward)
        // FORWARD of the candidate is BACKWARD of the previous version against it.
        expect(forward).toBe(compatible('BACKWARD', before, after))
      }),
      { numRuns: 200 },
    )
  })

  it('adding an optional field keeps BACKWARD and FORWARD (FIELD_ADDED), removing one too (FIELD_REMOVED)', () => {
    fc.assert(
      fc.property(schemaModelArb(), fc.nat(), (model, pick) => {
        const evolved = evolve(model, 'add-field', pick)
        const before = parse(renderSchema(model))
        const after = parse(renderSchema(evolved))
        const message = evolved.messages[pick % evolved.messages.length]!
        const tag = message.fields[message.fields.length - 1]!.tag
        const path = `#/${message.name}/${tag}`
        expect(listed(before, after)).toEqual([`FIELD_ADDED ${path}`])
        expect(listed(after, before)).toEqual([`FIELD_REMOVED ${path}`])
        expect(compatible('FULL', renderSchema(evolved), renderSchema(model))).toBe(true)
      }),
      { numRuns: 150 },
    )
  })

  it('added and removed things mirror each other when the pair is swapped', () => {
    const mirror: Record<string, string> = {
      FIELD_ADDED: 'FIELD_REMOVED',
      MESSAGE_ADDED: 'MESSAGE_REMOVED',
      ENUM_CONST_ADDED: 'ENUM_CONST_REMOVED',
      ONEOF_ADDED: 'ONEOF_REMOVED',
    }
    fc.assert(
      fc.property(schemaModelArb(), evolutionArb, fc.nat(), (model, evolution, pick) => {
        const a = parse(renderSchema(model))
        const b = parse(renderSchema(evolve(model, evolution, pick)))
        const forward = listed(a, b)
        const backward = new Set(listed(b, a))
        for (const entry of forward) {
          const [type, path] = entry.split(' ')
          if (mirror[type!]) expect(backward.has(`${mirror[type!]} ${path}`)).toBe(true)
        }
      }),
      { numRuns: 200 },
    )
  })

  it('the differences are deterministic and their paths start at #/', () => {
    fc.assert(
      fc.property(schemaModelArb(), evolutionArb, fc.nat(), (model, evolution, pick) => {
        const a = parse(renderSchema(model))
        const b = parse(renderSchema(evolve(model, evolution, pick)))
        const once = protobufDifferences(a, b)
        expect(protobufDifferences(a, b)).toEqual(once)
        for (const d of once) expect(d.path.startsWith('#/')).toBe(true)
      }),
      { numRuns: 100 },
    )
  })

  it('any text gives a result, never a throw', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 200 }),
        fc.string({
          unit: fc.constantFrom(
            'message ',
            'A',
            '{',
            '}',
            ';',
            ' = ',
            '1',
            'oneof ',
            'map<',
            '>',
            ',',
            'int32 ',
            '"',
            '[',
            ']',
            '(',
            ')',
            '.',
            '\n',
            '//',
            '/*',
            '*/',
            'enum ',
            'syntax',
            'import ',
          ),
        }),
        (junk, tokens) => {
          for (const text of [junk, tokens, `syntax = "proto3";\n${tokens}`]) {
            const result = parseProtobuf(text)
            expect(typeof result.ok).toBe('boolean')
          }
        },
      ),
      { numRuns: 500 },
    )
  })
})
