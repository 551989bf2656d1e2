/**
 * Protobuf binary → canonical proto3 JSON text, straight into a byte sink. Each message is read in
 * two passes: a scan records where every field occurrence lies (in reusable typed arrays, no object
 * per field), then the fields are written in field-number order (as Protobuf's Java JsonFormat
 * prints them): the last occurrence of a scalar wins, occurrences of a singular message merge,
 * packed and unpacked list elements join, the last member of a oneof wins. Every byte is looked at
 * a bounded number of times, so the time is linear in the input; nesting is limited (100 by
 * default, as Protobuf's own parsers do), so a hostile input cannot exhaust the stack.
 */
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
  I32,
  I64,
  INT32,
  INT64,
  KIND_NAMES,
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
  slotOf,
  type FieldPlan,
  type MessagePlan,
  type Plans,
} from './plan.js'
import {
  DURATION_MAX_SECONDS,
  TIMESTAMP_MAX_SECONDS,
  TIMESTAMP_MIN_SECONDS,
  doubleText,
  durationText,
  fieldMaskPathToJson,
  floatText,
  int64Text,
  isUtf8,
  uint64Text,
  utf8Text,
  writeBase64,
  writeByte,
  writeInteger,
  writeInt64,
  writeTimestamp,
  writeUtf8String,
  type JsonSink,
} from './json-text.js'

/** Why a payload could not be decoded. */
export type ProtobufDecodeErrorCode =
  | 'INVALID_MESSAGE_INDEXES'
  | 'UNKNOWN_MESSAGE_INDEX'
  | 'TRUNCATED_PAYLOAD'
  | 'OVERLONG_VARINT'
  | 'INVALID_TAG'
  | 'INVALID_WIRE_TYPE'
  | 'WRONG_WIRE_TYPE'
  | 'UNMATCHED_GROUP'
  | 'NESTING_TOO_DEEP'
  | 'MISSING_REQUIRED_FIELD'
  | 'INVALID_UTF8'
  | 'UNKNOWN_FIELD'
  | 'INVALID_VALUE'
  | 'INTERNAL_ERROR'

/** A payload that does not decode: what, and where (`items[3].price`, `$` for the message itself). */
export interface ProtobufDecodeError {
  code: ProtobufDecodeErrorCode
  message: string
  path: string
}

/** A field number the schema does not know, met while decoding (with `unknownFields: 'report'`). */
export interface UnknownField {
  /** The message holding it (`$` for the top one). */
  path: string
  number: number
  wireType: number
}

/** Options of the decoder. */
export interface ProtobufDecodeOptions {
  /** Also print fields without presence that hold their default (0, "", false, [], {}), as `alwaysPrintFieldsWithNoPresence` does. */
  emitDefaults?: boolean
  /** Print the `.proto` field names instead of their lowerCamelCase JSON names. */
  protoNames?: boolean
  /** Field numbers the schema does not know: skipped (default), listed in the outcome, or an error. */
  unknownFields?: 'skip' | 'report' | 'error'
  /** The deepest nesting of messages (and groups) read; deeper input is an error. Default 100. */
  maxDepth?: number
}

/** Thrown inside the decoder, turned into an outcome at its edge (not an Error: no stack trace to capture). */
export class DecodeFailure {
  constructor(
    readonly code: ProtobufDecodeErrorCode,
    readonly message: string,
    readonly path: string,
  ) {}
}

const WIRE_NAMES = ['varint', '64-bit', 'length-delimited', 'start-group', 'end-group', '32-bit', '6', '7']
const TRUE = new Uint8Array([116, 114, 117, 101])
const FALSE = new Uint8Array([102, 97, 108, 115, 101])
const NULL = new Uint8Array([110, 117, 108, 108])
const f32 = new Float32Array(1)
const f64 = new Float64Array(1)
const u32 = new Uint32Array(f64.buffer)
const u32f = new Uint32Array(f32.buffer)
// Typed arrays use the machine's byte order; Protobuf's fixed-width values are little-endian.
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1

/** Decodes payloads of one schema's message types; one instance is reused for every message (not reentrant). */
export class PayloadDecoder {
  private buf: Uint8Array = new Uint8Array(0)
  private out!: JsonSink
  // Field occurrences: value range, wire type, next occurrence of the same field.
  private occStart = new Int32Array(256)
  private occEnd = new Int32Array(256)
  private occNext = new Int32Array(256)
  private occWire = new Uint8Array(256)
  private occCount = 0
  // Per message being written: first and last occurrence of each field slot.
  private heads = new Int32Array(256)
  private tails = new Int32Array(256)
  private frameTop = 0
  // Where the writer is, by depth, to name a path in errors.
  private readonly pathField: Array<FieldPlan | null> = []
  private readonly pathIndex: number[] = []
  private readonly pathKey: Array<string | null> = []
  private readonly groupStack: Int32Array
  // The last value read.
  private lo = 0
  private hi = 0
  private num = 0
  private groupAfter = 0
  // Above zero inside a fallback to the two-pass writer (no one-pass attempts there).
  private noFast = 0
  // One-pass writing needs no defaults to fill in and no unknown fields to list.
  private readonly onePass: boolean
  private readonly emitDefaults: boolean
  private readonly protoNames: boolean
  private readonly unknownMode: 'skip' | 'report' | 'error'
  private readonly maxDepth: number
  /** Unknown fields met by the last `run` (report mode). */
  unknown: UnknownField[] = []

  constructor(
    private readonly plans: Plans,
    options: ProtobufDecodeOptions = {},
  ) {
    this.emitDefaults = options.emitDefaults === true
    this.protoNames = options.protoNames === true
    this.unknownMode = options.unknownFields ?? 'skip'
    this.maxDepth = Math.max(1, options.maxDepth ?? 100)
    this.onePass = !this.emitDefaults && this.unknownMode !== 'report'
    this.groupStack = new Int32Array(this.maxDepth + 2)
    for (let d = 0; d <= this.maxDepth + 1; d++) {
      this.pathField.push(null)
      this.pathIndex.push(-1)
      this.pathKey.push(null)
    }
  }

