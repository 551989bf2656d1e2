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
import type { RegistryContracts } from './baseline-registry.js'
import { sameSchema } from './subject.js'
import type { BaselineRegistryContext } from './baseline-registry.js'

/** What `--against` names: a git ref of the same folder, a registry, or another workspace folder. */
export interface Baseline {
  workspace: Workspace
  /** Prefix of baseline files in findings: the folder as given, `git:<ref>` or the registry URL. */
  label: string
  /** Effective levels the baseline itself knows (a registry's), by subject. */
  levels?: ReadonlyMap<string, CompatibilityLevel>
  /** Whether its version numbers are the workspace's file numbers (a folder or git ref; not a registry). */
  sameNumbering: boolean
  /** The configuration of a folder or git baseline, when it has a readable one (for its levels). */
  config?: Config
  /** Things the user should know about the baseline (e.g. the folder is missing at the ref). */
  warnings?: string[]
  /** A registry's data contracts: each version's as it holds it, and its contract config (which applies to what will be registered). */
  registryContracts?: RegistryContracts
  /** JSON Schema's compatibility policy the registry applies, by subject (its own config's, else the global one's). */
  policies?: ReadonlyMap<string, CompatibilityPolicy>
}

/** Where `openBaseline` may look for a registry, and which subjects it needs from it. */
export interface BaselineOptions {
  /** The registry context of the command (its connection flags), for an `against` that names a registry. */
  registry?: BaselineRegistryContext
  /** Subject names or globs to read (default all of the workspace's). */
  subjects?: readonly string[]
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
 * A registry baseline holds only the workspace's subjects, with their registered levels.
 * Throws UsageError (unknown ref, naming the fetch to run), InputError, ConfigError, RegistryError.
 */
export async function openBaseline(dir: string, against: string, options: BaselineOptions = {}): Promise<Baseline> {
  const settings = { validateDefaults: false, allowEmpty: true, followExternalLinks: options.followExternalLinks, schemaTypeOf: options.schemaTypeOf }
  if (against.startsWith('git:')) {
    const tree = await readGitTree(dir, against.slice('git:'.length))
    // Right for the change that adds the folder, but more often a wrong path or ref: say so.
    const warnings =
      tree.blobs.size === 0 ? [`${dir} does not exist at ${against}: every subject is new (check the folder and the ref if that is not expected)`] : []
    return { workspace: await openWorkspace(dir, { ...settings, source: tree }), label: against, config: gitConfig(tree), warnings, sameNumbering: true }
  }
  if (!namesRegistry(against)) {
    const config = await loadConfig(against).then(
      (loaded) => loaded.config,
      () => undefined,
    )
    return { workspace: await openWorkspace(against, settings), label: against, sameNumbering: true, ...(config ? { config } : {}) }
  }
  // Loaded only here: the HTTP client costs start-up time that offline checks should not pay.
  const { readRegistryBaseline } = await import('./baseline-registry.js')
  const patterns = options.subjects ?? []
  const subjects = (await scanLayout(dir)).subjects.map((s) => s.subject).filter((s) => patterns.length === 0 || patterns.some((p) => matchesSubject(p, s)))
  const registry = options.registry
  if (registry === undefined) throw new InternalError(`openBaseline: ${against} names a registry, and no registry context was given`)
  const from = options.from ?? '--against'
  const flags = against === 'registry' ? registry.flags : { ...registry.flags, registry: against, registryFrom: from }
  const remote = await readRegistryBaseline(subjects, { ...registry, flags }).catch((err: unknown) => {
    // The user named no --registry: say what the --against value was taken for.
    if (against === 'registry' || !(err instanceof UsageError) || err.code !== 'UNKNOWN_REGISTRY_PROFILE') throw err
    throw new UsageError(`${from} '${against}': no such folder, and not a registry URL or profile`, {
      code: 'UNKNOWN_BASELINE',
      hint: 'Give a workspace folder, git:<ref>, registry, a registry URL or a profile of the config file.',
    })
  })
  const workspace = await openWorkspace(remote.url, { ...settings, source: remote.source, schemaTypeOf: (subject) => remote.types.get(subject) })
  // A registry's history has gaps where versions were deleted: that is not a layout problem there.
  for (const s of workspace.layout.subjects) s.problems = s.problems.filter((p) => p.code !== 'VERSION_GAP')
  const registryContracts: RegistryContracts = { contracts: remote.contracts, scopes: remote.scopes, globalContracts: remote.globalContracts }
  return { workspace, label: remote.url, levels: remote.levels, sameNumbering: false, registryContracts, policies: remote.policies }
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
