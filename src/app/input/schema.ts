import { lstatSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { basename, dirname, extname, relative, resolve, sep } from 'node:path'
import { readJsonText } from '../../engine/schema/index.js'
import { InputError, UsageError } from '../../errors.js'
import type { SchemaReference, SchemaType } from '../../registry/types.js'
import type { FileProblem } from '../../workspace/findings.js'
import { workspaceRootOf } from '../../workspace/layout.js'
import { decodeText, readSchemaFile, workspaceFileReader, type ReadOptions, type ReadResult } from '../../workspace/read-file.js'
import { jsonFileType } from '../../workspace/linked-schemas.js'
import { loadSchemaFile, loadTypedSchemaFile, schemaFileError } from '../../workspace/schema-file.js'
import { parseFileAlone } from '../../workspace/workspace.js'

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

/** Options of `readSchemaInput`. */
export interface SchemaInputOptions extends ReadOptions {
  schemaType?: SchemaType
  /** Where `-` reads from (default: the process's stdin). */
  stdin?: NodeJS.ReadableStream & { isTTY?: boolean }
  /** Names the schema uses may come from registry references given by hand (`--references`): the registry judges them. */
  namesFromReferences?: boolean
}

/**
 * Reads a schema from `file` (`-` = stdin). The type is `schemaType`, else `.proto` → PROTOBUF, a
 * `.json` file stating `$schema` → JSON, else AVRO. Read as `check` reads it (workspace/schema-file.ts), before anything is sent: links
 * out of the file's folder refused, size and UTF-8 checked, JSON with file:line:col, and an Avro
 * schema parsed (named types from other files of its workspace resolved); a problem is an
 * InputError (exit 5) with the code `check` reports. With `namesFromReferences`, an Avro schema
 * is checked up to its JSON (its names are the references'). Stdin that is a terminal is refused
 * (UsageError, exit 2), as `decode` and `encode` refuse it: nothing was piped, and waiting for
 * typing would look like a hang.
 */
export async function readSchemaInput(file: string, options: SchemaInputOptions = {}): Promise<SchemaInput> {
  const schemaType = options.schemaType ?? detectedType(file)
  const where = file === '-' ? '<stdin>' : file
  let stdin: Buffer | undefined
  if (file === '-') {
    const stream = options.stdin ?? process.stdin
    if (stream.isTTY === true) {
      throw new UsageError('No schema on stdin: `-` reads the schema from stdin, and stdin is a terminal', {
        code: 'INPUT_REQUIRED',
        hint: 'Pipe the schema in (cat order.avsc | schemactl …) or give the file instead of -.',
      })
    }
    try {
      stdin = await readStream(stream)
    } catch (err) {
      throw new InputError(`Cannot read stdin: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, { code: 'INPUT_UNREADABLE' })
    }
  }
  const subject = file === '-' ? {} : { subjectFromPath: subjectFromPath(file) }
  if (schemaType === 'AVRO') {
    const read = file === '-' || options.namesFromReferences === true ? readAvroAlone(file, stdin, options) : await loadSchemaFile(file, options)
    if (!read.ok) throw schemaFileError({ ...read.problem, file: where })
    return { file, schema: JSON.stringify(read.json), schemaType, ...subject }
  }
  // A file is read as `check` reads it in its folder: invalid schemas and unresolved references are refused before anything is sent.
  if (stdin === undefined && options.namesFromReferences !== true) {
    const loaded = await loadTypedSchemaFile(file, schemaType, options)
    if (!loaded.ok) throw schemaFileError(loaded.problem)
    const text = loaded.version.text
    return { file, schema: schemaType === 'PROTOBUF' ? text : JSON.stringify(parseJson(text, where)), schemaType, ...subject }
  }
  const read = stdin !== undefined ? decodeText(stdin, where) : readAnyFile(file, options)
  if (!read.ok) throw schemaFileError({ ...read.problem, file: where })
  const schema = schemaType === 'PROTOBUF' ? read.text : JSON.stringify(parseJson(read.text, where))
  if (schema.trim() === '') throw new InputError(`${where} is empty`, { code: 'INPUT_INVALID' })
  return { file, schema, schemaType, ...subject }
}

/** The type of a schema file by its name and, for `.json`, its `$schema`: PROTOBUF, JSON or AVRO. */
function detectedType(file: string): SchemaType {
  if (extname(file) === '.proto') return 'PROTOBUF'
  if (extname(file) !== '.json') return 'AVRO'
  const read = readAnyFile(file, {})
  return read.ok && jsonFileType(read.text) === 'JSON' ? 'JSON' : 'AVRO'
}

/** An Avro schema read and parsed alone (stdin, or names from hand-given references: then only its JSON must be valid). */
function readAvroAlone(
  file: string,
  stdin: Buffer | undefined,
  options: SchemaInputOptions,
): { ok: true; json: unknown } | { ok: false; problem: FileProblem } {
  const reader = stdin !== undefined ? () => decodeText(stdin, file) : workspaceFileReader(workspaceRootOf(file), options)
  const alone = parseFileAlone(reader, stdin !== undefined ? file : relativeToRoot(file))
  const problem = alone.problems[0]
  if (problem === undefined || (options.namesFromReferences === true && problem.code === 'INVALID_SCHEMA')) return { ok: true, json: alone.value }
  return { ok: false, problem }
}

/** A schema file of another type, read as workspace files are (links out of its folder refused, size, UTF-8). */
function readAnyFile(file: string, options: ReadOptions): ReadResult {
  if (lstatSync(file, { throwIfNoEntry: false }) === undefined) return { ok: false, problem: { code: 'FILE_UNREADABLE', file, message: 'no such file' } }
  return readSchemaFile(workspaceRootOf(file), relativeToRoot(file), options)
}

/** `file` relative to the workspace it lies in (workspaceRootOf), with `/`. */
function relativeToRoot(file: string): string {
  return relative(workspaceRootOf(file), resolve(file)).split(sep).join('/')
}

/**
 * Parses `--references`: a JSON array of `{name, subject, version}`, inline or as a file path.
 * Throws UsageError (exit 2) when it is not such an array.
 */
export async function parseReferencesFlag(value: string | undefined): Promise<SchemaReference[] | undefined> {
  if (value === undefined) return undefined
  const text = value.trim().startsWith('[')
    ? value
    : await readFile(value, 'utf8').catch(() => {
        throw new UsageError(`--references is neither a JSON array nor a readable file: ${value}`, { code: 'INVALID_REFERENCES' })
      })
  let refs: unknown
  try {
    refs = JSON.parse(text)
  } catch {
    refs = undefined
  }
  const valid = Array.isArray(refs) && refs.every((r) => r && typeof r.name === 'string' && typeof r.subject === 'string' && Number.isInteger(r.version))
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
  if (!json.ok) throw new InputError(`${where}:${json.position.line}:${json.position.column}: ${json.message}`, { code: 'INVALID_JSON' })
  return json.value
}

async function readStream(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk)
  return Buffer.concat(chunks)
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
