/**
 * Per-message-type plans the codec runs on: each field's number, JSON names, kind, wire type,
 * label, packing, presence, oneof, map key/value and resolved message or enum plan, compiled once
 * from a parsed schema (proto2, proto3 and editions semantics resolved here, so the hot loops only
 * read numbers). Plans of message types are linked to each other (recursive types included).
 */
import type { EnumElement, FieldElement, GroupElement, MessageElement, OptionElement, OptionValue, ProtoFileElement } from '../model.js'
import { mapTypes } from '../model.js'
import type { ParsedProtobuf } from '../schema.js'
import type { TypeInfo } from '../types.js'

/** Field kinds, numbered as `FieldDescriptorProto.Type`. */
export const DOUBLE = 1
export const FLOAT = 2
export const INT64 = 3
export const UINT64 = 4
export const INT32 = 5
export const FIXED64 = 6
export const FIXED32 = 7
export const BOOL = 8
export const STRING = 9
export const GROUP = 10
export const MESSAGE = 11
export const BYTES = 12
export const UINT32 = 13
export const ENUM = 14
export const SFIXED32 = 15
export const SFIXED64 = 16
export const SINT32 = 17
export const SINT64 = 18

/** Wire types. */
export const VARINT = 0
export const I64 = 1
export const LEN = 2
export const SGROUP = 3
export const EGROUP = 4
export const I32 = 5

const SCALAR_KINDS: Readonly<Record<string, number>> = {
  double: DOUBLE,
  float: FLOAT,
  int64: INT64,
  uint64: UINT64,
  int32: INT32,
  fixed64: FIXED64,
  fixed32: FIXED32,
  bool: BOOL,
  string: STRING,
  bytes: BYTES,
  uint32: UINT32,
  sfixed32: SFIXED32,
  sfixed64: SFIXED64,
  sint32: SINT32,
  sint64: SINT64,
}

/** The scalar type name of a kind (for messages). */
export const KIND_NAMES: readonly string[] = [
  '',
  'double',
  'float',
  'int64',
  'uint64',
  'int32',
  'fixed64',
  'fixed32',
  'bool',
  'string',
  'group',
  'message',
  'bytes',
  'uint32',
  'enum',
  'sfixed32',
  'sfixed64',
  'sint32',
  'sint64',
]

/** The wire type a single value of `kind` is written with. */
export function wireTypeOf(kind: number): number {
  switch (kind) {
    case DOUBLE:
    case FIXED64:
    case SFIXED64:
      return I64
    case FLOAT:
    case FIXED32:
    case SFIXED32:
      return I32
    case STRING:
    case BYTES:
    case MESSAGE:
      return LEN
    case GROUP:
      return SGROUP
    default:
      return VARINT
  }
}

/** Well-known types whose JSON form is not an object of their fields. */
export const WKT_NONE = 0
export const WKT_TIMESTAMP = 1
export const WKT_DURATION = 2
export const WKT_WRAPPER = 3
export const WKT_STRUCT = 4
export const WKT_VALUE = 5
export const WKT_LIST_VALUE = 6
export const WKT_ANY = 7
export const WKT_FIELD_MASK = 8

const WELL_KNOWN_JSON: Readonly<Record<string, number>> = {
  'google.protobuf.Timestamp': WKT_TIMESTAMP,
  'google.protobuf.Duration': WKT_DURATION,
  'google.protobuf.DoubleValue': WKT_WRAPPER,
  'google.protobuf.FloatValue': WKT_WRAPPER,
  'google.protobuf.Int64Value': WKT_WRAPPER,
  'google.protobuf.UInt64Value': WKT_WRAPPER,
  'google.protobuf.Int32Value': WKT_WRAPPER,
  'google.protobuf.UInt32Value': WKT_WRAPPER,
  'google.protobuf.BoolValue': WKT_WRAPPER,
  'google.protobuf.StringValue': WKT_WRAPPER,
  'google.protobuf.BytesValue': WKT_WRAPPER,
  'google.protobuf.Struct': WKT_STRUCT,
  'google.protobuf.Value': WKT_VALUE,
  'google.protobuf.ListValue': WKT_LIST_VALUE,
  'google.protobuf.Any': WKT_ANY,
  'google.protobuf.FieldMask': WKT_FIELD_MASK,
}

