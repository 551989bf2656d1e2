/**
 * The two sides of `schemactl diff`: what a side argument names (a file, a version in a workspace
 * folder, a registry subject version or id) and reading it into a parsed schema.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { parseSchema } from '../engine/index.js'
import type { ParsedSchema } from '../engine/types.js'
import { InputError } from '../errors.js'

/** What a side argument names. */
export type SideSpec =
  | { kind: 'file'; file: string }
  | { kind: 'workspace'; dir: string; subject: string; version: number | 'latest' }
  | { kind: 'registry'; subject: string; version: number | 'latest' }
  | { kind: 'id'; id: number }

/** Where a side came from, as shown in the report. */
export interface SideSource {
  /** The argument as given. */
  spec: string
  kind: SideSpec['kind']
  /** The file read, for file and workspace sides. */
  file?: string
  subject?: string
  version?: number
  id?: number
}

/** A side read and parsed. */
export interface ResolvedSide {
  source: SideSource
  parsed: ParsedSchema
}

const VERSIONED = /^(.+)@(latest|[1-9]\d{0,9})$/i

/**
 * Reads a side argument: `id:<n>` is a registry id; an existing path is a file; `dir/subject@N`
 * (or `@latest`) whose folder exists is a workspace version (the subject percent-encoded as on disk); any other `subject@N` is a registry
 * subject version; anything else is a file (which then fails to read, exit 5).
 */
export function parseSideSpec(spec: string): SideSpec {
  const id = /^id:(\d{1,10})$/i.exec(spec)
  if (id) return { kind: 'id', id: Number(id[1]) }
  if (isFile(spec)) return { kind: 'file', file: spec }
  const versioned = VERSIONED.exec(spec)
  if (versioned === null) return { kind: 'file', file: spec }
  const [, subject, v] = versioned
  const version = v.toLowerCase() === 'latest' ? 'latest' : Number(v)
  if (/[/\\]/.test(subject) && isFolder(dirname(subject))) return { kind: 'workspace', dir: dirname(subject), subject: decodeSubjectName(basename(subject)), version }
  return { kind: 'registry', subject, version }
}

/**
 * Reads a file or workspace side. InputError (exit 5) when the file cannot be read, the version
 * does not exist, or the schema is invalid (with file:line:col).
 */
export function readLocalSide(spec: string, side: Extract<SideSpec, { kind: 'file' | 'workspace' }>): ResolvedSide {
  if (side.kind === 'file') return { source: { spec, kind: 'file', file: side.file }, parsed: parseSchemaText(readText(side.file), side.file) }
  const { file, version } = workspaceVersionFile(side.dir, side.subject, side.version)
  return { source: { spec, kind: 'workspace', file, subject: side.subject, version }, parsed: parseSchemaText(readText(file), file) }
}

/**
 * Parses schema text from `where` (a file or `subject@version`); InputError (exit 5) naming
 * where:line:col when it is not valid Avro.
 */
export function parseSchemaText(text: string, where: string): ParsedSchema {
  const result = parseSchema(text)
  if (result.ok) return result
  const e = result.errors[0]
  const at = e.line === undefined ? '' : `:${e.line}:${e.column ?? 1}`
  throw new InputError(`${where}${at}: ${e.message}`, { code: 'INVALID_SCHEMA', hint: 'Fix the schema; schemactl diff compares valid Avro schemas only.' })
}

/** The file of version `version` of `subject` in the workspace folder `dir` (percent-encoded names). */
function workspaceVersionFile(dir: string, subject: string, version: number | 'latest'): { file: string; version: number } {
  const folder = join(dir, encodeSubjectName(subject))
  if (isFolder(folder)) {
    const versions = readdirSync(folder)
      .map((name) => /^([1-9]\d*)\.avsc$/.exec(name)?.[1])
      .filter((v): v is string => v !== undefined)
      .map(Number)
    const wanted = version === 'latest' ? Math.max(...versions) : version
    if (versions.includes(wanted)) return { file: join(folder, `${wanted}.avsc`), version: wanted }
    const have = versions.length === 0 ? 'no versions' : `versions ${versions.sort((x, y) => x - y).join(', ')}`
    throw new InputError(`${folder}: subject '${subject}' has no version ${version} (it has ${have})`, { code: 'VERSION_NOT_FOUND' })
  }
  const single = join(dir, `${encodeSubjectName(subject)}.avsc`)
  if (isFile(single) && (version === 'latest' || version === 1)) return { file: single, version: 1 }
  throw new InputError(`${dir}: no subject '${subject}'${isFile(single) ? ` version ${version} (it has one schema, ${single})` : ''}`, {
    code: 'SUBJECT_NOT_FOUND',
    hint: `A workspace holds subject.avsc or subject/1.avsc, 2.avsc, …; use ${join(dir, subject)}@latest.`,
  })
}

function readText(file: string): string {
  try {
    const text = readFileSync(file, 'utf8')
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder' : code === 'EACCES' ? 'permission denied' : (code ?? (err as Error).message)
    throw new InputError(`Cannot read ${file}: ${why}`, { code: 'INPUT_UNREADABLE', hint: 'A side is a schema file, dir/subject@version, subject@version (registry) or id:<n>.' })
  }
}

/** The subject a workspace entry name stands for (`a%2Fb` → `a/b`); a malformed escape is kept as written. */
function decodeSubjectName(name: string): string {
  try {
    return decodeURIComponent(name)
  } catch {
    return name
  }
}

/** Subject names that cannot be file names are percent-encoded in a workspace. */
function encodeSubjectName(subject: string): string {
  return subject.replace(/[%/\\:*?"<>|\0]/g, (ch) => '%' + ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0'))
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile()
  } catch {
    return false
  }
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory()
  } catch {
    return false
  }
}
