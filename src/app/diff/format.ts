/**
 * `schemactl diff` for the schema types with a difference engine (JSON Schema, Protobuf): reading
 * a side's text with the schemas it references, and comparing two sides as the registry does (its
 * differences, each with its type, path, whether it is compatible and its message, and the
 * BACKWARD/FORWARD/FULL verdicts with `a` as the only previous version).
 */
import { dirname, extname, join, relative, resolve, sep } from 'node:path'
import { readdirSync, statSync } from 'node:fs'
import type { CompatibilityPolicy, SchemaDependencies, SchemaDifference, SchemaType } from '../../engine/formats/index.js'
import { formatFor, parseSide } from '../../engine/formats/index.js'
import { isWellKnownImport } from '../../engine/formats/index.js'
import { parseProtoText } from '../../engine/formats/index.js'
import type { DiffVerdict } from '../../engine/diff/index.js'
import { readJsonText } from '../../engine/schema/index.js'
import { InputError, UsageError } from '../../errors.js'
import type { SchemaReference } from '../../registry/types.js'
import { workspaceRootOf } from '../../workspace/layout.js'
import { workspaceFileReader, type ReadOptions } from '../../workspace/read-file.js'
import { schemaFileError } from '../../workspace/schema-file.js'

/** A JSON Schema or Protobuf side: its text and the texts of the schemas it references, by reference name. */
export interface FormatSchema {
  text: string
  dependencies: SchemaDependencies
}

/** One difference from a to b, with the registry's message for it (read in the BACKWARD direction). */
export interface DiffDifference extends SchemaDifference {
  description: string
}

/** `--policy` in any letter case; anything else is a usage error (exit 2). */
export function parsePolicy(value: string | undefined): CompatibilityPolicy | undefined {
  if (value === undefined) return undefined
  const policy = (['STRICT', 'LENIENT'] as const).find((p) => p === value.trim().toUpperCase())
  if (policy === undefined)
    throw new UsageError(`'${value}' is not a compatibility policy`, { code: 'INVALID_COMPATIBILITY_POLICY', hint: 'Use STRICT or LENIENT.' })
  return policy
}

/**
 * The schema type of a local file: `.proto` is PROTOBUF, `.avsc` AVRO, and any other file is JSON
 * Schema when it is a JSON object with `$schema`, else AVRO.
 */
export function detectSchemaType(file: string, text: string | undefined): SchemaType {
  const ext = extname(file).toLowerCase()
  if (ext === '.proto') return 'PROTOBUF'
  if (ext === '.avsc' || text === undefined) return 'AVRO'
  const json = readJsonText(text)
  return json.ok &&
    json.value !== null &&
    typeof json.value === 'object' &&
    !Array.isArray(json.value) &&
    typeof (json.value as Record<string, unknown>).$schema === 'string'
    ? 'JSON'
    : 'AVRO'
}

/** Reads a file's text as `check` reads schema files (links out of its folder refused, size, UTF-8); undefined when it cannot. */
export function readSideText(file: string, options: ReadOptions = {}): string | undefined {
  const root = workspaceRootOf(file)
  const read = workspaceFileReader(root, options)(toRelative(root, file))
  return read.ok ? read.text : undefined
}

/**
 * Reads a JSON Schema or Protobuf file with the local files it references: a Protobuf import is
 * looked up beside the file, then at the root of its workspace (well-known imports are bundled);
 * a JSON Schema `$ref` to a relative file name is read beside the file. A reference not found is
 * left out: parsing then reports it where it is written. InputError (exit 5) when the file cannot be read.
 */
export function readFormatFile(file: string, schemaType: SchemaType, options: ReadOptions = {}): FormatSchema {
  const root = workspaceRootOf(file)
  const reader = workspaceFileReader(root, options)
  const read = reader(toRelative(root, file))
  if (!read.ok) throw schemaFileError({ ...read.problem, file })
  const dependencies: Record<string, string> = {}
  const pending = referencedNames(schemaType, read.text)
  while (pending.length > 0) {
    const name = pending.shift()!
    if (Object.hasOwn(dependencies, name)) continue
    const places = schemaType === 'PROTOBUF' ? [join(dirname(file), name), join(root, name)] : [join(dirname(file), name)]
    for (const place of places.map(newestVersionIn)) {
      const found = isInside(root, place) ? reader(toRelative(root, place)) : undefined
      if (found?.ok !== true) continue
      dependencies[name] = found.text
      pending.push(...referencedNames(schemaType, found.text))
      break
    }
  }
  return { text: read.text, dependencies }
}

/**
 * A subject folder named as the import (`money.proto/` holding `1.proto`, `2.proto`: the workspace
 * layout of a shared file) stands for its newest version file; any other path is itself.
 */
function newestVersionIn(path: string): string {
  let names: string[]
  try {
    names = statSync(path).isDirectory() ? readdirSync(path) : []
  } catch {
    return path
  }
  const versions = names
    .map((name) => /^([1-9]\d*)\.proto$/.exec(name))
    .filter((m) => m !== null)
    .map((m) => Number(m[1]))
  return versions.length === 0 ? path : join(path, `${Math.max(...versions)}.proto`)
}

