/**
 * The parsed Avro schema model the whole engine works on. Produced by `parse.ts`,
 * consumed by the compatibility walk, canonical forms, diff and lint rules.
 *
 * A named type (record, enum, fixed) is one object however often it is referenced,
 * so recursive schemas are cyclic graphs: walk them with identity memoization.
 * `pointer` is the JSON Pointer of the node's definition in its source document
 * ("" for the root), used to map findings back to file:line:col.
 */

export type PrimitiveType = 'null' | 'boolean' | 'int' | 'long' | 'float' | 'double' | 'bytes' | 'string'

/** Properties every node carries. */
interface NodeBase {
  /** JSON Pointer of this node's definition in the source document. */
  readonly pointer: string
  /** Custom (non-reserved) properties, including `logicalType` and its parameters, in source order. */
  readonly props: Readonly<Record<string, unknown>>
  /** The `logicalType` property when present (not validated here). */
  readonly logicalType?: string
}

export interface PrimitiveSchema extends NodeBase {
  readonly kind: 'primitive'
  readonly type: PrimitiveType
}

interface NamedBase extends NodeBase {
  /** Simple name, without namespace. */
  readonly name: string
  /** Effective namespace ('' when none). */
  readonly namespace: string
  /** `namespace.name`, or `name` when the namespace is empty. */
  readonly fullName: string
  /** Aliases resolved to full names. */
  readonly aliases: readonly string[]
  readonly doc?: string
}

export interface RecordSchema extends NamedBase {
  readonly kind: 'record'
  /** 'error' for Avro error types (treated as records). */
  readonly type: 'record' | 'error'
  readonly fields: readonly Field[]
}

export interface Field {
  readonly name: string
  readonly aliases: readonly string[]
  readonly type: Schema
  /**
   * Present when the field declares a default; `value` is the JSON default as Avro holds it (a string
   * default of a float or double field is converted to its number, as Avro 1.12.1 does).
   */
  readonly default?: { readonly value: unknown }
  readonly doc?: string
  readonly order?: 'ascending' | 'descending' | 'ignore'
  readonly props: Readonly<Record<string, unknown>>
  /** JSON Pointer of the field object, e.g. `/fields/3`. */
  readonly pointer: string
  /** Position of the field in its record. */
  readonly index: number
}

export interface EnumSchema extends NamedBase {
  readonly kind: 'enum'
  readonly symbols: readonly string[]
  /** The enum's own `default` symbol (Avro ≥ 1.9), used when a writer symbol is unknown to the reader. */
  readonly default?: string
}

export interface FixedSchema extends NamedBase {
  readonly kind: 'fixed'
  readonly size: number
}

export interface ArraySchema extends NodeBase {
  readonly kind: 'array'
  readonly items: Schema
}

export interface MapSchema extends NodeBase {
  readonly kind: 'map'
  readonly values: Schema
}

export interface UnionSchema extends NodeBase {
  readonly kind: 'union'
  readonly types: readonly Schema[]
}

export type NamedSchema = RecordSchema | EnumSchema | FixedSchema
export type Schema = PrimitiveSchema | NamedSchema | ArraySchema | MapSchema | UnionSchema

/** Whether a schema node is a named type. */
export function isNamed(schema: Schema): schema is NamedSchema {
  return schema.kind === 'record' || schema.kind === 'enum' || schema.kind === 'fixed'
}

/** The Avro type name of a node as Avro Java spells it in messages (`INT`, `RECORD`, …). */
export function typeTag(schema: Schema): string {
  return (schema.kind === 'primitive' ? schema.type : schema.kind === 'record' ? 'record' : schema.kind).toUpperCase()
}
