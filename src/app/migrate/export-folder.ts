/**
 * The workspace folder side of a migration: reads and writes the ARCHITECTURE.md layout
 * (`<subject>/<version>.avsc`, subject names percent-encoded) plus `schemactl-export.json`,
 * which keeps what the files cannot: ids, schema types, references, soft-deleted flags, levels, modes.
 */
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { InputError } from '../../errors.js'
import { encodeSubject, scanLayout } from '../../workspace/layout.js'
import type { CompatibilityLevel, Mode, SchemaReference, SchemaType } from '../../registry/types.js'
import type { ScopeSettings, Snapshot, VersionRecord } from './types.js'

/** File name of the export metadata in the folder's root. */
export const EXPORT_METADATA = 'schemactl-export.json'

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
  subjects: Record<string, { compatibilityLevel?: CompatibilityLevel; mode?: Mode; versions: Record<string, ExportedVersion> }>
}

const EXTENSIONS: Record<SchemaType, string> = { AVRO: '.avsc', JSON: '.json', PROTOBUF: '.proto' }

/** The file, relative to the folder, holding `subject`'s `version` of type `schemaType`. */
export function versionFile(subject: string, version: number, schemaType: SchemaType): string {
  return `${encodeSubject(subject)}/${version}${EXTENSIONS[schemaType]}`
}

/**
 * Reads a folder as a snapshot of the subjects `filter` selects. With `schemactl-export.json`,
 * its entries (ids, types, references, deleted flags, settings) apply; `.avsc` versions found only
 * in the workspace layout (workspace/layout.ts) get no id. A missing folder is an empty snapshot. InputError for unreadable metadata or files.
 */
export async function readFolderSnapshot(dir: string, filter: (subject: string) => boolean, includeDeleted: boolean): Promise<Snapshot> {
  const snapshot: Snapshot = { subjects: new Map(), settings: new Map(), global: {} }
  const metadata = await readMetadata(dir)
  const found = new Map<string, Map<number, { file: string; schemaType: SchemaType }>>()
  if (await exists(dir)) {
    // Files the metadata does not list are plain workspace versions (Avro, no id).
    for (const layout of (await scanLayout(dir, { allowEmpty: true })).subjects) {
      found.set(layout.subject, new Map(layout.versions.map((v) => [v.version, { file: v.file, schemaType: 'AVRO' as const }])))
    }
  }
  if (metadata) snapshot.global = metadata.global ?? {}
  const names = new Set([...found.keys(), ...Object.keys(metadata?.subjects ?? {})])
  for (const subject of [...names].sort()) {
    if (!filter(subject)) continue
    const meta = metadata?.subjects[subject]
    if (meta?.compatibilityLevel !== undefined || meta?.mode !== undefined) {
      snapshot.settings.set(subject, { ...(meta.compatibilityLevel ? { compatibilityLevel: meta.compatibilityLevel } : {}), ...(meta.mode ? { mode: meta.mode } : {}) })
    }
    const versions = new Map<number, ExportedVersion>()
    for (const [v, f] of found.get(subject) ?? []) versions.set(v, { schemaType: f.schemaType, references: [], deleted: false, file: f.file })
    for (const [v, e] of Object.entries(meta?.versions ?? {})) versions.set(Number(v), e)
    const records: VersionRecord[] = []
    for (const [version, e] of [...versions].sort((a, b) => a[0] - b[0])) {
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
  for (const [subject, records] of snapshot.subjects) {
    const entry = metadata.subjects[subject] ?? { versions: {} }
    Object.assign(entry, snapshot.settings.get(subject) ?? {})
    for (const r of records) {
      entry.versions[String(r.version)] = {
        ...(r.id !== undefined ? { id: r.id } : {}),
        schemaType: r.schemaType,
        references: r.references,
        deleted: r.deleted,
        file: versionFile(subject, r.version, r.schemaType),
      }
    }
    metadata.subjects[subject] = entry
  }
  await mkdir(dir, { recursive: true })
  const file = join(dir, EXPORT_METADATA)
  await writeFile(`${file}.tmp`, JSON.stringify(metadata, null, 2) + '\n')
  await rename(`${file}.tmp`, file)
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
