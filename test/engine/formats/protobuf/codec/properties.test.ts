/**
 * Properties over random schemas and records: the codec writes the bytes protobuf-es writes,
 * reads them back to the canonical JSON protobuf-es prints, re-encodes that to the same bytes, and
 * never throws on random bytes (what it accepts, protobuf-es reads alike).
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ByteSink } from '../../../../../src/engine/codec/index.js'
import { createProtobufDecoder, createProtobufEncoder, frameProtobufMessage } from '../../../../../src/engine/index.js'
import { codecSchemaArb, recordArb, renderCodecSchema, type CodecSchema } from './arbitraries.js'
import { codecDecode, codecEncode, messageDesc, referenceDecode, referenceEncode, referenceRegistry, roundFloats } from './reference.js'

const RUNS = Number(process.env.PROPERTY_RUNS ?? 150)

/** A payload's top-level fields (tag and value) as separate byte strings, in wire order. */
function fieldChunks(bytes: Uint8Array): Buffer[] {
  const out: Buffer[] = []
  let pos = 0
  const varint = () => {
    let n = 0
    let shift = 0
    for (;;) {
      const b = bytes[pos++]
      if (b === undefined) throw new Error('a varint runs past the end')
      n += (b & 0x7f) * 2 ** shift
      if (b < 0x80) return n
      shift += 7
    }
  }
  while (pos < bytes.length) {
    const start = pos
    const wire = varint() % 8
    if (wire === 0) varint()
    else if (wire === 1) pos += 8
    else if (wire === 5) pos += 4
    else {
      const length = varint()
      pos += length
    }
    out.push(Buffer.from(bytes.subarray(start, pos)))
  }
  return out
}

/** A schema and a record of one of its top-level messages. */
const caseArb = codecSchemaArb.chain((schema) =>
  fc.integer({ min: 0, max: schema.messages.length - 1 }).chain((m) => recordArb(schema, `Msg${m}`).map((record) => ({ schema, message: m, record }))),
)

const registries = new Map<string, ReturnType<typeof referenceRegistry>>()
function registryOf(schema: CodecSchema) {
  const text = renderCodecSchema(schema)
  let found = registries.get(text)
  if (found === undefined) {
    found = referenceRegistry(text)
    registries.set(text, found)
  }
  return { text, ...found }
}