/** An enum's values: names by number (the first name of an alias) and numbers by name. */
export interface EnumPlan {
  fullName: string
  /** `google.protobuf.NullValue`: its JSON form is `null`. */
  isNullValue: boolean
  /** Closed (proto2, or `features.enum_type = CLOSED`): numbers outside the enum are unknown fields. */
  closed: boolean
  /** The JSON text of each value (`"ACTIVE"`) as UTF-8 bytes, by number; a number not listed prints as itself. */
  jsonByNumber: Map<number, Uint8Array>
  numberByName: Map<string, number>
  /** The first declared value (the default). */
  firstNumber: number
  firstName: string
}

/** One field of a message plan. */
export interface FieldPlan {
  name: string
  jsonName: string
  number: number
  kind: number
  /** The wire type of one value (LEN for maps and packed lists is separate: see `packable`). */
  wireType: number
  repeated: boolean
  /** A repeated scalar that may arrive packed (numeric, bool, enum). */
  packable: boolean
  /** Written packed. */
  packed: boolean
  map: { key: FieldPlan; value: FieldPlan } | null
  /** Message and group fields: the type's plan (linked once every reachable type is compiled). */
  message: MessagePlan | null
  messageName: string | null
  enumPlan: EnumPlan | null
  /** Index into the message's `oneofs`, or -1. */
  oneof: number
  /** Explicit presence: written and printed when set, even to its default value. */
  presence: boolean
  required: boolean
  /** Strings are checked to be UTF-8 on decode (proto3, editions). */
  validateUtf8: boolean
  /** Position in the plan's `fields` (field-number order). */
  slot: number
  /** `"jsonName":` and `"name":` as UTF-8 bytes. */
  jsonKey: Uint8Array
  protoKey: Uint8Array
}

/** One message type: its fields in field-number order and how to find them. */
export interface MessagePlan {
  fullName: string
  fields: FieldPlan[]
  /** Slot of each field number below `dense.length` (-1: none); larger numbers through `sparse`. */
  dense: Int32Array
  sparse: Map<number, number>
  oneofs: Array<{ name: string; slots: number[] }>
  /** Fields by JSON name and by proto name (both accepted on encode). */
  byJsonKey: Map<string, FieldPlan>
  requiredSlots: number[]
  /** WKT_* for a well-known type with its own JSON form. */
  wkt: number
  /** The decoder may write it in one pass when its fields arrive in number order (no required fields, groups or JSON form of its own). */
  inOrder: boolean
}

/** The slot of field `number` in `plan`, or -1. */
export function slotOf(plan: MessagePlan, number: number): number {
  return number < plan.dense.length ? plan.dense[number]! : (plan.sparse.get(number) ?? -1)
}

const textEncoder = new TextEncoder()

/** protoc's JSON name of a field: underscores dropped, the letter after each one upper-cased. */
export function toJsonName(name: string): string {
  let out = ''
  let upper = false
  for (const c of name) {
    if (c === '_') upper = true
    else if (upper) {
      out += c.toUpperCase()
      upper = false
    } else out += c
  }
  return out
}

/** Why a plan cannot be made (a type the schema does not define, an unsupported construct). */
export class PlanError extends Error {}

interface FileFacts {
  syntax: 'proto2' | 'proto3' | 'editions'
  options: OptionElement[]
}

/** Compiles and caches the plans of one parsed schema. */
export class Plans {
  private readonly messages = new Map<string, MessagePlan>()
  private readonly enums = new Map<string, EnumPlan>()

  constructor(readonly parsed: ParsedProtobuf) {}

