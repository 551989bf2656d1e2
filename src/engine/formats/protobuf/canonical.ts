/**
 * The registry's text of a Protobuf schema: Confluent Schema Registry stores and compares a
 * `.proto` re-printed from its element tree (what "same schema" means), and with `normalize`
 * a normalised print (fields by number, names fully qualified, options sorted, imports sorted).
 * This printer follows that layout line for line. Pure.
 */
import type {
  EnumConstantElement,
  EnumElement,
  ExtendElement,
  ExtensionsElement,
  FieldElement,
  GroupElement,
  MessageElement,
  OneOfElement,
  OptionElement,
  OptionMap,
  OptionValue,
  ProtoFileElement,
  ReservedElement,
  RpcElement,
  ServiceElement,
  TypeElement,
} from './model.js'
import { MAX_TAG_VALUE, SCALAR_TYPES, mapTypes } from './model.js'

/** What normalisation needs: resolving names in the current scope. */
export interface NormalizeScope {
  /** The full name (no leading dot) of `typeName` used inside `scope` (names of enclosing types), or null. */
  resolveType(typeName: string, scope: readonly string[]): string | null
  /** The full name of an extension field `name` used inside `scope`, or null. */
  resolveExtension(name: string, scope: readonly string[]): string | null
  /** Whether an extension field (by full name) is repeated; null when unknown. */
  extensionRepeated(fullName: string): boolean | null
  /** The map type (`map<K, V>`) of a synthetic map-entry message, by full name, or null. */
  mapEntryType(fullName: string): string | null
}

interface Ctx {
  normalize: NormalizeScope | null
  /** Names of the enclosing types (the registry's naming scope), innermost last. */
  scope: string[]
}

/** The registry's canonical text of a parsed file. */
export function printProtoFile(file: ProtoFileElement): string {
  return printFile({ normalize: null, scope: [] }, file)
}

/** The registry's normalised text of a parsed file (throws `UnresolvedTypeError` for a type it cannot resolve). */
export function printNormalizedProtoFile(file: ProtoFileElement, scope: NormalizeScope): string {
  return printFile({ normalize: scope, scope: [] }, file)
}

/** A type name the normalised print could not qualify (the registry rejects such a schema). */
export class UnresolvedTypeError extends Error {
  constructor(readonly typeName: string) {
    super(`Could not resolve type: ${typeName}`)
  }
}

function printFile(ctx: Ctx, file: ProtoFileElement): string {
  let sb = ''
  if (file.syntax !== null) {
    if (file.syntax.kind === 'edition') sb += `edition = "${file.syntax.value}";\n`
    else if (!ctx.normalize || file.syntax.value === 'proto3') sb += `syntax = "${file.syntax.value}";\n`
  }
  if (file.packageName !== null) sb += `package ${file.packageName};\n`
  const plainImports = [...file.imports, ...file.weakImports]
  if (plainImports.length > 0 || file.publicImports.length > 0) {
    sb += '\n'
    for (const path of ctx.normalize ? sortedDistinct(plainImports) : plainImports) sb += `import "${path}";\n`
    for (const path of ctx.normalize ? sortedDistinct(file.publicImports) : file.publicImports) sb += `import public "${path}";\n`
  }
  const options = filterOptions(ctx, file.options)
  if (options.length > 0) {
    sb += '\n'
    for (const option of options) sb += optionStatement(ctx, option)
  }
  const types = filterTypes(ctx, file.types)
  if (types.length > 0) {
    sb += '\n'
    // Messages first, in their order (message indexes depend on it), then enums.
    for (const t of types) if (t.kind === 'message') sb += inScope(ctx, t.name, () => printMessage(ctx, t))
    for (const t of types) if (t.kind === 'enum') sb += inScope(ctx, t.name, () => printEnum(ctx, t))
  }
  if (file.extendDeclarations.length > 0) {
    sb += '\n'
    for (const extend of normalizeExtends(ctx, file.extendDeclarations)) sb += printExtend(ctx, extend)
  }
  if (file.services.length > 0) {
    sb += '\n'
    for (const service of file.services) sb += printService(ctx, service)
  }
  return sb
}

