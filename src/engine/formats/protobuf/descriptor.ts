/**
 * `FileDescriptorProto` bytes ↔ the element tree. Reading follows how Confluent Schema Registry
 * turns a registered base64 descriptor into a schema (messages before enums, map entries kept as
 * nested `map_entry` messages, proto3 labels dropped, only the options it knows); writing lays a
 * file out as the registry's `?format=serialized` does (oneof members first, map entry messages
 * appended, proto3 `optional` as synthetic oneofs), with type names fully qualified as protoc
 * writes them so any Protobuf runtime can load the result. Pure.
 */
import type {
  EnumConstantElement,
  EnumElement,
  ExtendElement,
  FieldElement,
  FieldLabel,
  MessageElement,
  OneOfElement,
  OptionElement,
  OptionMap,
  OptionValue,
  ProtoFileElement,
  ReservedElement,
  ServiceElement,
  TypeElement,
} from './model.js'
import { mapTypes, SCALAR_TYPES } from './model.js'
import { WireReader, WireWriter } from './wire.js'

const SCALAR_BY_NUMBER: Record<number, string> = {
  1: 'double',
  2: 'float',
  3: 'int64',
  4: 'uint64',
  5: 'int32',
  6: 'fixed64',
  7: 'fixed32',
  8: 'bool',
  9: 'string',
  10: 'group',
  11: 'message',
  12: 'bytes',
  13: 'uint32',
  14: 'enum',
  15: 'sfixed32',
  16: 'sfixed64',
  17: 'sint32',
  18: 'sint64',
}
const NUMBER_BY_SCALAR: Record<string, number> = Object.fromEntries(Object.entries(SCALAR_BY_NUMBER).map(([n, s]) => [s, Number(n)]))

/** Confluent's `Meta` option message (confluent/meta.proto), extension number 1088 on every options message. */
const META_EXTENSION = 1088

// ---------------------------------------------------------------------------------------------
// Reading

interface RawField {
  name: string
  number: number
  label: number
  type: number
  typeName: string | null
  extendee: string | null
  defaultValue: string | null
  oneofIndex: number | null
  jsonName: string | null
  options: OptionElement[]
  proto3Optional: boolean
}

/** Read a `FileDescriptorProto` into the element tree the registry derives from it. Throws `WireFormatError` on bad bytes. */
export function readFileDescriptor(bytes: Uint8Array): { file: ProtoFileElement; name: string } {
  const r = new WireReader(bytes)
  let name = ''
  let packageName = ''
  let syntax = ''
  let edition = 0
  const dependencies: string[] = []
  const publicDependencies = new Set<number>()
  const messages: Uint8Array[] = []
  const enums: Uint8Array[] = []
  const services: Uint8Array[] = []
  const extensions: Uint8Array[] = []
  let options: OptionElement[] = []
  while (!r.done()) {
    const { field, wireType } = r.tag()
    if (field === 1 && wireType === 2) name = r.string()
    else if (field === 2 && wireType === 2) packageName = r.string()
    else if (field === 3 && wireType === 2) dependencies.push(r.string())
    else if (field === 10 && wireType === 0) publicDependencies.add(r.int32())
    else if (field === 10 && wireType === 2) readPacked(r, (v) => publicDependencies.add(v))
    else if (field === 4 && wireType === 2) messages.push(r.bytesField())
    else if (field === 5 && wireType === 2) enums.push(r.bytesField())
    else if (field === 6 && wireType === 2) services.push(r.bytesField())
    else if (field === 7 && wireType === 2) extensions.push(r.bytesField())
    else if (field === 8 && wireType === 2) options = readOptions(r.sub(), FILE_OPTIONS, 'confluent.file_meta')
    else if (field === 12 && wireType === 2) syntax = r.string()
    else if (field === 14 && wireType === 0) edition = r.int32()
    else r.skip(wireType)
  }
  const proto3 = syntax === 'proto3'
  const ctx: ReadContext = { proto3 }
  const file: ProtoFileElement = {
    syntax:
      syntax === 'proto2' || syntax === 'proto3'
        ? { kind: 'syntax', value: syntax }
        : syntax === 'editions' && edition >= 1000
          ? { kind: 'edition', value: editionName(edition) }
          : null,
    packageName: packageName === '' ? null : packageName,
    imports: dependencies.filter((_, i) => !publicDependencies.has(i)),
    publicImports: dependencies.filter((_, i) => publicDependencies.has(i)),
    weakImports: [],
    types: [...messages.map((m) => readMessage(new WireReader(m), ctx)), ...enums.map((e) => readEnum(new WireReader(e)))],
    services: services.map((s) => readService(new WireReader(s))),
    extendDeclarations: groupExtensions(
      extensions.map((e) => readField(new WireReader(e), ctx)),
      ctx,
    ),
    options,
    importLocations: new Map(),
  }
  return { file, name }
}

