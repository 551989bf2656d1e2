import { statSync } from 'node:fs'
import { matchesSubject } from '../../config/subject-glob.js'
import type { CompatibilityLevel } from '../../engine/index.js'
import { CONFIG_FILES, loadConfig } from '../../config/load.js'
import type { Config } from '../../config/config.js'
import { levelForSubject } from '../../config/subject-level.js'
import { validateConfig } from '../../config/validate.js'
import type { CompatibilityPolicy, SchemaType } from '../../engine/formats/index.js'
import { toAvroJson } from '../../engine/schema/index.js'
import { InternalError, UsageError } from '../../errors.js'
import { JSON_CONFIG_FILES, readGitTree, type GitTree } from '../../workspace/git-source.js'
import { scanLayout } from '../../workspace/layout.js'
import type { LoadedSubject, SchemaVersion } from '../../workspace/workspace.js'
import { openWorkspace, type Workspace } from '../../workspace/workspace.js'
import type { Contract, ContractConfig } from '../../engine/contracts/index.js'
import type { FileProblem } from '../../workspace/findings.js'
import { compareNames } from '../../workspace/name-order.js'
import type { ContractScopes } from '../registry/contracts.js'
import { sameSchema } from './subject.js'
import type { BaselineRegistryContext } from './baseline-registry.js'

/** What `--against` names: a git ref of the same folder, a registry, or another workspace folder. */
export interface Baseline {
  /** Prefix of baseline files in findings: the folder as given, `git:<ref>` or the registry URL. */
  label: string
  /**
   * What the baseline holds of `subject`. A folder or git ref loads it from its workspace; a
   * registry reads it only now (so callers read a few subjects ahead of their check, and drop
   * each once checked). Throws RegistryError when a registry fails.
   */
  subject(subject: string): Promise<BaselineSubject>
  /** Subjects read ahead of their check at once: several for a registry (its latency), one for a folder or git ref. */
  readAhead: number
  /** Problems of the baseline's top-level entries: a folder's or git ref's, a registry's among the subjects read so far. */
  problems(): readonly FileProblem[]
  /** Whether its version numbers are the workspace's file numbers (a folder or git ref; not a registry). */
  sameNumbering: boolean
  /** The configuration of a folder or git baseline, when it has a readable one (for its levels). */
  config?: Config
  /** Things the user should know about the baseline (e.g. the folder is missing at the ref). */
  warnings?: string[]
  /** A registry's global contract config, which applies to subjects it lacks (each subject's contract config applies to what will be registered). */
  registryContracts?: { globalContracts: ContractConfig }
  /** Releases what the baseline holds open (a registry's connection); `subject` fails after it. */
  close(): Promise<void>
}

/** What a baseline holds of one subject. */
export interface BaselineSubject {
  /** Its versions, parsed; none when the baseline lacks the subject. */
  held?: LoadedSubject
  /** Its effective level in a registry (its own, else the global one). */
  level?: CompatibilityLevel
  /** JSON Schema's compatibility policy a registry applies to it (its own config's, else the global one's). */
  policy?: CompatibilityPolicy
  /** A registry's data contracts of the subject: each version's as it holds it, and its contract config (which applies to what will be registered). */
  contracts?: { versions: ReadonlyMap<number, Contract>; scopes: ContractScopes }
}

/** Where `openBaseline` may look for a registry, and which subjects it needs from it. */
export interface BaselineOptions {
  /** The registry context of the command (its connection flags), for an `against` that names a registry. */
  registry?: BaselineRegistryContext
  /** Subject names or globs to read (default all of the workspace's). */
  subjects?: readonly string[]
  /** The workspace's subjects, as the caller's opening of it finds them (else the folder is scanned again). */
  workspaceSubjects?: () => Promise<ReadonlyArray<{ subject: string }>>
  /** How `against` was given, named in errors: `--against` (default) or its environment variable. */
  from?: string
  /** A folder baseline: follow symbolic links that leave it (see workspace/read-file.ts). */
  followExternalLinks?: boolean
  /** The type the workspace's config gives a subject's `.json` files (a registry says each version's type itself). */
  schemaTypeOf?: (subject: string) => SchemaType | undefined
}