  /** Writes the JSON of the message of type `plan` in `bytes[start..end)` into `out`; throws DecodeFailure. */
  run(plan: MessagePlan, bytes: Uint8Array, start: number, end: number, out: JsonSink): void {
    this.buf = bytes
    this.out = out
    this.occCount = 0
    this.frameTop = 0
    if (this.unknownMode === 'report') this.unknown = []
    this.noFast = 0
    try {
      this.writeRange(plan, start, end, 0)
    } catch (e) {
      // A failure leaves list indexes and map keys set: clear them for the next message.
      this.pathIndex.fill(-1)
      this.pathKey.fill(null)
      throw e
    }
  }

  // ——— reading ———

  private truncated(depth: number, what: string): DecodeFailure {
    return this.failure('TRUNCATED_PAYLOAD', `truncated payload: ${what}`, depth, null)
  }

  /** Reads the varint at `pos` into lo/hi; returns the position after it. */
  private varint(pos: number, end: number, depth: number): number {
    const buf = this.buf
    let lo = 0
    let b: number
    for (let shift = 0; shift < 28; shift += 7) {
      if (pos >= end) throw this.truncated(depth, 'a varint is cut off by the end of its message')
      b = buf[pos++]!
      lo |= (b & 0x7f) << shift
      if (b < 0x80) {
        this.lo = lo >>> 0
        this.hi = 0
        return pos
      }
    }
    if (pos >= end) throw this.truncated(depth, 'a varint is cut off by the end of its message')
    b = buf[pos++]!
    lo |= (b & 0x0f) << 28
    let hi = (b & 0x7f) >> 4
    if (b < 0x80) {
      this.lo = lo >>> 0
      this.hi = hi
      return pos
    }
    for (let shift = 3; shift < 32; shift += 7) {
      if (pos >= end) throw this.truncated(depth, 'a varint is cut off by the end of its message')
      b = buf[pos++]!
      hi |= (b & 0x7f) << shift
      if (b < 0x80) {
        this.lo = lo >>> 0
        this.hi = hi >>> 0
        return pos
      }
    }
    throw this.failure('OVERLONG_VARINT', 'a varint is longer than 10 bytes', depth, null)
  }

  private skipVarint(pos: number, end: number, depth: number): number {
    const buf = this.buf
    const last = pos + 10
    while (pos < end) {
      if (buf[pos++]! < 0x80) return pos
      if (pos === last) throw this.failure('OVERLONG_VARINT', 'a varint is longer than 10 bytes', depth, null)
    }
    throw this.truncated(depth, 'a varint is cut off by the end of its message')
  }

  /** Records every field occurrence of `bytes[start..end)` (a message of type `plan`) in the frame at `base`. */
  private scan(plan: MessagePlan, start: number, end: number, base: number, depth: number): void {
    const buf = this.buf
    const fields = plan.fields
    let pos = start
    while (pos < end) {
      let tag = buf[pos]!
      if (tag < 0x80) pos++
      else {
        pos = this.varint(pos, end, depth)
        if (this.hi !== 0) throw this.failure('INVALID_TAG', `a field tag is out of range in ${plan.fullName}`, depth, null)
        tag = this.lo
      }
      const number = tag >>> 3
      const wire = tag & 7
      if (number === 0)
        throw this.failure('INVALID_TAG', `field number 0 in ${plan.fullName} (byte ${pos - 1}): the bytes are not a ${plan.fullName}`, depth, null)
      let valueStart = pos
      let valueEnd: number
      switch (wire) {
        case VARINT:
          pos = this.skipVarint(pos, end, depth)
          valueEnd = pos
          break
        case I64:
          pos += 8
          if (pos > end) throw this.truncated(depth, `the 64-bit field ${number} of ${plan.fullName} runs past the end of its message`)
          valueEnd = pos
          break
        case LEN: {
          pos = this.varint(pos, end, depth)
          const length = this.lo
          if (this.hi !== 0 || length > end - pos) {
            throw this.truncated(depth, `field ${number} of ${plan.fullName} announces ${uint64Text(this.lo, this.hi)} bytes, but only ${end - pos} remain`)
          }
          valueStart = pos
          pos += length
          valueEnd = pos
          break
        }
        case I32:
          pos += 4
          if (pos > end) throw this.truncated(depth, `the 32-bit field ${number} of ${plan.fullName} runs past the end of its message`)
          valueEnd = pos
          break
        case SGROUP:
          valueEnd = this.groupEnd(pos, end, number, depth)
          pos = this.groupAfter
          break
        case EGROUP:
          throw this.failure('UNMATCHED_GROUP', `an end-group tag (field ${number}) without its start in ${plan.fullName}`, depth, null)
        default:
          throw this.failure(
            'INVALID_WIRE_TYPE',
            `wire type ${wire} (field ${number} of ${plan.fullName}) does not exist: the bytes are not a ${plan.fullName}`,
            depth,
            null,
          )
      }
      const slot = number < plan.dense.length ? plan.dense[number]! : slotOf(plan, number)
      if (slot < 0) {
        if (this.unknownMode !== 'skip') this.unknownField(plan, number, wire, depth)
        continue
      }
      const field = fields[slot]!
      if (wire !== field.wireType && !(wire === LEN && field.packable)) {
        throw this.failure(
          'WRONG_WIRE_TYPE',
          `field ${field.name} (${number}) of ${plan.fullName} is ${describeField(field)}, written with ${WIRE_NAMES[field.wireType]} values, but the bytes hold a ${WIRE_NAMES[wire]} value: the message was written with another schema`,
          depth,
          field,
        )
      }
      const k = this.occCount++
      if (k === this.occStart.length) this.growOccurrences()
      this.occStart[k] = valueStart
      this.occEnd[k] = valueEnd
      this.occWire[k] = wire
      this.occNext[k] = -1
      const at = base + slot
      if (this.heads[at]! < 0) this.heads[at] = k
      else this.occNext[this.tails[at]!] = k
      this.tails[at] = k
    }
  }