function editionName(edition: number): string {
  return edition === 1000 ? '2023' : edition === 1001 ? '2024' : String(edition)
}

interface ReadContext {
  proto3: boolean
}

function readPacked(r: WireReader, add: (v: number) => void): void {
  const sub = r.sub()
  while (!sub.done()) add(sub.int32())
}

function readMessage(r: WireReader, ctx: ReadContext): MessageElement {
  let name = ''
  const rawFields: RawField[] = []
  const extensions: RawField[] = []
  const nestedMessages: MessageElement[] = []
  const nestedEnums: EnumElement[] = []
  const oneofNames: string[] = []
  const reserveds: ReservedElement[] = []
  const reservedNames: ReservedElement[] = []
  const extensionRanges: MessageElement['extensions'] = []
  let options: OptionElement[] = []
  while (!r.done()) {
    const { field, wireType } = r.tag()
    if (field === 1 && wireType === 2) name = r.string()
    else if (field === 2 && wireType === 2) rawFields.push(readField(r.sub(), ctx))
    else if (field === 6 && wireType === 2) extensions.push(readField(r.sub(), ctx))
    else if (field === 3 && wireType === 2) nestedMessages.push(readMessage(r.sub(), ctx))
    else if (field === 4 && wireType === 2) nestedEnums.push(readEnum(r.sub()))
    else if (field === 5 && wireType === 2) {
      const { start, end } = readRange(r.sub())
      extensionRanges.push({ values: [start === end - 1 ? start : { start, end: end - 1 }] })
    } else if (field === 8 && wireType === 2) oneofNames.push(readOneofName(r.sub()))
    else if (field === 7 && wireType === 2) options = readOptions(r.sub(), MESSAGE_OPTIONS, 'confluent.message_meta')
    else if (field === 9 && wireType === 2) {
      const { start, end } = readRange(r.sub())
      reserveds.push({ values: [start === end - 1 ? start : { start, end: end - 1 }] })
    } else if (field === 10 && wireType === 2) reservedNames.push({ values: [r.string()] })
    else r.skip(wireType)
  }
  const oneOfs: OneOfElement[] = oneofNames.map((n) => ({ name: n, fields: [], groups: [], options: [] }))
  const fields: FieldElement[] = []
  for (const raw of rawFields) {
    if (raw.oneofIndex !== null && !raw.proto3Optional && oneOfs[raw.oneofIndex]) oneOfs[raw.oneofIndex]!.fields.push(toField(raw, ctx, true))
    else fields.push(toField(raw, ctx, false))
  }
  return {
    kind: 'message',
    name,
    nestedTypes: [...nestedMessages, ...nestedEnums],
    options,
    reserveds: [...reserveds, ...reservedNames],
    fields,
    oneOfs: oneOfs.filter((o) => o.fields.length > 0),
    extensions: extensionRanges,
    groups: [],
    extendDeclarations: groupExtensions(extensions, ctx),
  }
}

function readRange(r: WireReader): { start: number; end: number } {
  let start = 0
  let end = 0
  while (!r.done()) {
    const { field, wireType } = r.tag()
    if (field === 1 && wireType === 0) start = r.int32()
    else if (field === 2 && wireType === 0) end = r.int32()
    else r.skip(wireType)
  }
  return { start, end }
}

