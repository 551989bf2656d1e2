/**
 * `schemactl decode`: framed messages (hex or base64 lines, length-prefixed binary, or one binary
 * message) → JSON lines, each schema id fetched once and decoded by its type's codec
 * (app/wire/codecs.ts); Avro optionally resolved to a reader schema. A message that cannot be
 * decoded is reported and the others still are (unless `failFast`).
 */
import { extname } from 'node:path'
import { ByteSink, readFrame, readPrefixedMessage } from '../../engine/codec/index.js'
import { readMessageLine, readPlainHex, type MessageTextFormat } from '../../engine/codec/index.js'
import type { Incompatibility, ParsedSchema } from '../../engine/index.js'
import { InputError, SchemactlError, UsageError } from '../../errors.js'
import { RegistryError } from '../../registry/errors.js'
import { withRegistry, type RegistryContext } from '../registry/session.js'
import { BufferedWriter, openInput, readAll, readLineChunks, type StreamIo } from './stream-io.js'
import { createRegistrySchemaParser, requireRegistrySchema, type RegistrySchema, type RegistrySchemaParser } from '../registry/schema.js'
import { createWireSchemaLoader, detectSchemaType, type WireDecoder, type WireSchemaLoader } from './codecs.js'
import { parseSubjectVersion, readerNotApplicable, readSchemaFile, type SchemaSource } from './schema.js'

/** How messages are written in the input: `binary` is one message, `binary-lp` 4-byte big-endian length-prefixed messages. */
export type InputFormat = 'binary' | 'binary-lp' | MessageTextFormat

/** Options of `decodeMessages`. */
export interface DecodeOptions {
  /** The input file; stdin when undefined or `-`. */
  file?: string
  inputFormat: InputFormat
  /** A file holding the reader schema. */
  readerSchema?: string
  /** `<subject>@<version|latest>`: the reader schema from the registry. */
  readerSubject?: string
  /** Print unions wrapped (the full Avro JSON encoding, as kafka-avro-console-consumer does). */
  avroJson?: boolean
  /** Stop at the first message that fails. */
  failFast?: boolean
  /** Write `{"message":n,"schemaId":id,"value":…}` / `{"message":n,"error":{…}}` lines instead of bare values. */
  jsonLines?: boolean
  /** Called for each failed message as it happens (the command prints it). */
  onError?: (error: MessageError) => void
  /** `readerSchema`: follow symbolic links that leave its folder (see workspace/read-file.ts). */
  followExternalLinks?: boolean
}

/** Why one message could not be decoded. */
export interface MessageError {
  /** 1-based number of the message in the input (skipped status lines not counted). */
  message: number
  /** 1-based input line (text formats). */
  line?: number
  schemaId?: number
  code: string
  error: string
  /** For INCOMPATIBLE_READER: the engine's findings. */
  incompatibilities?: Incompatibility[]
}

/** Result of `decodeMessages`. */
export interface DecodeResult {
  messages: number
  decoded: number
  /** Records without a value (printed as `null`): neither decoded nor failed. */
  tombstones: number
  failed: number
  /** Schema ids met, in order of first use. */
  schemaIds: number[]
  /** The reader schema in use, if any (`file` or `subject@version` with its id). */
  reader?: string
  /** The first 100 failures (all of them are passed to `onError`). */
  errors: MessageError[]
  /** Whether `failFast` stopped the run early. */
  stopped: boolean
}

const KEPT_ERRORS = 100

type CacheEntry = { decoder: WireDecoder } | { code: string; error: string; incompatibilities?: Incompatibility[] }

/** `schemactl decode`: `decodeMessages` with the registry of `ctx` (opened, used, closed). */
export function decode(ctx: RegistryContext, options: DecodeOptions, io: StreamIo): Promise<DecodeResult> {
  return withRegistry(ctx, (client) => decodeMessages(client, options, io))
}