  /** The end of the group of field `number` whose content starts at `pos` (where its end tag starts); `groupAfter` is set past the end tag. */
  private groupEnd(pos: number, end: number, number: number, depth: number): number {
    const stack = this.groupStack
    let d = 0
    stack[0] = number
    while (pos < end) {
      const tagAt = pos
      pos = this.varint(pos, end, depth)
      if (this.hi !== 0) throw this.failure('INVALID_TAG', 'a field tag inside a group is out of range', depth, null)
      const n = this.lo >>> 3
      const wire = this.lo & 7
      if (n === 0) throw this.failure('INVALID_TAG', 'field number 0 inside a group', depth, null)
      switch (wire) {
        case VARINT:
          pos = this.skipVarint(pos, end, depth)
          break
        case I64:
          pos += 8
          break
        case I32:
          pos += 4
          break
        case LEN:
          pos = this.varint(pos, end, depth)
          if (this.hi !== 0 || this.lo > end - pos) throw this.truncated(depth, `a field inside group ${number} announces more bytes than remain`)
          pos += this.lo
          break
        case SGROUP:
          if (++d + depth >= this.maxDepth) throw this.failure('NESTING_TOO_DEEP', `groups nested more than ${this.maxDepth} deep`, depth, null)
          stack[d] = n
          break
        case EGROUP:
          if (n !== stack[d]) throw this.failure('UNMATCHED_GROUP', `group ${stack[d]} is closed by the end tag of field ${n}`, depth, null)
          if (d === 0) {
            this.groupAfter = pos
            return tagAt
          }
          d--
          break
        default:
          throw this.failure('INVALID_WIRE_TYPE', `wire type ${wire} (field ${n}) does not exist`, depth, null)
      }
    }
    throw this.truncated(depth, `group ${number} is not closed before the end of its message`)
  }

  private unknownField(plan: MessagePlan, number: number, wire: number, depth: number): void {
    if (this.unknownMode === 'error') {
      throw this.failure(
        'UNKNOWN_FIELD',
        `field number ${number} (${WIRE_NAMES[wire]}) is not in ${plan.fullName}: the message was written with another schema`,
        depth,
        null,
      )
    }
    this.unknown.push({ path: this.path(depth, null), number, wireType: wire })
  }

  private growOccurrences(): void {
    const n = this.occStart.length * 2
    const grow = <T extends Int32Array | Uint8Array>(a: T, make: (n: number) => T): T => {
      const b = make(n)
      b.set(a)
      return b
    }
    this.occStart = grow(this.occStart, (m) => new Int32Array(m))
    this.occEnd = grow(this.occEnd, (m) => new Int32Array(m))
    this.occNext = grow(this.occNext, (m) => new Int32Array(m))
    this.occWire = grow(this.occWire, (m) => new Uint8Array(m))
  }

  private pushFrame(plan: MessagePlan): number {
    const base = this.frameTop
    const size = plan.fields.length
    if (base + size > this.heads.length) {
      const n = Math.max(this.heads.length * 2, base + size)
      const heads = new Int32Array(n)
      heads.set(this.heads)
      const tails = new Int32Array(n)
      tails.set(this.tails)
      this.heads = heads
      this.tails = tails
    }
    const heads = this.heads
    for (let i = base; i < base + size; i++) heads[i] = -1
    this.frameTop = base + size
    return base
  }

  // ——— writing ———

  /** Checks required fields, writes the message at frame `base`, and releases its frame and occurrences. */
  private finishMessage(plan: MessagePlan, base: number, depth: number): void {
    const required = plan.requiredSlots
    for (let i = 0; i < required.length; i++) {
      const field = plan.fields[required[i]!]!
      if (this.heads[base + field.slot]! < 0) {
        throw this.failure('MISSING_REQUIRED_FIELD', `required field ${field.name} (${field.number}) of ${plan.fullName} is missing`, depth, field)
      }
    }
    if (plan.wkt === WKT_NONE) {
      writeByte(this.out, 123)
      this.writeFields(plan, base, depth, true)
      writeByte(this.out, 125)
    } else this.writeWellKnown(plan, base, depth)
    this.frameTop = base
  }

  /** Writes a message field's value: the given occurrences merged (`all`) or the one at `occ`. */
  private writeChild(plan: MessagePlan, occ: number, all: boolean, depth: number): void {
    if (!all || this.occNext[occ]! < 0) return this.writeRange(plan, this.occStart[occ]!, this.occEnd[occ]!, depth)
    if (depth > this.maxDepth) throw this.failure('NESTING_TOO_DEEP', `messages nested more than ${this.maxDepth} deep`, depth - 1, null)
    const mark = this.occCount
    const base = this.pushFrame(plan)
    for (let k = occ; k >= 0; k = this.occNext[k]!) this.scan(plan, this.occStart[k]!, this.occEnd[k]!, base, depth)
    this.finishMessage(plan, base, depth)
    this.occCount = mark
  }

  /** Writes the message of type `plan` in `bytes[start..end)` (an empty range: the default message). */
  private writeChildRange(plan: MessagePlan, start: number, end: number, depth: number): void {
    this.writeRange(plan, start, end, depth)
  }