function readOneofName(r: WireReader): string {
  let name = ''
  while (!r.done()) {
    const { field, wireType } = r.tag()
    if (field === 1 && wireType === 2) name = r.string()
    else r.skip(wireType)
  }
  return name
}

function readField(r: WireReader, ctx: ReadContext): RawField {
  const raw: RawField = {
    name: '',
    number: 0,
    label: 1,
    type: 0,
    typeName: null,
    extendee: null,
    defaultValue: null,
    oneofIndex: null,
    jsonName: null,
    options: [],
    proto3Optional: false,
  }
  while (!r.done()) {
    const { field, wireType } = r.tag()
    if (field === 1 && wireType === 2) raw.name = r.string()
    else if (field === 3 && wireType === 0) raw.number = r.int32()
    else if (field === 4 && wireType === 0) raw.label = r.int32()
    else if (field === 5 && wireType === 0) raw.type = r.int32()
    else if (field === 6 && wireType === 2) raw.typeName = r.string()
    else if (field === 2 && wireType === 2) raw.extendee = r.string()
    else if (field === 7 && wireType === 2) raw.defaultValue = r.string()
    else if (field === 9 && wireType === 0) raw.oneofIndex = r.int32()
    else if (field === 10 && wireType === 2) raw.jsonName = r.string()
    else if (field === 8 && wireType === 2) raw.options = readOptions(r.sub(), FIELD_OPTIONS, 'confluent.field_meta')
    else if (field === 17 && wireType === 0) raw.proto3Optional = r.varint() !== 0
    else r.skip(wireType)
  }
  void ctx
  return raw
}

function toField(raw: RawField, ctx: ReadContext, inOneof: boolean): FieldElement {
  let label: FieldLabel = null
  if (!inOneof) {
    if (raw.proto3Optional) label = 'optional'
    else if (raw.label === 3) label = 'repeated'
    else if (!ctx.proto3) label = raw.label === 2 ? 'required' : 'optional'
  }
  return {
    label,
    type: raw.typeName ?? SCALAR_BY_NUMBER[raw.type] ?? 'int32',
    name: raw.name,
    tag: raw.number,
    defaultValue: !ctx.proto3 ? raw.defaultValue : null,
    jsonName: raw.jsonName,
    options: raw.options,
  }
}

function groupExtensions(fields: RawField[], ctx: ReadContext): ExtendElement[] {
  const byExtendee = new Map<string, FieldElement[]>()
  for (const raw of fields) {
    const key = raw.extendee ?? ''
    if (!byExtendee.has(key)) byExtendee.set(key, [])
    byExtendee.get(key)!.push(toField(raw, ctx, false))
  }
  return [...byExtendee].map(([name, list]) => ({ name, fields: list }))
}

function readEnum(r: WireReader): EnumElement {
  let name = ''
  const constants: EnumConstantElement[] = []
  const reserveds: ReservedElement[] = []
  const reservedNames: ReservedElement[] = []
  let options: OptionElement[] = []
  while (!r.done()) {
    const { field, wireType } = r.tag()
    if (field === 1 && wireType === 2) name = r.string()
    else if (field === 2 && wireType === 2) constants.push(readEnumValue(r.sub()))
    else if (field === 3 && wireType === 2) options = readOptions(r.sub(), ENUM_OPTIONS, 'confluent.enum_meta')
    else if (field === 4 && wireType === 2) {
      const { start, end } = readRange(r.sub())
      reserveds.push({ values: [start === end ? start : { start, end }] })
    } else if (field === 5 && wireType === 2) reservedNames.push({ values: [r.string()] })
    else r.skip(wireType)
  }
  return { kind: 'enum', name, options, constants, reserveds: [...reserveds, ...reservedNames] }
}

