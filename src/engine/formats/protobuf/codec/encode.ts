/**
 * JSON records → Protobuf binary with the canonical proto3 JSON mapping: fields by JSON name or
 * `.proto` name, 64-bit integers as strings or numbers, bytes as base64 or base64url, enums by name
 * or number, maps as objects, `null` as "not set", NaN and the infinities as strings, well-known
 * types in their JSON forms. Fields are written in field-number order (as protoc-generated and
 * Java's DynamicMessage serializers write them); proto3 fields without presence are left out when
 * they hold their default, lists of scalars are packed as the schema says. Every mismatch names
 * the field path (`items[3].price`); an unknown field is an error.
 */
import { markedNumber } from '../../../codec/json-numbers.js'
import { fieldMaskPathFromJson, parseBase64, parseDuration, parseTimestamp } from './json-text.js'
import {
  BOOL,
  BYTES,
  DOUBLE,
  EGROUP,
  ENUM,
  FIXED32,
  FIXED64,
  FLOAT,
  GROUP,
  I64,
  INT32,
  INT64,
  LEN,
  MESSAGE,
  SFIXED32,
  SFIXED64,
  SGROUP,
  SINT32,
  SINT64,
  STRING,
  UINT32,
  UINT64,
  VARINT,
  WKT_ANY,
  WKT_DURATION,
  WKT_FIELD_MASK,
  WKT_LIST_VALUE,
  WKT_NONE,
  WKT_STRUCT,
  WKT_TIMESTAMP,
  WKT_VALUE,
  WKT_WRAPPER,
  PlanError,
  type FieldPlan,
  type MessagePlan,
  type Plans,
} from './plan.js'

/** A value that does not fit the message type: where (`items[3].price`, `$` for the record itself) and why. */
export interface EncodeError {
  path: string
  message: string
}

/** Thrown inside the encoder, turned into an outcome at its edge (not an Error: no stack trace to capture). */
export class EncodeFailure {
  constructor(
    readonly path: string,
    readonly message: string,
  ) {}
}

const utf8Encoder = new TextEncoder()
const f32 = new Float32Array(1)
const f64 = new Float64Array(1)
const f32Bytes = new Uint8Array(f32.buffer)
const f64Bytes = new Uint8Array(f64.buffer)
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1
const FLOAT_MAX = 3.4028234663852886e38
const INTEGER_TEXT = /^-?(?:0|[1-9]\d*)$/
const NUMBER_TEXT = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/

/** A growable byte buffer that a message is written into. */
export class ProtoWriter {
  buf = new Uint8Array(1024)
  pos = 0

  /** Makes room for `n` more bytes. */
  ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return
    const grown = new Uint8Array(Math.max(this.buf.length * 2, this.pos + n))
    grown.set(this.buf.subarray(0, this.pos))
    this.buf = grown
  }

  byte(b: number): void {
    this.ensure(1)
    this.buf[this.pos++] = b
  }

  /** A varint of an unsigned value below 2^32 (a number ≥ 0). */
  varint32(n: number): void {
    this.ensure(5)
    while (n > 127) {
      this.buf[this.pos++] = (n & 0x7f) | 0x80
      n >>>= 7
    }
    this.buf[this.pos++] = n
  }

  /** A varint of the 64-bit value `hi·2^32 + lo` (unsigned halves). */
  varint64(lo: number, hi: number): void {
    this.ensure(10)
    while (hi !== 0 || lo > 127) {
      this.buf[this.pos++] = (lo & 0x7f) | 0x80
      lo = ((lo >>> 7) | (hi << 25)) >>> 0
      hi >>>= 7
    }
    this.buf[this.pos++] = lo
  }

  tag(number: number, wire: number): void {
    this.varint32(((number << 3) | wire) >>> 0)
  }

  fixed32(lo: number): void {
    this.ensure(4)
    const b = this.buf
    b[this.pos++] = lo & 0xff
    b[this.pos++] = (lo >>> 8) & 0xff
    b[this.pos++] = (lo >>> 16) & 0xff
    b[this.pos++] = (lo >>> 24) & 0xff
  }

  fixed64(lo: number, hi: number): void {
    this.fixed32(lo)
    this.fixed32(hi)
  }

  double(n: number): void {
    f64[0] = n
    this.ensure(8)
    for (let i = 0; i < 8; i++) this.buf[this.pos++] = f64Bytes[LITTLE_ENDIAN ? i : 7 - i]!
  }

  float(n: number): void {
    f32[0] = n
    this.ensure(4)
    for (let i = 0; i < 4; i++) this.buf[this.pos++] = f32Bytes[LITTLE_ENDIAN ? i : 3 - i]!
  }

  /** Length-prefixed bytes. */
  bytes(b: Uint8Array): void {
    this.varint32(b.length)
    this.ensure(b.length)
    this.buf.set(b, this.pos)
    this.pos += b.length
  }

  /** A length-prefixed UTF-8 string. */
  string(s: string): void {
    // Reserve one byte for the length, write the text, then widen the length if it needs more.
    const mark = this.beginLength()
    this.ensure(s.length * 3)
    this.pos += utf8Encoder.encodeInto(s, this.buf.subarray(this.pos)).written
    this.endLength(mark)
  }

  /** Starts a length-delimited value; returns the mark `endLength` needs. */
  beginLength(): number {
    this.ensure(1)
    return this.pos++
  }

  /** Writes the length of the value begun at `mark`, moving the value when the length takes more than one byte. */
  endLength(mark: number): void {
    const length = this.pos - mark - 1
    if (length < 128) {
      this.buf[mark] = length
      return
    }
    let size = 1
    for (let n = length; n > 127; n >>>= 7) size++
    this.ensure(size - 1)
    this.buf.copyWithin(mark + size, mark + 1, this.pos)
    this.pos += size - 1
    let n = length
    let at = mark
    while (n > 127) {
      this.buf[at++] = (n & 0x7f) | 0x80
      n >>>= 7
    }
    this.buf[at] = n
  }

  /** A copy of what was written; the writer is emptied. */
  take(): Uint8Array {
    const out = this.buf.slice(0, this.pos)
    this.pos = 0
    return out
  }
}