  /**
   * Writes the message in `bytes[start..end)`: in one pass when its fields come in field-number
   * order (what serializers write), else, or when anything is odd, by scanning then writing. A
   * fallback writes its whole subtree the two-pass way, so no byte is read more than twice per level.
   */
  private writeRange(plan: MessagePlan, start: number, end: number, depth: number): void {
    if (depth > this.maxDepth) throw this.failure('NESTING_TOO_DEEP', `messages nested more than ${this.maxDepth} deep`, depth - 1, null)
    if (this.noFast === 0 && plan.inOrder && this.onePass) {
      const outMark = this.out.length
      const occMark = this.occCount
      const frameMark = this.frameTop
      try {
        if (this.inOrder(plan, start, end, depth)) return
      } catch (e) {
        // Too deep is too deep either way; anything else is decided by the two-pass writer.
        if (!(e instanceof DecodeFailure) || e.code === 'NESTING_TOO_DEEP') throw e
      }
      this.out.length = outMark
      this.occCount = occMark
      this.frameTop = frameMark
      for (let d = depth; d < this.pathIndex.length; d++) {
        this.pathIndex[d] = -1
        this.pathKey[d] = null
      }
      this.noFast++
      try {
        this.writeTwoPass(plan, start, end, depth)
      } finally {
        this.noFast--
      }
      return
    }
    this.writeTwoPass(plan, start, end, depth)
  }

  private writeTwoPass(plan: MessagePlan, start: number, end: number, depth: number): void {
    const mark = this.occCount
    const base = this.pushFrame(plan)
    this.scan(plan, start, end, base, depth)
    this.finishMessage(plan, base, depth)
    this.occCount = mark
  }

  /**
   * The one-pass writer: returns false (or throws) as soon as the message is not plainly in
   * field-number order (a field out of order or repeated, two members of a oneof, a closed enum's
   * unknown value, a group), and the caller starts over with the two-pass writer.
   */
  private inOrder(plan: MessagePlan, start: number, end: number, depth: number): boolean {
    const buf = this.buf
    const out = this.out
    const fields = plan.fields
    let pos = start
    let first = true
    let last = 0
    let oneofs = 0
    // An open list or map: its field, where its key starts, its element count / first entry.
    let run: FieldPlan | null = null
    let runMark = 0
    let runFirst = true
    let count = 0
    let mapHead = -1
    let mapTail = -1
    writeByte(out, 123)
    while (pos < end) {
      let tag = buf[pos]!
      if (tag < 0x80) pos++
      else {
        pos = this.varint(pos, end, depth)
        if (this.hi !== 0) return false
        tag = this.lo
      }
      const number = tag >>> 3
      const wire = tag & 7
      if (number === 0) return false
      let valueStart = pos
      switch (wire) {
        case VARINT:
          pos = this.skipVarint(pos, end, depth)
          break
        case I64:
          pos += 8
          if (pos > end) return false
          break
        case LEN:
          pos = this.varint(pos, end, depth)
          if (this.hi !== 0 || this.lo > end - pos) return false
          valueStart = pos
          pos += this.lo
          break
        case I32:
          pos += 4
          if (pos > end) return false
          break
        default:
          return false
      }
      const valueEnd = pos
      if (run !== null && number !== run.number) {
        if (!this.closeRun(run, runMark, count, mapHead, depth)) first = runFirst
        run = null
      }
      if (run === null) {
        if (number <= last) return false
        last = number
      }
      const slot: number = number < plan.dense.length ? plan.dense[number]! : slotOf(plan, number)
      if (slot < 0) {
        if (this.unknownMode !== 'skip') return false
        continue
      }
      const field: FieldPlan = fields[slot]!
      if (wire !== field.wireType && !(wire === LEN && field.packable)) return false
      if (field.oneof >= 0) {
        const bit = 1 << field.oneof
        if ((oneofs & bit) !== 0) return false
        oneofs |= bit
      }
      this.pathField[depth] = field
      const kind = field.kind
      if (field.repeated) {
        if (run === null) {
          run = field
          runMark = out.length
          runFirst = first
          this.key(field, first)
          first = false
          count = 0
          mapHead = -1
          if (field.map === null) writeByte(out, 91)
        }
        if (field.map !== null) {
          const k = this.occCount++
          if (k === this.occStart.length) this.growOccurrences()
          this.occStart[k] = valueStart
          this.occEnd[k] = valueEnd
          this.occWire[k] = wire
          this.occNext[k] = -1
          if (mapHead < 0) mapHead = k
          else this.occNext[mapTail] = k
          mapTail = k
          count++
        } else if (kind === MESSAGE) {
          if (count > 0) writeByte(out, 44)
          this.pathIndex[depth] = count++
          this.writeRange(field.message!, valueStart, valueEnd, depth + 1)
        } else if (kind === STRING || kind === BYTES) {
          if (count > 0) writeByte(out, 44)
          this.pathIndex[depth] = count++
          this.writeBytesValue(field, valueStart, valueEnd, depth)
        } else {
          if (kind === ENUM && field.enumPlan!.closed) return false
          let p = valueStart
          let more = wire !== LEN || p < valueEnd
          while (more) {
            p = this.readScalar(kind, p, valueEnd, depth)
            more = wire === LEN && p < valueEnd
            if (count > 0) writeByte(out, 44)
            count++
            this.writeScalar(field)
          }
        }
        continue
      }
      if (kind === MESSAGE) {
        this.key(field, first)
        first = false
        this.writeRange(field.message!, valueStart, valueEnd, depth + 1)
      } else if (kind === STRING || kind === BYTES) {
        if (valueStart === valueEnd && !field.presence) continue
        this.key(field, first)
        first = false
        this.writeBytesValue(field, valueStart, valueEnd, depth)
      } else {
        this.readScalar(kind, valueStart, valueEnd, depth)
        if (kind === ENUM && field.enumPlan!.closed && !field.enumPlan!.jsonByNumber.has(this.lo | 0)) return false
        if (!field.presence && this.lo === 0 && this.hi === 0) continue
        this.key(field, first)
        first = false
        this.writeScalar(field)
      }
    }
    if (run !== null) this.closeRun(run, runMark, count, mapHead, depth)
    writeByte(out, 125)
    return true
  }

  /** Ends an open list (`]`) or writes an open map; returns false when an empty list was taken back out. */
  private closeRun(field: FieldPlan, mark: number, count: number, mapHead: number, depth: number): boolean {
    if (field.map !== null) {
      this.writeMap(field, mapHead, depth)
      return true
    }
    this.pathIndex[depth] = -1
    if (count === 0) {
      this.out.length = mark
      return false
    }
    writeByte(this.out, 93)
    return true
  }