function readEnumValue(r: WireReader): EnumConstantElement {
  let name = ''
  let tag = 0
  let options: OptionElement[] = []
  while (!r.done()) {
    const { field, wireType } = r.tag()
    if (field === 1 && wireType === 2) name = r.string()
    else if (field === 2 && wireType === 0) tag = r.int32()
    else if (field === 3 && wireType === 2) options = readOptions(r.sub(), ENUM_VALUE_OPTIONS, 'confluent.enum_value_meta')
    else r.skip(wireType)
  }
  return { name, tag, options }
}

function readService(r: WireReader): ServiceElement {
  const service: ServiceElement = { name: '', rpcs: [], options: [] }
  while (!r.done()) {
    const { field, wireType } = r.tag()
    if (field === 1 && wireType === 2) service.name = r.string()
    else if (field === 2 && wireType === 2) {
      const m = r.sub()
      const rpc = { name: '', requestType: '', responseType: '', requestStreaming: false, responseStreaming: false, options: [] as OptionElement[] }
      while (!m.done()) {
        const t = m.tag()
        if (t.field === 1 && t.wireType === 2) rpc.name = m.string()
        else if (t.field === 2 && t.wireType === 2) rpc.requestType = m.string()
        else if (t.field === 3 && t.wireType === 2) rpc.responseType = m.string()
        else if (t.field === 4 && t.wireType === 2) rpc.options = readOptions(m.sub(), METHOD_OPTIONS, null)
        else if (t.field === 5 && t.wireType === 0) rpc.requestStreaming = m.varint() !== 0
        else if (t.field === 6 && t.wireType === 0) rpc.responseStreaming = m.varint() !== 0
        else m.skip(t.wireType)
      }
      service.rpcs.push(rpc)
    } else if (field === 3 && wireType === 2) service.options = readOptions(r.sub(), SERVICE_OPTIONS, null)
    else r.skip(wireType)
  }
  return service
}

type OptionKind = 'string' | 'boolean' | 'enum'
/** One known option: its field number, name, kind and (for enums) value names; listed in the registry's print order. */
type KnownOption = [number, string, OptionKind, Record<number, string>?]

const FILE_OPTIONS: KnownOption[] = [
  [1, 'java_package', 'string'],
  [8, 'java_outer_classname', 'string'],
  [10, 'java_multiple_files', 'boolean'],
  [20, 'java_generate_equals_and_hash', 'boolean'],
  [27, 'java_string_check_utf8', 'boolean'],
  [9, 'optimize_for', 'enum', { 1: 'SPEED', 2: 'CODE_SIZE', 3: 'LITE_RUNTIME' }],
  [11, 'go_package', 'string'],
  [16, 'cc_generic_services', 'boolean'],
  [17, 'java_generic_services', 'boolean'],
  [18, 'py_generic_services', 'boolean'],
  [42, 'php_generic_services', 'boolean'],
  [23, 'deprecated', 'boolean'],
  [31, 'cc_enable_arenas', 'boolean'],
  [36, 'objc_class_prefix', 'string'],
  [37, 'csharp_namespace', 'string'],
  [39, 'swift_prefix', 'string'],
  [40, 'php_class_prefix', 'string'],
  [41, 'php_namespace', 'string'],
  [44, 'php_metadata_namespace', 'string'],
  [45, 'ruby_package', 'string'],
]
const MESSAGE_OPTIONS: KnownOption[] = [
  [2, 'no_standard_descriptor_accessor', 'boolean'],
  [3, 'deprecated', 'boolean'],
  [7, 'map_entry', 'boolean'],
]
const FIELD_OPTIONS: KnownOption[] = [
  [1, 'ctype', 'enum', { 0: 'STRING', 1: 'CORD', 2: 'STRING_PIECE' }],
  [2, 'packed', 'boolean'],
  [6, 'jstype', 'enum', { 0: 'JS_NORMAL', 1: 'JS_STRING', 2: 'JS_NUMBER' }],
  [3, 'deprecated', 'boolean'],
]
const ENUM_OPTIONS: KnownOption[] = [
  [2, 'allow_alias', 'boolean'],
  [3, 'deprecated', 'boolean'],
]
const ENUM_VALUE_OPTIONS: KnownOption[] = [[1, 'deprecated', 'boolean']]
const SERVICE_OPTIONS: KnownOption[] = [[33, 'deprecated', 'boolean']]
const METHOD_OPTIONS: KnownOption[] = [
  [33, 'deprecated', 'boolean'],
  [34, 'idempotency_level', 'enum', { 0: 'IDEMPOTENCY_UNKNOWN', 1: 'NO_SIDE_EFFECTS', 2: 'IDEMPOTENT' }],
]

