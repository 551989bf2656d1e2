import { lstatSync } from 'node:fs'
import { relative, resolve, sep } from 'node:path'
import type { SchemaType } from '../engine/formats/index.js'
import type { ParsedSchema } from '../engine/index.js'
import { InputError } from '../errors.js'
import type { FileProblem } from './findings.js'
import { subjectOfEntry, workspaceRootOf } from './layout.js'
import { workspaceFileReader, type ReadOptions } from './read-file.js'
import { openWorkspace, parseFileAlone, type SchemaVersion } from './workspace.js'

/** A schema file read and parsed, or the one problem `check` would report for it. */
export type SchemaFileResult =
  | {
      ok: true
      parsed: ParsedSchema
      /** The file's text (UTF-8, without a byte-order mark). */
      text: string
      /** The file's JSON value (comments removed). */
      json: unknown
    }
  | { ok: false; problem: FileProblem }

/**
 * Reads and parses the schema file at `path` exactly as `check` reads it in its workspace (the
 * folder the file lies in, or the one above for `subject/N.avsc`): the same reader (links that
 * leave that folder refused unless `followExternalLinks`, size, UTF-8), the same JSON and nesting
 * checks, and, for a version of that workspace that uses named types of other files, the same
 * resolution. The one reading path of every command given a schema file (`diff`, `encode
 * --schema`, `decode --reader-schema`, `register`, `check-compat`), so they all give the verdict
 * and problem code `check` gives. Never throws for bad input; the problem's `file` is `path`.
 */
export async function loadSchemaFile(path: string, options: ReadOptions = {}): Promise<SchemaFileResult> {
  const missing = noSuchFile(path)
  if (missing !== undefined) return { ok: false, problem: missing }
  const root = workspaceRootOf(path)
  const file = relative(root, resolve(path)).split(sep).join('/')
  const alone = parseFileAlone(workspaceFileReader(root, options), file)
  if (alone.parsed !== undefined) return { ok: true, parsed: alone.parsed, text: alone.text as string, json: alone.value }
  let problem = alone.problems[0]
  // Only a schema invalid alone can need other files' named types: opening its folder as a
  // workspace inspects every subject's newest file there, so it is done only then.
  if (problem.code === 'INVALID_SCHEMA' && file.endsWith('.avsc')) {
    const workspace = await openWorkspace(root, options).catch(() => undefined)
    const subject = workspace?.layout.subjects.find((s) => s.versions.some((v) => v.file === file))
    const version = subject && (await workspace!.loadSubject(subject)).versions.find((v) => v.file === file)
    if (version?.parsed !== undefined) return { ok: true, parsed: version.parsed, text: alone.text as string, json: alone.value }
    if (version !== undefined) problem = version.problems[0]
  }
  return { ok: false, problem: { ...problem, file: path } }
}

function noSuchFile(path: string): FileProblem | undefined {
  try {
    lstatSync(path)
    return undefined
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    return code === 'ENOENT' || code === 'ENOTDIR' ? { code: 'FILE_UNREADABLE', file: path, message: 'no such file' } : undefined
  }
}

/**
 * A file problem as the one-line error a command given a schema file throws: `file:line:col:
 * message` with the problem's code (InputError, exit 5), as `check` reports it as a finding.
 */
export function schemaFileError(problem: FileProblem, hint?: string): InputError {
  const at = problem.line === undefined ? '' : `:${problem.line}:${problem.column ?? 1}`
  return new InputError(`${problem.file}${at}: ${problem.message}`, {
    code: problem.code,
    ...(hint !== undefined ? { hint } : {}),
    data: { file: problem.file, ...(problem.line !== undefined ? { line: problem.line, column: problem.column ?? 1 } : {}) },
  })
}

/**
 * Reads and parses a JSON Schema or Protobuf file exactly as `check` reads it in its workspace
 * (the folder it lies in, or the one above for `subject/N.json`), read as `type` whatever its
 * name: its version with the files it references (and their texts), or the one problem `check`
 * would report (its `file` is `path`). Never throws for bad input.
 */
export async function loadTypedSchemaFile(
  path: string,
  type: SchemaType,
  options: ReadOptions = {},
): Promise<{ ok: true; version: SchemaVersion & { text: string } } | { ok: false; problem: FileProblem }> {
  const missing = noSuchFile(path)
  if (missing !== undefined) return { ok: false, problem: missing }
  const root = workspaceRootOf(path)
  const file = relative(root, resolve(path)).split(sep).join('/')
  const own = subjectOfEntry(file)
  const workspace = await openWorkspace(root, { ...options, allowEmpty: true, schemaTypeOf: (subject) => (subject === own ? type : undefined) })
  const subject = workspace.layout.subjects.find((s) => s.versions.some((v) => v.file === file))
  const version = subject && (await workspace.loadSubject(subject)).versions.find((v) => v.file === file)
  if (version === undefined)
    return {
      ok: false,
      problem: {
        code: 'FILE_UNREADABLE',
        file: path,
        message: 'is not a schema file of its folder (name it subject.json, subject.proto or subject/N.json, subject/N.proto)',
      },
    }
  if (version.schema === undefined || version.text === undefined) return { ok: false, problem: { ...version.problems[0], file: path } }
  return { ok: true, version: version as SchemaVersion & { text: string } }
}