function describe(json: unknown): string {
  if (json === null) return 'null'
  if (Array.isArray(json)) return 'an array'
  if (typeof json === 'object') return 'an object'
  if (typeof json === 'string') {
    const exact = markedNumber(json)
    if (exact !== undefined) return `the number ${exact}`
    return `the string ${JSON.stringify(json.length > 40 ? `${json.slice(0, 37)}...` : json)}`
  }
  if (typeof json === 'bigint') return `the number ${json}`
  return `${typeof json} ${String(json)}`
}

function isObject(json: unknown): json is Record<string, unknown> {
  return typeof json === 'object' && json !== null && !Array.isArray(json)
}

function child(path: string, key: string): string {
  return path === '$' ? key : `${path}.${key}`
}

/** Writes JSON values of one schema's message types; one instance is reused (not reentrant). */
export class JsonEncoder {
  readonly writer = new ProtoWriter()
  // The last 64-bit value parsed.
  private lo = 0
  private hi = 0

  constructor(
    private readonly plans: Plans,
    private readonly maxDepth = 100,
  ) {}

  /** The payload of `json` as a message of type `plan`; throws EncodeFailure. */
  run(plan: MessagePlan, json: unknown): Uint8Array {
    this.writer.pos = 0
    this.message(plan, json, '$', 0, false)
    return this.writer.take()
  }

  private fail(path: string, message: string): EncodeFailure {
    return new EncodeFailure(path, message)
  }

  private mismatch(path: string, expected: string, json: unknown): EncodeFailure {
    return new EncodeFailure(path, `expected ${expected}, got ${describe(json)}`)
  }

