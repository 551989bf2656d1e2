/**
 * Protobuf messages on the wire: the message-index list and the Protobuf payload after the header,
 * as canonical proto3 JSON (engine/formats/protobuf/codec). Imports resolve through the schema's
 * references (by import path) and the bundled well-known types.
 */
import { parseJsonExact } from '../../engine/codec/index.js'
import { createProtobufDecoder, createProtobufEncoder, parseProtobuf, type ParsedProtobuf, type SchemaDependencies } from '../../engine/index.js'
import type { WireCodec, WireSchema, WireSchemaResult } from './codecs.js'
import { readerNotApplicable } from './schema.js'

/** A parsed Protobuf schema as a `WireSchema`. */
export function protobufWireSchema(schema: ParsedProtobuf): WireSchema {
  return {
    schemaType: 'PROTOBUF',
    decoder(options) {
      if (options.reader !== undefined) throw readerNotApplicable('Protobuf')
      const decoder = createProtobufDecoder(schema)
      return {
        ok: true,
        decoder: {
          decodeJson(bytes, offset, end, out) {
            const outcome = decoder.decodeJson(bytes, offset, end, out)
            if (outcome.ok) return outcome
            const { code, message, path } = outcome.error
            // The message names the field; a nested one's place in the record is said first.
            return { ok: false, error: { code, message: /[.[]/.test(path) ? `at ${path}: ${message}` : message } }
          },
        },
      }
    },
    encoder(options) {
      const created = createProtobufEncoder(schema, options.message !== undefined ? { message: options.message } : {})
      if (!created.ok) return created
      const message = created.encoder
      return {
        ok: true,
        encoder: {
          encode(text) {
            const parsed = parseJsonExact(text)
            if (!parsed.ok) return { ok: false, error: { code: 'INVALID_JSON', path: '$', message: `invalid JSON: ${parsed.message}` } }
            const json = parsed.value
            const encoded = message.encode(json)
            return encoded.ok ? encoded : { ok: false, error: { code: 'RECORD_INVALID', ...encoded.error } }
          },
        },
      }
    },
    recordName(options) {
      const created = createProtobufEncoder(schema, options.message !== undefined ? { message: options.message } : {})
      return created.ok ? created.encoder.messageType : undefined
    },
  }
}

function load(text: string, dependencies: SchemaDependencies, where: string): WireSchemaResult {
  const parsed = parseProtobuf(text, dependencies)
  if (parsed.ok) return { ok: true, wire: protobufWireSchema(parsed.value) }
  const first = parsed.errors[0]
  const at = first.line !== undefined ? ` (line ${first.line}, column ${first.column ?? 1})` : ''
  return { ok: false, code: 'INVALID_SCHEMA', error: `${where} is not a valid Protobuf schema${at}: ${first.message}` }
}

/** The Protobuf codec. */
export const protobufWire: WireCodec = {
  async fromRegistry(fetched, what, context) {
    const deps = await context.dependencies(fetched, what)
    return deps.ok ? load(fetched.schema, deps.dependencies, what) : deps
  },
  fromText: (text, where) => load(text, {}, where),
}
