/**
 * The decode hot path: an Avro binary datum written straight out as JSON bytes, walking the
 * avsc type once compiled into one small function per schema node. No JS value, no JS string of
 * ASCII text and no JSON.stringify per message; what it cannot do plainly (non-ASCII or escaped
 * strings, bytes, decimals, doubles) goes through the same JS conversions as the avsc path.
 * The output is byte for byte what `DatumDecoder.toJson` prints for the avsc value. Anything odd
 * (truncation, a bad index or count) throws, and the caller decodes the message with avsc instead,
 * which names the problem.
 */
import { takesNoBytes, tooManyEmptyItems, type AvscNode } from './avsc-types.js'
import { formatDecimal, fromTwosComplement } from './logical-values.js'
import { writeInteger, type ByteSink } from './byte-sink.js'
import { readInt, readLong } from './varint.js'

const encoder = new TextEncoder()
const decoder = new TextDecoder()

/** Where the transcoder reads: the datum is `buf[pos..end)`. */
export interface Reader {
  buf: Uint8Array
  pos: number
  end: number
  /** Array items that take no bytes still allowed in this datum (avsc-types.ts `emptyItemsBudget`). */
  emptyItemsLeft: number
}

/** Writes the JSON of the datum at `r` into `out`. */
export type Transcode = (r: Reader, out: ByteSink) => void

/**
 * The transcoder of datums of the avsc type `node` into `out`, or undefined when a type has no
 * fast path here. It reads `r.buf` from `r.pos` and leaves `r.pos` after the datum; it throws
 * (or leaves `r.pos` past the datum's end) on data that is not a valid datum.
 */
export function createTranscoder(node: AvscNode): Transcode | undefined {
  try {
    return transcoderOf(node, new Map())
  } catch {
    return undefined
  }
}

const bytesOf = (text: string): Uint8Array => encoder.encode(text)
const NULL = bytesOf('null')
const TRUE = bytesOf('true')
const FALSE = bytesOf('false')
const QUOTE = 34
const f32 = new Float32Array(1)
const f64 = new Float64Array(1)
const f32Bytes = new Uint8Array(f32.buffer)
const f64Bytes = new Uint8Array(f64.buffer)
// Avro writes floats little-endian; typed arrays use the machine's order.
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1

function transcoderOf(node: AvscNode, made: Map<AvscNode, { run: Transcode }>): Transcode {
  switch (node.typeName) {
    case 'null':
      return (_r, out) => out.append(NULL)
    case 'boolean':
      return (r, out) => out.append(r.buf[r.pos++] ? TRUE : FALSE)
    case 'int':
      return (r, out) => writeInteger(out, readInt(r))
    case 'long':
      return (r, out) => writeInteger(out, readLong(r))
    case 'float':
      return writeFloat
    case 'double':
      return writeDouble
    case 'string':
      return writeString
    case 'bytes':
      return (r, out) => {
        const length = readLength(r)
        out.text(JSON.stringify(latin1(r, length)))
      }
    case 'fixed': {
      const size = node.size!
      return (r, out) => out.text(JSON.stringify(latin1(r, size)))
    }
    case 'enum': {
      const symbols = node.symbols!.map((s) => bytesOf(JSON.stringify(s)))
      return (r, out) => out.append(symbols[readIndex(r, symbols.length)])
    }
    case 'logical:decimal': {
      const size = node.underlyingType!.typeName === 'fixed' ? node.underlyingType!.size! : undefined
      const scale = node.scale!
      return (r, out) => {
        const length = size ?? readLength(r)
        const from = r.pos
        r.pos += length
        if (r.pos > r.end) throw new RangeError('past the data')
        out.ascii(`"${formatDecimal(fromTwosComplement(r.buf.subarray(from, r.pos)), scale)}"`)
      }
    }
    case 'array': {
      const items = memo(node.itemsType!, made)
      const empty = takesNoBytes(node.itemsType!)
      return (r, out) => {
        out.append(OPEN_ARRAY)
        let first = true
        for (let n = readBlockCount(r, empty); n > 0; n = readBlockCount(r, empty)) {
          while (n--) {
            if (!first) out.append(COMMA)
            first = false
            items.run(r, out)
          }
        }
        out.append(CLOSE_ARRAY)
      }
    }
    case 'map': {
      const values = memo(node.valuesType!, made)
      return (r, out) => {
        out.append(OPEN_OBJECT)
        let first = true
        for (let n = readBlockCount(r, false); n > 0; n = readBlockCount(r, false)) {
          while (n--) {
            if (!first) out.append(COMMA)
            first = false
            writeString(r, out)
            out.append(COLON)
            values.run(r, out)
          }
        }
        out.append(CLOSE_OBJECT)
      }
    }
    case 'record':
    case 'error':
      return recordTranscoder(node, made)
    case 'union:wrapped':
    case 'union:unwrapped': {
      const wrapped = node.typeName === 'union:wrapped'
      const branches = node.types!.map((branch) => ({
        isNull: branch.typeName === 'null',
        key: wrapped ? bytesOf(`{${JSON.stringify(branch.branchName ?? branch.typeName)}:`) : undefined,
        run: memo(branch, made),
      }))
      return (r, out) => {
        const branch = branches[readIndex(r, branches.length)]
        if (branch.isNull) return out.append(NULL)
        if (branch.key === undefined) return branch.run.run(r, out)
        out.append(branch.key)
        branch.run.run(r, out)
        out.append(CLOSE_OBJECT)
      }
    }
    default:
      throw new Error(`no fast path for ${node.typeName}`)
  }
}