/** The options the registry keeps from an options message (others, custom ones included, are dropped). */
function readOptions(r: WireReader, known: KnownOption[], metaName: string | null): OptionElement[] {
  const values = new Map<number, number | string>()
  let meta: OptionElement | null = null
  while (!r.done()) {
    const { field, wireType } = r.tag()
    const spec = known.find((k) => k[0] === field)
    if (spec && spec[2] === 'string' && wireType === 2) values.set(field, r.string())
    else if (spec && wireType === 0) values.set(field, r.int32())
    else if (field === META_EXTENSION && metaName !== null && wireType === 2) meta = readMeta(r.sub(), metaName)
    else r.skip(wireType)
  }
  const options: OptionElement[] = []
  for (const [number, name, kind, enumNames] of known) {
    const v = values.get(number)
    if (v === undefined) continue
    const value: OptionValue =
      kind === 'string'
        ? { kind: 'string', value: String(v) }
        : kind === 'boolean'
          ? { kind: 'boolean', value: v ? 'true' : 'false' }
          : { kind: 'enum', value: enumNames?.[v as number] ?? String(v) }
    options.push({ name, parenthesized: false, value })
  }
  if (meta) options.push(meta)
  return options
}

function readMeta(r: WireReader, name: string): OptionElement | null {
  let doc = ''
  const params: Array<[string, string]> = []
  const tags: string[] = []
  while (!r.done()) {
    const { field, wireType } = r.tag()
    if (field === 1 && wireType === 2) doc = r.string()
    else if (field === 2 && wireType === 2) {
      const e = r.sub()
      let key = ''
      let value = ''
      while (!e.done()) {
        const t = e.tag()
        if (t.field === 1 && t.wireType === 2) key = e.string()
        else if (t.field === 2 && t.wireType === 2) value = e.string()
        else e.skip(t.wireType)
      }
      params.push([key, value])
    } else if (field === 3 && wireType === 2) tags.push(r.string())
    else r.skip(wireType)
  }
  const map: OptionMap = new Map()
  if (doc !== '') map.set('doc', { kind: 'string', value: doc })
  if (params.length > 0) {
    const list: OptionValue[] = params.map(([key, value]) => {
      const entry: OptionMap = new Map()
      // The registry writes precision and scale with the value first, for backward compatibility.
      if (key === 'precision' || key === 'scale') {
        entry.set('value', { kind: 'string', value })
        entry.set('key', { kind: 'string', value: key })
      } else {
        entry.set('key', { kind: 'string', value: key })
        entry.set('value', { kind: 'string', value })
      }
      return { kind: 'map', value: entry }
    })
    map.set('params', { kind: 'list', value: list })
  }
  if (tags.length > 0) map.set('tags', { kind: 'list', value: tags.map((t) => ({ kind: 'string', value: t })) })
  return map.size === 0 ? null : { name, parenthesized: true, value: { kind: 'map', value: map } }
}

// ---------------------------------------------------------------------------------------------
// Writing

/** Resolves a type name used in `scope` (a full name such as `pkg.Outer`) to its full name and kind. */
export type TypeResolver = (typeName: string, scope: string) => { fullName: string; kind: 'message' | 'enum' } | null

