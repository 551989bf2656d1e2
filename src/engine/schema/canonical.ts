/** Avro Parsing Canonical Form and its 64-bit Rabin fingerprint (CRC-64-AVRO), per the Avro specification. */
import type { Schema } from './model.js'

/**
 * The Parsing Canonical Form of a schema: full names, only the attributes that matter for reading
 * (name, type, fields, symbols, items, values, size) in that order, no whitespace, and every named
 * type written in full only at its first occurrence (depth-first), by full name afterwards.
 */
export function toCanonicalForm(schema: Schema): string {
  return writeCanonical(schema, new Set())
}

function writeCanonical(schema: Schema, seen: Set<string>): string {
  switch (schema.kind) {
    case 'primitive':
      return `"${schema.type}"`
    case 'array':
      return `{"type":"array","items":${writeCanonical(schema.items, seen)}}`
    case 'map':
      return `{"type":"map","values":${writeCanonical(schema.values, seen)}}`
    case 'union':
      return `[${schema.types.map((branch) => writeCanonical(branch, seen)).join(',')}]`
    default:
      break
  }
  const name = JSON.stringify(schema.fullName)
  if (seen.has(schema.fullName)) return name
  seen.add(schema.fullName)
  switch (schema.kind) {
    case 'record': {
      const fields = schema.fields.map((field) => `{"name":${JSON.stringify(field.name)},"type":${writeCanonical(field.type, seen)}}`)
      // Error types are records in the canonical form.
      return `{"name":${name},"type":"record","fields":[${fields.join(',')}]}`
    }
    case 'enum':
      return `{"name":${name},"type":"enum","symbols":[${schema.symbols.map((symbol) => JSON.stringify(symbol)).join(',')}]}`
    case 'fixed':
      return `{"name":${name},"type":"fixed","size":${schema.size}}`
  }
}

/** CRC-64-AVRO's empty value, split in 32-bit halves (high, low) so the hot loop stays in int32 arithmetic. */
const EMPTY_HI = 0xc15d213a
const EMPTY_LO = 0xa4d7a795

const TABLE_HI = new Uint32Array(256)
const TABLE_LO = new Uint32Array(256)
for (let i = 0; i < 256; i++) {
  let hi = 0
  let lo = i
  for (let bit = 0; bit < 8; bit++) {
    const mask = -(lo & 1)
    lo = ((lo >>> 1) | (hi << 31)) ^ (EMPTY_LO & mask)
    hi = (hi >>> 1) ^ (EMPTY_HI & mask)
  }
  TABLE_HI[i] = hi >>> 0
  TABLE_LO[i] = lo >>> 0
}

/**
 * The 64-bit Rabin fingerprint (CRC-64-AVRO, as in the Avro specification) of the UTF-8 bytes of
 * `text`, as 16 lowercase hex digits of the 64-bit value (e.g. `"null"` → `63dd24e7cc258f8a`).
 */
export function fingerprint64(text: string): string {
  let hi = EMPTY_HI
  let lo = EMPTY_LO
  const step = (byte: number): void => {
    const index = (byte ^ lo) & 0xff
    lo = ((lo >>> 8) | (hi << 24)) ^ TABLE_LO[index]
    hi = (hi >>> 8) ^ TABLE_HI[index]
  }
  for (let i = 0; i < text.length; i++) {
    let code = text.charCodeAt(i)
    if (code < 0x80) {
      step(code)
      continue
    }
    if (code >= 0xd800 && code < 0xdc00 && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1)
      if (next >= 0xdc00 && next < 0xe000) {
        code = 0x10000 + ((code - 0xd800) << 10) + (next - 0xdc00)
        i++
      }
    }
    if (code < 0x800) {
      step(0xc0 | (code >> 6))
    } else if (code < 0x10000) {
      step(0xe0 | (code >> 12))
      step(0x80 | ((code >> 6) & 0x3f))
    } else {
      step(0xf0 | (code >> 18))
      step(0x80 | ((code >> 12) & 0x3f))
      step(0x80 | ((code >> 6) & 0x3f))
    }
    step(0x80 | (code & 0x3f))
  }
  return (hi >>> 0).toString(16).padStart(8, '0') + (lo >>> 0).toString(16).padStart(8, '0')
}