  private key(field: FieldPlan, first: boolean): void {
    const bytes = this.protoNames ? field.protoKey : field.jsonKey
    const out = this.out
    out.reserve(bytes.length + 1)
    const buf = out.buf
    let at = out.length
    if (!first) buf[at++] = 44
    for (let i = 0; i < bytes.length; i++) buf[at++] = bytes[i]!
    out.length = at
  }

  /** Writes the fields of the message at frame `base` (without braces); returns whether none was written before and none now. */
  private writeFields(plan: MessagePlan, base: number, depth: number, first: boolean): boolean {
    const fields = plan.fields
    const heads = this.heads
    const out = this.out
    for (let s = 0; s < fields.length; s++) {
      const field = fields[s]!
      const head = heads[base + s]!
      if (head < 0) {
        if (this.emitDefaults && !field.presence && field.oneof < 0) {
          this.key(field, first)
          first = false
          this.writeDefault(field)
        }
        continue
      }
      this.pathField[depth] = field
      let from = head
      if (field.oneof >= 0) {
        const after = this.oneofRival(plan, field, base)
        if (after > this.tails[base + s]!) continue
        while (from <= after) from = this.occNext[from]!
      }
      if (field.map !== null) {
        this.key(field, first)
        first = false
        this.writeMap(field, from, depth)
      } else if (field.repeated) {
        const mark = out.length
        this.key(field, first)
        if (this.writeList(plan, field, from, depth) || this.emitDefaults) first = false
        else out.length = mark
      } else if (field.kind === MESSAGE || field.kind === GROUP) {
        this.key(field, first)
        first = false
        this.writeChild(field.message!, from, true, depth + 1)
      } else if (field.kind === STRING || field.kind === BYTES) {
        const last = this.tails[base + s]!
        const start = this.occStart[last]!
        const end = this.occEnd[last]!
        if (start === end && !field.presence) continue
        this.key(field, first)
        first = false
        this.writeBytesValue(field, start, end, depth)
      } else {
        let last = this.tails[base + s]!
        if (field.kind === ENUM && field.enumPlan!.closed) {
          last = this.lastKnownEnum(field, from, depth)
          if (last < 0) continue
        }
        this.readScalar(field.kind, this.occStart[last]!, this.occEnd[last]!, depth)
        if (!field.presence && this.lo === 0 && this.hi === 0) continue
        this.key(field, first)
        first = false
        this.writeScalar(field)
      }
    }
    return first
  }

  /** The last occurrence of any other member of `field`'s oneof (-1: none). */
  private oneofRival(plan: MessagePlan, field: FieldPlan, base: number): number {
    const slots = plan.oneofs[field.oneof]!.slots
    let latest = -1
    for (let i = 0; i < slots.length; i++) {
      const s = slots[i]!
      if (s === field.slot) continue
      const t = this.heads[base + s]! < 0 ? -1 : this.tails[base + s]!
      if (t > latest) latest = t
    }
    return latest
  }

  /** The last occurrence of a closed-enum field holding a known value (unknown ones are unknown fields), or -1. */
  private lastKnownEnum(field: FieldPlan, from: number, depth: number): number {
    let found = -1
    for (let k = from; k >= 0; k = this.occNext[k]!) {
      this.varint(this.occStart[k]!, this.occEnd[k]!, depth)
      if (field.enumPlan!.jsonByNumber.has(this.lo | 0)) found = k
    }
    return found
  }

  /** Reads one value of a numeric kind at `pos` into lo/hi (and num for floating kinds); returns the position after it. */
  private readScalar(kind: number, pos: number, end: number, depth: number): number {
    const buf = this.buf
    switch (kind) {
      case DOUBLE:
      case FIXED64:
      case SFIXED64:
        if (pos + 8 > end) throw this.truncated(depth, 'a packed 64-bit value is cut off')
        this.lo = (buf[pos]! | (buf[pos + 1]! << 8) | (buf[pos + 2]! << 16) | (buf[pos + 3]! << 24)) >>> 0
        this.hi = (buf[pos + 4]! | (buf[pos + 5]! << 8) | (buf[pos + 6]! << 16) | (buf[pos + 7]! << 24)) >>> 0
        if (kind === DOUBLE) {
          u32[LITTLE_ENDIAN ? 0 : 1] = this.lo
          u32[LITTLE_ENDIAN ? 1 : 0] = this.hi
          this.num = f64[0]!
        }
        return pos + 8
      case FLOAT:
      case FIXED32:
      case SFIXED32:
        if (pos + 4 > end) throw this.truncated(depth, 'a packed 32-bit value is cut off')
        this.lo = (buf[pos]! | (buf[pos + 1]! << 8) | (buf[pos + 2]! << 16) | (buf[pos + 3]! << 24)) >>> 0
        this.hi = 0
        if (kind === FLOAT) {
          u32f[0] = this.lo
          this.num = f32[0]!
        }
        return pos + 4
      default:
        return this.varint(pos, end, depth)
    }
  }

  /** Writes the value last read by readScalar as `field`'s JSON. */
  private writeScalar(field: FieldPlan): void {
    const out = this.out
    const lo = this.lo
    const hi = this.hi
    switch (field.kind) {
      case INT32:
      case SFIXED32:
        return writeInteger(out, lo | 0)
      case UINT32:
      case FIXED32:
        return writeInteger(out, lo)
      case SINT32:
        return writeInteger(out, (lo >>> 1) ^ -(lo & 1))
      case INT64:
      case SFIXED64:
        return writeInt64(out, lo, hi, true)
      case UINT64:
      case FIXED64:
        return writeInt64(out, lo, hi, false)
      case SINT64: {
        let zlo = ((lo >>> 1) | (hi << 31)) >>> 0
        let zhi = hi >>> 1
        if ((lo & 1) !== 0) {
          zlo = ~zlo >>> 0
          zhi = ~zhi >>> 0
        }
        return writeInt64(out, zlo, zhi, true)
      }
      case BOOL:
        return out.append(lo !== 0 || hi !== 0 ? TRUE : FALSE)
      case DOUBLE:
        return out.ascii(doubleText(this.num))
      case FLOAT:
        return out.ascii(floatText(this.num))
      case ENUM: {
        const plan = field.enumPlan!
        if (plan.isNullValue) return out.append(NULL)
        const name = plan.jsonByNumber.get(lo | 0)
        return name === undefined ? writeInteger(out, lo | 0) : out.append(name)
      }
    }
  }

