/**
 * JSON records → avsc values for a type compiled with wrapped unions. Accepts plain JSON and the
 * Avro JSON encoding: a union value may be written wrapped (`{"string": "x"}`, `{"com.acme.Id": …}`)
 * or plain when exactly one branch accepts it; bytes and fixed are strings of code points 0–255
 * (Avro JSON encoding); logical values as convertLogical says; a missing field takes its default.
 * Every mismatch names the field path.
 */
import { branchNameOf, type AvscNode } from './avsc-types.js'
import { markedNumber } from './json-numbers.js'
import { isDecimalText, isUuid, parseDecimal, parseIsoDate, parseIsoTimestamp, toTwosComplement } from './logical-values.js'

/** A value that does not fit the schema: where (`address.lines[2]`, `$` for the record itself) and why. */
export interface ValueError {
  path: string
  message: string
}

/** The converted value, or the first mismatch (`fatal` when no other reading of the value can help: a union passes it on). */
export type ConvertResult = { ok: true; value: unknown } | { ok: false; error: ValueError; fatal?: true }

const INT_MIN = -(2 ** 31)
const INT_MAX = 2 ** 31 - 1

/**
 * Deepest JSON nesting a record may have: Jackson (which Avro Java and the Confluent tools read
 * JSON with) stops at 1,000 levels too, and the conversion recurses once per level.
 */
export const MAX_JSON_DEPTH = 1000

/** A code unit of a surrogate pair standing alone (a `u` regex matches a whole pair as one code point). */
const LONE_SURROGATE = /\p{Cs}/u

/** Converts the parsed JSON `json` into the value avsc writes with `type` (wrapped unions). */
export function convertJson(type: AvscNode, json: unknown): ConvertResult {
  return convert(type, json, '$', 0)
}

function fail(path: string, message: string): ConvertResult {
  return { ok: false, error: { path, message } }
}

function fatal(path: string, message: string): ConvertResult {
  return { ok: false, error: { path, message }, fatal: true }
}

function mismatch(path: string, expected: string, json: unknown): ConvertResult {
  return fail(path, `expected ${expected}, got ${describe(json)}`)
}

function convert(type: AvscNode, json: unknown, path: string, depth: number): ConvertResult {
  if (depth > MAX_JSON_DEPTH)
    return fatal(path, `nested more than ${MAX_JSON_DEPTH} levels deep (Jackson, which Avro's own tools read JSON with, stops there too)`)
  if (typeof json === 'string') {
    const lone = json.search(LONE_SURROGATE)
    // No Avro type takes it: a string is written as UTF-8, which has no encoding for half a pair.
    if (lone >= 0)
      return fatal(
        path,
        `a string holding a lone surrogate (\\u${json.charCodeAt(lone).toString(16)} at character ${lone}) is not Unicode text and cannot be written as UTF-8`,
      )
  }
  const exact = markedNumber(json)
  if (exact !== undefined && !type.types) return convertExactNumber(type, exact, path, depth)
  switch (type.typeName) {
    case 'null':
      return json === null ? { ok: true, value: null } : mismatch(path, 'null', json)
    case 'boolean':
      return typeof json === 'boolean' ? { ok: true, value: json } : mismatch(path, 'boolean', json)
    case 'int':
      return Number.isInteger(json) && (json as number) >= INT_MIN && (json as number) <= INT_MAX
        ? { ok: true, value: json }
        : mismatch(path, 'int (32-bit integer)', json)
    case 'long':
    case 'abstract:long': // the exact long (avsc-types.ts)
      if (typeof json === 'number' && Number.isInteger(json) && !Number.isSafeInteger(json)) {
        return fail(path, `the long ${describe(json)} is beyond ±2^53 and lost precision when the JSON was read`)
      }
      return Number.isInteger(json) || typeof json === 'bigint' ? { ok: true, value: json } : mismatch(path, 'long (integer)', json)
    case 'float':
    case 'double':
      return convertFloating(type.typeName, json, path)
    case 'string':
      return typeof json === 'string' ? { ok: true, value: json } : mismatch(path, 'string', json)
    case 'bytes':
      return convertBytes(json, path, 'bytes')
    case 'fixed': {
      const converted = convertBytes(json, path, `fixed ${type.name} (${type.size} bytes)`)
      if (converted.ok && (converted.value as Buffer).length !== type.size) {
        return fail(path, `expected ${type.size} bytes for fixed ${type.name}, got ${(converted.value as Buffer).length}`)
      }
      return converted
    }
    case 'enum':
      return typeof json === 'string' && type.symbols!.includes(json)
        ? { ok: true, value: json }
        : mismatch(path, `a symbol of enum ${type.name} (${type.symbols!.join(', ')})`, json)
    case 'array':
      return convertArray(type.itemsType!, json, path, depth)
    case 'map':
      return convertMap(type.valuesType!, json, path, depth)
    case 'record':
    case 'error':
      return convertRecord(type, json, path, depth)
    default:
      if (type.types) return convertUnion(type.types, json, path, depth)
      if (type.underlyingType) return convertLogical(type, json, path, depth)
      return fail(path, `unsupported Avro type ${type.typeName}`)
  }
}

