/** The data model shared by the migrate use-case: a side's snapshot, the plan, events and the result. */
import type { Contract, ContractConfig } from '../../engine/contracts/index.js'
import type { CompatibilityLevel, Mode, SchemaReference, SchemaType } from '../../registry/types.js'

/**
 * One schema version as a side holds it. `id` is absent for a plain workspace folder. A folder's
 * records (and a test's) hold their text (`schema`); a registry's hold only its hash, and its
 * snapshot's `texts` fetch the text when it is needed (to write it, or to compare two different
 * texts), so that a large registry is planned and copied without holding every schema at once.
 */
export interface VersionRecord {
  subject: string
  version: number
  id?: number
  schemaType: SchemaType
  /** The schema text, when held. */
  schema?: string
  /** A hash of the schema text (see `textHash`): equal texts, equal hashes. Set when the text is not held. */
  hash?: string
  /** Position in the side's schema listing, where `texts` look for its text first. */
  at?: number
  references: SchemaReference[]
  deleted: boolean
  /** Its data contract as stored (the registry's normal form); absent or empty when it has none. */
  contract?: Contract
}

/**
 * A scope's own config members beside the level, as the registry answers them: the data-contract
 * members (`compatibilityGroup`, `compatibilityPolicy`, defaults and overrides, in normal form)
 * and `alias`, `normalize`, `validateFields`, `validateRules`.
 */
export interface ConfigMembers extends ContractConfig {
  alias?: string
  normalize?: boolean
  validateFields?: boolean
  validateRules?: boolean
  compatibilityPolicy?: string
}

/**
 * Compatibility level, mode and other config members of one scope: a subject, a context (`:.ctx:`),
 * or the whole side when global.
 */
export interface ScopeSettings {
  compatibilityLevel?: CompatibilityLevel
  mode?: Mode
  /** The scope's own config members beside the level (absent when it has none). */
  config?: ConfigMembers
}

/** Fetches the text of a version whose record holds only its hash. */
export interface SchemaTexts {
  /** The schema text of `record` (one of the snapshot's). */
  get(record: VersionRecord): Promise<string>
}

/**
 * Subject → its versions, ascending by version, read like a `Map` (a folder's and a test's are one).
 * A registry side's are packed (see `PackedVersions`): each read makes new records, so records are
 * told apart by subject and version, never by identity, and changing one changes nothing.
 */
export interface SubjectVersions {
  readonly size: number
  get(subject: string): VersionRecord[] | undefined
  has(subject: string): boolean
  keys(): Iterable<string>
  values(): Iterable<VersionRecord[]>
  [Symbol.iterator](): Iterator<[string, VersionRecord[]]>
}

/** Everything in scope on one side: versions by subject (ascending), settings by subject and global. */
export interface Snapshot {
  /** Where the texts of records without `schema` come from (a registry side). */
  texts?: SchemaTexts
  /** Subject → versions, ascending by version. */
  subjects: SubjectVersions
  /** Subject (or context scope `:.ctx:`) → its own level, mode and config members (scopes without any are absent). */
  settings: Map<string, ScopeSettings>
  global: ScopeSettings
  /** Subjects in scope without versions here (a registry's soft-deleted subjects when those are out of scope): only their settings count. */
  versionless?: string[]
}

/** Which subjects a migration covers. */
export interface MigrateScope {
  /** Glob patterns (`*`, `?`) on the subject name; any match selects. */
  subjects?: string[]
  regex?: string
  /** Registry context (`.staging` or `staging`). */
  context?: string
  includeDeleted?: boolean
}

/** A reason the run cannot write: the target already holds something else where the source's version must go. */
export interface Conflict {
  subject: string
  version: number
  id?: number
  message: string
}

/** What the plan decided for one source version. */
export interface PlannedVersion {
  source: VersionRecord
  /** `copy`: to be written; `present`: the target already holds it (skipped). */
  action: 'copy' | 'present'
  /** For `present`: the target's id and version (differ from the source's without id preservation). */
  targetId?: number
  targetVersion?: number
  /** For `present`: the target holds it live but the source's is soft-deleted, so it must still be deleted. */
  deleteOnly?: boolean
}

/**
 * A plan's versions, in write order, read like an array: a plan keeps its decisions in typed arrays
 * and makes each `PlannedVersion` (and its source record) when asked.
 */
export interface PlannedVersions extends Iterable<PlannedVersion> {
  readonly length: number
  at(index: number): PlannedVersion | undefined
  map<U>(f: (planned: PlannedVersion, index: number) => U): U[]
  filter(f: (planned: PlannedVersion) => boolean): PlannedVersion[]
}

