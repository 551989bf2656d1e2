/**
 * The workspace folder side of a migration: reads and writes the ARCHITECTURE.md layout
 * (`<subject>/<version>.avsc`, subject names percent-encoded) plus `schemactl-export.json`,
 * which keeps what the files cannot: ids, schema types, references, soft-deleted flags, levels,
 * modes, and the version numbers missing on purpose (`gaps`, which `check` then accepts).
 */
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Config } from '../../config/config.js'
import { readJsonText } from '../../engine/schema/locate.js'
import { InputError } from '../../errors.js'
import { EXPORT_METADATA } from '../../workspace/export-gaps.js'
import type { FileProblem } from '../../workspace/findings.js'
import { encodeSubject, scanLayout } from '../../workspace/layout.js'
import type { CompatibilityLevel, Mode, SchemaReference, SchemaType } from '../../registry/types.js'
import type { ScopeSettings, Snapshot, VersionRecord } from './types.js'

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
      versions: Record<string, ExportedVersion>
      /** Version numbers below the highest that have no file (deleted on the source, or soft-deleted and left out). */
      gaps?: number[]
    }
  >
}

const EXTENSIONS: Record<SchemaType, string> = { AVRO: '.avsc', JSON: '.json', PROTOBUF: '.proto' }

/** The file, relative to the folder, holding `subject`'s `version` of type `schemaType`. */
export function versionFile(subject: string, version: number, schemaType: SchemaType): string {
  return `${encodeSubject(subject)}/${version}${EXTENSIONS[schemaType]}`
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
 * its entries (ids, types, references, deleted flags, settings) apply. `.avsc` versions found only
 * in the workspace layout (workspace/layout.ts) get no id, their JSON compacted and, as `register`
 * does, each named type they use from another file as a schema reference to the version of the
 * file defining it. As a source, the config file's top-level `compatibility` is the global level
 * and its `subjects` entries (exact names, or globs matching a subject of the folder) subject
 * levels, the metadata's winning where both set one; a subject with settings and no versions keeps
 * its settings. A missing folder is an empty snapshot. InputError for unreadable metadata or files
 * and for invalid plain workspace files (nothing is written then); ConfigError for an invalid config.
 */
export async function readFolderSnapshot(dir: string, options: FolderReadOptions): Promise<Snapshot> {
  const { filter, includeDeleted } = options
  const snapshot: Snapshot = { subjects: new Map(), settings: new Map(), global: {} }
  if (!(await exists(dir))) return snapshot
  const metadata = await readMetadata(dir)
  const config = options.asSource ? await folderConfig(dir) : undefined
  const found = new Map<string, Map<number, string>>()
  for (const layout of (await scanLayout(dir, { allowEmpty: true })).subjects) found.set(layout.subject, new Map(layout.versions.map((v) => [v.version, v.file])))

  // Files the metadata does not list are plain workspace versions (Avro, no id).
  const plain = new Map<string, number[]>()
  for (const [subject, files] of found) {
    if (!filter(subject)) continue
    const listed = metadata?.subjects[subject]?.versions ?? {}
    const versions = [...files.keys()].filter((v) => listed[String(v)] === undefined)
    if (versions.length) plain.set(subject, versions)
  }
  const plainRecords = plain.size ? await readPlainVersions(dir, plain) : new Map<string, VersionRecord>()

  // Loaded only here: a registry → registry run does not pay for the config rules' modules.
  const ownLevelForSubject = config ? (await import('../../config/subject-level.js')).ownLevelForSubject : () => undefined
  if (config) snapshot.global = { compatibilityLevel: config.compatibility }
  if (metadata) snapshot.global = { ...snapshot.global, ...metadata.global }
  const configured = config ? Object.keys(config.subjects).filter((name) => config.subjects[name].compatibility !== undefined && !/[*?]/.test(name)) : []
  const names = new Set([...found.keys(), ...Object.keys(metadata?.subjects ?? {}), ...configured])
  for (const subject of [...names].sort()) {
    if (!filter(subject)) continue
    const meta = metadata?.subjects[subject]
    const level = meta?.compatibilityLevel ?? (config ? ownLevelForSubject(config, subject) : undefined)
    if (level !== undefined || meta?.mode !== undefined) snapshot.settings.set(subject, { ...(level ? { compatibilityLevel: level } : {}), ...(meta?.mode ? { mode: meta.mode } : {}) })
    const records: VersionRecord[] = []
    const versions = new Set([...(found.get(subject)?.keys() ?? []), ...Object.keys(meta?.versions ?? {}).map(Number)])
    for (const version of [...versions].sort((a, b) => a - b)) {
      const e = meta?.versions[String(version)]
      if (e === undefined) {
        records.push(plainRecords.get(`${subject}\u0000${version}`)!)
        continue
      }
      if (e.deleted && !includeDeleted) continue
      const schema = await readFile(join(dir, e.file), 'utf8').catch((err: NodeJS.ErrnoException) => {
        throw new InputError(`Cannot read ${join(dir, e.file)} (${subject} version ${version}): ${err.code ?? err.message}`, { code: 'FOLDER_UNREADABLE' })
      })
      records.push({ subject, version, ...(e.id !== undefined ? { id: e.id } : {}), schemaType: e.schemaType, schema, references: e.references ?? [], deleted: e.deleted === true })
    }
    if (records.length) snapshot.subjects.set(subject, records)
  }
  return snapshot
}

/**
 * The plain workspace versions of `wanted` (subject → version numbers) as records, read through
 * the workspace as `register` reads a folder: compact JSON, and a reference `{name, subject,
 * version}` for each named type used from another file (the version of the file that defines it).
 */
async function readPlainVersions(dir: string, wanted: Map<string, number[]>): Promise<Map<string, VersionRecord>> {
  const { openWorkspace } = await import('../../workspace/workspace.js')
  const workspace = await openWorkspace(dir, { allowEmpty: true })
  const versionOfFile = new Map<string, number>()
  for (const s of workspace.layout.subjects) for (const v of s.versions) versionOfFile.set(v.file, v.version)
  const records = new Map<string, VersionRecord>()
  const problems: FileProblem[] = []
  for (const layout of workspace.layout.subjects.filter((s) => wanted.has(s.subject))) {
    const numbers = new Set(wanted.get(layout.subject))
    const loaded = await workspace.loadSubject(layout)
    for (const v of loaded.versions.filter((v) => numbers.has(v.version))) {
      const json = v.text === undefined ? undefined : readJsonText(v.text)
      if (v.problems.length || !json?.ok) {
        problems.push(...v.problems)
        continue
      }
      const references = v.references.map((r) => ({ name: r.name, subject: r.subject, version: versionOfFile.get(r.file)! }))
      records.set(`${layout.subject}\u0000${v.version}`, { subject: layout.subject, version: v.version, schemaType: 'AVRO', schema: JSON.stringify(json.value), references, deleted: false })
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

// The folder's config file, when it has one (a folder without one sets no level).
async function folderConfig(dir: string): Promise<Config | undefined> {
  const { loadConfig } = await import('../../config/load.js')
  const loaded = await loadConfig(dir)
  return loaded.file === undefined ? undefined : loaded.config
}

/** Writes one version's schema file (through a temporary file and a rename, so a crash never leaves half a file). */
export async function writeFolderVersion(dir: string, record: VersionRecord): Promise<void> {
  const file = join(dir, versionFile(record.subject, record.version, record.schemaType))
  await mkdir(join(file, '..'), { recursive: true })
  await writeFile(`${file}.tmp`, record.schema)
  await rename(`${file}.tmp`, file)
}

/**
 * Writes `schemactl-export.json`: the existing metadata merged with the versions and settings of
 * `snapshot` (which win), so exports of different scopes into one folder add up.
 */
export async function writeFolderMetadata(dir: string, snapshot: Snapshot): Promise<void> {
  const metadata: ExportMetadata = (await readMetadata(dir)) ?? { format: EXPORT_FORMAT, global: {}, subjects: {} }
  metadata.global = { ...metadata.global, ...snapshot.global }
  for (const subject of new Set([...snapshot.subjects.keys(), ...snapshot.settings.keys()])) {
    const entry = metadata.subjects[subject] ?? { versions: {} }
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
    throw new InputError(`${file} is not valid JSON: ${(err as Error).message}`, { code: 'INVALID_EXPORT_METADATA', hint: 'Restore the file from the export, or delete it to import the folder without ids.' })
  }
  if (parsed?.format !== EXPORT_FORMAT || typeof parsed.subjects !== 'object' || parsed.subjects === null) {
    throw new InputError(`${file} is not a ${EXPORT_FORMAT} file`, { code: 'INVALID_EXPORT_METADATA', hint: 'It must have been written by schemactl migrate.' })
  }
  return parsed
}