  /** Writes the fields of message `plan` from `json` (no tag or length: the caller frames it). */
  private message(plan: MessagePlan, json: unknown, path: string, depth: number, inAny: boolean): void {
    if (depth > this.maxDepth) throw this.fail(path, `messages nested more than ${this.maxDepth} deep`)
    if (plan.wkt !== WKT_NONE) return this.wellKnown(plan, json, path, depth)
    if (!isObject(json)) throw this.mismatch(path, `an object (message ${plan.fullName})`, json)
    const values: unknown[] = new Array(plan.fields.length)
    const keys: string[] = new Array(plan.fields.length)
    for (const key of Object.keys(json)) {
      if (inAny && key === '@type') continue
      const field = plan.byJsonKey.get(key)
      if (field === undefined) {
        throw this.fail(child(path, key), `unknown field: message ${plan.fullName} has no field ${JSON.stringify(key)}${suggestion(plan, key)}`)
      }
      if (keys[field.slot] !== undefined) {
        throw this.fail(child(path, key), `field ${field.name} is given twice (as ${JSON.stringify(keys[field.slot])} and ${JSON.stringify(key)})`)
      }
      keys[field.slot] = key
      const value = json[key]
      // null is "not set", except where null is a value (a singular Value or NullValue field).
      if (value === null && (field.repeated || field.map !== null || !acceptsNull(field))) continue
      values[field.slot] = value
    }
    for (const oneof of plan.oneofs) {
      let set = -1
      for (const slot of oneof.slots) {
        if (values[slot] === undefined) continue
        if (set >= 0) {
          throw this.fail(
            child(path, keys[slot]!),
            `oneof ${oneof.name} takes one field, and both ${JSON.stringify(keys[set])} and ${JSON.stringify(keys[slot])} are set`,
          )
        }
        set = slot
      }
    }
    for (const slot of plan.requiredSlots) {
      if (values[slot] === undefined) {
        const field = plan.fields[slot]!
        throw this.fail(child(path, field.jsonName), `required field ${field.name} of ${plan.fullName} is missing`)
      }
    }
    for (let slot = 0; slot < values.length; slot++) {
      const value = values[slot]
      if (value === undefined) continue
      this.field(plan.fields[slot]!, value, child(path, keys[slot]!), depth)
    }
  }

  private field(field: FieldPlan, value: unknown, path: string, depth: number): void {
    const w = this.writer
    if (field.map !== null) {
      if (!isObject(value)) throw this.mismatch(path, `an object (map ${field.name})`, value)
      const { key: keyField, value: valueField } = field.map
      for (const key of Object.keys(value)) {
        const entryPath = `${path}[${JSON.stringify(key)}]`
        const v = value[key]
        if (v === null && !acceptsNull(valueField)) throw this.fail(entryPath, 'a map value cannot be null')
        w.tag(field.number, LEN)
        const mark = w.beginLength()
        this.mapKey(keyField, key, entryPath)
        this.single(valueField, v, entryPath, depth, true)
        w.endLength(mark)
      }
      return
    }
    if (field.repeated) {
      if (!Array.isArray(value)) throw this.mismatch(path, `an array (repeated ${field.name})`, value)
      if (value.length === 0) return
      if (field.packed) {
        w.tag(field.number, LEN)
        const mark = w.beginLength()
        for (let i = 0; i < value.length; i++) this.scalarValue(field, value[i], `${path}[${i}]`)
        w.endLength(mark)
        return
      }
      for (let i = 0; i < value.length; i++) {
        const item = value[i]
        if (item === null && !acceptsNull(field)) throw this.fail(`${path}[${i}]`, 'a list element cannot be null')
        this.single(field, item, `${path}[${i}]`, depth, true)
      }
      return
    }
    this.single(field, value, path, depth, field.presence)
  }

  /** One value of `field`, with its tag; a scalar without presence equal to its default is left out. */
  private single(field: FieldPlan, value: unknown, path: string, depth: number, always: boolean): void {
    const w = this.writer
    const kind = field.kind
    if (kind === MESSAGE) {
      w.tag(field.number, LEN)
      const mark = w.beginLength()
      this.message(field.message!, value, path, depth + 1, false)
      w.endLength(mark)
      return
    }
    if (kind === GROUP) {
      w.tag(field.number, SGROUP)
      this.message(field.message!, value, path, depth + 1, false)
      w.tag(field.number, EGROUP)
      return
    }
    if (kind === STRING) {
      if (typeof value !== 'string') throw this.mismatch(path, 'a string', value)
      if (value === '' && !always) return
      w.tag(field.number, LEN)
      w.string(value)
      return
    }
    if (kind === BYTES) {
      const bytes = typeof value === 'string' ? parseBase64(value) : null
      if (bytes === null) throw this.mismatch(path, 'bytes as a base64 string', value)
      if (bytes.length === 0 && !always) return
      w.tag(field.number, LEN)
      w.bytes(bytes)
      return
    }
    const mark = w.pos
    w.tag(field.number, field.wireType)
    if (this.scalarValue(field, value, path) || always) return
    w.pos = mark
  }

