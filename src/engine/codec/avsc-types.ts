/**
 * avsc types compiled from our parsed schemas, and the structural view of them the JSON
 * conversions walk (avsc's published typings do not expose fields, items and the like).
 */
import avsc from 'avsc'
import avscUtils from 'avsc/lib/utils.js'
import type { ParsedSchema } from '../types.js'
import { toAvroJson } from '../schema/avro-json.js'
import { DecimalType, PASS_THROUGH_LOGICAL_TYPES, PassThroughLogicalType } from './avsc-logical.js'
import { readInt, readLong, readLongNumber, skipLong, type Tap } from './varint.js'

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

/**
 * avsc's cursor with Avro Java's varint bounds (varint.ts) for everything avsc reads itself
 * (ints, lengths, counts, indexes), and a budget of items that take no bytes (see
 * `readBlockCount`). Decoding goes through it rather than `Type.decode`, whose cursor reads a
 * run of continuation bytes to its end.
 */
export class CheckedTap extends avscUtils.Tap {
  /** Array items that took no bytes still allowed in this datum. */
  emptyItemsLeft: number

  constructor(buf: Uint8Array, pos: number) {
    super(buf, pos)
    this.emptyItemsLeft = emptyItemsBudget(buf.length - pos)
  }

  override readLong(): number {
    return readLongNumber(this)
  }

  override readInt(): number {
    return readInt(this)
  }

  override skipLong(): void {
    skipLong(this)
  }

  override skipInt(): void {
    readInt(this)
  }
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

/** Beyond this a block count the bytes left cannot hold is garbage (a wrong schema id, say) rather than a datum cut short. */
const MAX_PLAUSIBLE_ITEMS = 10_000_000

/**
 * Array items that take no bytes (null, fixed(0), records of those) a datum may hold: their count
 * cannot be checked against the bytes left, and without a bound a few bytes of counts would make
 * billions of items (Avro Java has none, and runs out of memory). EMPTY_ITEMS_BASE, plus
 * EMPTY_ITEMS_PER_BYTE per byte of the datum: the work stays linear in the input.
 */
export const EMPTY_ITEMS_BASE = 1024

/** See EMPTY_ITEMS_BASE. */
export const EMPTY_ITEMS_PER_BYTE = 64

/** The items that take no bytes a datum of `bytes` bytes may hold. */
export function emptyItemsBudget(bytes: number): number {
  return EMPTY_ITEMS_BASE + EMPTY_ITEMS_PER_BYTE * bytes
}

/** The error when a datum's arrays claim more items that take no bytes than its budget. */
export function tooManyEmptyItems(n: number): Error {
  return new Error(
    `block of ${n} items that take no bytes: more than the datum can stand for (${EMPTY_ITEMS_BASE} such items, plus ${EMPTY_ITEMS_PER_BYTE} per byte of the datum)`,
  )
}

/**
 * Reads an array or map block count (a negative count is followed by the block's byte size),
 * refusing one larger than the bytes left: garbage would otherwise make avsc allocate and loop
 * over billions of items. Items that take no bytes draw on the datum's budget instead.
 */
function readBlockCount(tap: CheckedTap, takesNoBytes: boolean): number {
  let n = tap.readLong()
  if (n < 0) {
    n = -n
    tap.skipLong() // the block's byte size
  }
  // Past the end (a truncated datum) avsc reads zeros; the caller reports the truncation.
  if (tap.pos > tap.buf.length) return 0
  if (takesNoBytes) {
    if (n > tap.emptyItemsLeft) throw tooManyEmptyItems(n)
    tap.emptyItemsLeft -= n
    return n
  }
  const left = tap.buf.length - tap.pos
  if (n > MAX_PLAUSIBLE_ITEMS) throw new Error(`block of ${n} items is longer than the data`)
  if (n > left) throw new TruncatedBlockError(`a block of ${n} items needs at least ${n} bytes, only ${left} left`)
  return n
}

/** Whether values of `node` are encoded in zero bytes (null, fixed(0), records of those). */
export function takesNoBytes(node: AvscNode): boolean {
  if (node.typeName === 'null') return true
  if (node.typeName === 'fixed') return node.size === 0
  if (node.typeName === 'record' || node.typeName === 'error') return node.fields!.every((f) => takesNoBytes(f.type))
  return false
}

/** avsc's array, with block counts checked (also on the resolver path, which reuses `_read`, and when a reader skips the field). */
class CheckedArray extends avsc.types.ArrayType {
  _read(tap: CheckedTap): unknown[] {
    const items = (this as unknown as { itemsType: { _read(tap: Tap): unknown } & AvscNode }).itemsType
    const empty = takesNoBytes(items)
    const value: unknown[] = []
    let n: number
    while ((n = readBlockCount(tap, empty))) {
      while (n--) value.push(items._read(tap))
    }
    return value
  }

  _skip(tap: CheckedTap): void {
    const items = (this as unknown as { itemsType: { _skip(tap: Tap): void } & AvscNode }).itemsType
    const empty = takesNoBytes(items)
    let n: number
    while ((n = readBlockCount(tap, empty))) {
      while (n--) items._skip(tap)
    }
  }
}

/** avsc's map, with block counts checked. */
class CheckedMap extends avsc.types.MapType {
  _read(tap: CheckedTap & { readString(): string }): Record<string, unknown> {
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

  _skip(tap: CheckedTap & { skipString(): void }): void {
    const values = (this as unknown as { valuesType: { _skip(tap: Tap): void } }).valuesType
    let n: number
    while ((n = readBlockCount(tap, false))) {
      while (n--) {
        tap.skipString()
        values._skip(tap)
      }
    }
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

/**
 * An empty union (`[]`): valid Avro (Avro Java and the registries accept it), though no value
 * fits it; avsc refuses to compile it, so this stands in. The JSON conversion sees a union with
 * no branches (and says no value fits); reading or writing a value throws.
 */
class EmptyUnionType extends avsc.types.NullType {
  // Called by avsc's constructor: it is never a union branch, so it needs no branch class.
  _createBranchConstructor(): null {
    return null
  }

  _read(): never {
    throw new Error('no value fits an empty union')
  }

  _write(): never {
    throw new Error('no value fits an empty union')
  }

  _skip(): never {
    throw new Error('no value fits an empty union')
  }
}
// Accessors on the prototype: avsc freezes its instances, and declares typeName a data property.
Object.defineProperty(EmptyUnionType.prototype, 'typeName', { value: 'union:empty' })
Object.defineProperty(EmptyUnionType.prototype, 'types', { value: Object.freeze([]) })

/** The pass-through logical types of encoding, over the exact long. */
class EncodingLogicalType extends PassThroughLogicalType {
  constructor(schema: avsc.Schema, opts?: avsc.ForSchemaOptions) {
    super(schema, opts, encodingLong)
  }
}

const DECODING_PRIMITIVES = new Map<string, AvscType>([
  ['long', decodingLong],
  ['double', decodingDouble],
  ['float', decodingFloat],
])
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
    if (Array.isArray(node) && node.length === 0) return new EmptyUnionType()
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