/** Encode a parsed file as a `FileDescriptorProto`, laid out as the registry's serialized format. */
export function writeFileDescriptor(file: ProtoFileElement, resolve: TypeResolver, name = 'default'): Uint8Array {
  const w = new WireWriter()
  const pkg = file.packageName ?? ''
  w.string(1, name)
  if (file.packageName !== null) w.string(2, file.packageName)
  const deps = [...file.imports, ...file.weakImports]
  const publicStart = deps.length
  for (const d of deps) w.string(3, d)
  for (const d of file.publicImports) w.string(3, d)
  for (const message of file.types) if (message.kind === 'message') w.message(4, (m) => writeMessage(m, message, pkg, file, resolve))
  for (const e of file.types) if (e.kind === 'enum') w.message(5, (m) => writeEnum(m, e))
  for (const service of file.services) w.message(6, (m) => writeService(m, service, pkg, resolve))
  for (const extend of file.extendDeclarations)
    for (const f of extend.fields) w.message(7, (m) => writeField(m, f, pkg, file, resolve, { extendee: resolveName(resolve, extend.name, pkg) }))
  const fileOptions = encodeOptions(file.options, FILE_OPTIONS, 'confluent.file_meta')
  if (fileOptions) w.bytes(8, fileOptions)
  file.publicImports.forEach((_, i) => w.uint(10, publicStart + i))
  if (file.syntax?.kind === 'syntax') w.string(12, file.syntax.value)
  if (file.syntax?.kind === 'edition') {
    w.string(12, 'editions')
    w.uint(14, file.syntax.value === '2024' ? 1001 : 1000)
  }
  return w.finish()
}

function resolveName(resolve: TypeResolver, typeName: string, scope: string): string {
  const found = resolve(typeName, scope)
  return found ? `.${found.fullName}` : typeName
}

function scoped(scope: string, name: string): string {
  return scope === '' ? name : `${scope}.${name}`
}

/** protoc's map entry name: the field name in CamelCase plus `Entry`. */
export function mapEntryName(fieldName: string): string {
  let out = ''
  let upper = true
  for (const c of fieldName) {
    if (c === '_') upper = true
    else if (upper) {
      out += c.toUpperCase()
      upper = false
    } else out += c
  }
  return `${out}Entry`
}

function writeMessage(w: WireWriter, message: MessageElement, scope: string, file: ProtoFileElement, resolve: TypeResolver): void {
  const fullName = scoped(scope, message.name)
  const proto3 = file.syntax?.kind === 'syntax' && file.syntax.value === 'proto3'
  w.string(1, message.name)
  const fieldWriters: Array<() => void> = []
  const mapEntries: Array<{ name: string; key: string; value: string }> = []
  const oneofNames = message.oneOfs.map((o) => o.name)
  message.oneOfs.forEach((oneOf, index) => {
    for (const f of oneOf.fields) fieldWriters.push(() => w.message(2, (m) => writeField(m, f, fullName, file, resolve, { oneofIndex: index })))
  })
  for (const f of message.fields) {
    const map = mapTypes(f.type)
    if (map) {
      const entry = mapEntryName(f.name)
      mapEntries.push({ name: entry, key: map.key, value: map.value })
      fieldWriters.push(() => w.message(2, (m) => writeField(m, { ...f, label: 'repeated', type: `.${fullName}.${entry}` }, fullName, file, resolve, {})))
    } else if (proto3 && f.label === 'optional') {
      const index = oneofNames.length
      oneofNames.push(`_${f.name}`)
      fieldWriters.push(() => w.message(2, (m) => writeField(m, { ...f, label: null }, fullName, file, resolve, { oneofIndex: index, proto3Optional: true })))
    } else {
      fieldWriters.push(() => w.message(2, (m) => writeField(m, f, fullName, file, resolve, {})))
    }
  }
  for (const write of fieldWriters) write()
  for (const nested of message.nestedTypes) if (nested.kind === 'message') w.message(3, (m) => writeMessage(m, nested, fullName, file, resolve))
  for (const entry of mapEntries) {
    w.message(3, (m) => {
      m.string(1, entry.name)
      m.message(2, (f) => writeField(f, mapEntryField('key', 1, entry.key), `${fullName}.${entry.name}`, file, resolve, {}))
      m.message(2, (f) => writeField(f, mapEntryField('value', 2, entry.value), `${fullName}.${entry.name}`, file, resolve, {}))
      m.message(7, (o) => o.bool(7, true))
    })
  }
  for (const nested of message.nestedTypes) if (nested.kind === 'enum') w.message(4, (m) => writeEnum(m, nested))
  for (const ext of message.extensions) {
    for (const v of ext.values) {
      const [start, end] = typeof v === 'number' ? [v, v] : [v.start, v.end]
      w.message(5, (m) => {
        m.uint(1, start)
        m.uint(2, end + 1)
      })
    }
  }
  for (const extend of message.extendDeclarations) {
    for (const f of extend.fields) w.message(6, (m) => writeField(m, f, fullName, file, resolve, { extendee: resolveName(resolve, extend.name, fullName) }))
  }
  const options = encodeOptions(message.options, MESSAGE_OPTIONS, 'confluent.message_meta')
  if (options) w.bytes(7, options)
  for (const name of oneofNames) w.message(8, (m) => m.string(1, name))
  for (const reserved of message.reserveds) {
    for (const v of reserved.values) {
      if (typeof v === 'string') continue
      const [start, end] = typeof v === 'number' ? [v, v] : [v.start, v.end]
      w.message(9, (m) => {
        m.uint(1, start)
        m.uint(2, end + 1)
      })
    }
  }
  for (const reserved of message.reserveds) for (const v of reserved.values) if (typeof v === 'string') w.string(10, v)
}