describe('codec properties', () => {
  it('encodes to the bytes protobuf-es writes, and decodes them to the JSON protobuf-es prints', { timeout: 600_000 }, () => {
    fc.assert(
      fc.property(caseArb, ({ schema, message, record }) => {
        const { parsed, registry, text } = registryOf(schema)
        const name = `prop.v1.Msg${message}`
        const desc = messageDesc(registry, name)
        const mine = codecEncode(parsed, name, record)
        const theirs = referenceEncode(registry, desc, record)
        expect(Buffer.from(mine).toString('hex'), text).toBe(Buffer.from(theirs).toString('hex'))
        const json = codecDecode(parsed, name, mine)
        expect(json).toEqual(referenceDecode(registry, desc, mine))
        // The canonical JSON encodes to the same bytes again.
        expect(Buffer.from(codecEncode(parsed, name, json)).toString('hex')).toBe(Buffer.from(mine).toString('hex'))
      }),
      { numRuns: RUNS },
    )
  })

  it('reads fields in any order, repeated or split as Protobuf does (last scalar wins, messages merge, lists join)', { timeout: 600_000 }, () => {
    const shuffledArb = caseArb
      .filter(({ schema }) => schema.syntax === 'proto3')
      .chain((c) => fc.array(fc.nat(), { minLength: 1, maxLength: 24 }).map((picks) => ({ ...c, picks })))
    fc.assert(
      fc.property(shuffledArb, ({ schema, message, record, picks }) => {
        const { parsed, registry } = registryOf(schema)
        const name = `prop.v1.Msg${message}`
        const chunks = fieldChunks(codecEncode(parsed, name, record))
        if (chunks.length === 0) return
        // Every chunk once in a shuffled order, then some again.
        const order = chunks.map((_, i) => i)
        for (let i = order.length - 1; i > 0; i--) {
          const j = picks[i % picks.length]! % (i + 1)
          ;[order[i], order[j]] = [order[j]!, order[i]!]
        }
        for (const p of picks.slice(0, 3)) order.push(p % chunks.length)
        const bytes = Buffer.concat(order.map((i) => chunks[i]!))
        expect(codecDecode(parsed, name, bytes)).toEqual(referenceDecode(registry, messageDesc(registry, name), bytes))
      }),
      { numRuns: RUNS },
    )
  })

  it('never throws on damaged payloads (bytes changed, cut short); what it accepts, protobuf-es reads alike', { timeout: 600_000 }, () => {
    const damagedArb = caseArb.chain((c) =>
      fc
        .record({ edits: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }), cut: fc.nat() })
        .map((d) => ({ ...c, ...d })),
    )
    fc.assert(
      fc.property(damagedArb, ({ schema, message, record, edits, cut }) => {
        const { parsed, registry } = registryOf(schema)
        const name = `prop.v1.Msg${message}`
        const good = codecEncode(parsed, name, record)
        if (good.length === 0) return
        const bytes = good.slice(0, good.length - (cut % 3 === 0 ? cut % good.length : 0))
        for (const [at, value] of edits) if (bytes.length > 0) bytes[at % bytes.length] = value
        const sink = new ByteSink()
        const outcome = createProtobufDecoder(parsed).decodePayloadJson(name, bytes, 0, bytes.length, sink)
        if (!outcome.ok) {
          expect(sink.length).toBe(0)
          return
        }
        if (schema.syntax === 'proto2') return
        let theirs: unknown
        try {
          theirs = referenceDecode(registry, messageDesc(registry, name), bytes)
        } catch {
          return
        }
        const mine = JSON.parse(new TextDecoder().decode(sink.buf.subarray(0, sink.length)))
        expect(roundFloats(mine)).toEqual(roundFloats(theirs))
      }),
      { numRuns: RUNS },
    )
  })

  it('frames any top-level message with its index and reads the type back from the frame', () => {
    fc.assert(
      fc.property(caseArb, ({ schema, message, record }) => {
        const { parsed } = registryOf(schema)
        const made = createProtobufEncoder(parsed, { message: `Msg${message}` })
        if (!made.ok) throw new Error(made.message)
        const encoded = made.encoder.encode(record)
        const payload = made.encoder.encodePayload(record)
        if (!encoded.ok || !payload.ok) throw new Error('the record does not encode')
        expect(made.encoder.messageIndexes).toEqual([message])
        const framed = frameProtobufMessage(42, made.encoder.messageIndexes, payload.bytes)
        expect(Buffer.from(framed.subarray(5)).equals(Buffer.from(encoded.bytes))).toBe(true)
        const sink = new ByteSink()
        const outcome = createProtobufDecoder(parsed).decodeJson(framed, 5, framed.length, sink)
        expect(outcome).toMatchObject({ ok: true, messageType: `prop.v1.Msg${message}` })
      }),
      { numRuns: Math.ceil(RUNS / 3) },
    )
  })

  it('never throws on random bytes; what it accepts, protobuf-es reads to the same JSON', { timeout: 600_000 }, () => {
    fc.assert(
      fc.property(codecSchemaArb, fc.array(fc.uint8Array({ maxLength: 48 }), { minLength: 1, maxLength: 8 }), (schema, inputs) => {
        const { parsed, registry } = registryOf(schema)
        const decoder = createProtobufDecoder(parsed)
        const sink = new ByteSink()
        for (const bytes of inputs) {
          sink.length = 0
          const outcome = decoder.decodePayloadJson('prop.v1.Msg0', bytes, 0, bytes.length, sink)
          if (!outcome.ok) {
            expect(sink.length).toBe(0)
            expect(outcome.error.message.length).toBeGreaterThan(0)
            continue
          }
          // Closed enums differ on purpose (Java drops unknown numbers from lists, protobuf-es keeps them).
          if (schema.syntax === 'proto2') continue
          let theirs: unknown
          try {
            theirs = referenceDecode(registry, messageDesc(registry, 'prop.v1.Msg0'), bytes)
          } catch {
            continue // protobuf-es refuses what the codec reads (it is stricter about nothing we check for here)
          }
          const mine = JSON.parse(new TextDecoder().decode(sink.buf.subarray(0, sink.length)))
          expect(roundFloats(mine)).toEqual(roundFloats(theirs))
        }
      }),
      { numRuns: RUNS },
    )
  })
})