  /** Writes one numeric, bool or enum value (no tag); returns false when it is the default (zero) value. */
  private scalarValue(field: FieldPlan, value: unknown, path: string): boolean {
    const w = this.writer
    switch (field.kind) {
      case INT32: {
        const n = this.int(value, path, -2147483648, 2147483647, 'int32')
        if (n < 0) w.varint64(n >>> 0, 0xffffffff)
        else w.varint32(n)
        return n !== 0
      }
      case UINT32: {
        const n = this.int(value, path, 0, 4294967295, 'uint32')
        w.varint32(n)
        return n !== 0
      }
      case SINT32: {
        const n = this.int(value, path, -2147483648, 2147483647, 'sint32')
        w.varint32(((n << 1) ^ (n >> 31)) >>> 0)
        return n !== 0
      }
      case FIXED32: {
        const n = this.int(value, path, 0, 4294967295, 'fixed32')
        w.fixed32(n >>> 0)
        return n !== 0
      }
      case SFIXED32: {
        const n = this.int(value, path, -2147483648, 2147483647, 'sfixed32')
        w.fixed32(n >>> 0)
        return n !== 0
      }
      case INT64:
        this.int64(value, path, true, 'int64')
        w.varint64(this.lo, this.hi)
        return (this.lo | this.hi) !== 0
      case UINT64:
        this.int64(value, path, false, 'uint64')
        w.varint64(this.lo, this.hi)
        return (this.lo | this.hi) !== 0
      case SINT64: {
        this.int64(value, path, true, 'sint64')
        const sign = this.hi >> 31
        const zlo = ((this.lo << 1) ^ sign) >>> 0
        const zhi = (((this.hi << 1) | (this.lo >>> 31)) ^ sign) >>> 0
        w.varint64(zlo, zhi)
        return (this.lo | this.hi) !== 0
      }
      case FIXED64:
        this.int64(value, path, false, 'fixed64')
        w.fixed64(this.lo, this.hi)
        return (this.lo | this.hi) !== 0
      case SFIXED64:
        this.int64(value, path, true, 'sfixed64')
        w.fixed64(this.lo, this.hi)
        return (this.lo | this.hi) !== 0
      case BOOL:
        if (typeof value !== 'boolean') throw this.mismatch(path, 'true or false', value)
        w.byte(value ? 1 : 0)
        return value
      case DOUBLE: {
        const n = this.floating(value, path, 'double')
        w.double(n)
        return n !== 0 || Object.is(n, -0)
      }
      case FLOAT: {
        const n = this.floating(value, path, 'float')
        if (Number.isFinite(n) && Math.abs(n) > FLOAT_MAX) throw this.fail(path, `${describe(value)} is beyond the range of a float (±3.4028235e38)`)
        w.float(n)
        return n !== 0 || Object.is(n, -0)
      }
      case ENUM: {
        const n = this.enumNumber(field, value, path)
        if (n < 0) w.varint64(n >>> 0, 0xffffffff)
        else w.varint32(n)
        return n !== 0
      }
      default:
        throw this.fail(path, `field ${field.name} cannot be packed`)
    }
  }

  /** A 32-bit integer from a JSON number or numeric string. */
  private int(value: unknown, path: string, min: number, max: number, type: string): number {
    let n: number
    const exact = markedNumber(value)
    if (typeof value === 'number') n = value
    else if (exact !== undefined) n = Number(exact)
    else if (typeof value === 'string' && NUMBER_TEXT.test(value)) n = Number(value)
    else throw this.mismatch(path, `${type} (an integer, as a number or a string)`, value)
    if (!Number.isInteger(n)) throw this.fail(path, `${describe(value)} is not an integer (${type})`)
    if (n < min || n > max) throw this.fail(path, `${describe(value)} is out of range for ${type} (${min} to ${max})`)
    return n === 0 ? 0 : n
  }

  /** A 64-bit integer from a JSON string or number into lo/hi (two's complement). */
  private int64(value: unknown, path: string, signed: boolean, type: string): void {
    let big: bigint
    const exact = markedNumber(value)
    const text = exact ?? (typeof value === 'string' ? value : undefined)
    if (typeof value === 'number') {
      if (!Number.isInteger(value)) throw this.fail(path, `${describe(value)} is not an integer (${type})`)
      if (!Number.isSafeInteger(value)) {
        throw this.fail(path, `the ${type} ${describe(value)} is beyond ±2^53 and lost precision when the JSON was read: write it as a string`)
      }
      if (value >= 0 && value <= 0x7fffffff) {
        this.lo = value
        this.hi = 0
        if (!signed || value >= 0) return
      }
      big = BigInt(value)
    } else if (typeof value === 'bigint') big = value
    else if (text !== undefined && INTEGER_TEXT.test(text)) big = BigInt(text)
    else if (text !== undefined && NUMBER_TEXT.test(text)) {
      const n = Number(text)
      if (!Number.isSafeInteger(n))
        throw this.fail(path, `${describe(value)} is not an integer within ±2^53 (${type}): write it without a fraction or exponent`)
      big = BigInt(n)
    } else throw this.mismatch(path, `${type} (an integer, as a string or a number)`, value)
    const min = signed ? -(1n << 63n) : 0n
    const max = signed ? (1n << 63n) - 1n : (1n << 64n) - 1n
    if (big < min || big > max) throw this.fail(path, `${describe(value)} is out of range for ${type}`)
    const u = BigInt.asUintN(64, big)
    this.lo = Number(u & 0xffffffffn)
    this.hi = Number(u >> 32n)
  }

