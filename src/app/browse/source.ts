/**
 * What `schemactl browse` reads (and, with `--write`, changes): a registry or a workspace folder
 * behind one interface, so the terminal UI never knows which. Every method returns data or throws a
 * SchemactlError the UI shows in its status line.
 */
import type { DiffReport } from '../diff/diff.js'
import type { CompatReport } from '../check/compat.js'
import type { CompatibilityLevel, Mode } from '../../registry/types.js'

/** Where a setting comes from: the subject's own, the global (registry) or the configuration (workspace). */
export type SettingSource = 'subject' | 'global' | 'config'

/** One version of one subject. */
export interface VersionKey {
  subject: string
  version: number
}

/** What the subject list shows of one subject. */
export interface SubjectSummary {
  subject: string
  /** The latest version's schema type. */
  schemaType: string
  latest: number
  /** Every version is soft-deleted. */
  deleted?: boolean
  level?: CompatibilityLevel
  levelSource?: SettingSource
  /** Undefined where the source has no modes (a workspace, Karapace). */
  mode?: Mode
  modeSource?: SettingSource
}

/** One version in the versions list. */
export interface VersionSummary {
  version: number
  deleted: boolean
}

/** A reference from a schema to a type another subject version defines. */
export interface UsedReference {
  /** The reference name (a type's full name, an import path). */
  name: string
  subject: string
  /** The version referenced (registry), or undefined for a workspace file's newest version. */
  version?: number
  /** The file defining it (workspace). */
  file?: string
}

/** A schema that references a version. */
export interface ReferencingSchema {
  subject?: string
  version?: number
  /** The referencing schema's id (registry). */
  id?: number
}

/** A version's schema as browse shows it. */
export interface VersionSchema {
  subject: string
  version: number
  schemaType: string
  /** The schema text as stored. */
  schema: string
  id?: number
  /** Registration time in milliseconds since the epoch, when the source knows it. */
  registeredAt?: number
  deleted: boolean
  references: UsedReference[]
  /** The workspace file, relative to its root. */
  file?: string
}

/** Both directions of references of a version. */
export interface VersionReferences {
  uses: UsedReference[]
  usedBy: ReferencingSchema[]
}

/** A diff the engine made, or why it made none. */
export type DiffOutcome = { ok: true; report: DiffReport } | { ok: false; reason: string }

/** A check the engine made, or why it made none. */
export type CheckOutcome = { ok: true; report: CompatReport } | { ok: false; reason: string }

/** A registry or workspace as browse reads it. */
export interface BrowseSource {
  readonly kind: 'registry' | 'workspace'
  /** What is browsed, safe to show: the registry URL without credentials, or the folder. */
  readonly label: string
  /** Whether the write keys work (a registry opened with `--write`). */
  readonly writable: boolean
  /** Subject names in the source's order, page by page; `onPage` gets each page as it arrives. */
  loadSubjects(onPage: (names: string[]) => void): Promise<void>
  /** Type, latest version, level and mode of a subject. */
  summary(subject: string): Promise<SubjectSummary>
  /** Every version, soft-deleted ones marked, ascending. */
  versions(subject: string): Promise<VersionSummary[]>
  /** One version's schema. */
  schema(subject: string, version: number): Promise<VersionSchema>
  /** What the version uses and which schemas use it. */
  references(subject: string, version: number): Promise<VersionReferences>
  /** `schemactl diff` from version `a` (the old side) to version `b` (the new side), of one subject or two. */
  diff(a: VersionKey, b: VersionKey): Promise<DiffOutcome>
  /** Checks a local schema file against the subject, as `check-compat --local` does. */
  check(subject: string, file: string): Promise<CheckOutcome>
  /** Sets (or with null removes) the subject's own compatibility level. */
  setLevel(subject: string, level: CompatibilityLevel | null): Promise<void>
  /** Sets (or with null removes) the subject's own mode. */
  setMode(subject: string, mode: Mode | null): Promise<void>
  /** Soft-deletes one version. */
  deleteVersion(subject: string, version: number): Promise<void>
  /** Forgets what the source remembers (global settings), so the next reads see changes made elsewhere. */
  reload(): void
}