const LONG_MIN = -(2n ** 63n)
const LONG_MAX = 2n ** 63n - 1n

function isLong(type: AvscNode): boolean {
  return type.typeName === 'long' || type.typeName === 'abstract:long'
}

/** A number literal kept exact (json-numbers.ts): exact for longs and decimals, a double for the rest. */
function convertExactNumber(type: AvscNode, literal: string, path: string, depth: number): ConvertResult {
  if (isLong(type) || (type.underlyingType !== undefined && isLong(type.underlyingType))) {
    if (!/^-?\d+$/.test(literal)) return mismatch(path, 'long (integer)', literal)
    const n = BigInt(literal)
    if (n < LONG_MIN || n > LONG_MAX) return fail(path, `the long ${literal} is beyond the 64-bit range`)
    return convert(type, n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n, path, depth)
  }
  if (type.typeName === 'logical:decimal') return convert(type, literal, path, depth)
  return convert(type, Number(literal), path, depth)
}

const NON_FINITE: Record<string, number> = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity }

/** A float or double: a JSON number, or "NaN", "Infinity", "-Infinity" (as decode prints them); a float must be in its range. */
function convertFloating(typeName: string, json: unknown, path: string): ConvertResult {
  if (typeof json === 'string' && Object.hasOwn(NON_FINITE, json)) return { ok: true, value: NON_FINITE[json] }
  if (typeof json !== 'number') return mismatch(path, `${typeName} (a number, or "NaN", "Infinity", "-Infinity")`, json)
  if (!Number.isFinite(json)) return fail(path, `the number ${describe(json)} is beyond the range of a double`)
  if (typeName === 'float' && !Number.isFinite(Math.fround(json))) return fail(path, `${describe(json)} is beyond the range of a float (±3.4028235e38)`)
  return { ok: true, value: json }
}

/**
 * A logical value: decimals as a JSON number or numeric string (or, for Avro JSON encoding, the
 * raw string of code points when it holds a character outside printable ASCII, which no number
 * does); timestamps and dates as numbers or ISO-8601 strings; uuids checked.
 */
