/**
 * The two sides of `schemactl diff`: what a side argument names (a file, a version in a workspace
 * folder, a registry subject version or id) and reading it into a parsed schema.
 */
import { statSync } from 'node:fs'
import { basename, dirname, extname, join } from 'node:path'
import { contractConfigForSubject } from '../../config/subject-contracts.js'
import type { Contract } from '../../engine/contracts/index.js'
import type { ParsedSchema } from '../../engine/index.js'
import type { SchemaType } from '../../engine/formats/index.js'
import { InputError } from '../../errors.js'
import type { FileProblem } from '../../workspace/findings.js'
import { decodeSubject, subjectFileName } from '../../workspace/layout.js'
import type { ReadOptions } from '../../workspace/read-file.js'
import { loadSchemaFile, schemaFileError } from '../../workspace/schema-file.js'
import { openWorkspace, type LoadedSubject } from '../../workspace/workspace.js'
import { readSchemaContract } from '../input/contract.js'
import { detectSchemaType, readFormatFile, readSideText, type FormatSchema } from './format.js'
import { versionContracts } from '../input/workspace-contracts.js'

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
  /** The contract file read for a file side (beside it, or given with --a-contract/--b-contract). */
  contractFile?: string
}

/**
 * A side read, with its data contract (none when it has none): an Avro schema parsed, or a JSON
 * Schema or Protobuf text with the texts it references (parsed when the two sides are compared).
 */
export type ResolvedSide = { source: SideSource; contract?: Contract } & (
  { schemaType: 'AVRO'; parsed: ParsedSchema } | { schemaType: Exclude<SchemaType, 'AVRO'>; schema: FormatSchema }
)

/** Options of reading a local side: the file reader's, and the schema type when it is given (`--schema-type`). */
export interface LocalSideOptions extends ReadOptions {
  schemaType?: SchemaType
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
  if (/[/\\]/.test(subject) && isFolder(dirname(subject)))
    return { kind: 'workspace', dir: dirname(subject), subject: decodeSubject(basename(subject)), version }
  return { kind: 'registry', subject, version }
}

/**
 * Reads a file or workspace side; named types from other workspace files resolve as `check`
 * resolves them (a file side counts as a workspace file when its folder is laid out as one).
 * The contract of a file side is its contract file's (beside it: `x.contract.json` for `x.avsc`),
 * as written; a workspace version's is the one a registry would store for it (inherited from
 * earlier versions, with the workspace config's contract defaults and overrides).
 * InputError (exit 5) when the file cannot be read, the subject or version does not exist, or
 * the schema or its contract file is invalid (with file:line:col).
 */
export async function readLocalSide(spec: string, side: LocalSide, options: LocalSideOptions = {}): Promise<ResolvedSide> {
  if (side.kind === 'file') {
    const schemaType = options.schemaType ?? detectSchemaType(side.file, extname(side.file) === '.avsc' ? undefined : readSideText(side.file, options))
    if (schemaType !== 'AVRO') {
      const contract = readSchemaContract(side.file)
      return {
        source: { spec, kind: 'file', file: side.file, ...(contract ? { contractFile: contract.files[0] } : {}) },
        schemaType,
        schema: readFormatFile(side.file, schemaType, options),
        ...(contract ? { contract: contract.contract } : {}),
      }
    }
    // Read as `check` reads it (workspace/schema-file.ts): the same verdict and problem code.
    const read = await loadSchemaFile(side.file, options)
    if (!read.ok) throw problemError(read.problem)
    const contract = readSchemaContract(side.file)
    return {
      source: { spec, kind: 'file', file: side.file, ...(contract ? { contractFile: contract.files[0] } : {}) },
      schemaType: 'AVRO',
      parsed: read.parsed,
      ...(contract ? { contract: contract.contract } : {}),
    }
  }
  const workspace = await openWorkspace(side.dir, options)
  const layout = workspace.layout.subjects.find((s) => s.subject === side.subject)
  if (layout === undefined) {
    throw new InputError(`${side.dir}: no subject '${side.subject}'`, {
      code: 'SUBJECT_NOT_FOUND',
      hint: `A workspace holds subject.avsc or subject/1.avsc, 2.avsc, …; its subjects: ${workspace.layout.subjects.map((s) => subjectFileName(s.subject)).join(', ') || 'none'}.`,
    })
  }
  const wanted = side.version === 'latest' ? layout.versions[layout.versions.length - 1] : layout.versions.find((v) => v.version === side.version)
  if (wanted === undefined) {
    const have = layout.versions.map((v) => v.version).join(', ')
    throw new InputError(
      `${join(side.dir, layout.entry)}: subject '${side.subject}' has no version ${side.version} (it has ${have ? `versions ${have}` : 'none'})`,
      { code: 'VERSION_NOT_FOUND' },
    )
  }
  const file = join(side.dir, wanted.file)
  const loaded = await workspace.loadSubject(layout)
  const found = loaded.versions.find((v) => v.version === wanted.version)
  const versionType = found?.schemaType ?? 'AVRO'
  if (versionType !== 'AVRO') {
    if (found !== undefined && found.problems.length > 0) throw problemError({ ...found.problems[0], file })
    return {
      source: { spec, kind: 'workspace', file, subject: side.subject, version: wanted.version },
      schemaType: versionType,
      schema: readFormatFile(file, versionType, options),
    }
  }
  const parsed = parsedVersion(loaded, wanted.version, file)
  // Loaded only for a workspace side: a diff of two files reads no config.
  const { config } = await (await import('../../config/load.js')).loadConfig(side.dir)
  const contract = versionContracts(loaded, contractConfigForSubject(config, side.subject)).get(wanted.version)
  const written = loaded.versions.find((v) => v.version === wanted.version)?.contract?.file
  return {
    source: { spec, kind: 'workspace', file, subject: side.subject, version: wanted.version, ...(written ? { contractFile: join(side.dir, written) } : {}) },
    schemaType: 'AVRO',
    parsed,
    ...(contract && (contract.metadata || contract.ruleSet) ? { contract } : {}),
  }
}

/** One version of a loaded subject, parsed; InputError naming `file` when it (or its contract file) is invalid. */
function parsedVersion(loaded: LoadedSubject, version: number, file: string): ParsedSchema {
  const found = loaded.versions.find((v) => v.version === version)!
  if (found.parsed === undefined) throw problemError({ ...found.problems[0], file })
  const contract = found.contract
  const contractProblem = contract !== undefined && contract.document === undefined ? found.problems.find((p) => p.file === contract.file) : undefined
  if (contract !== undefined && contractProblem !== undefined) throw problemError({ ...contractProblem, file: join(dirname(file), basename(contract.file)) })
  return found.parsed
}

/** A file problem as the one-line error the user sees: `file:line:col: message`. */
function problemError(problem: FileProblem): InputError {
  const hint =
    problem.code === 'INVALID_SCHEMA' || problem.code === 'INVALID_JSON'
      ? problem.file.endsWith('.json')
        ? 'Fix the schema, or pass --schema-type JSON if it is a JSON Schema (a .json file without "$schema" is read as Avro).'
        : 'Fix the schema; schemactl diff compares valid Avro schemas.'
      : problem.code === 'INVALID_CONTRACT'
        ? 'Fix the contract file: {"metadata": …, "ruleSet": …} (see docs/data-contracts.md).'
        : SIDE_FORMS
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
