/** Avro messages on the wire: the Avro datum after the header (engine/codec), with schema resolution to a reader schema. */
import { createDecoder, createEncoder } from '../../engine/codec/index.js'
import { parseJsonExact } from '../../engine/codec/index.js'
import { parseSchema, type ParsedSchema } from '../../engine/index.js'
import type { WireCodec, WireSchema } from './codecs.js'

const UNION_HINT = 'A union takes a plain value when exactly one branch fits it, or the Avro JSON form {"<branch>": value}.'

/** An Avro schema (already parsed, references resolved) as a `WireSchema`. */
export function avroWireSchema(schema: ParsedSchema): WireSchema {
  return {
    schemaType: 'AVRO',
    decoder(options) {
      const created = createDecoder(schema, options.reader, { wrapUnions: options.avroJson === true })
      return created.ok ? created : { ok: false, code: 'INCOMPATIBLE_READER', error: created.message, incompatibilities: created.incompatibilities }
    },
    encoder() {
      const created = createEncoder(schema)
      if (!created.ok) return created
      const datum = created.encoder
      return {
        ok: true,
        encoder: {
          encode(text) {
            const parsed = parseJsonExact(text)
            if (!parsed.ok) return { ok: false, error: { code: 'INVALID_JSON', path: '$', message: `invalid JSON: ${parsed.message}` } }
            const json = parsed.value
            const encoded = datum.encode(json)
            if (encoded.ok) return encoded
            const { path, message } = encoded.error
            return { ok: false, error: { code: 'RECORD_INVALID', path, message, ...(/union|one of/.test(message) ? { hint: UNION_HINT } : {}) } }
          },
        },
      }
    },
    recordName() {
      const root = schema.schema
      return root.kind === 'record' || root.kind === 'enum' || root.kind === 'fixed' ? root.fullName : undefined
    },
  }
}

/** The Avro codec: registry schemas through the Avro reference parser (named types of referenced versions). */
export const avroWire: WireCodec = {
  async fromRegistry(fetched, what, context) {
    const parsed = await context.avro(fetched, what)
    return parsed.ok ? { ok: true, wire: avroWireSchema(parsed.schema) } : parsed
  },
  fromText(text, where) {
    const parsed = parseSchema(text)
    return parsed.ok
      ? { ok: true, wire: avroWireSchema(parsed) }
      : { ok: false, code: 'INVALID_SCHEMA', error: `${where} is not a valid Avro schema: ${parsed.errors[0].message}` }
  },
}
