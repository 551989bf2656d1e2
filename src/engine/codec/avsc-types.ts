/**
 * avsc types compiled from our parsed schemas, and the structural view of them the JSON
 * conversions walk (avsc's published typings do not expose fields, items and the like).
 */
import avsc from 'avsc'
import type { ParsedSchema } from '../types.js'

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
}

/** How unions are represented: `always` wrapped (`{"string": "x"}`), or `auto` (plain unless ambiguous). */
export type UnionStyle = 'always' | 'auto'

const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER)
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER)

/**
 * A long that decodes to a number when it is safe and to a BigInt beyond ±2^53, so no long
 * loses precision. Slower than avsc's own long (an 8-byte buffer per value): used only when
 * the fast type meets a long it cannot represent.
 */
const exactLong = avsc.types.LongType.__with({
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
})

/** Compiles `schema` (its normalized text) into an avsc type; `exactLongs` decodes longs beyond ±2^53 as BigInt. */
export function compileType(schema: ParsedSchema, unions: UnionStyle, exactLongs = false): AvscType {
  return avsc.Type.forSchema(JSON.parse(schema.normalized) as avsc.Schema, {
    wrapUnions: unions,
    ...(exactLongs ? { registry: { long: exactLong as unknown as AvscType } } : {}),
  })
}

/** The structural view of an avsc type. */
export function nodeOf(type: AvscType): AvscNode {
  return type as unknown as AvscNode
}

/** The avsc branch name of a union branch: the full name of a named type, else the type name. */
export function branchNameOf(node: AvscNode): string {
  return node.branchName ?? node.typeName
}
