/**
 * Avro binary datums ⇄ JSON for one schema (or one writer/reader pair), over avsc.
 *
 * Decoded values print as plain JSON where that is unambiguous: a union value is written as its
 * branch's value unless two branches would print alike (`["int","long"]`, two records, string and
 * enum…), then it stays wrapped as in the Avro JSON encoding (`{"long": 5}`); bytes and fixed are
 * strings of code points 0–255 (Avro JSON encoding); longs beyond ±2^53 print exactly; decimals
 * print as exact decimal strings, NaN and infinities as "NaN", "Infinity", "-Infinity" (Jackson's
 * way: JSON has no such numbers); other logical values as their underlying value.
 */
import { readerWriterCompatibility } from '../index.js'
import type { Incompatibility, ParsedSchema } from '../types.js'
import { CheckedTap, TruncatedBlockError, compileType, emptyItemsBudget, nodeOf, type AvscNode, type AvscType, type UnionStyle } from './avsc-types.js'
import { convertJson, type ValueError } from './json-input.js'
import type { ByteSink } from './byte-sink.js'
import { createTranscoder, type Reader, type Transcode } from './json-transcode.js'

/** Why a datum could not be decoded. */
export interface DatumError {
  code: 'TRUNCATED_PAYLOAD' | 'TRAILING_BYTES' | 'INVALID_DATUM'
  message: string
}

/** A decoded datum, or why it could not be decoded. */
export type DecodeOutcome = { ok: true; value: unknown } | { ok: false; error: DatumError }

/** Decodes datums written with one schema, optionally resolved to a reader schema. */
export interface DatumDecoder {
  /** Decodes the datum filling `bytes[offset..end)` exactly. */
  decode(bytes: Buffer, offset: number, end: number): DecodeOutcome
  /** The JSON text of a decoded value (see the module comment). */
  toJson(value: unknown): string
  /**
   * Decodes the datum filling `bytes[offset..end)` and appends its JSON text (as `toJson` prints
   * it, UTF-8) to `out`; on failure `out` is left as it was. The fast path of decode.
   */
  decodeJson(bytes: Buffer, offset: number, end: number, out: ByteSink): { ok: true } | { ok: false; error: DatumError }
}

/** A decoder, or why the writer/reader pair cannot be resolved (the engine's incompatibilities). */
export type DecoderResult = { ok: true; decoder: DatumDecoder } | { ok: false; message: string; incompatibilities: Incompatibility[] }

/** Options of `createDecoder`. */
export interface DecoderOptions {
  /** Print every union value wrapped (`{"string": "x"}`), the full Avro JSON encoding, instead of plain where unambiguous. */
  wrapUnions?: boolean
}

/**
 * A decoder for datums written with `writer`; with `reader`, values are resolved as Avro does
 * (added fields take their defaults, removed fields disappear, promotions apply). The pair is
 * first checked with `readerWriterCompatibility`: an unresolvable pair gives its incompatibilities.
 */
export function createDecoder(writer: ParsedSchema, reader?: ParsedSchema, options: DecoderOptions = {}): DecoderResult {
  if (reader !== undefined && reader.canonical !== writer.canonical) {
    const verdict = readerWriterCompatibility(reader, writer)
    if (!verdict.compatible) {
      const detail = verdict.incompatibilities.map((i) => `${i.type} at ${i.location || '/'}: ${i.message}`)
      const errors = (verdict.errors ?? []).map((e) => e.message)
      return {
        ok: false,
        message: `the reader schema cannot read data written with this schema: ${[...detail, ...errors].join('; ')}`,
        incompatibilities: verdict.incompatibilities,
      }
    }
  }
  try {
    return { ok: true, decoder: new AvscDecoder(writer, reader, options.wrapUnions ? 'always' : 'auto') }
  } catch (e) {
    return { ok: false, message: `avsc cannot compile the schema: ${(e as Error).message}`, incompatibilities: [] }
  }
}

class AvscDecoder implements DatumDecoder {
  private readonly writerType: AvscType
  private readonly readerType: AvscType
  private readonly resolver: ReturnType<AvscType['createResolver']> | undefined
  private readonly plainJson: boolean
  // Without a reader schema, datums are written out as JSON without making JS values (json-transcode.ts).
  private readonly transcode: Transcode | undefined
  private readonly reader: Reader = { buf: new Uint8Array(0), pos: 0, end: 0, emptyItemsLeft: 0 }

  constructor(writer: ParsedSchema, reader: ParsedSchema | undefined, unions: UnionStyle) {
    this.writerType = compileType(writer, unions, 'decode')
    this.readerType = reader === undefined ? this.writerType : compileType(reader, unions, 'decode')
    this.resolver = reader === undefined ? undefined : this.readerType.createResolver(this.writerType)
    this.plainJson = !hasBinary(nodeOf(this.readerType), new Set())
    this.transcode = reader === undefined ? createTranscoder(nodeOf(this.writerType)) : undefined
  }