/**
 * Opens the baseline `against` for the workspace in `dir`:
 * `git:<ref>` is `dir` as it was at the ref, read from git's objects (no checkout; a folder the
 * ref lacks is empty); `registry` is the registry of the connection flags, a URL or a name that
 * is not a folder is a registry (URL or profile); any other value is a workspace folder.
 * A registry baseline reads only the workspace's subjects, each when asked (`Baseline.subject`).
 * Throws UsageError (unknown ref, naming the fetch to run), InputError, ConfigError, RegistryError.
 */
export async function openBaseline(dir: string, against: string, options: BaselineOptions = {}): Promise<Baseline> {
  const settings = { validateDefaults: false, allowEmpty: true, followExternalLinks: options.followExternalLinks, schemaTypeOf: options.schemaTypeOf }
  if (against.startsWith('git:')) {
    const tree = await readGitTree(dir, against.slice('git:'.length))
    // Right for the change that adds the folder, but more often a wrong path or ref: say so.
    const warnings =
      tree.blobs.size === 0 ? [`${dir} does not exist at ${against}: every subject is new (check the folder and the ref if that is not expected)`] : []
    return workspaceBaseline(await openWorkspace(dir, { ...settings, source: tree }), {
      label: against,
      config: gitConfig(tree),
      warnings,
      sameNumbering: true,
    })
  }
  if (!namesRegistry(against)) {
    const config = await loadConfig(against).then(
      (loaded) => loaded.config,
      () => undefined,
    )
    return workspaceBaseline(await openWorkspace(against, settings), { label: against, sameNumbering: true, ...(config ? { config } : {}) })
  }
  // Loaded only here: the HTTP client costs start-up time that offline checks should not pay.
  const { openRegistryBaseline } = await import('./baseline-registry.js')
  const patterns = options.subjects ?? []
  const listed = options.workspaceSubjects ? await options.workspaceSubjects() : (await scanLayout(dir)).subjects
  // Only how many are read is needed (progress): no list of 100,000 names.
  const count = patterns.length === 0 ? listed.length : listed.reduce((n, s) => (patterns.some((p) => matchesSubject(p, s.subject)) ? n + 1 : n), 0)
  const registry = options.registry
  if (registry === undefined) throw new InternalError(`openBaseline: ${against} names a registry, and no registry context was given`)
  const from = options.from ?? '--against'
  const flags = against === 'registry' ? registry.flags : { ...registry.flags, registry: against, registryFrom: from }
  const remote = await openRegistryBaseline(count, { ...registry, flags }).catch((err: unknown) => {
    // The user named no --registry: say what the --against value was taken for.
    if (against === 'registry' || !(err instanceof UsageError) || err.code !== 'UNKNOWN_REGISTRY_PROFILE') throw err
    throw new UsageError(`${from} '${against}': no such folder, and not a registry URL or profile`, {
      code: 'UNKNOWN_BASELINE',
      hint: 'Give a workspace folder, git:<ref>, registry, a registry URL or a profile of the config file.',
    })
  })
  const problems = new Map<string, FileProblem>()
  return {
    label: remote.url,
    sameNumbering: false,
    readAhead: REGISTRY_READ_AHEAD,
    registryContracts: { globalContracts: remote.globalContracts },
    async subject(subject) {
      const { problems: found, ...read } = await remote.subject(subject)
      // Only problems are kept (there are hardly ever any): the rest goes with the subject's check.
      for (const p of found) problems.set(p.file, p)
      return read
    },
    // In the order a whole registry laid out as one folder lists them.
    problems: () => [...problems.values()].sort((a, b) => compareNames(a.file, b.file)),
    close: () => remote.close(),
  }
}

