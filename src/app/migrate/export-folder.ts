/**
 * The workspace folder side of a migration: reads and writes the workspace layout (README.md,
 * "Workspace layout": `<subject>/<version>.avsc`, subject names percent-encoded, each version's data
 * contract in `<version>.contract.json` beside it) plus `schemactl-export.json`, which keeps what the
 * files cannot: ids, schema types, references, soft-deleted flags, levels, modes, config members, and the
 * version numbers missing on purpose (`gaps`, which `check` then accepts).
 */
import { mkdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Config } from '../../config/config.js'
import { contractConfigForSubject } from '../../config/subject-contracts.js'
import { parseContractDocument } from '../../engine/contracts/index.js'
import { applyContractConfig } from '../../engine/contracts/index.js'
import type { Contract, ContractConfig } from '../../engine/contracts/index.js'
import { readJsonText } from '../../engine/schema/index.js'
import { InputError } from '../../errors.js'
import { contractIssueProblem } from '../../workspace/contract-file.js'
import { EXPORT_METADATA } from '../../workspace/export-gaps.js'
import type { FileProblem } from '../../workspace/findings.js'
import { subjectFileName, scanLayout } from '../../workspace/layout.js'
import type { CompatibilityLevel, Mode, SchemaReference, SchemaType } from '../../registry/types.js'
import { hasContract, readConfigMembers } from './contracts.js'
import type { ConfigMembers, ScopeSettings, Snapshot, VersionRecord } from './types.js'

export { EXPORT_METADATA }

/** Version tag of the metadata format. */
export const EXPORT_FORMAT = 'schemactl-export/1'

/** One version's entry in `schemactl-export.json`. */
export interface ExportedVersion {
  id?: number
  schemaType: SchemaType
  references: SchemaReference[]
  deleted: boolean
  /** Path of the schema file, relative to the folder, with `/`. */
  file: string
}

/** The content of `schemactl-export.json`. */
export interface ExportMetadata {
  format: typeof EXPORT_FORMAT
  global: ScopeSettings
  subjects: Record<
    string,
    {
      compatibilityLevel?: CompatibilityLevel
      mode?: Mode
      /** The scope's own config members beside the level, as the registry answers them. */
      config?: ConfigMembers
      versions: Record<string, ExportedVersion>
      /** Version numbers below the highest that have no file (deleted on the source, or soft-deleted and left out). */
      gaps?: number[]
    }
  >
}

const EXTENSIONS: Record<SchemaType, string> = { AVRO: '.avsc', JSON: '.json', PROTOBUF: '.proto' }

/** The file, relative to the folder, holding `subject`'s `version` of type `schemaType`. */
export function versionFile(subject: string, version: number, schemaType: SchemaType): string {
  return `${subjectFileName(subject)}/${version}${EXTENSIONS[schemaType]}`
}

/** The contract file beside a version's schema file (`orders-value/3.contract.json` for `orders-value/3.avsc`). */
export function contractFile(schemaFile: string): string {
  return schemaFile.replace(/\.(avsc|json|proto)$/, '') + '.contract.json'
}

/** Options of `readFolderSnapshot`. */
export interface FolderReadOptions {
  filter: (subject: string) => boolean
  includeDeleted: boolean
  /** Read as a migration's source: the folder's config file levels apply too (its invalid files refuse the run). */
  asSource?: boolean
}

/**
 * Reads a folder as a snapshot of the subjects `filter` selects. With `schemactl-export.json`,
 * its entries (ids, types, references, deleted flags, settings, config members) apply, and each
 * listed version's contract is its contract file exactly (a member the file leaves out: the
 * version has none, as the registry held it). `.avsc` versions found only in the workspace layout
 * (workspace/layout.ts) get no id, their JSON compacted and, as `register` does, each named type
 * they use from another file as a schema reference to the version of the file defining it; their
 * contract is the one a registry receiving the versions in order would store (the contract file's
 * statement over the previous version's, with the config's `contracts`). As a source, the config
 * file's top-level `compatibility` is the global level and its `subjects` entries (exact names, or
 * globs matching a subject of the folder) subject levels, the metadata's winning where both set
 * one; without `schemactl-export.json`, its `contracts` are the global and subject config members
 * likewise (with it, the export's own record of them applies). A subject with settings and no
 * versions keeps its settings. A missing folder is an empty snapshot. InputError for unreadable
 * metadata or files and for invalid plain workspace files or contract files (nothing is written
 * then); ConfigError for an invalid config.
 */
