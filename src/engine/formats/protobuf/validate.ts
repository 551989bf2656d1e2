/**
 * The checks a `.proto` file must pass beyond its grammar (protoc's and the registry's descriptor
 * building): field numbers in range and not repeated, reserved numbers and names not used, map
 * keys of an allowed type, enum values (proto3 starts at zero, no duplicate numbers without
 * `allow_alias`), unique names, and every type name resolving to a message or enum. Each problem
 * comes back with its line:column. Pure.
 */
import type { SchemaError } from '../../types.js'
import type { EnumElement, FieldElement, MessageElement, ProtoFileElement, ProtoLocation, RangeValue, ReservedElement, TypeElement } from './model.js'
import { MAX_TAG_VALUE, SCALAR_TYPES, mapTypes } from './model.js'
import { scopePrefix, type TypeScope } from './types.js'

const FIRST_RESERVED_BY_PROTOBUF = 19000
const LAST_RESERVED_BY_PROTOBUF = 19999
const VALID_MAP_KEYS = new Set(['int32', 'int64', 'uint32', 'uint64', 'sint32', 'sint64', 'fixed32', 'fixed64', 'sfixed32', 'sfixed64', 'bool', 'string'])

interface Check {
  errors: SchemaError[]
  file: ProtoFileElement
  scope: TypeScope
  packageName: string
  proto3: boolean
}

function error(check: Check, message: string, path: string, at?: ProtoLocation): void {
  check.errors.push(at ? { message, path, line: at.line, column: at.column } : { message, path })
}

/** Every semantic problem of `file`, resolving type names in `scope`. */
export function validateProtoFile(file: ProtoFileElement, scope: TypeScope): SchemaError[] {
  const check: Check = {
    errors: [],
    file,
    scope,
    packageName: file.packageName ?? '',
    proto3: file.syntax?.kind === 'syntax' && file.syntax.value === 'proto3',
  }
  checkTypes(check, file.types, [])
  const prefix = check.packageName
  for (const extend of file.extendDeclarations) {
    checkTypeName(check, extend.name, prefix, '#/', extend.location, true)
    for (const field of extend.fields) checkFieldType(check, field, prefix, '#/')
  }
  for (const service of file.services) {
    for (const rpc of service.rpcs) {
      for (const type of [rpc.requestType, rpc.responseType]) checkTypeName(check, type, prefix, `#/${service.name}/${rpc.name}`, rpc.location, true)
    }
  }
  return check.errors
}

function checkTypes(check: Check, types: TypeElement[], scope: string[]): void {
  const seen = new Map<string, TypeElement>()
  for (const t of types) {
    const path = `#/${[...scope, t.name].join('/')}`
    if (seen.has(t.name)) error(check, `"${t.name}" is already defined in ${scope.length === 0 ? 'this file' : `"${scope.join('.')}"`}`, path, t.location)
    seen.set(t.name, t)
    if (t.kind === 'message') checkMessage(check, t, [...scope, t.name], path)
    else checkEnum(check, t, path)
  }
}

function inReserved(reserveds: ReservedElement[], value: number | string): boolean {
  // Most messages and enums reserve nothing: no closures made for them.
  if (reserveds.length === 0) return false
  return reserveds.some((r) => r.values.some((v) => matches(v, value)))
}

function matches(v: RangeValue, value: number | string): boolean {
  if (typeof value === 'string') return v === value
  if (typeof v === 'number') return v === value
  if (typeof v === 'object') return value >= v.start && value <= v.end
  return false
}

