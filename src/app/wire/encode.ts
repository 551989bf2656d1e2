/**
 * `schemactl encode`: JSON records (JSON lines or one JSON array) → Confluent-framed messages
 * (Avro, JSON Schema or Protobuf, by the schema's type: app/wire/codecs.ts), hex or base64 one per
 * line, or one binary message. The schema comes from a subject version, a global id, or a schema
 * file looked up (or registered) under the subject.
 */
import { frameMessage } from '../../engine/codec/index.js'
import { JsonRecordSplitter, type JsonRecordsOutcome, type JsonRecordText } from '../../engine/codec/index.js'
import { InputError, SchemactlError, UsageError } from '../../errors.js'
import type { SchemaType } from '../../registry/types.js'
import type { RegistrySchema } from '../registry/schema.js'
import { withRegistry, type RegistryContext } from '../registry/session.js'
import { BufferedWriter, closeOutput, openInput, openOutput, type StreamIo } from './stream-io.js'
import { registerOne } from '../register/schema.js'
import { createWireSchemaLoader, readWireSchemaFile, type WireSchema, type WireSchemaLoader } from './codecs.js'
import type { SchemaTarget } from './schema.js'

/** Subject naming strategies (docs/registry-api.md, "Wire format"). */
export type SubjectStrategy = 'topic' | 'record' | 'topic-record'

/** How encoded messages are written. */
export type OutputFormat = 'binary' | 'hex' | 'base64'

/** Options of `encodeRecords`. */
export interface EncodeOptions {
  /** The JSON input file; stdin when undefined or `-`. */
  file?: string
  subject?: string
  topic?: string
  /** With `topic`: the key subject instead of the value subject. */
  key?: boolean
  strategy?: SubjectStrategy
  version?: number | 'latest'
  schemaId?: number
  /** A schema file to encode with (looked up under the subject, or registered with `register`). */
  schema?: string
  /** The type of `schema` (default: PROTOBUF for `.proto`, JSON for an object with `$schema`, else AVRO). */
  schemaType?: SchemaType
  /** Protobuf: the message type to write (full name, or relative to the package); default the schema's first message. */
  message?: string
  register?: boolean
  outputFormat: OutputFormat
  /** Write the messages to this file instead of stdout. */
  output?: string
  /** `schema`: follow symbolic links that leave its folder (see workspace/read-file.ts). */
  followExternalLinks?: boolean
}

/** Result of `encodeRecords`. */
export interface EncodeResult {
  /** Absent when `incompatible`. */
  schemaId?: number
  subject?: string
  version?: number
  /** Whether `register` created or confirmed the registration. */
  registered: boolean
  records: number
  /** `register` refused the schema as incompatible with the subject (a finding: nothing is encoded, exit 1), with the registry's reasons. */
  incompatible?: { subject: string; messages: string[] }
}

/** `schemactl encode`: `encodeRecords` with the registry of `ctx` (opened, used, closed). */
export function encode(ctx: RegistryContext, options: EncodeOptions, io: StreamIo): Promise<EncodeResult> {
  return withRegistry(ctx, (client) => encodeRecords(client, options, io))
}