export async function readFolderSnapshot(dir: string, options: FolderReadOptions): Promise<Snapshot> {
  const { filter, includeDeleted } = options
  const subjects = new Map<string, VersionRecord[]>()
  const snapshot: Snapshot = { subjects, settings: new Map(), global: {} }
  if (!(await exists(dir))) return snapshot
  const metadata = await readMetadata(dir)
  const config = options.asSource ? await folderConfig(dir) : undefined
  const found = new Map<string, Map<number, string>>()
  // The contract files the layout found beside the versions (subject\0version → file): only those are read.
  const contractFiles = new Map<string, string>()
  for (const layout of (await scanLayout(dir, { allowEmpty: true })).subjects) {
    found.set(layout.subject, new Map(layout.versions.map((v) => [v.version, v.file])))
    for (const v of layout.versions) if (v.contract !== undefined) contractFiles.set(`${layout.subject}\u0000${v.version}`, v.contract)
  }

  // Files the metadata does not list are plain workspace versions (Avro, no id).
  const plain = new Map<string, number[]>()
  for (const [subject, files] of found) {
    if (!filter(subject)) continue
    const listed = metadata?.subjects[subject]?.versions ?? {}
    const versions = [...files.keys()].filter((v) => listed[String(v)] === undefined)
    if (versions.length) plain.set(subject, versions)
  }
  const plainRecords = plain.size ? await readPlainVersions(dir, plain) : new Map<string, PlainVersion>()

  // Loaded only here: a registry → registry run does not pay for the config rules' modules.
  const ownLevelForSubject = config ? (await import('../../config/subject-level.js')).ownLevelForSubject : () => undefined
  // The config file's contract settings are the config members of a plain folder; an export keeps its own record.
  const fileMembers = (subject: string | undefined): ConfigMembers | undefined => {
    if (config === undefined || metadata !== undefined) return undefined
    const scopes = contractConfigForSubject(config, subject ?? '')
    return nonEmpty(subject === undefined ? scopes.global : scopes.subject)
  }
  if (config) snapshot.global = { compatibilityLevel: config.compatibility }
  const globalMembers = fileMembers(undefined)
  if (globalMembers) snapshot.global.config = globalMembers
  if (metadata) snapshot.global = withConfig({ ...snapshot.global, ...metadata.global })
  const configured = config
    ? Object.keys(config.subjects).filter(
        (name) => (config.subjects[name].compatibility !== undefined || config.subjects[name].contracts !== undefined) && !/[*?]/.test(name),
      )
    : []
  const names = new Set([...found.keys(), ...Object.keys(metadata?.subjects ?? {}), ...configured])
  for (const subject of [...names].sort()) {
    if (!filter(subject)) continue
    const meta = metadata?.subjects[subject]
    const level = meta?.compatibilityLevel ?? (config ? ownLevelForSubject(config, subject) : undefined)
    const members = meta ? readConfigMembers(meta.config) : fileMembers(subject)
    if (level !== undefined || meta?.mode !== undefined || members !== undefined) {
      snapshot.settings.set(subject, {
        ...(level ? { compatibilityLevel: level } : {}),
        ...(meta?.mode ? { mode: meta.mode } : {}),
        ...(members ? { config: members } : {}),
      })
    }
    const scopes = config ? contractConfigForSubject(config, subject) : { global: {} }
    const records: VersionRecord[] = []
    let previous: Contract | undefined
    const versions = new Set([...(found.get(subject)?.keys() ?? []), ...Object.keys(meta?.versions ?? {}).map(Number)])
    for (const version of [...versions].sort((a, b) => a - b)) {
      const e = meta?.versions[String(version)]
      if (e === undefined) {
        const { record, document } = plainRecords.get(`${subject}\u0000${version}`)!
        // What a registry receiving the versions in order, with the config's contract settings, stores.
        const contract = applyContractConfig(document ?? {}, { previous, subjectConfig: scopes.subject, globalConfig: scopes.global, newVersion: version })
        records.push(hasContract(contract) ? { ...record, contract } : record)
        previous = contract
        continue
      }
      const file = contractFiles.get(`${subject}\u0000${version}`)
      const contract = file === undefined ? undefined : await readExportedContract(dir, file, subject, version)
      if (!e.deleted) previous = contract
      if (e.deleted && !includeDeleted) continue
      const schema = await readFile(join(dir, e.file), 'utf8').catch((err: NodeJS.ErrnoException) => {
        throw new InputError(`Cannot read ${join(dir, e.file)} (${subject} version ${version}): ${err.code ?? err.message}`, { code: 'FOLDER_UNREADABLE' })
      })
      records.push({
        subject,
        version,
        ...(e.id !== undefined ? { id: e.id } : {}),
        schemaType: e.schemaType,
        schema,
        references: e.references ?? [],
        deleted: e.deleted === true,
        ...(hasContract(contract) ? { contract } : {}),
      })
    }
    if (records.length) subjects.set(subject, records)
  }
  return snapshot
}