function convertLogical(type: AvscNode, json: unknown, path: string, depth: number): ConvertResult {
  const underlying = type.underlyingType!
  const logical = type.typeName.slice('logical:'.length)
  if (logical === 'decimal') {
    if (typeof json === 'string' && !isDecimalText(json.trim()) && /[^\x20-\x7e]/.test(json)) return convert(underlying, json, path, depth)
    if (typeof json !== 'number' && typeof json !== 'string')
      return mismatch(path, `decimal(${type.precision}, ${type.scale}) as a number or a numeric string`, json)
    const parsed = parseDecimal(json, type.precision!, type.scale!)
    if (!parsed.ok) return fail(path, `decimal(${type.precision}, ${type.scale}): ${parsed.message}`)
    const bytes = toTwosComplement(parsed.value, underlying.typeName === 'fixed' ? underlying.size : undefined)
    if (bytes === undefined)
      return fail(path, `decimal(${type.precision}, ${type.scale}): ${describe(json)} does not fit in fixed ${underlying.name} (${underlying.size} bytes)`)
    return { ok: true, value: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length) }
  }
  if (logical === 'uuid') {
    return typeof json === 'string' && isUuid(json) ? { ok: true, value: json } : mismatch(path, 'a uuid (8-4-4-4-12 hex digits)', json)
  }
  if (typeof json === 'string' && (logical === 'date' || logical.includes('timestamp-'))) {
    const parsed = logical === 'date' ? parseIsoDate(json) : parseIsoTimestamp(json, logical.endsWith('micros') ? 6 : 3, logical.startsWith('local-'))
    if (!parsed.ok) return fail(path, `${logical}: ${parsed.message}`)
    return convert(underlying, parsed.value, path, depth)
  }
  return convert(underlying, json, path, depth)
}

function convertBytes(json: unknown, path: string, expected: string): ConvertResult {
  if (typeof json !== 'string') return mismatch(path, `${expected} as a string of code points 0-255`, json)
  for (let i = 0; i < json.length; i++) {
    if (json.charCodeAt(i) > 255) {
      return fail(path, `${expected}: character ${JSON.stringify(json[i])} at ${i} is above \\u00ff (Avro JSON writes one byte per code point)`)
    }
  }
  return { ok: true, value: Buffer.from(json, 'latin1') }
}

function convertArray(items: AvscNode, json: unknown, path: string, depth: number): ConvertResult {
  if (!Array.isArray(json)) return mismatch(path, 'array', json)
  const value = new Array<unknown>(json.length)
  for (let i = 0; i < json.length; i++) {
    const item = convert(items, json[i], `${path}[${i}]`, depth + 1)
    if (!item.ok) return item
    value[i] = item.value
  }
  return { ok: true, value }
}

function convertMap(values: AvscNode, json: unknown, path: string, depth: number): ConvertResult {
  if (!isObject(json)) return mismatch(path, 'map (JSON object)', json)
  const value: Record<string, unknown> = {}
  for (const key of Object.keys(json)) {
    const lone = key.search(LONE_SURROGATE)
    if (lone >= 0)
      return fatal(
        `${path}[${JSON.stringify(key)}]`,
        `a map key holding a lone surrogate (\\u${key.charCodeAt(lone).toString(16)} at character ${lone}) is not Unicode text and cannot be written as UTF-8`,
      )
    const entry = convert(values, json[key], `${path}[${JSON.stringify(key)}]`, depth + 1)
    if (!entry.ok) return entry
    value[key] = entry.value
  }
  return { ok: true, value }
}

function convertRecord(type: AvscNode, json: unknown, path: string, depth: number): ConvertResult {
  if (!isObject(json)) return mismatch(path, `record ${type.name} (JSON object)`, json)
  const value: Record<string, unknown> = {}
  const known = new Set<string>()
  for (const field of type.fields!) {
    known.add(field.name)
    const fieldPath = path === '$' ? field.name : `${path}.${field.name}`
    if (!Object.hasOwn(json, field.name)) {
      const fallback = field.defaultValue()
      if (fallback === undefined) return fail(fieldPath, `missing field of record ${type.name} (it has no default)`)
      value[field.name] = fallback
      continue
    }
    const converted = convert(field.type, json[field.name], fieldPath, depth + 1)
    if (!converted.ok) return converted
    value[field.name] = converted.value
  }
  for (const key of Object.keys(json)) {
    if (!known.has(key)) return fail(path === '$' ? key : `${path}.${key}`, `unknown field: record ${type.name} has no field ${JSON.stringify(key)}`)
  }
  return { ok: true, value }
}

/**
 * A union value: `null`, a wrapped value (`{"<branch>": v}`), or a plain value that exactly one
 * branch accepts. A one-key object that is both a valid wrapped value and a valid plain map or
 * record, or a plain value several branches accept, is ambiguous: the error says how to wrap it.
 */
