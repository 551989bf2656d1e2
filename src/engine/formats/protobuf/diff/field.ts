/**
 * Field comparison as the registry does it: the name, then the kind (scalar — enums count as
 * scalars —, map, message); scalars by the registry's groups of wire-compatible kinds, then a label
 * change by group (numeric: incompatible; string/bytes: compatible); maps by key and value; messages
 * by name, comparing imported types field by field in a sub-comparison. Pure.
 */
import type { FieldElement, FieldLabel, MessageElement } from '../model.js'
import { mapTypes, SCALAR_TYPES } from '../model.js'
import type { TypeInfo } from '../types.js'
import type { DiffContext } from './context.js'
import { compareMessages } from './message.js'

type Kind = 'SCALAR' | 'MAP' | 'MESSAGE'
type ScalarKind = 'GENERAL_NUMBER' | 'SIGNED_NUMBER' | 'STRING_OR_BYTES' | 'FIXED32' | 'FIXED64' | 'FLOAT' | 'DOUBLE'

/** Scalars the registry treats as wire-compatible with each other (the Protobuf language guide's groups). */
const SCALAR_KINDS: Readonly<Record<string, ScalarKind>> = {
  int32: 'GENERAL_NUMBER',
  int64: 'GENERAL_NUMBER',
  uint32: 'GENERAL_NUMBER',
  uint64: 'GENERAL_NUMBER',
  bool: 'GENERAL_NUMBER',
  sint32: 'SIGNED_NUMBER',
  sint64: 'SIGNED_NUMBER',
  string: 'STRING_OR_BYTES',
  bytes: 'STRING_OR_BYTES',
  fixed32: 'FIXED32',
  sfixed32: 'FIXED32',
  fixed64: 'FIXED64',
  sfixed64: 'FIXED64',
  float: 'FLOAT',
  double: 'DOUBLE',
}

export function compareFields(ctx: DiffContext, original: FieldElement, update: FieldElement): void {
  if (original.name !== update.name) ctx.add('FIELD_NAME_CHANGED')
  // The same scalar type and label on both sides has nothing more to compare.
  if (original.type === update.type && original.label === update.label && SCALAR_TYPES.has(original.type)) return
  compareLabelsAndTypes(ctx, original.label, update.label, original.type, update.type)
}

/** Whether `compareFields` finds nothing: same name, label and scalar type. */
export function sameScalarField(original: FieldElement, update: FieldElement): boolean {
  return original.name === update.name && original.type === update.type && original.label === update.label && SCALAR_TYPES.has(original.type)
}

/** One side's type as the comparison sees it: a map-entry message stands for its `map<K, V>` type; a named type resolved once. */
interface SideType {
  type: string
  /** The full name a named type resolves to (null for scalars, maps and names that do not resolve). */
  fullName: string | null
  info: TypeInfo | null
}

function sideType(ctx: DiffContext, type: string, isOriginal: boolean): SideType {
  // Scalars and map<K, V> name no type (the registry looks them up and finds nothing).
  if (SCALAR_TYPES.has(type) || type.startsWith('map<')) return { type, fullName: null, info: null }
  const fullName = ctx.resolve(type, isOriginal)
  const info = fullName === null ? null : ((isOriginal ? ctx.original : ctx.update).type(fullName) ?? null)
  if (info !== null && info.isMap) return { type: `map<${info.key?.type ?? ''}, ${info.value?.type ?? ''}>`, fullName: null, info: null }
  return { type, fullName, info }
}

