/**
 * avsc types compiled from our parsed schemas, and the structural view of them the JSON
 * conversions walk (avsc's published typings do not expose fields, items and the like).
 */
import avsc from 'avsc'
import type { ParsedSchema } from '../types.js'
import { toAvroJson } from '../schema/avro-json.js'
import { DecimalType, PASS_THROUGH_LOGICAL_TYPES, PassThroughLogicalType } from './avsc-logical.js'

/** An avsc type. */
export type AvscType = avsc.Type

/** What the JSON conversions read from an avsc type. */
export interface AvscNode {
  typeName: string
  branchName?: string
  name?: string
  fields?: { name: string; type: AvscNode; defaultValue(): unknown }[]
  types?: AvscNode[]
  itemsType?: AvscNode
  valuesType?: AvscNode
  symbols?: string[]
  size?: number
  /** Logical types (`logical:decimal`…): the type their values are written as. */
  underlyingType?: AvscNode
  /** Decimals: digits in all, and after the point. */
  precision?: number
  scale?: number
}

/** How unions are represented: `always` wrapped (`{"string": "x"}`), or `auto` (plain unless ambiguous). */
export type UnionStyle = 'always' | 'auto'

const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER)
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER)

/** What `readLong` uses of avsc's Tap. */
export interface Tap {
  buf: Uint8Array
  pos: number
}

/**
 * Reads a zig-zag varint long exactly: a number when it is a safe integer, a BigInt beyond.
 * avsc's own reader sums the varint in doubles and returns wrong values for negatives below
 * -2^52 (the zig-zag value passes 2^53), and throws on the rest beyond ±2^53.
 */
export function readLong(tap: Tap): number | bigint {
  const buf = tap.buf
  const start = tap.pos
  let n = 0
  let k = 0
  let b: number
  do {
    b = buf[tap.pos++]
    n |= (b & 0x7f) << k
    k += 7
  } while (b & 0x80 && k < 28)
  if (!(b & 0x80)) return (n >> 1) ^ -(n & 1)
  let f = n
  let fk = 268435456 // 2^28
  do {
    b = buf[tap.pos++]
    f += (b & 0x7f) * fk
    fk *= 128
  } while (b & 0x80)
  if (f <= Number.MAX_SAFE_INTEGER) return f % 2 ? -(f + 1) / 2 : f / 2
  // Beyond 2^53 the sum in doubles is not exact: redo it in BigInt.
  let z = 0n
  let shift = 0n
  for (let p = start; p < tap.pos; p++, shift += 7n) z |= BigInt((buf[p] ?? 0) & 0x7f) << shift
  const v = (z >> 1n) ^ -(z & 1n)
  return v >= MIN_SAFE && v <= MAX_SAFE ? Number(v) : v
}

/** The long used for decoding: avsc's, with the exact reader (avsc freezes its types: a subclass, not a patch). */
class DecodingLong extends avsc.types.LongType {
  _read(tap: Tap): number | bigint {
    return readLong(tap)
  }
}

const decodingLong = new DecodingLong()

/**
 * The long used for encoding: written through a BigInt, so every safe integer is written exactly
 * (avsc's own long refuses integers beyond ±2^52 and writes negatives beyond -2^52 wrongly).
 */
const encodingLong = avsc.types.LongType.__with({
  fromBuffer: (buf: Buffer) => {
    const n = buf.readBigInt64LE()
    return n >= MIN_SAFE && n <= MAX_SAFE ? Number(n) : n
  },
  toBuffer: (n: number | bigint) => {
    const buf = Buffer.alloc(8)
    buf.writeBigInt64LE(BigInt(n))
    return buf
  },
  fromJSON: (n: number | bigint) => n,
  toJSON: (n: number | bigint) => n,
  isValid: (n: unknown) => (typeof n === 'number' && Number.isInteger(n)) || typeof n === 'bigint',
  compare: (a: number | bigint, b: number | bigint) => (a < b ? -1 : a > b ? 1 : 0),
}) as unknown as AvscType

/** A block count that the datum's bytes cannot hold, yet plausible: the datum was cut short. */
export class TruncatedBlockError extends Error {}

/** Items of a type that may take no bytes at all (so a count alone cannot be checked against the bytes left). */
const MAX_EMPTY_ITEMS = 10_000_000

/**
 * Reads an array or map block count, refusing one larger than the bytes left: garbage (a wrong
 * schema id) would otherwise make avsc allocate and loop over billions of items. Items that can
 * be empty (null, fixed(0), records of those) are capped at MAX_EMPTY_ITEMS instead.
 */
function readBlockCount(tap: Tap & { readLong(): number; skipLong(): void }, mayBeEmpty: boolean): number {
  let n = tap.readLong()
  if (n < 0) {
    n = -n
    tap.skipLong() // the block's byte size
  }
  // Past the end (a truncated datum) avsc reads zeros; the caller reports the truncation.
  if (tap.pos > tap.buf.length) return 0
  if (n > MAX_EMPTY_ITEMS) throw new Error(`block of ${n} items is longer than the data`)
  if (!mayBeEmpty && n > tap.buf.length - tap.pos) throw new TruncatedBlockError(`a block of ${n} items needs at least ${n} bytes, only ${tap.buf.length - tap.pos} left`)
  return n
}