/** The plan: every version in scope, in write order (references first, per-subject version order). */
export interface MigrationPlan {
  from: string
  to: string
  preserveIds: boolean
  subjects: number
  versions: PlannedVersions
  conflicts: Conflict[]
  /** Divergences `--force-append` let through: each would be a conflict without it. */
  forced: Conflict[]
  /** Versions to write. */
  toCopy: number
  /** Versions already present on the target. */
  present: number
  /** Data contracts: how many versions in the plan carry one, and whether they are left behind (`--drop-contracts`). */
  contracts: ContractsInPlan
}

/** The data contracts a plan carries. */
export interface ContractsInPlan {
  /** Versions in the plan with metadata or a rule set. */
  versions: number
  /** Left behind on purpose (`--drop-contracts`): versions are written without them and no contract config member is copied. */
  dropped: boolean
}

/** The plan in brief, shown before anything is written: bounded (counts and the first few) however large the plan. */
export interface PlanSummary {
  subjects: number
  versions: number
  toCopy: number
  present: number
  conflicts: number
  /** Subjects whose target history is not a prefix of the source's, written anyway (`--force-append`), each with what differs (the first few). */
  forced: Conflict[]
  /** How many such subjects in all. */
  forcedTotal: number
  /** Lowest and highest source id among the versions to copy (absent when none has an id). */
  ids?: { min: number; max: number }
  /** The first subjects in write order (at most `PLAN_SUMMARY_FIRST`). */
  firstSubjects: string[]
  /** The first versions to copy, in write order (at most `PLAN_SUMMARY_FIRST`). */
  firstVersions: { subject: string; version: number; id?: number }[]
  /** What the run changes on the target besides the versions (IMPORT mode, relaxed levels), in words. */
  modeChanges: string[]
  contracts: ContractsInPlan
}

/** Progress events, in order: `plan`, then `version`/`subject` while copying, `retry` at any time. */
export type MigrateEvent =
  | ({ type: 'plan' } & PlanSummary)
  | { type: 'version'; subject: string; version: number; status: 'migrated' | 'failed'; id?: number; error?: string }
  | { type: 'subject'; subject: string; migrated: number; present: number; failed: number }
  | { type: 'retry'; line: string }
  | { type: 'phase'; phase: 'reading' | 'planning' | 'copying' | 'settings' | 'verifying' | 'restoring' }

/** One difference found by verification: of a version, or of a subject's (or `(global)`, or a context's) level, mode or config member when `version` is absent. */
export interface VerifyDifference {
  subject: string
  version?: number
  message: string
}

/** The outcome of `--verify`. */
export interface VerifyReport {
  /** Versions compared. */
  checked: number
  /** Levels, modes and config members compared. */
  settings: number
  differences: VerifyDifference[]
}

/** A version that could not be written. */
export interface FailedVersion {
  subject: string
  version: number
  error: string
}

/** One old-id → new-id line of the mapping written without id preservation. */
export interface IdMapping {
  subject: string
  version: number
  oldId?: number
  newId: number
  newVersion: number
}

/** The plan as reported: each version without its schema text (the report stays small for large registries). */
export type PlanReport = Omit<MigrationPlan, 'versions'> & {
  versions: (Omit<PlannedVersion, 'source'> & { source: Omit<VersionRecord, 'schema' | 'contract' | 'hash' | 'at'> & { contract?: true } })[]
}

/** Result of `migrate`. */
export interface MigrateResult {
  from: string
  to: string
  /** `planned`: dry run; `conflicts`: stopped before writing; `done`; `nothing-to-do`; `interrupted`; `failed`. */
  status: 'planned' | 'conflicts' | 'done' | 'nothing-to-do' | 'interrupted' | 'failed'
  preserveIds: boolean
  plan: PlanReport
  migrated: number
  skipped: number
  failed: FailedVersion[]
  durationMs: number
  journal?: string
  idMapFile?: string
  verify?: VerifyReport
  /** Registry modes restored at the end (scope → mode), when ids were preserved. */
  restoredModes?: Record<string, string>
  /**
   * The target's previous modes and levels that could not be written back (scope `(global)` for
   * the global one; `previous` null: none of its own): the run is `failed`, its journal keeps them,
   * and re-running the same command restores them.
   */
  unrestored?: Array<{ scope: string; setting: 'mode' | 'level'; previous: string | null; error: string }>
  retries: number
}