/** Encodes the records of `options.file` (or stdin) to `io.stdout`. InputError (exit 5) at the first record that does not fit. */
export async function encodeRecords(target: SchemaTarget, options: EncodeOptions, io: StreamIo): Promise<EncodeResult> {
  const chosen = await chooseSchema(target, options)
  if ('incompatible' in chosen) return { subject: chosen.incompatible.subject, registered: false, records: 0, incompatible: chosen.incompatible }
  const created = chosen.wire.encoder({ ...(options.message !== undefined ? { message: options.message } : {}) })
  if (!created.ok) {
    if (options.message !== undefined && chosen.wire.schemaType !== 'PROTOBUF')
      throw new UsageError(`--message applies to Protobuf schemas only; schema id ${chosen.id} is ${chosen.wire.schemaType}`, {
        code: 'MESSAGE_NOT_APPLICABLE',
        hint: 'Drop --message.',
      })
    throw new InputError(`Cannot encode with schema id ${chosen.id}: ${created.message}`, { code: 'UNSUPPORTED_SCHEMA' })
  }
  const encoder = created.encoder
  const input = await openInput(options.file, io)
  const stream = openOutput(options.output, io)
  const out = new BufferedWriter(stream)
  const splitter = new JsonRecordSplitter()
  let binary: Buffer | undefined
  let records = 0

  const encodeOne = async (record: JsonRecordText): Promise<void> => {
    const where = `record ${record.record} (line ${record.line}${options.file && options.file !== '-' ? ` of ${options.file}` : ''})`
    const encoded = encoder.encode(record.text)
    if (!encoded.ok) {
      const { code, path, message, hint } = encoded.error
      if (code === 'INVALID_JSON') throw new InputError(`${where}: ${message}`, { code: 'RECORD_INVALID', data: { record: record.record, line: record.line } })
      const field = path === '$' ? 'the record' : `field ${shortPath(path)}`
      throw new InputError(`${where}: ${field}: ${message}`, {
        code: 'RECORD_INVALID',
        ...(hint !== undefined ? { hint } : {}),
        data: { record: record.record, line: record.line, path },
      })
    }
    const message = frameMessage(chosen.id, encoded.bytes)
    records++
    if (options.outputFormat === 'binary') {
      if (binary !== undefined) {
        throw new UsageError('Binary output holds one message, and the input has more than one record', {
          code: 'BINARY_NEEDS_ONE_RECORD',
          hint: 'Use --output-format hex or base64 (one message per line) for several records.',
        })
      }
      binary = message
      return
    }
    const pending = out.write(message.toString(options.outputFormat) + '\n')
    if (pending) await pending
  }

  try {
    input.setEncoding('utf8')
    for await (const chunk of input as AsyncIterable<string>) {
      for (const record of splitOrThrow(splitter.push(chunk))) await encodeOne(record)
    }
    for (const record of splitOrThrow(splitter.end())) await encodeOne(record)
    if (binary !== undefined) await out.write(binary)
  } finally {
    if (input !== io.stdin) input.destroy()
    await out.flush()
    await closeOutput(stream, io)
  }
  return {
    schemaId: chosen.id,
    ...(chosen.subject ? { subject: chosen.subject } : {}),
    ...(chosen.version ? { version: chosen.version } : {}),
    registered: chosen.registered,
    records,
  }
}

/** A field path fit for a one-line error: a very deep one keeps its start and its end. */
function shortPath(path: string): string {
  return path.length <= 120 ? path : `${path.slice(0, 60)}…${path.slice(-50)}`
}

function splitOrThrow(split: JsonRecordsOutcome): JsonRecordText[] {
  if (split.ok) return split.records
  throw new InputError(`Invalid input: ${split.message}`, {
    code: 'RECORD_INVALID',
    hint: 'Give JSON lines (one record per line) or one JSON array of records.',
  })
}

interface ChosenSchema {
  wire: WireSchema
  id: number
  subject?: string
  version?: number
  registered: boolean
}