function mapEntryField(name: string, tag: number, type: string): FieldElement {
  return { label: 'optional', type, name, tag, defaultValue: null, jsonName: null, options: [] }
}

function writeField(
  w: WireWriter,
  f: FieldElement,
  scope: string,
  file: ProtoFileElement,
  resolve: TypeResolver,
  extra: { oneofIndex?: number; proto3Optional?: boolean; extendee?: string },
): void {
  w.string(1, f.name)
  if (extra.extendee !== undefined) w.string(2, extra.extendee)
  w.uint(3, f.tag)
  w.uint(4, f.label === 'required' ? 2 : f.label === 'repeated' ? 3 : 1)
  if (SCALAR_TYPES.has(f.type)) {
    w.uint(5, NUMBER_BY_SCALAR[f.type]!)
  } else {
    const found = resolve(f.type, scope)
    w.uint(5, found?.kind === 'enum' ? 14 : 11)
    w.string(6, found ? `.${found.fullName}` : f.type)
  }
  const proto3 = file.syntax?.kind === 'syntax' && file.syntax.value === 'proto3'
  if (f.defaultValue !== null && !proto3) w.string(7, f.defaultValue)
  const options = encodeOptions(f.options, FIELD_OPTIONS, 'confluent.field_meta')
  if (options) w.bytes(8, options)
  if (extra.oneofIndex !== undefined) w.uint(9, extra.oneofIndex)
  if (f.jsonName !== null) w.string(10, f.jsonName)
  if (extra.proto3Optional) w.bool(17, true)
}

function writeEnum(w: WireWriter, e: EnumElement): void {
  w.string(1, e.name)
  for (const c of e.constants) {
    w.message(2, (m) => {
      m.string(1, c.name)
      m.uint(2, c.tag)
      const options = encodeOptions(c.options, ENUM_VALUE_OPTIONS, 'confluent.enum_value_meta')
      if (options) m.bytes(3, options)
    })
  }
  const options = encodeOptions(e.options, ENUM_OPTIONS, 'confluent.enum_meta')
  if (options) w.bytes(3, options)
  for (const reserved of e.reserveds) {
    for (const v of reserved.values) {
      if (typeof v === 'string') continue
      const [start, end] = typeof v === 'number' ? [v, v] : [v.start, v.end]
      w.message(4, (m) => {
        m.uint(1, start)
        m.uint(2, end)
      })
    }
  }
  for (const reserved of e.reserveds) for (const v of reserved.values) if (typeof v === 'string') w.string(5, v)
}