/** A plain workspace version: its record, and the contract its contract file states (members left out are inherited). */
interface PlainVersion {
  record: VersionRecord
  document?: Contract
}

/**
 * The plain workspace versions of `wanted` (subject → version numbers) as records, read through
 * the workspace as `register` reads a folder: compact JSON, and a reference `{name, subject,
 * version}` for each named type used from another file (the version of the file that defines it);
 * with the contract each version's contract file states.
 */
async function readPlainVersions(dir: string, wanted: Map<string, number[]>): Promise<Map<string, PlainVersion>> {
  const { openWorkspace } = await import('../../workspace/workspace.js')
  const workspace = await openWorkspace(dir, { allowEmpty: true })
  const versionOfFile = new Map<string, number>()
  for (const s of workspace.layout.subjects) for (const v of s.versions) versionOfFile.set(v.file, v.version)
  const records = new Map<string, PlainVersion>()
  const problems: FileProblem[] = []
  for (const layout of workspace.layout.subjects.filter((s) => wanted.has(s.subject))) {
    const numbers = new Set(wanted.get(layout.subject))
    const loaded = await workspace.loadSubject(layout)
    for (const v of loaded.versions.filter((v) => numbers.has(v.version))) {
      // A .proto file is sent as written; Avro and JSON Schema as compact JSON.
      const json = v.text === undefined || v.schemaType === 'PROTOBUF' ? undefined : readJsonText(v.text)
      if (v.problems.length || v.text === undefined || (json !== undefined && !json.ok)) {
        problems.push(...v.problems)
        continue
      }
      const schema = json?.ok ? JSON.stringify(json.value) : v.text
      const references = v.references.map((r) => ({ name: r.name, subject: r.subject, version: versionOfFile.get(r.file)! }))
      const record: VersionRecord = { subject: layout.subject, version: v.version, schemaType: v.schemaType, schema, references, deleted: false }
      records.set(`${layout.subject}\u0000${v.version}`, { record, document: v.contract?.document })
    }
  }
  if (problems.length) {
    const lines = problems.map((p) => `${p.file}${p.line !== undefined ? `:${p.line}:${p.column ?? 1}` : ''}: ${p.message}`)
    throw new InputError(`${lines.length} problem${lines.length === 1 ? '' : 's'} in ${dir}, nothing migrated: ${lines[0]}`, {
      code: 'WORKSPACE_INVALID',
      hint: 'Run `schemactl check` on the folder to see every problem.',
      data: { problems },
    })
  }
  return records
}

/**
 * An exported version's contract: its contract file read exactly (a member it leaves out is one the
 * version does not have). InputError at file:line:col for an invalid one.
 */