  private floating(value: unknown, path: string, type: string): number {
    const exact = markedNumber(value)
    if (typeof value === 'number') return value
    if (exact !== undefined) return Number(exact)
    if (typeof value === 'string') {
      if (value === 'NaN') return NaN
      if (value === 'Infinity') return Infinity
      if (value === '-Infinity') return -Infinity
      if (NUMBER_TEXT.test(value)) {
        const n = Number(value)
        if (Number.isFinite(n)) return n
      }
    }
    throw this.mismatch(path, `${type} (a number, or "NaN", "Infinity", "-Infinity")`, value)
  }

  private enumNumber(field: FieldPlan, value: unknown, path: string): number {
    const plan = field.enumPlan!
    if (plan.isNullValue && value === null) return 0
    if (typeof value === 'string' && markedNumber(value) === undefined) {
      const n = plan.numberByName.get(value)
      if (n === undefined) {
        const names = [...plan.numberByName.keys()]
        throw this.fail(path, `${describe(value)} is not a value of enum ${plan.fullName} (${names.slice(0, 10).join(', ')}${names.length > 10 ? ', …' : ''})`)
      }
      return n
    }
    if (typeof value === 'number' && Number.isInteger(value) && value >= -2147483648 && value <= 2147483647) {
      if (plan.closed && !plan.jsonByNumber.has(value)) throw this.fail(path, `${value} is not a number of the closed enum ${plan.fullName}`)
      return value
    }
    throw this.mismatch(path, `a value name of enum ${plan.fullName} (or its number)`, value)
  }

  /** Writes a map entry's key field from the JSON object key. */
  private mapKey(keyField: FieldPlan, key: string, path: string): void {
    const w = this.writer
    if (keyField.kind === STRING) {
      w.tag(1, LEN)
      w.string(key)
      return
    }
    let value: unknown = key
    if (keyField.kind === BOOL) {
      if (key !== 'true' && key !== 'false') throw this.fail(path, `map key ${JSON.stringify(key)} is not "true" or "false"`)
      value = key === 'true'
    } else if (!INTEGER_TEXT.test(key)) throw this.fail(path, `map key ${JSON.stringify(key)} is not an integer`)
    w.tag(1, keyField.wireType)
    this.scalarValue(keyField, value, path)
  }

  // ——— well-known types ———

  private wellKnown(plan: MessagePlan, json: unknown, path: string, depth: number): void {
    const w = this.writer
    switch (plan.wkt) {
      case WKT_TIMESTAMP:
      case WKT_DURATION: {
        if (typeof json !== 'string')
          throw this.mismatch(path, plan.wkt === WKT_TIMESTAMP ? 'a Timestamp as an RFC 3339 string' : 'a Duration as a string such as "1.5s"', json)
        const parsed = plan.wkt === WKT_TIMESTAMP ? parseTimestamp(json) : parseDuration(json)
        if (typeof parsed === 'string') throw this.fail(path, parsed)
        if (parsed.seconds !== 0) {
          w.tag(1, VARINT)
          this.int64(parsed.seconds, path, true, 'int64')
          w.varint64(this.lo, this.hi)
        }
        if (parsed.nanos !== 0) {
          w.tag(2, VARINT)
          if (parsed.nanos < 0) w.varint64(parsed.nanos >>> 0, 0xffffffff)
          else w.varint32(parsed.nanos)
        }
        return
      }
      case WKT_WRAPPER:
        return this.single(plan.fields[0]!, json, path, depth, false)
      case WKT_STRUCT:
        if (!isObject(json)) throw this.mismatch(path, 'an object (google.protobuf.Struct)', json)
        return this.field(plan.fields[0]!, json, path, depth)
      case WKT_LIST_VALUE:
        if (!Array.isArray(json)) throw this.mismatch(path, 'an array (google.protobuf.ListValue)', json)
        return this.field(plan.fields[0]!, json, path, depth)
      case WKT_VALUE:
        return this.value(plan, json, path, depth)
      case WKT_ANY:
        return this.any(json, path, depth)
      case WKT_FIELD_MASK: {
        if (typeof json !== 'string') throw this.mismatch(path, 'a FieldMask as a string of comma-separated paths', json)
        if (json === '') return
        for (const p of json.split(',')) {
          const snake = fieldMaskPathFromJson(p)
          if (snake === null) throw this.fail(path, `FieldMask path ${JSON.stringify(p)} holds an underscore: write paths in lowerCamelCase`)
          w.tag(1, LEN)
          w.string(snake)
        }
        return
      }
    }
  }

