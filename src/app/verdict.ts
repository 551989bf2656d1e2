import { readFile } from 'node:fs/promises'
import { mapReaderPointer, readVerdictMessages, type VerdictDifference } from '../engine/compat/index.js'
import { avroFormat, formatFor, type SchemaType } from '../engine/formats/index.js'
import type { ParsedSchema } from '../engine/index.js'
import type { ReadOptions } from '../workspace/read-file.js'
import { loadSchemaFile, loadTypedSchemaFile } from '../workspace/schema-file.js'

/** One incompatibility of a registry's verdict, placed at `file:line:column` when the schema came from a file. */
export interface PlacedDifference extends VerdictDifference {
  file?: string
  line?: number
  column?: number
}

/** A registry's verdict in a person's terms; the raw messages stay where they were (`messages`). */
export interface ReadableVerdict {
  differences: PlacedDifference[]
  /** Messages in no format schemactl reads (`Incompatible because of different schema type`, older registries' sentences), as sent. */
  otherMessages?: string[]
}

/** Where the registered versions' schema texts come from when the registry's messages do not quote them. */
export type OldSchemaReader = (version: number | 'latest') => Promise<string | undefined>

/**
 * Reads the registry's compatibility messages about the schema in `file` (`-`: stdin, not placed)
 * into differences, each placed in the file where the format can locate its path. Avro's paths
 * into the old schema (forward) are followed into the candidate by field name, through the old
 * schema the registry quoted or, when it quoted none (FULL's forward messages), the one
 * `options.oldSchema` reads (the latest, at a level that is not transitive). Never throws: what
 * cannot be read again is not placed.
 */
export async function readableVerdict(
  messages: readonly string[],
  file: string,
  schemaType: SchemaType,
  options: ReadOptions & { oldSchema?: OldSchemaReader } = {},
): Promise<ReadableVerdict> {
  const read = readVerdictMessages(messages)
  const other = read.other.length > 0 ? { otherMessages: read.other } : {}
  if (read.differences.length === 0) return { differences: [], ...other }
  const source = file === '-' ? undefined : await readSource(file, schemaType, options).catch(() => undefined)
  if (source === undefined) return { differences: read.differences, ...other }
  // Without `{oldSchemaVersion: n}`, a level that is not transitive compared with the latest version.
  const compared = read.level !== undefined && !read.level.endsWith('_TRANSITIVE') ? ('latest' as const) : undefined
  const oldTexts = new Map<number | 'latest', Promise<string | undefined>>([...read.oldSchemas].map(([v, text]) => [v, Promise.resolve(text)]))
  const oldText = (version: number | 'latest' | undefined): Promise<string | undefined> => {
    if (version === undefined) return Promise.resolve(undefined)
    let text = oldTexts.get(version)
    if (text === undefined) oldTexts.set(version, (text = options.oldSchema?.(version).catch(() => undefined) ?? Promise.resolve(undefined)))
    return text
  }
  const differences = await Promise.all(
    read.differences.map(async (d): Promise<PlacedDifference> => {
      const path = await candidatePath(d, source, () => oldText(d.againstVersion ?? compared))
      const position = path === undefined ? undefined : locate(source, path)
      return { ...d, file, ...(position ? { line: position.line, column: position.column } : {}) }
    }),
  )
  return { differences, ...other }
}

interface Source {
  schemaType: SchemaType
  text: string
  parsed?: unknown
}

/** The file's text and parse, as `check` reads it (Avro named types of other workspace files resolved). */
async function readSource(file: string, schemaType: SchemaType, options: ReadOptions): Promise<Source | undefined> {
  if (schemaType === 'AVRO') {
    const loaded = await loadSchemaFile(file, options)
    // Names from hand-given references (`--references`) do not resolve alone: the text still places paths.
    return loaded.ok ? { schemaType, text: loaded.text, parsed: loaded.parsed } : { schemaType, text: await readFile(file, 'utf8') }
  }
  const loaded = await loadTypedSchemaFile(file, schemaType, options)
  return loaded.ok && loaded.version.schema ? { schemaType, text: loaded.version.text, parsed: loaded.version.schema.value } : undefined
}

/** The difference's path in the candidate: Avro's forward paths point into the old schema, and are mapped through its text. */
async function candidatePath(d: VerdictDifference, source: Source, oldText: () => Promise<string | undefined>): Promise<string | undefined> {
  if (d.path === undefined) return undefined
  if (source.schemaType !== 'AVRO' || d.pathIn !== 'old') return d.path
  const text = await oldText()
  const old = text === undefined ? undefined : avroFormat.parse(text)
  const candidate = source.parsed as ParsedSchema | undefined
  if (old === undefined || !old.ok || candidate === undefined) return undefined
  return mapReaderPointer(old.value.schema, candidate.schema, d.path)
}

function locate(source: Source, path: string): { line: number; column: number } | undefined {
  const format = formatFor(source.schemaType)
  if (format === undefined || (source.parsed === undefined && source.schemaType !== 'AVRO')) return undefined
  const found = format.locate(source.parsed, path, source.text)
  return found && { line: found.line, column: found.column }
}