/** Whether values of `node` can be encoded in zero bytes. */
function mayBeEmpty(node: AvscNode): boolean {
  if (node.typeName === 'null') return true
  if (node.typeName === 'fixed') return node.size === 0
  if (node.typeName === 'record' || node.typeName === 'error') return node.fields!.every((f) => mayBeEmpty(f.type))
  return false
}

/** avsc's array, with block counts checked (also on the resolver path, which reuses `_read`). */
class CheckedArray extends avsc.types.ArrayType {
  _read(tap: Tap & { readLong(): number; skipLong(): void }): unknown[] {
    const items = (this as unknown as AvscNode & { itemsType: { _read(tap: Tap): unknown } }).itemsType
    const empty = mayBeEmpty(items as unknown as AvscNode)
    const value: unknown[] = []
    let n: number
    while ((n = readBlockCount(tap, empty))) {
      while (n--) value.push(items._read(tap))
    }
    return value
  }
}

/** avsc's map, with block counts checked. */
class CheckedMap extends avsc.types.MapType {
  _read(tap: Tap & { readLong(): number; skipLong(): void; readString(): string }): Record<string, unknown> {
    const values = (this as unknown as { valuesType: { _read(tap: Tap): unknown } }).valuesType
    const value: Record<string, unknown> = {}
    let n: number
    while ((n = readBlockCount(tap, false))) {
      while (n--) {
        const key = tap.readString()
        value[key] = values._read(tap)
      }
    }
    return value
  }
}

/**
 * A double or float that cannot be JSON (NaN, ±Infinity) as the string Jackson writes for it
 * ("NaN", "Infinity", "-Infinity"); finite values as they are.
 */
function jsonSafe(n: number): number | string {
  return n - n === 0 ? n : String(n)
}

// avsc resolvers call a writer's `_read` detached (`resolver._read = type._read`): no `this` here.
class DecodingDouble extends avsc.types.DoubleType {
  _read(tap: Tap & { readDouble(): number }): number | string {
    return jsonSafe(tap.readDouble())
  }
}

class DecodingFloat extends avsc.types.FloatType {
  _read(tap: Tap & { readFloat(): number }): number | string {
    return jsonSafe(tap.readFloat())
  }
}

const decodingDouble = new DecodingDouble()
const decodingFloat = new DecodingFloat()

/** The pass-through logical types of encoding, over the exact long. */
class EncodingLogicalType extends PassThroughLogicalType {
  constructor(schema: avsc.Schema, opts?: avsc.ForSchemaOptions) {
    super(schema, opts, encodingLong)
  }
}

const DECODING_PRIMITIVES = new Map<string, AvscType>([['long', decodingLong], ['double', decodingDouble], ['float', decodingFloat]])
const ENCODING_PRIMITIVES = new Map<string, AvscType>([['long', encodingLong]])

const DECODING_LOGICAL_TYPES: Record<string, new (schema: avsc.Schema, opts?: avsc.ForSchemaOptions) => avsc.types.LogicalType> = { decimal: DecimalType }
const ENCODING_LOGICAL_TYPES = {
  ...DECODING_LOGICAL_TYPES,
  ...Object.fromEntries(PASS_THROUGH_LOGICAL_TYPES.map((name) => [name, EncodingLogicalType])),
}

/**
 * Compiles `schema` (with the types of its references written out) into an avsc type for `use`:
 * exact longs; decimals as logical types (and, for encoding, the logical types the JSON
 * conversion reads); for decoding also checked arrays and maps and JSON-safe doubles.
 */
export function compileType(schema: ParsedSchema, unions: UnionStyle, use: 'decode' | 'encode'): AvscType {
  const logicalTypes = use === 'decode' ? DECODING_LOGICAL_TYPES : ENCODING_LOGICAL_TYPES
  const primitives = use === 'decode' ? DECODING_PRIMITIVES : ENCODING_PRIMITIVES
  const typeHook = (node: avsc.Schema, opts: avsc.ForSchemaOptions): AvscType | undefined => {
    if (typeof node === 'string') return primitives.get(node)
    if (typeof node !== 'object' || node === null || Array.isArray(node)) return undefined
    const { type, logicalType } = node as { type?: unknown; logicalType?: unknown }
    // A logical type avsc builds itself (and then builds its underlying type from this same node).
    if (typeof logicalType === 'string' && Object.hasOwn(logicalTypes, logicalType)) return undefined
    if (use === 'decode' && type === 'array') return new CheckedArray(node, opts)
    if (use === 'decode' && type === 'map') return new CheckedMap(node, opts)
    return typeof type === 'string' ? primitives.get(type) : undefined
  }
  return avsc.Type.forSchema(JSON.parse(toAvroJson(schema.schema)) as avsc.Schema, { wrapUnions: unions, typeHook, logicalTypes })
}

/** The structural view of an avsc type. */
export function nodeOf(type: AvscType): AvscNode {
  return type as unknown as AvscNode
}

/** The avsc branch name of a union branch: the full name of a named type, else the type name. */
export function branchNameOf(node: AvscNode): string {
  return node.branchName ?? node.typeName
}