/** The names a schema text references that may be local files: Protobuf imports that are not bundled, JSON Schema `$ref`s to relative files. */
function referencedNames(schemaType: SchemaType, text: string): string[] {
  if (schemaType === 'PROTOBUF') {
    const parsed = parseProtoText(text)
    return parsed.ok ? [...parsed.file.imports, ...parsed.file.publicImports, ...parsed.file.weakImports].filter((p) => !isWellKnownImport(p)) : []
  }
  const json = readJsonText(text)
  if (!json.ok) return []
  const names: string[] = []
  const stack: unknown[] = [json.value]
  while (stack.length > 0) {
    const value = stack.pop()
    if (value === null || typeof value !== 'object') continue
    for (const [key, child] of Object.entries(value)) {
      if (key === '$ref' && typeof child === 'string') {
        const name = child.split('#')[0]
        // Fragments point into the document itself; a URL with a scheme is the registry's to refuse.
        if (name !== '' && !/^[a-z][a-z0-9+.-]*:/i.test(name)) names.push(name)
      } else stack.push(child)
    }
  }
  return names
}

/** What a registry side needs to read its references. */
export interface ReferenceReader {
  getVersion(subject: string, version: number | 'latest'): Promise<{ schema: string; references?: SchemaReference[] }>
}

/** The texts of a registry schema's references, transitively, by reference name (the registry's errors propagate). */
export async function registryDependencies(client: ReferenceReader, references: readonly SchemaReference[] = []): Promise<SchemaDependencies> {
  const dependencies: Record<string, string> = {}
  const pending = [...references]
  while (pending.length > 0) {
    const ref = pending.shift()!
    if (Object.hasOwn(dependencies, ref.name)) continue
    const found = await client.getVersion(ref.subject, ref.version)
    dependencies[ref.name] = found.schema
    pending.push(...(found.references ?? []))
  }
  return dependencies
}

/** The differences and verdicts of two JSON Schema or Protobuf sides; InputError (exit 5, with line:col) when a side is invalid. */
export function compareFormatSides(
  schemaType: SchemaType,
  a: FormatSchema & { where: string },
  b: FormatSchema & { where: string },
  policy?: CompatibilityPolicy,
): { differences: DiffDifference[]; verdicts: DiffVerdict[] } {
  const format = formatFor(schemaType)
  if (format === undefined) throw new InputError(`${a.where}: schema type ${schemaType} has no difference engine`, { code: 'UNSUPPORTED_SCHEMA' })
  const [old, current] = [a, b].map((side) => {
    const parsed = parseSide(format, { schema: side.text, dependencies: side.dependencies }, 'schema')
    if (parsed.ok) return parsed.value
    const error = parsed.errors[0]
    const at = error.line === undefined ? '' : `:${error.line}:${error.column ?? 1}`
    throw new InputError(`${side.where}${at}: ${error.message.replace(/^Invalid schema: /, '')}`, {
      code: 'INVALID_SCHEMA',
      hint: `Fix the schema; schemactl diff compares valid ${schemaType === 'JSON' ? 'JSON Schemas' : 'Protobuf schemas'}.`,
      data: { file: side.where, ...(error.line !== undefined ? { line: error.line, column: error.column ?? 1 } : {}) },
    })
  })
  const options = { policy }
  const differences = format.differences(old, current, options).map((d) => ({ ...d, description: format.describe(d, 'backward') }))
  const verdict = (level: 'BACKWARD' | 'FORWARD'): DiffVerdict => {
    // BACKWARD: b is the update of a; FORWARD swaps them, as the registry's validator does.
    const found = level === 'BACKWARD' ? differences : format.differences(current, old, options)
    const direction = level === 'BACKWARD' ? 'backward' : 'forward'
    const messages = found.filter((d) => !d.compatible).map((d) => format.describe(d, direction))
    return { level, compatible: messages.length === 0, messages, incompatibilities: [] }
  }
  const backward = verdict('BACKWARD')
  const forward = verdict('FORWARD')
  const full: DiffVerdict = {
    level: 'FULL',
    compatible: backward.compatible && forward.compatible,
    messages: [...forward.messages, ...backward.messages],
    incompatibilities: [],
  }
  return { differences, verdicts: [backward, forward, full] }
}

/** The verdicts of two sides of different schema types: the registry refuses the pair at every level. */
export function mixedTypeVerdicts(): DiffVerdict[] {
  const message = 'Incompatible because of different schema type'
  return (['BACKWARD', 'FORWARD', 'FULL'] as const).map((level) => ({ level, compatible: false, messages: [message], incompatibilities: [] }))
}

function toRelative(root: string, file: string): string {
  return relative(root, resolve(file)).split(sep).join('/')
}

function isInside(root: string, file: string): boolean {
  const rel = relative(resolve(root), resolve(file))
  return rel !== '' && !rel.startsWith('..') && !rel.startsWith(sep)
}
