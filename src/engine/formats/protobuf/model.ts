/**
 * The parsed form of a `.proto` file, shaped like the element tree Confluent Schema Registry's
 * Protobuf provider compares and prints (Square Wire's parser elements): declaration order kept,
 * type names as written, oneof members outside `fields`, groups apart from fields. Pure data.
 */

/** A 1-based position in the `.proto` text (absent for elements built from a descriptor). */
export interface ProtoLocation {
  line: number
  column: number
}

/** `required`, `optional` or `repeated`; `null` when the field has no label (proto3, oneof members, maps). */
export type FieldLabel = 'required' | 'optional' | 'repeated' | null

/** An option value, kept with the kind the registry prints it by. */
export type OptionValue =
  | { kind: 'string'; value: string }
  | { kind: 'boolean'; value: string }
  | { kind: 'number'; value: string }
  | { kind: 'enum'; value: string }
  | { kind: 'map'; value: OptionMap }
  | { kind: 'list'; value: OptionValue[] }
  | { kind: 'option'; value: OptionElement }

/** A `{ key: value, … }` aggregate; a key seen twice holds a list. Keys keep their first order. */
export type OptionMap = Map<string, OptionValue>

export interface OptionElement {
  /** The option's name; an extension name without its parentheses (see `parenthesized`). */
  name: string
  parenthesized: boolean
  value: OptionValue
  location?: ProtoLocation
}

export interface FieldElement {
  label: FieldLabel
  /** The type as written: `int32`, `Status`, `.pkg.Msg`, `map<string, Status>`. */
  type: string
  name: string
  tag: number
  defaultValue: string | null
  jsonName: string | null
  options: OptionElement[]
  location?: ProtoLocation
  /** Where the type is written (for unresolved-type errors). */
  typeLocation?: ProtoLocation
}

export interface OneOfElement {
  name: string
  fields: FieldElement[]
  groups: GroupElement[]
  options: OptionElement[]
  location?: ProtoLocation
}

export interface GroupElement {
  label: FieldLabel
  name: string
  tag: number
  fields: FieldElement[]
  location?: ProtoLocation
}

/** `reserved` and `extensions` values: a number, an inclusive range, or (reserved only) a name. */
export type RangeValue = number | { start: number; end: number } | string

export interface ReservedElement {
  values: RangeValue[]
  location?: ProtoLocation
}

export interface ExtensionsElement {
  values: Array<number | { start: number; end: number }>
  location?: ProtoLocation
}

export interface ExtendElement {
  name: string
  fields: FieldElement[]
  location?: ProtoLocation
}

export interface MessageElement {
  kind: 'message'
  name: string
  /** Nested messages and enums in declaration order. */
  nestedTypes: TypeElement[]
  options: OptionElement[]
  reserveds: ReservedElement[]
  /** Fields outside any oneof, in declaration order. */
  fields: FieldElement[]
  oneOfs: OneOfElement[]
  extensions: ExtensionsElement[]
  groups: GroupElement[]
  extendDeclarations: ExtendElement[]
  location?: ProtoLocation
}

export interface EnumConstantElement {
  name: string
  tag: number
  options: OptionElement[]
  location?: ProtoLocation
}

export interface EnumElement {
  kind: 'enum'
  name: string
  options: OptionElement[]
  constants: EnumConstantElement[]
  reserveds: ReservedElement[]
  location?: ProtoLocation
}

export type TypeElement = MessageElement | EnumElement

export interface RpcElement {
  name: string
  requestType: string
  responseType: string
  requestStreaming: boolean
  responseStreaming: boolean
  options: OptionElement[]
  location?: ProtoLocation
}

export interface ServiceElement {
  name: string
  rpcs: RpcElement[]
  options: OptionElement[]
  location?: ProtoLocation
}

/** `proto2`, `proto3`, an edition such as `2023`, or null when the file declares none. */
export type ProtoSyntax = { kind: 'syntax'; value: 'proto2' | 'proto3' } | { kind: 'edition'; value: string } | null

export interface ProtoFileElement {
  syntax: ProtoSyntax
  packageName: string | null
  imports: string[]
  publicImports: string[]
  weakImports: string[]
  /** Top-level messages and enums in declaration order. */
  types: TypeElement[]
  services: ServiceElement[]
  extendDeclarations: ExtendElement[]
  options: OptionElement[]
  /** Where each import path is written, for unresolved-import and cycle errors. */
  importLocations: Map<string, ProtoLocation>
}

/** The scalar type names (Wire's and protoc's). */
export const SCALAR_TYPES: ReadonlySet<string> = new Set([
  'bool',
  'bytes',
  'double',
  'float',
  'fixed32',
  'fixed64',
  'int32',
  'int64',
  'sfixed32',
  'sfixed64',
  'sint32',
  'sint64',
  'string',
  'uint32',
  'uint64',
])

/** The largest field number Protobuf allows (2^29 - 1), printed as `max` in ranges. */
export const MAX_TAG_VALUE = 536_870_911

/** Splits `map<K, V>` into its key and value type names, or returns null for any other type. */
export function mapTypes(type: string): { key: string; value: string } | null {
  if (!type.startsWith('map<') || !type.endsWith('>')) return null
  const comma = type.indexOf(',')
  if (comma === -1) return null
  return { key: type.slice(4, comma).trim(), value: type.slice(comma + 1, -1).trim() }
}
