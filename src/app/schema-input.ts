import { readFile } from 'node:fs/promises'
import { basename, dirname, extname } from 'node:path'
import { readJsonText } from '../engine/schema/locate.js'
import { InputError, UsageError } from '../errors.js'
import type { SchemaReference, SchemaType } from '../registry/types.js'

/** A schema read from a file or stdin, ready to send to a registry. */
export interface SchemaInput {
  /** The path given, or `-` for stdin. */
  file: string
  /** What is sent: compact JSON for Avro/JSON Schema (comments removed), the text as is for Protobuf. */
  schema: string
  schemaType: SchemaType
  /** The subject the workspace layout implies (`orders-value.avsc`, `orders-value/3.avsc`), if any. */
  subjectFromPath?: string
}

const TYPES: Record<string, SchemaType> = { AVRO: 'AVRO', JSON: 'JSON', PROTOBUF: 'PROTOBUF' }

/** Parses `--schema-type` (case-insensitive); throws UsageError (exit 2) for other names. */
export function parseSchemaType(value: string | undefined): SchemaType | undefined {
  if (value === undefined) return undefined
  const t = TYPES[value.toUpperCase()]
  if (t === undefined) throw new UsageError(`'${value}' is not a schema type`, { code: 'INVALID_SCHEMA_TYPE', hint: 'Use AVRO, JSON or PROTOBUF.' })
  return t
}

/**
 * Reads a schema from `file` (`-` = stdin). The type is `schemaType`, else `.proto` → PROTOBUF,
 * else AVRO. JSON is checked here so a syntax error names file:line:col (InputError, exit 5).
 * Stdin that is a terminal is refused (UsageError, exit 2), as `decode` and `encode` refuse it:
 * nothing was piped, and waiting for typing would look like a hang.
 */
export async function readSchemaInput(file: string, options: { schemaType?: SchemaType; stdin?: NodeJS.ReadableStream & { isTTY?: boolean } } = {}): Promise<SchemaInput> {
  const stdin = options.stdin ?? process.stdin
  if (file === '-' && stdin.isTTY === true) {
    throw new UsageError('No schema on stdin: `-` reads the schema from stdin, and stdin is a terminal', {
      code: 'INPUT_REQUIRED',
      hint: 'Pipe the schema in (cat order.avsc | schemactl …) or give the file instead of -.',
    })
  }
  let text: string
  try {
    text = file === '-' ? await readStream(stdin) : await readFile(file, 'utf8')
  } catch (err) {
    throw new InputError(`Cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, { code: 'INPUT_UNREADABLE' })
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
  const schemaType = options.schemaType ?? (extname(file) === '.proto' ? 'PROTOBUF' : 'AVRO')
  const schema = schemaType === 'PROTOBUF' ? text : JSON.stringify(parseJson(text, file === '-' ? '<stdin>' : file))
  if (schema.trim() === '') throw new InputError(`${file} is empty`, { code: 'INPUT_INVALID' })
  return { file, schema, schemaType, ...(file === '-' ? {} : { subjectFromPath: subjectFromPath(file) }) }
}

/**
 * Parses `--references`: a JSON array of `{name, subject, version}`, inline or as a file path.
 * Throws UsageError (exit 2) when it is not such an array.
 */
export async function parseReferencesFlag(value: string | undefined): Promise<SchemaReference[] | undefined> {
  if (value === undefined) return undefined
  const text = value.trim().startsWith('[') ? value : await readFile(value, 'utf8').catch(() => {
    throw new UsageError(`--references is neither a JSON array nor a readable file: ${value}`, { code: 'INVALID_REFERENCES' })
  })
  let refs: unknown
  try {
    refs = JSON.parse(text)
  } catch {
    refs = undefined
  }
  const valid =
    Array.isArray(refs) &&
    refs.every((r) => r && typeof r.name === 'string' && typeof r.subject === 'string' && Number.isInteger(r.version))
  if (!valid) throw new UsageError('--references must be a JSON array of {"name", "subject", "version"}', { code: 'INVALID_REFERENCES' })
  return refs as SchemaReference[]
}

function subjectFromPath(file: string): string | undefined {
  const name = basename(file, extname(file))
  // `subject/3.avsc` is version 3 of the folder's subject (workspace layout).
  const raw = /^[1-9]\d*$/.test(name) ? basename(dirname(file)) : name
  if (raw === '' || raw === '.' || raw === '..') return undefined
  try {
    return decodeURIComponent(raw)
  } catch {
    return raw
  }
}

function parseJson(text: string, where: string): unknown {
  const json = readJsonText(text)
  if (!json.ok) throw new InputError(`${where}:${json.position.line}:${json.position.column}: ${json.message}`, { code: 'INPUT_INVALID' })
  return json.value
}

async function readStream(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk)
  return Buffer.concat(chunks).toString('utf8')
}

/**
 * Turns the registry's "invalid schema" reply (42201) into an InputError (exit 5) naming the file,
 * since the fix is in the file, not the registry; other errors pass through.
 */
export function invalidSchemaAsInput(err: unknown, file: string): unknown {
  const e = err as { code?: string; details?: { registryMessage?: string } }
  if (e?.code !== 'INVALID_SCHEMA') return err
  return new InputError(`${file}: the registry rejected the schema: ${e.details?.registryMessage ?? 'invalid schema'}`, { code: 'INVALID_SCHEMA', cause: err })
}