function inScope(ctx: Ctx, name: string, print: () => string): string {
  ctx.scope.push(name)
  try {
    return print()
  } finally {
    ctx.scope.pop()
  }
}

function sortedDistinct(values: string[]): string[] {
  return [...new Set(values)].sort(compareJava)
}

/** Java's `String.compareTo` (UTF-16 code units), which JS `<` also uses. */
function compareJava(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/** Java's `split("\n")`: trailing empty strings dropped. */
function splitLines(value: string): string[] {
  const lines = value.split('\n')
  while (lines.length > 1 && lines[lines.length - 1] === '') lines.pop()
  if (lines.length === 1 && lines[0] === '' && value.length > 0) return []
  return lines
}

function indented(value: string): string {
  let sb = ''
  for (const line of splitLines(value)) sb += `  ${line}\n`
  return sb
}

function printService(ctx: Ctx, service: ServiceElement): string {
  let sb = `service ${service.name} {`
  const options = filterOptions(ctx, service.options)
  if (options.length > 0) {
    sb += '\n'
    for (const option of options) sb += indented(optionStatement(ctx, option))
  }
  if (service.rpcs.length > 0) {
    sb += '\n'
    for (const rpc of service.rpcs) sb += indented(printRpc(ctx, rpc))
  }
  return `${sb}}\n`
}

function printRpc(ctx: Ctx, rpc: RpcElement): string {
  let sb = `rpc ${rpc.name} (`
  if (rpc.requestStreaming) sb += 'stream '
  sb += ctx.normalize ? qualify(ctx, rpc.requestType) : rpc.requestType
  sb += ') returns ('
  if (rpc.responseStreaming) sb += 'stream '
  sb += ctx.normalize ? qualify(ctx, rpc.responseType) : rpc.responseType
  sb += ')'
  const options = filterOptions(ctx, rpc.options)
  if (options.length > 0) {
    sb += ' {\n'
    for (const option of options) sb += indented(optionStatement(ctx, option))
    sb += '}'
  }
  return `${sb};\n`
}

function rangeStart(r: ReservedElement | ExtensionsElement): number {
  const v = r.values[0]
  return typeof v === 'number' ? v : typeof v === 'object' ? v.start : 2147483647
}

function rangeText(v: ReservedElement['values'][number]): string {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : `${v.start}..${v.end}`
}

function splitAndSort<T extends ReservedElement | ExtensionsElement>(items: T[], byText: boolean): T[] {
  const single = items.flatMap((r) => r.values.map((v) => ({ ...r, values: [v] }) as T))
  return single
    .map((r, i) => ({ r, i }))
    .sort((a, b) => rangeStart(a.r) - rangeStart(b.r) || (byText ? compareJava(rangeText(a.r.values[0]!), rangeText(b.r.values[0]!)) : 0) || a.i - b.i)
    .map((x) => x.r)
}

function printEnum(ctx: Ctx, e: EnumElement): string {
  let sb = `enum ${e.name} {`
  if (e.reserveds.length > 0) {
    sb += '\n'
    for (const reserved of ctx.normalize ? splitAndSort(e.reserveds, true) : e.reserveds) sb += indented(printReserved(ctx, reserved))
  }
  if (e.reserveds.length === 0 && (e.options.length > 0 || e.constants.length > 0)) sb += '\n'
  for (const option of filterOptions(ctx, e.options)) sb += indented(optionStatement(ctx, option))
  let constants = e.constants
  if (ctx.normalize) constants = [...constants].sort((a, b) => a.tag - b.tag || compareJava(a.name, b.name))
  for (const constant of constants) sb += indented(printConstant(ctx, constant))
  return `${sb}}\n`
}

function printConstant(ctx: Ctx, constant: EnumConstantElement): string {
  let sb = `${constant.name} = ${constant.tag}`
  const options = filterOptions(ctx, constant.options)
  if (options.length > 0)
    sb += ` ${appendOptions(
      ctx,
      options.map((o) => ({ kind: 'option', value: o }) as OptionValue),
    )}`
  return `${sb};\n`
}

function printMessage(ctx: Ctx, message: MessageElement): string {
  let sb = `message ${message.name} {`
  if (message.reserveds.length > 0) {
    sb += '\n'
    for (const reserved of ctx.normalize ? splitAndSort(message.reserveds, true) : message.reserveds) sb += indented(printReserved(ctx, reserved))
  }
  const options = filterOptions(ctx, message.options)
  if (options.length > 0) {
    sb += '\n'
    for (const option of options) sb += indented(optionStatement(ctx, option))
  }
  if (message.fields.length > 0) {
    sb += '\n'
    const fields = ctx.normalize ? stableSortByTag(message.fields) : message.fields
    for (const field of fields) sb += indented(printField(ctx, field))
  }
  if (message.oneOfs.length > 0) {
    sb += '\n'
    let oneOfs: OneOfElement[] = message.oneOfs
    if (ctx.normalize) {
      oneOfs = oneOfs.filter((o) => o.fields.length > 0).map((o) => ({ ...o, fields: stableSortByTag(o.fields) }))
      oneOfs = oneOfs
        .map((o, i) => ({ o, i }))
        .sort((a, b) => a.o.fields[0]!.tag - b.o.fields[0]!.tag || a.i - b.i)
        .map((x) => x.o)
    }
    for (const oneOf of oneOfs) sb += indented(printOneOf(ctx, oneOf))
  }
  if (message.groups.length > 0) {
    sb += '\n'
    const groups = ctx.normalize ? stableSortByTag(message.groups) : message.groups
    for (const group of groups) sb += indented(printGroup(ctx, group))
  }
  if (message.extensions.length > 0) {
    sb += '\n'
    for (const extension of ctx.normalize ? splitAndSort(message.extensions, false) : message.extensions) sb += indented(printExtensions(ctx, extension))
  }
  if (message.extendDeclarations.length > 0) {
    sb += '\n'
    for (const extend of normalizeExtends(ctx, message.extendDeclarations)) sb += indented(printExtend(ctx, extend))
  }
  const types = filterTypes(ctx, message.nestedTypes)
  if (types.length > 0) {
    sb += '\n'
    for (const t of types) if (t.kind === 'message') sb += indented(inScope(ctx, t.name, () => printMessage(ctx, t)))
    for (const t of types) if (t.kind === 'enum') sb += indented(inScope(ctx, t.name, () => printEnum(ctx, t)))
  }
  return `${sb}}\n`
}

function stableSortByTag<T extends { tag: number }>(items: T[]): T[] {
  return items
    .map((item, i) => ({ item, i }))
    .sort((a, b) => a.item.tag - b.item.tag || a.i - b.i)
    .map((x) => x.item)
}

function printReserved(ctx: Ctx, reserved: ReservedElement): string {
  const parts = reserved.values.map((v) => {
    if (typeof v === 'string') return `"${v}"`
    if (typeof v === 'number') return String(v)
    if (ctx.normalize && v.start === v.end) return String(v.start)
    return `${v.start} to ${v.end < MAX_TAG_VALUE ? v.end : 'max'}`
  })
  return `reserved ${parts.join(', ')};\n`
}

function printExtensions(ctx: Ctx, extensions: ExtensionsElement): string {
  const parts = extensions.values.map((v) => {
    if (typeof v === 'number') return String(v)
    if (ctx.normalize && v.start === v.end) return String(v.start)
    return `${v.start} to ${v.end < MAX_TAG_VALUE ? v.end : 'max'}`
  })
  return `extensions ${parts.join(', ')};\n`
}

function printOneOf(ctx: Ctx, oneOf: OneOfElement): string {
  let sb = `oneof ${oneOf.name} {`
  const options = filterOptions(ctx, oneOf.options)
  if (options.length > 0) {
    sb += '\n'
    for (const option of options) sb += indented(optionStatement(ctx, option))
  }
  if (oneOf.fields.length > 0) {
    sb += '\n'
    for (const field of oneOf.fields) sb += indented(printField(ctx, field))
  }
  if (oneOf.groups.length > 0) {
    sb += '\n'
    for (const group of ctx.normalize ? stableSortByTag(oneOf.groups) : oneOf.groups) sb += indented(printGroup(ctx, group))
  }
  return `${sb}}\n`
}

function printGroup(ctx: Ctx, group: GroupElement): string {
  let sb = group.label !== null ? `${group.label} ` : ''
  sb += `group ${group.name} = ${group.tag} {`
  if (group.fields.length > 0) {
    sb += '\n'
    for (const field of ctx.normalize ? stableSortByTag(group.fields) : group.fields) sb += indented(printField(ctx, field))
  }
  return `${sb}}\n`
}

function printExtend(ctx: Ctx, extend: ExtendElement): string {
  let sb = `extend ${extend.name} {`
  if (extend.fields.length > 0) {
    sb += '\n'
    for (const field of ctx.normalize ? stableSortByTag(extend.fields) : extend.fields) sb += indented(printField(ctx, field))
  }
  return `${sb}}\n`
}

function normalizeExtends(ctx: Ctx, extendDeclarations: ExtendElement[]): ExtendElement[] {
  if (!ctx.normalize) return extendDeclarations
  const grouped = new Map<string, FieldElement[]>()
  for (const extend of extendDeclarations) {
    const name = qualify(ctx, extend.name)
    if (!grouped.has(name)) grouped.set(name, [])
    grouped.get(name)!.push(...extend.fields)
  }
  return [...grouped].map(([name, fields]) => ({ name, fields }))
}

function qualify(ctx: Ctx, typeName: string): string {
  const resolved = ctx.normalize!.resolveType(typeName, ctx.scope)
  if (resolved === null) throw new UnresolvedTypeError(typeName)
  return `.${resolved}`
}

function printField(ctx: Ctx, field: FieldElement): string {
  let label = field.label
  let fieldType = field.type
  let kindType = field.type
  if (ctx.normalize) {
    let map = mapTypes(fieldType)
    if (!SCALAR_TYPES.has(fieldType) && !map) {
      fieldType = qualify(ctx, fieldType)
      const entryType = ctx.normalize.mapEntryType(fieldType.slice(1))
      if (entryType !== null) {
        fieldType = entryType
        map = mapTypes(entryType)
      }
    }
    if (map) {
      const valueType = SCALAR_TYPES.has(map.value) ? map.value : ctx.normalize.resolveType(map.value, ctx.scope)
      if (valueType !== null) fieldType = `map<${map.key}, ${SCALAR_TYPES.has(map.value) ? '' : '.'}${valueType}>`
      // Wire prints scalar map values qualified too when the registry resolves them: keep its `.` only for named types.
      label = null
    }
    kindType = fieldType
  }
  let sb = label !== null ? `${label} ` : ''
  sb += `${fieldType} ${field.name} = ${field.tag}`
  let options = [...field.options]
  if (field.defaultValue !== null) options.push({ name: 'default', parenthesized: false, value: defaultValueOption(kindType, field.defaultValue) })
  if (field.jsonName !== null) options.push({ name: 'json_name', parenthesized: false, value: { kind: 'string', value: field.jsonName } })
  options = filterOptions(ctx, options)
  if (options.length > 0)
    sb += ` ${appendOptions(
      ctx,
      options.map((o) => ({ kind: 'option', value: o }) as OptionValue),
    )}`
  return `${sb};\n`
}

/** The kind the registry prints a `default` by: strings quoted, booleans and numbers (bytes too) bare, enums bare. */
function defaultValueOption(type: string, value: string): OptionValue {
  const simple = type.slice(type.lastIndexOf('.') + 1)
  if (simple === 'bool') return { kind: 'boolean', value }
  if (simple === 'string') return { kind: 'string', value }
  if (SCALAR_TYPES.has(simple)) return { kind: 'number', value }
  return { kind: 'enum', value }
}

function filterTypes(ctx: Ctx, types: TypeElement[]): TypeElement[] {
  if (!ctx.normalize) return types
  // Synthetic map-entry messages are not printed in the normalised form.
  return types.filter((t) => t.kind !== 'message' || !isMapEntry(t))
}

function isMapEntry(message: MessageElement): boolean {
  return message.options.some((o) => !o.parenthesized && o.name === 'map_entry' && o.value.kind === 'boolean' && o.value.value === 'true')
}

function optionStatement(ctx: Ctx, option: OptionElement): string {
  return `option ${printOption(ctx, option)};\n`
}

function printOption(ctx: Ctx, option: OptionElement): string {
  let sb = option.parenthesized ? `(${option.name})` : option.name
  const value = option.value
  switch (value.kind) {
    case 'string':
      sb += ` = "${escapeChars(value.value)}"`
      break
    case 'boolean':
    case 'enum':
      sb += ` = ${value.value}`
      break
    case 'number':
      sb += ` = ${formatNumber(ctx, value.value)}`
      break
    case 'option':
      // Nested options are printed without parentheses.
      sb += `.${printOption(ctx, { ...value.value, parenthesized: false })}`
      break
    case 'map':
      sb += ` = {\n${formatOptionMap(ctx, value.value)}}`
      break
    case 'list':
      sb += ` = ${appendOptions(ctx, value.value)}`
      break
  }
  return sb
}

function formatOptionMap(ctx: Ctx, map: OptionMap): string {
  let entries = [...map]
  if (ctx.normalize) {
    const scope = ctx.normalize
    const byKey = new Map<string, OptionValue>()
    for (const [key, value] of entries) {
      if (value.kind === 'list' && value.value.length === 0) continue
      let k = key
      if (key.startsWith('[') && key.endsWith(']')) {
        const resolved = scope.resolveExtension(key.slice(1, -1), ctx.scope)
        if (resolved !== null) k = `[${resolved}]`
      }
      if (!byKey.has(k)) byKey.set(k, value)
    }
    entries = [...byKey].sort((a, b) => compareJava(a[0], b[0]))
  }
  let sb = ''
  entries.forEach(([key, value], index) => {
    sb += indented(`${key}: ${formatValue(ctx, value)}${index !== entries.length - 1 ? ',' : ''}`)
  })
  return sb
}

function formatValue(ctx: Ctx, value: OptionValue): string {
  switch (value.kind) {
    case 'string':
      return `"${escapeChars(value.value)}"`
    case 'map':
      return `{\n${formatOptionMap(ctx, value.value)}}`
    case 'list': {
      if (ctx.normalize && value.value.length === 1) return formatValue(ctx, value.value[0]!)
      let sb = '[\n'
      value.value.forEach((v, i) => {
        sb += indented(`${formatValue(ctx, v)}${i !== value.value.length - 1 ? ',' : ''}`)
      })
      return `${sb}]`
    }
    case 'boolean':
    case 'enum':
      return value.value
    case 'number':
      return formatNumber(ctx, value.value)
    case 'option':
      return printOption(ctx, value.value)
  }
}

/** `[a = 1]` for one option, one per line for more. */
function appendOptions(ctx: Ctx, values: OptionValue[]): string {
  if (values.length === 1) return `[${formatValue(ctx, values[0]!)}]`
  let sb = '[\n'
  values.forEach((v, i) => {
    sb += indented(`${formatValue(ctx, v)}${i < values.length - 1 ? ',' : ''}`)
  })
  return `${sb}]`
}

/** The registry's string escaping in printed options. */
export function escapeChars(input: string): string {
  let out = ''
  for (const c of input) {
    switch (c) {
      case '\x07':
        out += '\\a'
        break
      case '\b':
        out += '\\b'
        break
      case '\f':
        out += '\\f'
        break
      case '\n':
        out += '\\n'
        break
      case '\r':
        out += '\\r'
        break
      case '\t':
        out += '\\t'
        break
      case '\v':
        out += '\\v'
        break
      case '\\':
        out += '\\\\'
        break
      case "'":
        out += "\\'"
        break
      case '"':
        out += '\\"'
        break
      default:
        out += c
    }
  }
  return out
}

/** Numbers print as written; normalised, as Java's `DecimalFormat` (no grouping, at most 3 decimals) prints them. */
function formatNumber(ctx: Ctx, text: string): string {
  if (!ctx.normalize) return text
  const n = parseJavaNumber(text)
  if (n === null) return text
  if (typeof n === 'bigint') return n.toString()
  return formatDecimal(n)
}

function parseJavaNumber(text: string): number | bigint | null {
  const t = text.trim()
  if (/^[-+]?(0[xX][0-9a-fA-F]+|#[0-9a-fA-F]+)$/.test(t)) {
    const neg = t.startsWith('-')
    const digits = t.replace(/^[-+]?(0[xX]|#)/, '')
    const v = BigInt(`0x${digits}`)
    return neg ? -v : v
  }
  if (/^[-+]?0[0-7]+$/.test(t)) {
    const neg = t.startsWith('-')
    const v = BigInt(`0o${t.replace(/^[-+]?0/, '')}`)
    return neg ? -v : v
  }
  if (/^[-+]?[0-9]+[lL]?$/.test(t)) return BigInt(t.replace(/[lL]$/, '').replace(/^\+/, ''))
  if (/^[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?[fFdD]?$/.test(t)) return Number(t.replace(/[fFdD]$/, ''))
  return null
}

/** Java `DecimalFormat()` with grouping off: up to 3 fraction digits, HALF_EVEN, no exponent. */
function formatDecimal(n: number): string {
  if (!Number.isFinite(n)) return n > 0 ? '∞' : n < 0 ? '-∞' : 'NaN'
  const negative = n < 0 || Object.is(n, -0)
  const abs = Math.abs(n)
  const scaled = abs * 1000
  let rounded = Math.round(scaled)
  // HALF_EVEN on exact halves.
  if (Math.abs(scaled - Math.trunc(scaled) - 0.5) < 1e-9 && Math.trunc(scaled) % 2 === 0) rounded = Math.trunc(scaled)
  const intPart = BigInt(Math.floor(rounded / 1000)).toString()
  const frac = String(rounded % 1000)
    .padStart(3, '0')
    .replace(/0+$/, '')
  const body = frac === '' ? intPart : `${intPart}.${frac}`
  return negative && body !== '0' ? `-${body}` : body
}

/** Options as the registry keeps them; normalised: extension names qualified, sorted by name, non-repeated ones merged. */
function filterOptions(ctx: Ctx, options: OptionElement[]): OptionElement[] {
  if (options.length === 0 || !ctx.normalize) return options
  const scope = ctx.normalize
  const qualified = options.map((o) => {
    if (!o.parenthesized) return o
    const name = o.name.startsWith('.') ? o.name.slice(1) : o.name
    const resolved = scope.resolveExtension(name, ctx.scope)
    return resolved !== null ? transform({ ...o, name: resolved }) : o
  })
  const sorted = qualified
    .map((o, i) => ({ o, i }))
    .sort((a, b) => compareJava(a.o.name, b.o.name) || a.i - b.i)
    .map((x) => x.o)
  const grouped = new Map<string, OptionElement[]>()
  for (const o of sorted) {
    if (!grouped.has(o.name)) grouped.set(o.name, [])
    grouped.get(o.name)!.push(o)
  }
  const out: OptionElement[] = []
  for (const [name, list] of grouped) {
    const repeated = scope.extensionRepeated(name)
    if (repeated === false && list.length > 0) out.push(list.reduce((a, b) => mergeOptions(a, b)))
    else out.push(...list)
  }
  return out
}

/** An `OPTION`-kind option (`(ext).field = v`) as a one-entry map, as the registry transforms it. */
function transform(option: OptionElement): OptionElement {
  if (option.value.kind !== 'option') return option
  return { ...option, value: { kind: 'map', value: optionAsMap(option.value.value) } }
}

function optionAsMap(option: OptionElement): OptionMap {
  const value = option.value.kind === 'option' ? ({ kind: 'map', value: optionAsMap(option.value.value) } as OptionValue) : option.value
  return new Map([[option.name, value]])
}

function mergeOptions(existing: OptionElement, replacement: OptionElement): OptionElement {
  const r = transform(replacement)
  if (existing.value.kind === 'map' && r.value.kind === 'map') {
    const merged: OptionMap = new Map(existing.value.value)
    for (const [key, value] of r.value.value) {
      const previous = merged.get(key)
      if (previous === undefined) {
        merged.set(key, value)
        continue
      }
      const items = [...(previous.kind === 'list' ? previous.value : [previous]), ...(value.kind === 'list' ? value.value : [value])]
      const seen = new Set<string>()
      const distinct = items.filter((v) => {
        const k = JSON.stringify(v, (_k, x) => (x instanceof Map ? [...x] : x))
        if (seen.has(k)) return false
        seen.add(k)
        return true
      })
      merged.set(key, { kind: 'list', value: distinct })
    }
    return { ...r, value: { kind: 'map', value: merged } }
  }
  return r
}