const OPEN_ARRAY = bytesOf('[')
const CLOSE_ARRAY = bytesOf(']')
const OPEN_OBJECT = bytesOf('{')
const CLOSE_OBJECT = bytesOf('}')
const COMMA = bytesOf(',')
const COLON = bytesOf(':')

/** The transcoder of `node`, made once; a record is registered before its fields are made, so a recursive one finds itself. */
function memo(node: AvscNode, made: Map<AvscNode, { run: Transcode }>): { run: Transcode } {
  const known = made.get(node)
  if (known !== undefined) return known
  const holder = { run: transcoderOf(node, made) }
  made.set(node, holder)
  return holder
}

function recordTranscoder(node: AvscNode, made: Map<AvscNode, { run: Transcode }>): Transcode {
  // Registered before the fields are made: a field may be this record again.
  const holder: { run: Transcode } = { run: () => undefined }
  made.set(node, holder)
  const fields = node.fields!.map((field, i) => ({
    key: bytesOf(`${i === 0 ? '{' : ','}${JSON.stringify(field.name)}:`),
    ...fieldKind(field.type),
    value: memo(field.type, made),
  }))
  const empty = bytesOf('{}')
  const run: Transcode =
    fields.length === 0
      ? (_r, out) => out.append(empty)
      : (r, out) => {
          for (const field of fields) {
            out.append(field.key)
            if (field.kind === Kind.other) field.value.run(r, out)
            else if (field.nullIndex >= 0 && readIndex(r, 2) === field.nullIndex) out.append(NULL)
            else writeKind(field.kind, r, out)
          }
          out.append(CLOSE_OBJECT)
        }
  holder.run = run
  return run
}

/**
 * Fields of a primitive type, or of a plain optional one (`["null", X]` unwrapped), are written
 * by `writeKind` in the record's own loop: calling each field's function from one call site
 * keeps V8 from inlining any of them.
 */
const Kind = { other: 0, int: 1, long: 2, string: 3, double: 4, float: 5, boolean: 6 } as const
type Kind = (typeof Kind)[keyof typeof Kind]

function fieldKind(node: AvscNode): { kind: Kind; nullIndex: number } {
  const types = node.types
  if (node.typeName === 'union:unwrapped' && types!.length === 2) {
    const nullIndex = types!.findIndex((t) => t.typeName === 'null')
    const kind = nullIndex < 0 ? Kind.other : primitiveKind(types![1 - nullIndex])
    return kind === Kind.other ? { kind, nullIndex: -1 } : { kind, nullIndex }
  }
  return { kind: primitiveKind(node), nullIndex: -1 }
}