/** Decodes the framed messages of `options.file` (or stdin) to JSON lines on `io.stdout`, fetching schemas from `source`. */
export async function decodeMessages(source: SchemaSource, options: DecodeOptions, io: StreamIo): Promise<DecodeResult> {
  const parseFetched = createRegistrySchemaParser(source)
  const loadWire = createWireSchemaLoader(source)
  const reader = await loadReader(source, parseFetched, options)
  const input = await openInput(options.file, io)
  const out = new BufferedWriter(io.stdout)
  // All output is gathered as UTF-8 bytes (decoders write JSON straight into it), sent in ~64 KiB batches.
  const sink = new ByteSink()
  const send = (): Promise<void> | undefined => {
    const bytes = sink.take()
    return out.write(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length))
  }
  const emit = (text?: string): Promise<void> | undefined => {
    if (text !== undefined) sink.text(text)
    return sink.length >= 65536 ? send() : undefined
  }
  const cache = new Map<number, CacheEntry>()
  const result: DecodeResult = {
    messages: 0,
    decoded: 0,
    tombstones: 0,
    failed: 0,
    schemaIds: [],
    errors: [],
    stopped: false,
    ...(reader ? { reader: reader.label } : {}),
  }

  const load = async (id: number): Promise<CacheEntry> => {
    const entry = await loadDecoder(source, loadWire, id, reader?.schema, options.avroJson === true)
    cache.set(id, entry)
    result.schemaIds.push(id)
    return entry
  }

  const fail = (error: MessageError): undefined => {
    result.failed++
    if (result.errors.length < KEPT_ERRORS) result.errors.push(error)
    options.onError?.(error)
    if (options.jsonLines) {
      const { message, code, error: text, incompatibilities } = error
      // Never rejects (see BufferedWriter); a run of errors has no output to wait for.
      void emit(`{"message":${message},"error":${JSON.stringify({ code, message: text, ...(incompatibilities ? { incompatibilities } : {}) })}}\n`)
    }
    if (options.failFast) result.stopped = true
    return undefined
  }

  // kafka-avro-console-consumer prints a record without a value as null too.
  const tombstone = (n: number): Promise<void> | undefined => {
    result.tombstones++
    return emit(options.jsonLines ? `{"message":${n},"tombstone":true,"value":null}\n` : 'null\n')
  }

  /**
   * Decodes `bytes[0..length)` as message number `n`. Synchronous unless the schema id is new or
   * the output must drain: then it returns the promise to await (no promise per message).
   */
  const decodeOne = (bytes: Buffer, length: number, n: number, line: number | undefined): Promise<void> | undefined => {
    const frame = readFrame(bytes, length)
    if (!frame.ok) return fail({ message: n, line, code: frame.error.code, error: frame.error.message })
    const id = frame.schemaId
    const entry = cache.get(id)
    if (entry === undefined) return load(id).then(() => decodeOne(bytes, length, n, line))
    if (!('decoder' in entry)) return fail({ message: n, line, schemaId: id, code: entry.code, error: entry.error, incompatibilities: entry.incompatibilities })
    const mark = sink.length
    if (options.jsonLines) sink.ascii(`{"message":${n},"schemaId":${id},"value":`)
    const outcome = entry.decoder.decodeJson(bytes, frame.payloadOffset, length, sink)
    if (!outcome.ok) {
      sink.length = mark
      return fail({ message: n, line, schemaId: id, code: outcome.error.code, error: outcome.error.message })
    }
    result.decoded++
    if (options.jsonLines) sink.byte(125) // }
    sink.byte(10)
    return emit()
  }

  try {
    if (options.inputFormat === 'binary') {
      const bytes = await readAll(input)
      await decodeOne(bytes, bytes.length, ++result.messages, undefined)
    } else if (options.inputFormat === 'binary-lp') {
      // Chunks of a message not yet complete, joined once it is (joining each chunk as it comes
      // would copy a large message over and over: quadratic in its length).
      let pending: Buffer[] = []
      let pendingLength = 0
      let needs = 0 // bytes the first pending message needs
      let offset = 0 // of the pending bytes in the input, for errors
      outer: for await (const chunk of input as AsyncIterable<Buffer>) {
        pending.push(chunk)
        pendingLength += chunk.length
        if (pendingLength < needs) continue
        const bytes = pending.length === 1 ? pending[0] : Buffer.concat(pending, pendingLength)
        let pos = 0
        for (;;) {
          const next = readPrefixedMessage(bytes, pos)
          if (next.kind === 'incomplete') {
            needs = next.needs
            break
          }
          if (next.kind === 'error')
            throw new InputError(`message ${result.messages + 1} at byte ${offset + pos}: ${next.message}`, { code: 'INVALID_LENGTH_PREFIX' })
          const n = ++result.messages
          const written = next.kind === 'tombstone' ? tombstone(n) : decodeOne(bytes.subarray(next.start, next.end), next.end - next.start, n, undefined)
          if (written) await written
          pos = next.end
          if (result.stopped || out.closed) break outer
        }
        pending = pos < bytes.length ? [bytes.subarray(pos)] : []
        pendingLength = bytes.length - pos
        offset += pos
      }
      if (pendingLength > 0 && !result.stopped && !out.closed) {
        fail({
          message: ++result.messages,
          code: 'TRUNCATED_INPUT',
          error: `the input ends inside this message: ${pendingLength} of its bytes (with the length prefix) are there`,
        })
      }
    } else {
      const format = options.inputFormat
      let scratch = Buffer.allocUnsafe(64 * 1024)
      let lineNumber = 0
      outer: for await (const chunk of readLineChunks(input)) {
        let start = 0
        while (start < chunk.length) {
          const newline = chunk.indexOf(10, start)
          const end = newline < 0 ? chunk.length : newline
          lineNumber++
          // A line decodes to fewer bytes than it has characters.
          if (end - start > scratch.length) scratch = Buffer.allocUnsafe(2 * (end - start))
          const length = format === 'hex' ? readPlainHex(chunk, start, end, scratch) : -1
          let pending: Promise<void> | undefined
          if (length >= 0) pending = decodeOne(scratch, length, ++result.messages, lineNumber)
          else {
            const read = readMessageLine(chunk.toString('latin1', start, end), format, scratch)
            if (read.kind === 'error') fail({ message: ++result.messages, line: lineNumber, code: 'INVALID_TEXT', error: read.message })
            else if (read.kind === 'tombstone') pending = tombstone(++result.messages)
            else if (read.kind === 'message') pending = decodeOne(scratch, read.length, ++result.messages, lineNumber)
          }
          if (pending) await pending
          if (result.stopped || out.closed) break outer
          start = end + 1
        }
      }
    }
  } finally {
    if (result.stopped || input !== io.stdin) input.destroy()
    if (sink.length > 0) await send()
    await out.flush()
  }
  return result
}