  /** The plan of message type `fullName` (no leading dot) and of every type it reaches; throws PlanError. */
  message(fullName: string): MessagePlan {
    const known = this.messages.get(fullName)
    if (known !== undefined) return known
    const pending: Array<{ plan: MessagePlan; build: () => void }> = []
    const root = this.declare(fullName, pending)
    // A work list, not recursion: a schema may nest types deeply.
    while (pending.length > 0) pending.pop()!.build()
    return root
  }

  /** The message type `fullName` as the schema sees it, or undefined. */
  typeInfo(fullName: string): TypeInfo | undefined {
    return this.parsed.scope.type(fullName)
  }

  private declare(fullName: string, pending: Array<{ plan: MessagePlan; build: () => void }>): MessagePlan {
    const known = this.messages.get(fullName)
    if (known !== undefined) return known
    const info = this.parsed.scope.type(fullName)
    if (info === undefined || info.element.kind !== 'message') throw new PlanError(`message type ${fullName} is not defined in the schema or its imports`)
    const plan = emptyPlan(fullName)
    this.messages.set(fullName, plan)
    const element = info.element
    const file = this.fileFacts(info)
    pending.push({ plan, build: () => this.build(plan, element, info.packageName, file, this.enclosingOptions(fullName, info.packageName), pending) })
    return plan
  }

  private declareGroup(
    fullName: string,
    group: GroupElement,
    packageName: string,
    file: FileFacts,
    pending: Array<{ plan: MessagePlan; build: () => void }>,
  ): MessagePlan {
    const known = this.messages.get(fullName)
    if (known !== undefined) return known
    const plan = emptyPlan(fullName)
    this.messages.set(fullName, plan)
    const element: MessageElement = {
      kind: 'message',
      name: group.name,
      nestedTypes: [],
      options: [],
      reserveds: [],
      fields: group.fields,
      oneOfs: [],
      extensions: [],
      groups: [],
      extendDeclarations: [],
    }
    pending.push({ plan, build: () => this.build(plan, element, packageName, file, [], pending) })
    return plan
  }

  private build(
    plan: MessagePlan,
    element: MessageElement,
    packageName: string,
    file: FileFacts,
    outer: OptionElement[][],
    pending: Array<{ plan: MessagePlan; build: () => void }>,
  ): void {
    const scope = plan.fullName
    const chain = [element.options, ...outer]
    const fields: FieldPlan[] = []
    const add = (f: FieldElement, oneof: number) => fields.push(this.field(f, oneof, scope, file, chain, pending))
    for (const f of element.fields) add(f, -1)
    element.oneOfs.forEach((o, i) => {
      plan.oneofs.push({ name: o.name, slots: [] })
      for (const f of o.fields) add(f, i)
      for (const g of o.groups) fields.push(this.groupField(g, i, scope, packageName, file, pending))
    })
    for (const g of element.groups) fields.push(this.groupField(g, -1, scope, packageName, file, pending))
    fields.sort((a, b) => a.number - b.number)
    let maxDense = 0
    fields.forEach((f, slot) => {
      f.slot = slot
      if (f.number < 1024) maxDense = Math.max(maxDense, f.number + 1)
    })
    plan.dense = new Int32Array(maxDense).fill(-1)
    for (const f of fields) {
      if (f.number < maxDense) plan.dense[f.number] = f.slot
      else plan.sparse.set(f.number, f.slot)
      plan.byJsonKey.set(f.jsonName, f)
      if (!plan.byJsonKey.has(f.name)) plan.byJsonKey.set(f.name, f)
      if (f.oneof >= 0) plan.oneofs[f.oneof]!.slots.push(f.slot)
      if (f.required) plan.requiredSlots.push(f.slot)
    }
    plan.fields = fields
    plan.wkt = WELL_KNOWN_JSON[plan.fullName] ?? WKT_NONE
    plan.inOrder = plan.wkt === WKT_NONE && plan.requiredSlots.length === 0 && plan.oneofs.length <= 31 && !fields.some((f) => f.kind === GROUP)
  }