function primitiveKind(node: AvscNode): Kind {
  switch (node.typeName) {
    case 'int':
      return Kind.int
    case 'long':
      return Kind.long
    case 'string':
      return Kind.string
    case 'double':
      return Kind.double
    case 'float':
      return Kind.float
    case 'boolean':
      return Kind.boolean
    default:
      return Kind.other
  }
}

function writeKind(kind: Kind, r: Reader, out: ByteSink): void {
  switch (kind) {
    case Kind.int:
      return writeInteger(out, readInt(r))
    case Kind.long:
      return writeInteger(out, readLong(r))
    case Kind.string:
      return writeString(r, out)
    case Kind.double:
      return writeDouble(r, out)
    case Kind.float:
      return writeFloat(r, out)
    case Kind.boolean:
      return out.append(r.buf[r.pos++] ? TRUE : FALSE)
  }
}

function writeDouble(r: Reader, out: ByteSink): void {
  for (let i = 0; i < 8; i++) f64Bytes[LITTLE_ENDIAN ? i : 7 - i] = r.buf[r.pos++]
  writeNumber(f64[0], out)
}

function writeFloat(r: Reader, out: ByteSink): void {
  for (let i = 0; i < 4; i++) f32Bytes[LITTLE_ENDIAN ? i : 3 - i] = r.buf[r.pos++]
  writeNumber(f32[0], out)
}

/** A length (string, bytes): refused when negative or past the data. */
function readLength(r: Reader): number {
  const n = readLong(r)
  if (typeof n !== 'number' || n < 0 || r.pos + n > r.end) throw new RangeError('bad length')
  return n
}

/** A union branch or enum symbol index below `count`. */
function readIndex(r: Reader, count: number): number {
  const n = readLong(r)
  if (typeof n !== 'number' || n < 0 || n >= count) throw new RangeError('bad index')
  return n
}

/**
 * An array or map block count; a count the bytes left cannot hold (or, for items that take no
 * bytes, the datum's budget) is left to the avsc path to report.
 */
function readBlockCount(r: Reader, takesNoBytes: boolean): number {
  let n = readLong(r)
  if (typeof n !== 'number') throw new RangeError('bad block count')
  if (n < 0) {
    n = -n
    readLong(r) // the block's byte size
  }
  if (takesNoBytes) {
    if (n > r.emptyItemsLeft) throw tooManyEmptyItems(n)
    r.emptyItemsLeft -= n
  } else if (n > r.end - r.pos) throw new RangeError('bad block count')
  return n
}

/** A double or float as JSON.stringify writes it, NaN and infinities as strings (as avsc-types.ts decodes them). */
function writeNumber(n: number, out: ByteSink): void {
  if (Number.isInteger(n) && !Object.is(n, -0)) return writeInteger(out, n)
  out.ascii(n - n === 0 ? String(n) : `"${String(n)}"`)
}

/** A string: its UTF-8 bytes copied as they are when plain ASCII needing no escape, else through JSON.stringify. */
function writeString(r: Reader, out: ByteSink): void {
  const length = readLength(r)
  const buf = r.buf
  const start = r.pos
  const end = start + length
  r.pos = end
  for (let i = start; i < end; i++) {
    const c = buf[i]
    if (c < 0x20 || c > 0x7e || c === QUOTE || c === 92) return out.text(JSON.stringify(decoder.decode(buf.subarray(start, end))))
  }
  out.reserve(length + 2)
  out.buf[out.length++] = QUOTE
  out.append(buf, start, end)
  out.buf[out.length++] = QUOTE
}

/** The next `length` bytes as a string of code points 0–255 (Avro JSON encoding). */
function latin1(r: Reader, length: number): string {
  const start = r.pos
  r.pos += length
  if (r.pos > r.end) throw new RangeError('past the data')
  return Buffer.from(r.buf.buffer, r.buf.byteOffset + start, length).toString('latin1')
}