/** Subjects of a registry read ahead of their check: 8 in flight hide a registry's latency and are polite to a shared one. */
const REGISTRY_READ_AHEAD = 8

/** A folder's or git ref's workspace as a baseline: each subject loaded when asked, its problems found when it was opened. */
function workspaceBaseline(workspace: Workspace, rest: Omit<Baseline, 'subject' | 'problems' | 'readAhead' | 'close'>): Baseline {
  const registered = new Map(workspace.layout.subjects.map((s) => [s.subject, s]))
  return {
    ...rest,
    readAhead: 1,
    async subject(subject) {
      const layout = registered.get(subject)
      return layout === undefined ? {} : { held: await workspace.loadSubject(layout) }
    },
    problems: () => workspace.layout.problems,
    close: () => Promise.resolve(),
  }
}

/** Whether an `--against` value names a registry: `registry`, a URL, or a name that is no folder (a profile); not `git:<ref>`. */
export function namesRegistry(against: string): boolean {
  return !against.startsWith('git:') && (against === 'registry' || /^https?:\/\//i.test(against) || !isFolder(against))
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory()
  } catch {
    return false
  }
}

/**
 * A git baseline's config: its JSON config file validated, the defaults when it has no config
 * file; undefined when its config is in another format or invalid (then levels are not compared).
 */
function gitConfig(tree: GitTree): Config | undefined {
  // A package.json "schemactl" key is not looked at: rare in a schemas folder.
  const file = CONFIG_FILES.find((f) => f !== 'package.json' && tree.blobs.has(f))
  if (file !== undefined && !JSON_CONFIG_FILES.includes(file)) return undefined
  const read = file === undefined ? undefined : tree.read(file)
  if (read !== undefined && !read.ok) return undefined
  try {
    const result = validateConfig(read === undefined ? undefined : JSON.parse(read.text))
    return result.ok ? result.config : undefined
  } catch {
    return undefined
  }
}

/** The level a folder or git baseline's own config gave a subject (undefined for a registry or a baseline whose config is unknown). */
export function baselineLevel(baseline: Baseline, subject: string): CompatibilityLevel | undefined {
  return baseline.config ? levelForSubject(baseline.config, subject) : undefined
}

/**
 * Whether a subject differs from the baseline: versions added or removed, a version whose schema
 * changed (in Avro's normalized form when both parse, so formatting and comments do not count —
 * a registry stores only that form — else as text), a named type it takes from another file that
 * changed there (compared with those types inlined), a version whose data contract changed
 * (`sameContract`, given the two version numbers), or a configured level (`level` now, `before`
 * in the baseline's config, when known) that changed.
 */
export function subjectChanged(
  current: LoadedSubject,
  baseline: LoadedSubject | undefined,
  level?: CompatibilityLevel,
  before?: CompatibilityLevel,
  sameContract: (version: number, baselineVersion: number) => boolean = () => true,
): boolean {
  if (baseline === undefined || baseline.versions.length !== current.versions.length) return true
  if (level !== undefined && before !== undefined && level !== before) return true
  if (current.versions.some((v, i) => !sameContract(v.version, baseline.versions[i].version))) return true
  return current.versions.some((v, i) => {
    const old = baseline.versions[i]
    if (v.parsed !== undefined && old.parsed !== undefined && (v.parsed.referencedTypes.length > 0 || old.parsed.referencedTypes.length > 0)) {
      return toAvroJson(v.parsed.schema) !== toAvroJson(old.parsed.schema)
    }
    // A JSON Schema or Protobuf file changes too when a file it references changes.
    if (v.references.length > 0 || old.references.length > 0) {
      const linked = (s: SchemaVersion) => JSON.stringify(s.references.map((r) => [r.name, r.text]))
      if (linked(v) !== linked(old)) return true
    }
    return sameSchema(v, old) !== true
  })
}