/** The schema and id to encode with, from `--schema-id`, `--schema` (looked up or registered) or a subject version. */
async function chooseSchema(target: SchemaTarget, options: EncodeOptions): Promise<ChosenSchema | { incompatible: { subject: string; messages: string[] } }> {
  if (options.schemaId !== undefined) {
    if (options.schema !== undefined || options.register || options.version !== undefined) {
      throw new UsageError('--schema-id cannot be combined with --schema, --register or --version', { hint: 'The id alone names the schema.' })
    }
    const fetched = await target.getSchemaById(options.schemaId)
    return { wire: await requireWireSchema(createWireSchemaLoader(target), fetched, `schema id ${options.schemaId}`), id: options.schemaId, registered: false }
  }
  if (options.schema !== undefined) {
    if (options.version !== undefined) throw new UsageError('--version cannot be combined with --schema', { hint: 'The schema file names the version.' })
    const file = await readWireSchemaFile(options.schema, options)
    const subject = deriveSubject(options, file.wire)
    // AVRO is the registry's default: left out of the request as `register` leaves it out.
    const payload = file.payload.schemaType === 'AVRO' ? { schema: file.payload.schema } : file.payload
    if (options.register) {
      // As `register` does it: lookup first, so an existing schema needs no write (a READONLY subject still encodes).
      const outcome = await registerOne(target, subject, options.schema, payload, {})
      if (outcome.status === 'incompatible') return { incompatible: { subject, messages: outcome.messages ?? [] } }
      return { wire: file.wire, id: outcome.id!, subject, ...(outcome.version ? { version: outcome.version } : {}), registered: true }
    }
    try {
      const found = await target.lookup(subject, payload)
      return { wire: file.wire, id: found.id, subject, version: found.version, registered: false }
    } catch (err) {
      if (err instanceof SchemactlError && (err.code === 'SCHEMA_NOT_FOUND' || err.code === 'SUBJECT_NOT_FOUND')) {
        throw new InputError(`${options.schema} is not registered under ${subject}`, {
          code: 'SCHEMA_NOT_REGISTERED',
          hint: 'Pass --register to register it first.',
        })
      }
      throw err
    }
  }
  if (options.register) throw new UsageError('--register needs --schema <file>', { hint: 'Name the schema file to register.' })
  const subject = deriveSubject(options, undefined)
  const found = await target.getVersion(subject, options.version ?? 'latest')
  return {
    wire: await requireWireSchema(createWireSchemaLoader(target), found, `${subject} version ${found.version}`),
    id: found.id,
    subject,
    version: found.version,
    registered: false,
  }
}

/** A registry schema as a `WireSchema`; InputError (exit 5) when it cannot be used. */
async function requireWireSchema(load: WireSchemaLoader, fetched: RegistrySchema, what: string): Promise<WireSchema> {
  const loaded = await load(fetched, what)
  if (!loaded.ok) throw new InputError(loaded.error, { code: loaded.code })
  return loaded.wire
}

/**
 * The subject: `--subject`, or from `--topic` by the strategy — TopicNameStrategy `<topic>-key|value`,
 * RecordNameStrategy `<record full name>`, TopicRecordNameStrategy `<topic>-<record full name>`
 * (the record is Avro's named type, Protobuf's message type, JSON Schema's `title`).
 */
export function deriveSubject(options: Pick<EncodeOptions, 'subject' | 'topic' | 'key' | 'strategy' | 'message'>, schema: WireSchema | undefined): string {
  if (options.subject !== undefined) return options.subject
  const strategy = options.strategy ?? 'topic'
  if (strategy === 'topic') {
    if (options.topic === undefined)
      throw new UsageError('Encode needs --subject or --topic', {
        code: 'SUBJECT_REQUIRED',
        hint: 'Pass --subject <s>, or --topic <t> (subject <t>-value, or <t>-key with --key).',
      })
    return `${options.topic}-${options.key ? 'key' : 'value'}`
  }
  const name = schema?.recordName(options.message !== undefined ? { message: options.message } : {})
  if (name === undefined) {
    throw new UsageError(`--strategy ${strategy} needs --schema <file> with a named type (Avro), a message (Protobuf) or a title (JSON Schema)`, {
      code: 'SUBJECT_REQUIRED',
      hint: 'The subject is the record name: pass the schema file, or --subject.',
    })
  }
  if (strategy === 'record') return name
  if (options.topic === undefined) throw new UsageError('--strategy topic-record needs --topic', { code: 'SUBJECT_REQUIRED' })
  return `${options.topic}-${name}`
}