  decodeJson(bytes: Buffer, offset: number, end: number, out: ByteSink): { ok: true } | { ok: false; error: DatumError } {
    const mark = out.length
    if (this.transcode !== undefined) {
      const r = this.reader
      r.buf = bytes
      r.pos = offset
      r.end = end
      r.emptyItemsLeft = emptyItemsBudget(end - offset)
      try {
        this.transcode(r, out)
        if (r.pos === end) return OK
      } catch {
        // Not a valid datum: the avsc path below says what is wrong with it.
      }
      out.length = mark
    }
    const outcome = this.decode(bytes, offset, end)
    if (!outcome.ok) return outcome
    out.text(this.toJson(outcome.value))
    return OK
  }

  decode(bytes: Buffer, offset: number, end: number): DecodeOutcome {
    const datum = end === bytes.length ? bytes : bytes.subarray(0, end)
    // avsc's Type.decode with a cursor of our own (avsc-types.ts): bounded varints, bounded empty items.
    const tap = new CheckedTap(datum, offset)
    let value: unknown
    try {
      value = ((this.resolver ?? this.readerType) as unknown as { _read(tap: CheckedTap): unknown })._read(tap)
    } catch (e) {
      return invalid(e)
    }
    if (!tap.isValid()) {
      return { ok: false, error: { code: 'TRUNCATED_PAYLOAD', message: `truncated payload: the ${end - offset}-byte datum ends before the value does` } }
    }
    if (tap.pos !== end) {
      const extra = end - tap.pos
      return {
        ok: false,
        error: {
          code: 'TRAILING_BYTES',
          message: `${extra} trailing byte${extra === 1 ? '' : 's'} after the datum (${tap.pos - offset} bytes): wrong schema id, or more than one datum`,
        },
      }
    }
    return { ok: true, value }
  }

  toJson(value: unknown): string {
    if (this.plainJson) {
      try {
        return JSON.stringify(value)
      } catch {
        // A BigInt long: fall through to the exact rendering.
      }
    }
    return toExactJson(value)
  }
}

const OK = { ok: true } as const

function invalid(e: unknown): DecodeOutcome {
  // A recursive schema's datum can nest deeper than the stack: each level costs a byte, so it ends.
  const reason = e instanceof RangeError && /call stack/i.test(e.message) ? 'the datum nests deeper than the decoder can follow' : (e as Error).message
  if (e instanceof TruncatedBlockError) return { ok: false, error: { code: 'TRUNCATED_PAYLOAD', message: `truncated payload: ${reason}` } }
  // avsc reads past the end of a short datum into garbage lengths and indexes; say so plainly.
  return { ok: false, error: { code: 'INVALID_DATUM', message: `invalid datum for the schema: ${reason}` } }
}

/** Whether values of `node` may hold bytes, fixed (Buffers) that JSON.stringify would mangle. */
function hasBinary(node: AvscNode, seen: Set<AvscNode>): boolean {
  if (seen.has(node)) return false
  seen.add(node)
  if (node.typeName === 'bytes' || node.typeName === 'fixed') return true
  const children = [
    ...(node.fields?.map((f) => f.type) ?? []),
    ...(node.types ?? []),
    ...(node.itemsType ? [node.itemsType] : []),
    ...(node.valuesType ? [node.valuesType] : []),
  ]
  return children.some((child) => hasBinary(child, seen))
}

const BIG_MARK = '\u0000bigint:'

/** JSON with Buffers as Avro JSON strings (one code point per byte) and BigInts as exact numbers. */
function toExactJson(value: unknown): string {
  let big = false
  const text = JSON.stringify(value, function (this: Record<string, unknown>, key: string, v: unknown) {
    const raw = this[key]
    if (Buffer.isBuffer(raw)) return raw.toString('latin1')
    if (typeof v === 'bigint') {
      big = true
      return BIG_MARK + v.toString()
    }
    return v
  })
  return big ? text.replace(/"\\u0000bigint:(-?\d+)"/g, '$1') : text
}

/** Encodes JSON records with one schema. */
export interface DatumEncoder {
  /** The Avro binary datum of the parsed JSON `json`, or the first value that does not fit (with its path). */
  encode(json: unknown): { ok: true; bytes: Buffer } | { ok: false; error: ValueError }
}

/** An encoder, or why avsc cannot compile the schema. */
export type EncoderResult = { ok: true; encoder: DatumEncoder } | { ok: false; message: string }

/** An encoder for `schema` accepting plain JSON and the Avro JSON encoding (see json-input.ts). */
export function createEncoder(schema: ParsedSchema): EncoderResult {
  let type: AvscType
  try {
    type = compileType(schema, 'always', 'encode')
  } catch (e) {
    return { ok: false, message: `avsc cannot compile the schema: ${(e as Error).message}` }
  }
  const node = nodeOf(type)
  const encoder: DatumEncoder = {
    encode(json) {
      const converted = convertJson(node, json)
      if (!converted.ok) return converted
      return { ok: true, bytes: type.toBuffer(converted.value) }
    },
  }
  return { ok: true, encoder }
}