function writeService(w: WireWriter, service: ServiceElement, pkg: string, resolve: TypeResolver): void {
  w.string(1, service.name)
  for (const rpc of service.rpcs) {
    w.message(2, (m) => {
      m.string(1, rpc.name)
      m.string(2, resolveName(resolve, rpc.requestType, pkg))
      m.string(3, resolveName(resolve, rpc.responseType, pkg))
      const options = encodeOptions(rpc.options, METHOD_OPTIONS, null)
      if (options) m.bytes(4, options)
      if (rpc.requestStreaming) m.bool(5, true)
      if (rpc.responseStreaming) m.bool(6, true)
    })
  }
  const options = encodeOptions(service.options, SERVICE_OPTIONS, null)
  if (options) w.bytes(3, options)
}

/** The known options (and Confluent's meta) of an element as an options message, or null when none apply. */
function encodeOptions(options: OptionElement[], known: KnownOption[], metaName: string | null): Uint8Array | null {
  if (options.length === 0) return null
  const w = new WireWriter()
  let any = false
  for (const [number, name, kind, enumNames] of known) {
    const option = options.find((o) => !o.parenthesized && o.name === name)
    if (!option) continue
    const text = scalarText(option.value)
    if (text === null) continue
    if (kind === 'string') w.string(number, text)
    else if (kind === 'boolean') w.bool(number, text === 'true')
    else {
      const entry = Object.entries(enumNames ?? {}).find(([, n]) => n === text)
      if (!entry) continue
      w.uint(number, Number(entry[0]))
    }
    any = true
  }
  if (metaName !== null) {
    const meta = encodeMeta(options.filter((o) => o.parenthesized && (o.name === metaName || o.name === `.${metaName}`)))
    if (meta) {
      w.bytes(META_EXTENSION, meta)
      any = true
    }
  }
  return any ? w.finish() : null
}

function scalarText(value: OptionValue): string | null {
  return value.kind === 'map' || value.kind === 'list' || value.kind === 'option' ? null : value.value
}

/** Confluent's `Meta` (doc, params, tags) from `(confluent.*_meta)` options, merged as the registry merges them. */
function encodeMeta(options: OptionElement[]): Uint8Array | null {
  let doc: string | null = null
  const params: Array<[string, string]> = []
  const tags: string[] = []
  const take = (key: string, value: OptionValue) => {
    if (key === 'doc') doc = scalarText(value)
    else if (key === 'tags') for (const t of value.kind === 'list' ? value.value : [value]) tags.push(scalarText(t) ?? '')
    else if (key === 'params') {
      for (const p of value.kind === 'list' ? value.value : [value]) {
        if (p.kind !== 'map') continue
        const k = p.value.get('key')
        const v = p.value.get('value')
        if (k && v) params.push([scalarText(k) ?? '', scalarText(v) ?? ''])
        else for (const [pk, pv] of p.value) params.push([pk, scalarText(pv) ?? ''])
      }
    }
  }
  for (const option of options) {
    if (option.value.kind === 'map') for (const [key, value] of option.value.value) take(key, value)
    else if (option.value.kind === 'option') take(option.value.value.name, option.value.value.value)
  }
  if (doc === null && params.length === 0 && tags.length === 0) return null
  const w = new WireWriter()
  if (doc) w.string(1, doc)
  for (const [key, value] of params) {
    w.message(2, (m) => {
      m.string(1, key)
      m.string(2, value)
    })
  }
  for (const t of tags) w.string(3, t)
  return w.finish()
}

/** Every type declared in a file with its full name (used to resolve names while writing). */
export function declaredTypes(file: ProtoFileElement): Map<string, TypeElement> {
  const out = new Map<string, TypeElement>()
  const visit = (types: TypeElement[], scope: string) => {
    for (const t of types) {
      const full = scoped(scope, t.name)
      out.set(full, t)
      if (t.kind === 'message') visit(t.nestedTypes, full)
    }
  }
  visit(file.types, file.packageName ?? '')
  return out
}