function checkMessage(check: Check, message: MessageElement, scope: string[], path: string): void {
  const all: FieldElement[] = [...message.fields, ...message.oneOfs.flatMap((o) => o.fields)]
  const numbers = new Map<number, string>()
  const names = new Map<string, true>()
  const claim = (tag: number, name: string, at: ProtoLocation | undefined, fieldPath: string) => {
    if (!Number.isInteger(tag) || tag < 1 || tag > MAX_TAG_VALUE)
      error(check, `Field "${name}" has number ${tag}: field numbers must be between 1 and ${MAX_TAG_VALUE}`, fieldPath, at)
    else if (tag >= FIRST_RESERVED_BY_PROTOBUF && tag <= LAST_RESERVED_BY_PROTOBUF) {
      error(
        check,
        `Field "${name}" has number ${tag}: numbers ${FIRST_RESERVED_BY_PROTOBUF} to ${LAST_RESERVED_BY_PROTOBUF} are reserved for the Protocol Buffers implementation`,
        fieldPath,
        at,
      )
    }
    const other = numbers.get(tag)
    if (other !== undefined) error(check, `Field number ${tag} has already been used in "${scope.join('.')}" by field "${other}"`, fieldPath, at)
    else numbers.set(tag, name)
    if (names.has(name)) error(check, `Field "${name}" is already defined in "${scope.join('.')}"`, fieldPath, at)
    names.set(name, true)
    if (inReserved(message.reserveds, tag)) error(check, `Field "${name}" uses reserved number ${tag}`, fieldPath, at)
    if (inReserved(message.reserveds, name)) error(check, `Field name "${name}" is reserved`, fieldPath, at)
    for (const ext of message.extensions) {
      if (ext.values.some((v) => matches(v, tag))) error(check, `Field "${name}" uses number ${tag}, which is in an extension range`, fieldPath, at)
    }
  }
  const prefix = scopePrefix(check.packageName, scope)
  for (const field of all) {
    const fieldPath = `${path}/${field.tag}`
    claim(field.tag, field.name, field.location, fieldPath)
    checkFieldType(check, field, prefix, fieldPath)
    if (field.defaultValue !== null && check.proto3)
      error(check, `Field "${field.name}": explicit default values are not allowed in proto3`, fieldPath, field.location)
  }
  for (const group of [...message.groups, ...message.oneOfs.flatMap((o) => o.groups)])
    claim(group.tag, group.name.toLowerCase(), group.location, `${path}/${group.tag}`)
  for (const oneOf of message.oneOfs) {
    if (oneOf.fields.length === 0 && oneOf.groups.length === 0)
      error(check, `oneof "${oneOf.name}" must have at least one field`, `${path}/${oneOf.name}`, oneOf.location)
  }
  for (const reserved of message.reserveds) checkRanges(check, reserved.values, path, reserved.location, MAX_TAG_VALUE)
  for (const extend of message.extendDeclarations) {
    checkTypeName(check, extend.name, prefix, path, extend.location, true)
    for (const field of extend.fields) checkFieldType(check, field, prefix, `${path}/${field.tag}`)
  }
  checkTypes(check, message.nestedTypes, scope)
}

function checkRanges(check: Check, values: RangeValue[], path: string, at: ProtoLocation | undefined, max: number): void {
  for (const v of values) {
    if (typeof v === 'object' && v.end < v.start) error(check, `Reserved range ${v.start} to ${v.end} ends before it starts`, path, at)
    if (typeof v === 'object' && v.end > max) error(check, `Reserved range ${v.start} to ${v.end} goes past ${max}`, path, at)
  }
}

/** `prefix`: the dotted naming scope (package and enclosing types) the field's type is resolved in. */
function checkFieldType(check: Check, field: FieldElement, prefix: string, path: string): void {
  const map = mapTypes(field.type)
  if (map) {
    if (!VALID_MAP_KEYS.has(map.key)) {
      error(
        check,
        `Field "${field.name}": map key type ${map.key} is not allowed (use an integer type, bool or string)`,
        path,
        field.typeLocation ?? field.location,
      )
    }
    if (!SCALAR_TYPES.has(map.value)) checkTypeName(check, map.value, prefix, path, field.typeLocation ?? field.location, false)
    return
  }
  if (SCALAR_TYPES.has(field.type)) return
  checkTypeName(check, field.type, prefix, path, field.typeLocation ?? field.location, false)
}

function checkTypeName(check: Check, name: string, prefix: string, path: string, at: ProtoLocation | undefined, messageOnly: boolean): void {
  const found = check.scope.resolveType(name, prefix)
  if (found === null) {
    error(check, `Type "${name}" is not defined (not in this file or its imports)`, path, at)
    return
  }
  if (messageOnly && check.scope.type(found)!.element.kind !== 'message') error(check, `"${name}" is not a message type`, path, at)
}

function checkEnum(check: Check, e: EnumElement, path: string): void {
  if (e.constants.length === 0) {
    error(check, `Enum "${e.name}" must define at least one value`, path, e.location)
    return
  }
  if (check.proto3 && e.constants[0]!.tag !== 0)
    error(check, `Enum "${e.name}": the first enum value must be zero in proto3`, `${path}/${e.constants[0]!.tag}`, e.constants[0]!.location)
  const allowAlias = e.options.some((o) => !o.parenthesized && o.name === 'allow_alias' && o.value.kind === 'boolean' && o.value.value === 'true')
  const numbers = new Map<number, string>()
  const names = new Set<string>()
  for (const c of e.constants) {
    const valuePath = `${path}/${c.tag}`
    if (c.tag < -2147483648 || c.tag > 2147483647) error(check, `Enum value "${c.name}" = ${c.tag} is out of the int32 range`, valuePath, c.location)
    const other = numbers.get(c.tag)
    if (other !== undefined && !allowAlias) {
      error(check, `"${c.name}" uses the same enum value ${c.tag} as "${other}"; set option allow_alias = true to allow aliases`, valuePath, c.location)
    } else if (other === undefined) numbers.set(c.tag, c.name)
    if (names.has(c.name)) error(check, `Enum value "${c.name}" is already defined in "${e.name}"`, valuePath, c.location)
    names.add(c.name)
    if (inReserved(e.reserveds, c.tag)) error(check, `Enum value "${c.name}" uses reserved number ${c.tag}`, valuePath, c.location)
    if (inReserved(e.reserveds, c.name)) error(check, `Enum value name "${c.name}" is reserved`, valuePath, c.location)
  }
}