function convertUnion(branches: AvscNode[], json: unknown, path: string, depth: number): ConvertResult {
  if (branches.length === 0) return mismatch(path, `one of ${listBranches(branches)}`, json)
  if (json === null) {
    return branches.some((b) => b.typeName === 'null') ? { ok: true, value: null } : mismatch(path, `one of ${listBranches(branches)}`, json)
  }
  const wrapped = unwrap(branches, json, path, depth)
  if (wrapped !== undefined && !wrapped.result.ok && wrapped.result.fatal) return wrapped.result
  // A valid wrapped value is only ambiguous with a plain map or record reading the same object.
  const objectsOnly = wrapped !== undefined && wrapped.result.ok
  const plain: { name: string; value: unknown }[] = []
  for (const branch of branches) {
    if (branch.typeName === 'null') continue
    if (objectsOnly && branch.typeName !== 'map' && branch.typeName !== 'record' && branch.typeName !== 'error') continue
    const converted = convert(branch, json, path, depth)
    if (converted.ok) plain.push({ name: branchNameOf(branch), value: converted.value })
    else if (converted.fatal) return converted
  }
  if (objectsOnly && plain.length === 0) return wrapped.result
  if (objectsOnly) {
    return fail(
      path,
      `ambiguous union value: it reads as a wrapped ${wrapped.branchName} and as a plain ${plain[0].name}; wrap it, e.g. {"${plain[0].name}": …}`,
    )
  }
  if (plain.length === 1) return { ok: true, value: { [plain[0].name]: plain[0].value } }
  if (plain.length > 1) {
    const names = plain.map((p) => p.name)
    return fail(path, `ambiguous union value ${describe(json)}: it fits ${names.join(', ')}; wrap it, e.g. {"${names[0]}": ${describe(json)}}`)
  }
  if (wrapped !== undefined) return wrapped.result
  const example = branchNameOf(branches.find((b) => b.typeName !== 'null') ?? branches[0])
  return mismatch(path, `one of ${listBranches(branches)} (plain, or wrapped like {"${example}": …})`, json)
}

/** A one-key object naming a branch (full name, or short name when unique), converted; undefined when it is not one. */
function unwrap(branches: AvscNode[], json: unknown, path: string, depth: number): { branchName: string; result: ConvertResult } | undefined {
  if (!isObject(json)) return undefined
  const keys = Object.keys(json)
  if (keys.length !== 1) return undefined
  const key = keys[0]
  let branch = branches.find((b) => branchNameOf(b) === key)
  if (branch === undefined) {
    const byShortName = branches.filter((b) => b.name !== undefined && shortName(b.name) === key)
    if (byShortName.length === 1) branch = byShortName[0]
  }
  if (branch === undefined || branch.typeName === 'null') return undefined
  const name = branchNameOf(branch)
  const converted = convert(branch, json[key], path, depth + 1)
  return { branchName: name, result: converted.ok ? { ok: true, value: { [name]: converted.value } } : converted }
}

function shortName(fullName: string): string {
  return fullName.slice(fullName.lastIndexOf('.') + 1)
}

function listBranches(branches: AvscNode[]): string {
  return branches.length === 0 ? 'no type (an empty union: no value fits it)' : branches.map(branchNameOf).join(', ')
}

function isObject(json: unknown): json is Record<string, unknown> {
  return typeof json === 'object' && json !== null && !Array.isArray(json)
}

/** A short rendering of a JSON value for messages. */
function describe(json: unknown): string {
  if (json === undefined) return 'nothing'
  if (typeof json === 'bigint') return json.toString()
  const exact = markedNumber(json)
  if (exact !== undefined) return exact
  let text: string
  try {
    text = JSON.stringify(json)
  } catch {
    // Nested deeper than JSON.stringify can follow (MAX_JSON_DEPTH stops the conversion later).
    return Array.isArray(json) ? 'a deeply nested array' : 'a deeply nested object'
  }
  return text.length > 40 ? `${text.slice(0, 37)}...` : text
}