  private value(plan: MessagePlan, json: unknown, path: string, depth: number): void {
    const w = this.writer
    const field = (number: number) => plan.fields.find((f) => f.number === number)!
    const exact = markedNumber(json)
    if (json === null) {
      w.tag(1, VARINT)
      w.byte(0)
    } else if (typeof json === 'number' || exact !== undefined) {
      const n = exact !== undefined ? Number(exact) : (json as number)
      if (!Number.isFinite(n)) throw this.fail(path, `${describe(json)} cannot be a google.protobuf.Value`)
      w.tag(2, I64)
      w.double(n)
    } else if (typeof json === 'string') {
      w.tag(3, LEN)
      w.string(json)
    } else if (typeof json === 'boolean') {
      w.tag(4, VARINT)
      w.byte(json ? 1 : 0)
    } else if (Array.isArray(json)) {
      this.single(field(6), json, path, depth, true)
    } else if (typeof json === 'object') {
      this.single(field(5), json, path, depth, true)
    } else throw this.mismatch(path, 'a JSON value', json)
  }

  private any(json: unknown, path: string, depth: number): void {
    if (!isObject(json)) throw this.mismatch(path, 'an object with "@type" (google.protobuf.Any)', json)
    const url = json['@type']
    if (url === undefined) {
      if (Object.keys(json).length === 0) return
      throw this.fail(path, 'a google.protobuf.Any needs "@type" (such as "type.googleapis.com/acme.Order") to say what it holds')
    }
    if (typeof url !== 'string' || !url.includes('/'))
      throw this.fail(child(path, '@type'), `expected a type URL such as "type.googleapis.com/acme.Order", got ${describe(url)}`)
    const typeName = url.slice(url.lastIndexOf('/') + 1)
    let target: MessagePlan
    try {
      target = this.plans.message(typeName)
    } catch (e) {
      if (!(e instanceof PlanError)) throw e
      throw this.fail(child(path, '@type'), `${JSON.stringify(url)} names a type the schema and its imports do not define`)
    }
    const w = this.writer
    w.tag(1, LEN)
    w.string(url)
    w.tag(2, LEN)
    const mark = w.beginLength()
    if (target.wkt !== WKT_NONE) {
      for (const key of Object.keys(json)) {
        if (key !== '@type' && key !== 'value')
          throw this.fail(child(path, key), `unknown field: an Any holding ${target.fullName} has only "@type" and "value"`)
      }
      if (json['value'] === undefined) throw this.fail(path, `an Any holding ${target.fullName} needs its JSON form in "value"`)
      this.message(target, json['value'], child(path, 'value'), depth + 1, false)
    } else this.message(target, json, path, depth + 1, true)
    w.endLength(mark)
  }
}

/** Whether `null` is a value of the field's type (google.protobuf.Value, NullValue) rather than "not set". */
function acceptsNull(field: FieldPlan): boolean {
  return (field.kind === MESSAGE && field.message?.wkt === WKT_VALUE) || (field.kind === ENUM && field.enumPlan!.isNullValue)
}

/** ` (did you mean "x"?)` when a field's name differs from `key` only in case or underscores. */
function suggestion(plan: MessagePlan, key: string): string {
  const squash = (s: string) => s.replace(/_/g, '').toLowerCase()
  const near = plan.fields.find((f) => squash(f.name) === squash(key))
  return near === undefined ? '' : ` (did you mean ${JSON.stringify(near.jsonName)}?)`
}