function compareLabelsAndTypes(ctx: DiffContext, originalLabel: FieldLabel, updateLabel: FieldLabel, originalType: string, updateType: string): void {
  const o = sideType(ctx, originalType, true)
  const u = sideType(ctx, updateType, false)
  const originalKind = kind(o)
  const updateKind = kind(u)
  if (originalKind !== updateKind) {
    ctx.add('FIELD_KIND_CHANGED')
    return
  }
  if (originalKind === 'SCALAR') compareScalars(ctx, originalLabel, updateLabel, o, u)
  else if (originalKind === 'MESSAGE') compareMessageTypes(ctx, o, u)
  else {
    const om = mapTypes(o.type)!
    const um = mapTypes(u.type)!
    compareLabelsAndTypes(ctx, null, null, om.key, um.key)
    compareLabelsAndTypes(ctx, null, null, om.value, um.value)
  }
}

function kind(side: SideType): Kind {
  if (SCALAR_TYPES.has(side.type)) return 'SCALAR'
  if (side.type.startsWith('map<')) return 'MAP'
  return side.info !== null && side.info.element.kind === 'enum' ? 'SCALAR' : 'MESSAGE'
}

function scalarKind(side: SideType): ScalarKind {
  const scalar = SCALAR_KINDS[side.type]
  if (scalar !== undefined) return scalar
  if (side.info !== null && side.info.element.kind === 'enum') return 'GENERAL_NUMBER'
  return SCALAR_KINDS[side.type] ?? 'GENERAL_NUMBER'
}

function compareScalars(ctx: DiffContext, originalLabel: FieldLabel, updateLabel: FieldLabel, originalType: SideType, updateType: SideType): void {
  const o = scalarKind(originalType)
  const u = scalarKind(updateType)
  if (o !== u) {
    ctx.add('FIELD_SCALAR_KIND_CHANGED')
    return
  }
  // Only an explicit label on both sides counts (proto3 fields without one never change label).
  if (originalLabel !== null && updateLabel !== null && originalLabel !== updateLabel) {
    ctx.add(o === 'STRING_OR_BYTES' ? 'FIELD_STRING_OR_BYTES_LABEL_CHANGED' : 'FIELD_NUMERIC_LABEL_CHANGED')
  }
}

function localName(fullName: string, info: TypeInfo): string {
  const prefix = info.packageName.length
  return prefix !== 0 && fullName.charCodeAt(prefix) === 46 /* . */ && fullName.startsWith(info.packageName) ? fullName.slice(prefix + 1) : fullName
}

/** Types from the same file text (the schema itself, or the same dependency) need no second look. */
function sameSource(a: TypeInfo, b: TypeInfo): boolean {
  if (a.source.kind === 'main' && b.source.kind === 'main') return true
  return a.source.kind === 'dependency' && b.source.kind === 'dependency' && a.source.name === b.source.name && a.source.text === b.source.text
}

function compareMessageTypes(ctx: DiffContext, original: SideType, update: SideType): void {
  const originalFullName = original.fullName
  const updateFullName = update.fullName
  const originalInfo = original.info
  const updateInfo = update.info
  if (originalFullName === null || updateFullName === null || originalInfo === null || updateInfo === null) {
    // Unresolvable on one side: compare the names as written.
    if (original.type !== update.type) ctx.add('FIELD_NAMED_TYPE_CHANGED')
    return
  }
  const originalLocal = localName(originalFullName, originalInfo)
  const updateLocal = localName(updateFullName, updateInfo)
  if (originalLocal !== updateLocal) {
    ctx.add('FIELD_NAMED_TYPE_CHANGED')
    return
  }
  // The same file on both sides (or the very same bundled type) has nothing to compare.
  if (sameSource(originalInfo, updateInfo) || originalInfo.element === updateInfo.element) return
  if (originalInfo.element.kind !== 'message' || updateInfo.element.kind !== 'message') return
  const sub = ctx.subcontext()
  sub.setPackages(originalInfo.packageName, updateInfo.packageName)
  sub.setFullName(originalLocal)
  compareMessages(sub, originalInfo.element as MessageElement, updateInfo.element as MessageElement)
  ctx.differences.push(...sub.differences)
  if (!sub.isCompatible()) ctx.add('FIELD_NAMED_TYPE_CHANGED')
}