  private groupField(
    g: GroupElement,
    oneof: number,
    scope: string,
    packageName: string,
    file: FileFacts,
    pending: Array<{ plan: MessagePlan; build: () => void }>,
  ): FieldPlan {
    const name = g.name.toLowerCase()
    const message = this.declareGroup(`${scope}.${g.name}`, g, packageName, file, pending)
    const repeated = g.label === 'repeated'
    return makeField({
      name,
      jsonName: toJsonName(name),
      number: g.tag,
      kind: GROUP,
      repeated,
      packed: false,
      message,
      messageName: message.fullName,
      enumPlan: null,
      map: null,
      oneof,
      presence: !repeated,
      required: g.label === 'required',
      validateUtf8: false,
    })
  }

  private field(
    f: FieldElement,
    oneof: number,
    scope: string,
    file: FileFacts,
    chain: OptionElement[][],
    pending: Array<{ plan: MessagePlan; build: () => void }>,
  ): FieldPlan {
    const map = mapTypes(f.type)
    const jsonName = f.jsonName ?? toJsonName(f.name)
    const feature = (name: string) => featureOf(name, [f.options, ...chain, file.options])
    const validateUtf8 = file.syntax === 'proto3' || (file.syntax === 'editions' && feature('utf8_validation') !== 'NONE')
    if (map !== null) {
      const key = this.valueField(map.key, 'key', 1, scope, validateUtf8, pending)
      const value = this.valueField(map.value, 'value', 2, scope, validateUtf8, pending)
      return makeField({
        name: f.name,
        jsonName,
        number: f.tag,
        kind: MESSAGE,
        repeated: true,
        packed: false,
        message: null,
        messageName: null,
        enumPlan: null,
        map: { key, value },
        oneof,
        presence: false,
        required: false,
        validateUtf8,
      })
    }
    const type = this.resolveType(f.type, scope, pending)
    // A descriptor's map entry message (`option map_entry = true`) referenced by a repeated field.
    if (type.mapEntry !== null && f.label === 'repeated') {
      const key = this.valueField(type.mapEntry.key, 'key', 1, type.fullName, validateUtf8, pending)
      const value = this.valueField(type.mapEntry.value, 'value', 2, type.fullName, validateUtf8, pending)
      return makeField({
        name: f.name,
        jsonName,
        number: f.tag,
        kind: MESSAGE,
        repeated: true,
        packed: false,
        message: null,
        messageName: null,
        enumPlan: null,
        map: { key, value },
        oneof,
        presence: false,
        required: false,
        validateUtf8,
      })
    }
    const repeated = f.label === 'repeated'
    let kind = type.kind
    let presence: boolean
    let required = f.label === 'required'
    if (file.syntax === 'editions') {
      const fp = feature('field_presence')
      presence = !repeated && (kind === MESSAGE || oneof >= 0 || fp !== 'IMPLICIT')
      required = fp === 'LEGACY_REQUIRED'
      if (kind === MESSAGE && feature('message_encoding') === 'DELIMITED') kind = GROUP
    } else {
      presence = !repeated && (kind === MESSAGE || oneof >= 0 || file.syntax === 'proto2' || f.label === 'optional')
    }
    const packable = repeated && kind !== STRING && kind !== BYTES && kind !== MESSAGE && kind !== GROUP
    const packedOption = f.options.find((o) => !o.parenthesized && o.name === 'packed')
    let packed: boolean
    if (file.syntax === 'editions') packed = packable && feature('repeated_field_encoding') !== 'EXPANDED'
    else if (packedOption !== undefined) packed = packable && packedOption.value.value === 'true'
    else packed = packable && file.syntax === 'proto3'
    return makeField({
      name: f.name,
      jsonName,
      number: f.tag,
      kind,
      repeated,
      packed,
      message: type.message,
      messageName: type.message?.fullName ?? null,
      enumPlan: type.enumPlan,
      map: null,
      oneof,
      presence,
      required,
      validateUtf8,
    })
  }