  private writeBytesValue(field: FieldPlan, start: number, end: number, depth: number): void {
    if (field.kind === BYTES) return writeBase64(this.out, this.buf, start, end)
    if (!writeUtf8String(this.out, this.buf, start, end, field.validateUtf8)) {
      throw this.failure('INVALID_UTF8', `string field ${field.name} (${field.number}) holds bytes that are not UTF-8`, depth, field)
    }
  }

  /** Writes a list's elements; returns whether there were any. */
  private writeList(plan: MessagePlan, field: FieldPlan, head: number, depth: number): boolean {
    const out = this.out
    writeByte(out, 91)
    let count = 0
    const kind = field.kind
    for (let k = head; k >= 0; k = this.occNext[k]!) {
      const start = this.occStart[k]!
      const end = this.occEnd[k]!
      if (kind === MESSAGE || kind === GROUP) {
        if (count > 0) writeByte(out, 44)
        this.pathIndex[depth] = count++
        this.writeChild(field.message!, k, false, depth + 1)
      } else if (kind === STRING || kind === BYTES) {
        if (count > 0) writeByte(out, 44)
        this.pathIndex[depth] = count++
        this.writeBytesValue(field, start, end, depth)
      } else {
        // A packed (LEN) run holds any number of values; otherwise the occurrence is one value.
        const packed = this.occWire[k] === LEN
        let pos = start
        let more = !packed || pos < end
        while (more) {
          this.pathIndex[depth] = count
          pos = this.readScalar(kind, pos, end, depth)
          more = packed && pos < end
          if (kind === ENUM && field.enumPlan!.closed && !field.enumPlan!.jsonByNumber.has(this.lo | 0)) {
            // Java and protobuf-es keep a closed enum's unknown numbers as unknown fields.
            if (this.unknownMode !== 'skip') this.unknownField(plan, field.number, VARINT, depth)
            continue
          }
          if (count > 0) writeByte(out, 44)
          count++
          this.writeScalar(field)
        }
      }
    }
    writeByte(out, 93)
    this.pathIndex[depth] = -1
    return count > 0
  }

  /** Writes a map: entries in first-seen order, a repeated key taking its last value. */
  private writeMap(field: FieldPlan, head: number, depth: number): void {
    const out = this.out
    const { key: keyField, value: valueField } = field.map!
    const entries = new Map<string, { start: number; end: number; wire: number }>()
    for (let k = head; k >= 0; k = this.occNext[k]!) {
      const end = this.occEnd[k]!
      let pos = this.occStart[k]!
      let keyStart = -1
      let keyEnd = -1
      let value = { start: -1, end: -1, wire: -1 }
      while (pos < end) {
        pos = this.varint(pos, end, depth)
        if (this.hi !== 0 || this.lo >>> 3 === 0) throw this.failure('INVALID_TAG', `a map entry of ${field.name} holds an invalid field tag`, depth, field)
        const number = this.lo >>> 3
        const wire = this.lo & 7
        const target = number === 1 ? keyField : number === 2 ? valueField : null
        if (target !== null && wire !== target.wireType) {
          throw this.failure(
            'WRONG_WIRE_TYPE',
            `the ${target.name} of a map entry of ${field.name} is ${describeField(target)}, but the bytes hold a ${WIRE_NAMES[wire]} value`,
            depth,
            field,
          )
        }
        let valueStart = pos
        switch (wire) {
          case VARINT:
            pos = this.skipVarint(pos, end, depth)
            break
          case I64:
          case I32:
            pos += wire === I64 ? 8 : 4
            if (pos > end) throw this.truncated(depth, `a map entry of ${field.name} is cut off`)
            break
          case LEN:
            pos = this.varint(pos, end, depth)
            if (this.hi !== 0 || this.lo > end - pos) throw this.truncated(depth, `a map entry of ${field.name} announces more bytes than remain`)
            valueStart = pos
            pos += this.lo
            break
          case SGROUP:
            this.groupEnd(pos, end, number, depth + 1)
            pos = this.groupAfter
            break
          default:
            throw this.failure(wire === EGROUP ? 'UNMATCHED_GROUP' : 'INVALID_WIRE_TYPE', `a map entry of ${field.name} holds wire type ${wire}`, depth, field)
        }
        if (number === 1) {
          keyStart = valueStart
          keyEnd = pos
        } else if (number === 2) value = { start: valueStart, end: pos, wire }
      }
      entries.set(this.mapKeyText(keyField, keyStart, keyEnd, depth, field), value)
    }
    writeByte(out, 123)
    let first = true
    for (const [key, value] of entries) {
      if (!first) writeByte(out, 44)
      first = false
      out.text(JSON.stringify(key))
      writeByte(out, 58)
      this.pathKey[depth] = key
      if (value.start < 0) this.writeMapDefault(valueField, depth)
      else if (valueField.kind === MESSAGE) this.writeChildRange(valueField.message!, value.start, value.end, depth + 1)
      else if (valueField.kind === STRING || valueField.kind === BYTES) this.writeBytesValue(valueField, value.start, value.end, depth)
      else {
        this.readScalar(valueField.kind, value.start, value.end, depth)
        this.writeScalar(valueField)
      }
    }
    writeByte(out, 125)
    this.pathKey[depth] = null
  }