/** Fetches, parses and compiles the schema `id` (once): a decoder, or the per-message error every message with this id gets. */
async function loadDecoder(
  source: SchemaSource,
  loadWire: WireSchemaLoader,
  id: number,
  reader: ParsedSchema | undefined,
  avroJson: boolean,
): Promise<CacheEntry> {
  let fetched: RegistrySchema
  try {
    fetched = await source.getSchemaById(id)
  } catch (err) {
    if (err instanceof SchemactlError && err.code === 'SCHEMA_NOT_FOUND') return { code: 'UNKNOWN_SCHEMA_ID', error: `schema id ${id} is not in the registry` }
    if (isRefusedId(err)) return { code: 'UNKNOWN_SCHEMA_ID', error: `the registry cannot give schema id ${id}: ${err.message}` }
    throw err
  }
  const loaded = await loadWire(fetched, `schema id ${id}`)
  if (!loaded.ok) return loaded
  const created = loaded.wire.decoder({ ...(reader !== undefined ? { reader } : {}), avroJson })
  if (!created.ok)
    return {
      code: created.code,
      error: `schema id ${id}: ${created.error}`,
      ...(created.incompatibilities ? { incompatibilities: created.incompatibilities } : {}),
    }
  return { decoder: created.decoder }
}

/**
 * Whether a failed fetch of one id says that id cannot be had: any 4xx but auth (401, 403, 407)
 * and throttling (429), which would fail every id alike and so stop the run (exit 4).
 */
function isRefusedId(err: unknown): err is RegistryError {
  const status = err instanceof RegistryError ? err.status : undefined
  return status !== undefined && status >= 400 && status < 500 && ![401, 403, 407, 429].includes(status)
}

/** The reader schema from `--reader-schema` or `--reader-subject`, parsed; InputError when invalid. */
async function loadReader(
  source: SchemaSource,
  parseFetched: RegistrySchemaParser,
  options: DecodeOptions,
): Promise<{ schema: ParsedSchema; label: string } | undefined> {
  if (options.readerSchema !== undefined && options.readerSubject !== undefined) {
    throw new UsageError('--reader-schema and --reader-subject are exclusive', { hint: 'Pass one reader schema.' })
  }
  if (options.readerSchema !== undefined) {
    const type = extname(options.readerSchema) === '.proto' ? 'PROTOBUF' : await detectSchemaType(options.readerSchema, options)
    if (type !== 'AVRO') throw readerNotApplicable(type === 'JSON' ? 'JSON Schema' : 'Protobuf')
    return { schema: await readSchemaFile(options.readerSchema, 'reader schema', options), label: options.readerSchema }
  }
  if (options.readerSubject !== undefined) {
    const { subject, version } = parseSubjectVersion(options.readerSubject)
    const found = await source.getVersion(subject, version)
    if ((found.schemaType ?? 'AVRO') !== 'AVRO') throw readerNotApplicable(found.schemaType === 'JSON' ? 'JSON Schema' : 'Protobuf')
    return {
      schema: await requireRegistrySchema(parseFetched, found, `reader schema ${subject}@${found.version}`),
      label: `${subject}@${found.version} (id ${found.id})`,
    }
  }
  return undefined
}