  private valueField(
    typeName: string,
    name: string,
    number: number,
    scope: string,
    validateUtf8: boolean,
    pending: Array<{ plan: MessagePlan; build: () => void }>,
  ): FieldPlan {
    const type = this.resolveType(typeName, scope, pending)
    // Map keys and values are implicit-presence fields of the entry: absent means the default.
    return makeField({
      name,
      jsonName: name,
      number,
      kind: type.kind,
      repeated: false,
      packed: false,
      message: type.message,
      messageName: type.message?.fullName ?? null,
      enumPlan: type.enumPlan,
      map: null,
      oneof: -1,
      presence: type.kind === MESSAGE,
      required: false,
      validateUtf8,
    })
  }

  private resolveType(
    typeName: string,
    scope: string,
    pending: Array<{ plan: MessagePlan; build: () => void }>,
  ): { kind: number; message: MessagePlan | null; enumPlan: EnumPlan | null; fullName: string; mapEntry: { key: string; value: string } | null } {
    const scalar = SCALAR_KINDS[typeName]
    if (scalar !== undefined) return { kind: scalar, message: null, enumPlan: null, fullName: typeName, mapEntry: null }
    const fullName = this.parsed.scope.resolveType(typeName, scope)
    const info = fullName === null ? undefined : this.parsed.scope.type(fullName)
    if (fullName === null || info === undefined) throw new PlanError(`type ${typeName} used in ${scope} is not defined in the schema or its imports`)
    if (info.element.kind === 'enum')
      return { kind: ENUM, message: null, enumPlan: this.enumPlan(fullName, info.element, this.fileFacts(info)), fullName, mapEntry: null }
    if (info.isMap && info.key !== null && info.value !== null) {
      return { kind: MESSAGE, message: null, enumPlan: null, fullName, mapEntry: { key: info.key.type, value: info.value.type } }
    }
    return { kind: MESSAGE, message: this.declare(fullName, pending), enumPlan: null, fullName, mapEntry: null }
  }

  /** The plan of enum `fullName`. */
  enumPlan(fullName: string, element: EnumElement, file: FileFacts): EnumPlan {
    const known = this.enums.get(fullName)
    if (known !== undefined) return known
    const jsonByNumber = new Map<number, Uint8Array>()
    const numberByName = new Map<string, number>()
    for (const c of element.constants) {
      if (!jsonByNumber.has(c.tag)) jsonByNumber.set(c.tag, textEncoder.encode(JSON.stringify(c.name)))
      numberByName.set(c.name, c.tag)
    }
    const first = element.constants[0]
    const closed = file.syntax === 'proto2' || (file.syntax === 'editions' && featureOf('enum_type', [element.options, file.options]) === 'CLOSED')
    const plan: EnumPlan = {
      fullName,
      isNullValue: fullName === 'google.protobuf.NullValue',
      closed,
      jsonByNumber,
      numberByName,
      firstNumber: first?.tag ?? 0,
      firstName: first?.name ?? '',
    }
    this.enums.set(fullName, plan)
    return plan
  }

  private fileFacts(info: TypeInfo): FileFacts {
    const source = info.source
    let file: ProtoFileElement | undefined
    if (source.kind === 'main') file = this.parsed.file
    else if (source.kind === 'dependency') file = this.parsed.dependencies.get(source.name)
    else return { syntax: source.name === 'google/protobuf/descriptor.proto' ? 'proto2' : 'proto3', options: [] }
    const syntax = file?.syntax
    return {
      syntax: syntax?.kind === 'edition' ? 'editions' : syntax?.kind === 'syntax' && syntax.value === 'proto3' ? 'proto3' : 'proto2',
      options: file?.options ?? [],
    }
  }