  private mapKeyText(keyField: FieldPlan, start: number, end: number, depth: number, field: FieldPlan): string {
    if (start < 0) return keyField.kind === STRING ? '' : keyField.kind === BOOL ? 'false' : '0'
    if (keyField.kind === STRING) {
      if (keyField.validateUtf8 && !isUtf8(this.buf, start, end)) throw this.failure('INVALID_UTF8', `a key of map ${field.name} is not UTF-8`, depth, field)
      return utf8Text(this.buf, start, end)
    }
    this.readScalar(keyField.kind, start, end, depth)
    const lo = this.lo
    const hi = this.hi
    switch (keyField.kind) {
      case BOOL:
        return lo !== 0 || hi !== 0 ? 'true' : 'false'
      case INT32:
      case SFIXED32:
        return String(lo | 0)
      case SINT32:
        return String((lo >>> 1) ^ -(lo & 1))
      case UINT32:
      case FIXED32:
        return String(lo)
      case UINT64:
      case FIXED64:
        return uint64Text(lo, hi)
      case SINT64: {
        let zlo = ((lo >>> 1) | (hi << 31)) >>> 0
        let zhi = hi >>> 1
        if ((lo & 1) !== 0) {
          zlo = ~zlo >>> 0
          zhi = ~zhi >>> 0
        }
        return int64Text(zlo, zhi)
      }
      default:
        return int64Text(lo, hi)
    }
  }

  private writeMapDefault(valueField: FieldPlan, depth: number): void {
    if (valueField.kind === MESSAGE) this.writeChildRange(valueField.message!, 0, 0, depth + 1)
    else this.writeDefault(valueField)
  }

  /** Writes the default JSON value of a field without presence. */
  private writeDefault(field: FieldPlan): void {
    const out = this.out
    if (field.map !== null) return out.ascii('{}')
    if (field.repeated) return out.ascii('[]')
    switch (field.kind) {
      case STRING:
      case BYTES:
        return out.ascii('""')
      case BOOL:
        return out.append(FALSE)
      case INT64:
      case UINT64:
      case SINT64:
      case FIXED64:
      case SFIXED64:
        return out.ascii('"0"')
      case ENUM: {
        const plan = field.enumPlan!
        if (plan.isNullValue) return out.append(NULL)
        const name = plan.jsonByNumber.get(plan.firstNumber)
        return name === undefined ? writeInteger(out, 0) : out.append(name)
      }
      default:
        return writeInteger(out, 0)
    }
  }

  // ——— well-known types ———

  private writeWellKnown(plan: MessagePlan, base: number, depth: number): void {
    switch (plan.wkt) {
      case WKT_TIMESTAMP:
      case WKT_DURATION:
        return this.writeTime(plan, base, depth)
      case WKT_WRAPPER: {
        const field = plan.fields[0]!
        const head = this.heads[base]!
        if (head < 0) return this.writeDefault(field)
        const last = this.tails[base]!
        if (field.kind === STRING || field.kind === BYTES) return this.writeBytesValue(field, this.occStart[last]!, this.occEnd[last]!, depth)
        this.readScalar(field.kind, this.occStart[last]!, this.occEnd[last]!, depth)
        return this.writeScalar(field)
      }
      case WKT_STRUCT: {
        const field = plan.fields[0]!
        this.pathField[depth] = field
        this.pathIndex[depth] = -1
        this.pathKey[depth] = null
        if (this.heads[base]! < 0) return this.out.ascii('{}')
        return this.writeMap(field, this.heads[base]!, depth)
      }
      case WKT_LIST_VALUE: {
        const field = plan.fields[0]!
        this.pathField[depth] = field
        this.pathIndex[depth] = -1
        this.pathKey[depth] = null
        if (this.heads[base]! < 0) return this.out.ascii('[]')
        this.writeList(plan, field, this.heads[base]!, depth)
        return
      }
      case WKT_VALUE:
        return this.writeValue(plan, base, depth)
      case WKT_ANY:
        return this.writeAny(plan, base, depth)
      case WKT_FIELD_MASK:
        return this.writeFieldMask(plan, base, depth)
    }
  }

  /** The signed 64-bit integer in lo/hi as a number (exact within ±2^53; beyond, only its size matters to the caller). */
  private signed64(): number {
    return (this.hi | 0) * 4294967296 + this.lo
  }

  private lastNumber(plan: MessagePlan, base: number, number: number, depth: number): number {
    const slot = slotOf(plan, number)
    if (slot < 0 || this.heads[base + slot]! < 0) return 0
    const k = this.tails[base + slot]!
    this.varint(this.occStart[k]!, this.occEnd[k]!, depth)
    return number === 1 ? this.signed64() : this.lo | 0
  }

  private writeTime(plan: MessagePlan, base: number, depth: number): void {
    const seconds = this.lastNumber(plan, base, 1, depth)
    const nanos = this.lastNumber(plan, base, 2, depth)
    if (plan.wkt === WKT_TIMESTAMP) {
      if (seconds < TIMESTAMP_MIN_SECONDS || seconds > TIMESTAMP_MAX_SECONDS || nanos < 0 || nanos > 999_999_999) {
        throw this.failure(
          'INVALID_VALUE',
          `Timestamp (seconds ${seconds}, nanos ${nanos}) is outside 0001-01-01T00:00:00Z … 9999-12-31T23:59:59.999999999Z`,
          depth,
          null,
        )
      }
      return writeTimestamp(this.out, seconds, nanos)
    }
    if (Math.abs(seconds) > DURATION_MAX_SECONDS || Math.abs(nanos) > 999_999_999 || (seconds > 0 && nanos < 0) || (seconds < 0 && nanos > 0)) {
      throw this.failure('INVALID_VALUE', `Duration (seconds ${seconds}, nanos ${nanos}) is out of range or its seconds and nanos differ in sign`, depth, null)
    }
    this.out.ascii(durationText(seconds, nanos))
  }

