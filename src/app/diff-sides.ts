/**
 * The two sides of `schemactl diff`: what a side argument names (a file, a version in a workspace
 * folder, a registry subject version or id) and reading it into a parsed schema.
 */
import { statSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import type { ParsedSchema } from '../engine/types.js'
import { InputError } from '../errors.js'
import type { FileProblem } from '../workspace/findings.js'
import { decodeSubject, encodeSubject, type SubjectLayout } from '../workspace/layout.js'
import type { ReadOptions } from '../workspace/read-file.js'
import { loadSchemaFile, schemaFileError } from '../workspace/schema-file.js'
import { openWorkspace, type Workspace } from '../workspace/workspace.js'

/** What a side argument names. */
export type SideSpec =
  | { kind: 'file'; file: string }
  | { kind: 'workspace'; dir: string; subject: string; version: number | 'latest' }
  | { kind: 'registry'; subject: string; version: number | 'latest' }
  | { kind: 'id'; id: number }

/** A side read from disk. */
export type LocalSide = Extract<SideSpec, { kind: 'file' | 'workspace' }>

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
 * (or `@latest`) whose folder exists is a workspace version (the subject percent-encoded as on
 * disk); any other `subject@N` is a registry subject version; anything else is a file (which then
 * fails to read, exit 5).
 */
export function parseSideSpec(spec: string): SideSpec {
  const id = /^id:(\d{1,10})$/i.exec(spec)
  if (id) return { kind: 'id', id: Number(id[1]) }
  if (isFile(spec)) return { kind: 'file', file: spec }
  const versioned = VERSIONED.exec(spec)
  if (versioned === null) return { kind: 'file', file: spec }
  const [, subject, v] = versioned
  const version = v.toLowerCase() === 'latest' ? 'latest' : Number(v)
  if (/[/\\]/.test(subject) && isFolder(dirname(subject))) return { kind: 'workspace', dir: dirname(subject), subject: decodeSubject(basename(subject)), version }
  return { kind: 'registry', subject, version }
}

/**
 * Reads a file or workspace side; named types from other workspace files resolve as `check`
 * resolves them (a file side counts as a workspace file when its folder is laid out as one).
 * InputError (exit 5) when the file cannot be read, the subject or version does not exist, or
 * the schema is invalid (with file:line:col).
 */
export async function readLocalSide(spec: string, side: LocalSide, options: ReadOptions = {}): Promise<ResolvedSide> {
  if (side.kind === 'file') {
    // Read as `check` reads it (workspace/schema-file.ts): the same verdict and problem code.
    const read = await loadSchemaFile(side.file, options)
    if (!read.ok) throw problemError(read.problem)
    return { source: { spec, kind: 'file', file: side.file }, parsed: read.parsed }
  }
  const workspace = await openWorkspace(side.dir, options)
  const layout = workspace.layout.subjects.find((s) => s.subject === side.subject)
  if (layout === undefined) {
    throw new InputError(`${side.dir}: no subject '${side.subject}'`, {
      code: 'SUBJECT_NOT_FOUND',
      hint: `A workspace holds subject.avsc or subject/1.avsc, 2.avsc, …; its subjects: ${workspace.layout.subjects.map((s) => encodeSubject(s.subject)).join(', ') || 'none'}.`,
    })
  }
  const wanted = side.version === 'latest' ? layout.versions[layout.versions.length - 1] : layout.versions.find((v) => v.version === side.version)
  if (wanted === undefined) {
    const have = layout.versions.map((v) => v.version).join(', ')
    throw new InputError(`${join(side.dir, layout.entry)}: subject '${side.subject}' has no version ${side.version} (it has ${have ? `versions ${have}` : 'none'})`, { code: 'VERSION_NOT_FOUND' })
  }
  const file = join(side.dir, wanted.file)
  const parsed = await loadVersion(workspace, layout, wanted.version, file)
  return { source: { spec, kind: 'workspace', file, subject: side.subject, version: wanted.version }, parsed }
}

/** One version of a workspace subject, parsed; InputError naming `file` when it is invalid. */
async function loadVersion(workspace: Workspace, layout: SubjectLayout, version: number, file: string): Promise<ParsedSchema> {
  const loaded = (await workspace.loadSubject(layout)).versions.find((v) => v.version === version)!
  if (loaded.parsed === undefined) throw problemError({ ...loaded.problems[0], file })
  return loaded.parsed
}

/** A file problem as the one-line error the user sees: `file:line:col: message`. */
function problemError(problem: FileProblem): InputError {
  const hint = problem.code === 'INVALID_SCHEMA' || problem.code === 'INVALID_JSON' ? 'Fix the schema; schemactl diff compares valid Avro schemas.' : SIDE_FORMS
  return schemaFileError(problem, hint)
}

const SIDE_FORMS = 'A side is a schema file, dir/subject@version, subject@version (registry) or id:<n>.'

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