async function readExportedContract(dir: string, file: string, subject: string, version: number): Promise<Contract> {
  let text: string
  try {
    text = await readFile(join(dir, file), 'utf8')
  } catch (err) {
    throw new InputError(`Cannot read ${join(dir, file)} (${subject} version ${version}): ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, {
      code: 'FOLDER_UNREADABLE',
    })
  }
  const json = readJsonText(text)
  const outcome = json.ok ? parseContractDocument(json.value) : undefined
  if (outcome?.ok) return outcome.value
  const problem: FileProblem = json.ok
    ? contractIssueProblem(file, text, (outcome as { ok: false; issues: Parameters<typeof contractIssueProblem>[2][] }).issues[0])
    : { code: 'INVALID_CONTRACT', file, message: json.message, ...json.position }
  throw new InputError(
    `${join(dir, problem.file)}${problem.line !== undefined ? `:${problem.line}:${problem.column ?? 1}` : ''}: ${problem.message}; nothing migrated`,
    {
      code: 'WORKSPACE_INVALID',
      hint: 'Fix the contract file (or run `schemactl check` on the folder to see every problem).',
      data: { problems: [problem] },
    },
  )
}

// Contract settings with at least one member, as config members; undefined otherwise.
function nonEmpty(config: ContractConfig | undefined): ConfigMembers | undefined {
  return config !== undefined && Object.keys(config).length > 0 ? readConfigMembers(config) : undefined
}

// Global settings from the export's record: its config members read as a registry's.
function withConfig(global: ScopeSettings): ScopeSettings {
  const { config, ...rest } = global
  const members = readConfigMembers(config)
  return { ...rest, ...(members ? { config: members } : {}) }
}

// The folder's config file, when it has one (a folder without one sets no level).
async function folderConfig(dir: string): Promise<Config | undefined> {
  const { loadConfig } = await import('../../config/load.js')
  const loaded = await loadConfig(dir)
  return loaded.file === undefined ? undefined : loaded.config
}

/**
 * Writes one version's schema file (`schema`, its text) and its contract file (`<version>.contract.json`, the stored
 * contract whole, as the registry answers it), each through a temporary file and a rename, so a
 * crash never leaves half a file; a contract file left by an earlier export of a version that now
 * has none is removed.
 */
export async function writeFolderVersion(dir: string, record: VersionRecord, schema: string): Promise<void> {
  const file = join(dir, versionFile(record.subject, record.version, record.schemaType))
  await mkdir(join(file, '..'), { recursive: true })
  await writeFile(`${file}.tmp`, schema)
  await rename(`${file}.tmp`, file)
  const contract = contractFile(file)
  if (hasContract(record.contract)) {
    await writeFile(`${contract}.tmp`, JSON.stringify(record.contract, null, 2) + '\n')
    await rename(`${contract}.tmp`, contract)
  } else {
    await unlink(contract).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err
    })
  }
}

/**
 * Writes `schemactl-export.json`: the existing metadata merged with the versions and settings of
 * `snapshot` (which win; a scope's config members are replaced whole), so exports of different
 * scopes into one folder add up. Resolves to the merged metadata.
 */
export async function writeFolderMetadata(dir: string, snapshot: Snapshot): Promise<ExportMetadata> {
  const metadata: ExportMetadata = (await readMetadata(dir)) ?? { format: EXPORT_FORMAT, global: {}, subjects: {} }
  const { config: _stale, ...global } = metadata.global
  metadata.global = { ...global, ...snapshot.global }
  for (const subject of new Set([...snapshot.subjects.keys(), ...snapshot.settings.keys()])) {
    const entry = metadata.subjects[subject] ?? { versions: {} }
    delete entry.config
    Object.assign(entry, snapshot.settings.get(subject) ?? {})
    for (const r of snapshot.subjects.get(subject) ?? []) {
      entry.versions[String(r.version)] = {
        ...(r.id !== undefined ? { id: r.id } : {}),
        schemaType: r.schemaType,
        references: r.references,
        deleted: r.deleted,
        file: versionFile(subject, r.version, r.schemaType),
      }
    }
    const gaps = gapsOf(Object.keys(entry.versions).map(Number))
    if (gaps.length) entry.gaps = gaps
    else delete entry.gaps
    metadata.subjects[subject] = entry
  }
  await mkdir(dir, { recursive: true })
  const file = join(dir, EXPORT_METADATA)
  await writeFile(`${file}.tmp`, JSON.stringify(metadata, null, 2) + '\n')
  await rename(`${file}.tmp`, file)
  return metadata
}

// The numbers below the highest version without an entry: a registry never reuses them, and the workspace must not call them missing.
function gapsOf(versions: number[]): number[] {
  const held = new Set(versions)
  const gaps: number[] = []
  for (let v = 1; v < Math.max(0, ...versions); v++) if (!held.has(v)) gaps.push(v)
  return gaps
}

async function exists(dir: string): Promise<boolean> {
  return stat(dir).then(
    (s) => s.isDirectory(),
    () => false,
  )
}

async function readMetadata(dir: string): Promise<ExportMetadata | undefined> {
  const file = join(dir, EXPORT_METADATA)
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw new InputError(`Cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, { code: 'FOLDER_UNREADABLE' })
  }
  let parsed: ExportMetadata
  try {
    parsed = JSON.parse(text) as ExportMetadata
  } catch (err) {
    throw new InputError(`${file} is not valid JSON: ${(err as Error).message}`, {
      code: 'INVALID_EXPORT_METADATA',
      hint: 'Restore the file from the export, or delete it to import the folder without ids.',
    })
  }
  if (parsed?.format !== EXPORT_FORMAT || typeof parsed.subjects !== 'object' || parsed.subjects === null) {
    throw new InputError(`${file} is not a ${EXPORT_FORMAT} file`, { code: 'INVALID_EXPORT_METADATA', hint: 'It must have been written by schemactl migrate.' })
  }
  return parsed
}