  private writeValue(plan: MessagePlan, base: number, depth: number): void {
    // The kind oneof: the member seen last wins.
    let winner = -1
    let latest = -1
    for (let s = 0; s < plan.fields.length; s++) {
      if (this.heads[base + s]! >= 0 && this.tails[base + s]! > latest) {
        latest = this.tails[base + s]!
        winner = s
      }
    }
    if (winner < 0) throw this.failure('INVALID_VALUE', 'a google.protobuf.Value has no kind set (null, number, string, bool, struct or list)', depth, null)
    const field = plan.fields[winner]!
    this.pathField[depth] = field
    this.pathIndex[depth] = -1
    this.pathKey[depth] = null
    const k = this.tails[base + winner]!
    const start = this.occStart[k]!
    const end = this.occEnd[k]!
    if (field.kind === MESSAGE) {
      const after = this.oneofRival(plan, field, base)
      let from = this.heads[base + winner]!
      while (from <= after) from = this.occNext[from]!
      return this.writeChild(field.message!, from, true, depth + 1)
    }
    if (field.kind === STRING) return this.writeBytesValue(field, start, end, depth)
    this.readScalar(field.kind, start, end, depth)
    if (field.kind === DOUBLE && this.num - this.num !== 0) {
      throw this.failure('INVALID_VALUE', `a google.protobuf.Value holds ${doubleText(this.num)}, which JSON cannot hold as a number`, depth, null)
    }
    if (field.kind === ENUM) return this.out.append(NULL)
    this.writeScalar(field)
  }

  private writeAny(plan: MessagePlan, base: number, depth: number): void {
    const urlSlot = slotOf(plan, 1)
    const valueSlot = slotOf(plan, 2)
    const out = this.out
    const hasUrl = urlSlot >= 0 && this.heads[base + urlSlot]! >= 0
    const hasValue = valueSlot >= 0 && this.heads[base + valueSlot]! >= 0
    if (!hasUrl) {
      if (hasValue && this.occEnd[this.tails[base + valueSlot]!]! > this.occStart[this.tails[base + valueSlot]!]!) {
        throw this.failure('INVALID_VALUE', 'a google.protobuf.Any holds a value but no type URL', depth, null)
      }
      return out.ascii('{}')
    }
    const u = this.tails[base + urlSlot]!
    const url = utf8Text(this.buf, this.occStart[u]!, this.occEnd[u]!)
    const typeName = url.slice(url.lastIndexOf('/') + 1)
    let target: MessagePlan
    try {
      target = this.plans.message(typeName)
    } catch (e) {
      if (!(e instanceof PlanError)) throw e
      throw this.failure('INVALID_VALUE', `a google.protobuf.Any holds a ${JSON.stringify(url)}, a type the schema and its imports do not define`, depth, null)
    }
    let start = 0
    let end = 0
    if (hasValue) {
      const v = this.tails[base + valueSlot]!
      start = this.occStart[v]!
      end = this.occEnd[v]!
    }
    out.ascii('{"@type":')
    out.text(JSON.stringify(url))
    if (target.wkt !== WKT_NONE) {
      out.ascii(',"value":')
      this.writeChildRange(target, start, end, depth + 1)
      writeByte(out, 125)
      return
    }
    if (depth + 1 > this.maxDepth) throw this.failure('NESTING_TOO_DEEP', `messages nested more than ${this.maxDepth} deep`, depth, null)
    this.pathField[depth] = null
    const mark = this.occCount
    const childBase = this.pushFrame(target)
    this.scan(target, start, end, childBase, depth + 1)
    for (const slot of target.requiredSlots) {
      if (this.heads[childBase + slot]! < 0)
        throw this.failure(
          'MISSING_REQUIRED_FIELD',
          `required field ${target.fields[slot]!.name} of ${target.fullName} is missing`,
          depth + 1,
          target.fields[slot]!,
        )
    }
    this.writeFields(target, childBase, depth + 1, false)
    writeByte(out, 125)
    this.frameTop = childBase
    this.occCount = mark
  }

  private writeFieldMask(plan: MessagePlan, base: number, depth: number): void {
    const slot = slotOf(plan, 1)
    const paths: string[] = []
    if (slot >= 0) {
      for (let k = this.heads[base + slot]!; k >= 0; k = this.occNext[k]!) {
        const path = fieldMaskPathToJson(utf8Text(this.buf, this.occStart[k]!, this.occEnd[k]!))
        if (path === null)
          throw this.failure('INVALID_VALUE', 'a google.protobuf.FieldMask path cannot be written in JSON (it is not lower_snake_case)', depth, null)
        paths.push(path)
      }
    }
    this.out.text(JSON.stringify(paths.join(',')))
  }

  // ——— errors ———

  /** The path of the value being written at `depth` (plus `field` when the problem is that field's). */
  path(depth: number, field: FieldPlan | null): string {
    let path = ''
    for (let d = 0; d < depth; d++) {
      const f = this.pathField[d]
      if (f === null || f === undefined) continue
      path += path === '' ? this.nameOf(f) : `.${this.nameOf(f)}`
      const index = this.pathIndex[d]!
      if (index >= 0) path += `[${index}]`
      const key = this.pathKey[d]
      if (key !== null && key !== undefined) path += `[${JSON.stringify(key)}]`
    }
    if (field !== null) path += path === '' ? this.nameOf(field) : `.${this.nameOf(field)}`
    return path === '' ? '$' : path
  }

  private nameOf(field: FieldPlan): string {
    return this.protoNames ? field.name : field.jsonName
  }

  private failure(code: ProtobufDecodeErrorCode, message: string, depth: number, field: FieldPlan | null): DecodeFailure {
    return new DecodeFailure(code, message, this.path(depth, field))
  }
}

function describeField(field: FieldPlan): string {
  if (field.map !== null) return 'a map'
  const kind =
    field.kind === MESSAGE || field.kind === GROUP
      ? `${field.kind === GROUP ? 'group' : 'message'} ${field.messageName}`
      : field.kind === ENUM
        ? `enum ${field.enumPlan!.fullName}`
        : KIND_NAMES[field.kind]!
  return field.repeated ? `a repeated ${kind}` : `a ${kind}`
}