  /** Options of the messages enclosing `fullName`, innermost first (for editions features). */
  private enclosingOptions(fullName: string, packageName: string): OptionElement[][] {
    const out: OptionElement[][] = []
    let name = fullName
    for (;;) {
      const dot = name.lastIndexOf('.')
      if (dot <= packageName.length) break
      name = name.slice(0, dot)
      const info = this.parsed.scope.type(name)
      if (info === undefined || info.element.kind !== 'message') break
      out.push(info.element.options)
    }
    return out
  }
}

function emptyPlan(fullName: string): MessagePlan {
  return {
    fullName,
    fields: [],
    dense: new Int32Array(0),
    sparse: new Map(),
    oneofs: [],
    byJsonKey: new Map(),
    requiredSlots: [],
    wkt: WKT_NONE,
    inOrder: false,
  }
}

function makeField(f: Omit<FieldPlan, 'wireType' | 'packable' | 'slot' | 'jsonKey' | 'protoKey'>): FieldPlan {
  const packable = f.repeated && f.map === null && f.kind !== STRING && f.kind !== BYTES && f.kind !== MESSAGE && f.kind !== GROUP
  return {
    ...f,
    wireType: f.map !== null ? LEN : wireTypeOf(f.kind),
    packable,
    slot: 0,
    jsonKey: textEncoder.encode(`${JSON.stringify(f.jsonName)}:`),
    protoKey: textEncoder.encode(`${JSON.stringify(f.name)}:`),
  }
}

/** An editions feature (`features.<name>`) from the innermost option list that sets it, or undefined. */
function featureOf(name: string, levels: OptionElement[][]): string | undefined {
  for (const options of levels) {
    for (const o of options) {
      if (o.parenthesized) continue
      if (o.name === `features.${name}`) return optionText(o.value)
      if (o.name === 'features' && o.value.kind === 'map') {
        const v = o.value.value.get(name)
        if (v !== undefined) return optionText(v)
      }
    }
  }
  return undefined
}

function optionText(v: OptionValue): string | undefined {
  return typeof v.value === 'string' ? v.value : undefined
}

/** The full names of the main file's messages in message-index order: top-level messages, then each one's nested messages. */
export function messageAt(file: ProtoFileElement, indexes: readonly number[]): { ok: true; fullName: string } | { ok: false; message: string } {
  let list = file.types.filter((t): t is MessageElement => t.kind === 'message')
  let name = file.packageName ?? ''
  let where = 'the schema'
  for (let i = 0; i < indexes.length; i++) {
    const index = indexes[i]!
    const found = list[index]
    if (found === undefined) {
      const has = `${list.length} ${i === 0 ? 'top-level' : 'nested'} message${list.length === 1 ? '' : 's'}`
      return { ok: false, message: `message index ${index} (at position ${i} of [${indexes.join(', ')}]) is out of range: ${where} has ${has}` }
    }
    name = name === '' ? found.name : `${name}.${found.name}`
    where = name
    list = found.nestedTypes.filter((t): t is MessageElement => t.kind === 'message')
  }
  return { ok: true, fullName: name }
}

/** The message indexes of message `name` (full name, or relative to the package) declared in the main file, or null. */
export function indexesOf(file: ProtoFileElement, name: string): { fullName: string; indexes: number[] } | null {
  const packageName = file.packageName ?? ''
  const wanted = name.startsWith('.') ? name.slice(1) : name
  const relative = packageName !== '' && wanted.startsWith(`${packageName}.`) ? wanted.slice(packageName.length + 1) : wanted
  const indexes: number[] = []
  let list = file.types.filter((t): t is MessageElement => t.kind === 'message')
  for (const part of relative.split('.')) {
    const at = list.findIndex((m) => m.name === part)
    if (at < 0) return null
    indexes.push(at)
    list = list[at]!.nestedTypes.filter((t): t is MessageElement => t.kind === 'message')
  }
  return { fullName: packageName === '' ? relative : `${packageName}.${relative}`, indexes }
}

/** The UTF-8 bytes of `text`. */
export function utf8(text: string): Uint8Array {
  return textEncoder.encode(text)
}
