import { statSync } from 'node:fs'
import { matchesSubject } from '../config/subject-glob.js'
import type { CompatibilityLevel } from '../engine/types.js'
import { UsageError } from '../errors.js'
import { readGitTree } from '../workspace/git-source.js'
import { scanLayout } from '../workspace/layout.js'
import type { LoadedSubject } from '../workspace/workspace.js'
import { openWorkspace, type Workspace } from '../workspace/workspace.js'
import type { CheckRegistryOptions } from './check-baseline-registry.js'

/** What `--against` names: a git ref of the same folder, a registry, or another workspace folder. */
export interface Baseline {
  workspace: Workspace
  /** Prefix of baseline files in findings: the folder as given, `git:<ref>` or the registry URL. */
  label: string
  /** Effective levels the baseline itself knows (a registry's), by subject. */
  levels?: ReadonlyMap<string, CompatibilityLevel>
}

/** Where `openBaseline` may look for a registry, and which subjects it needs from it. */
export interface BaselineOptions {
  registry?: CheckRegistryOptions
  /** Subject names or globs to read (default all of the workspace's). */
  subjects?: readonly string[]
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
  const settings = { validateDefaults: false, allowEmpty: true }
  if (against.startsWith('git:')) {
    const tree = await readGitTree(dir, against.slice('git:'.length))
    return { workspace: await openWorkspace(dir, { ...settings, source: tree }), label: against }
  }
  if (against !== 'registry' && !/^https?:\/\//i.test(against) && isFolder(against)) return { workspace: await openWorkspace(against, settings), label: against }
  // Loaded only here: the HTTP client costs start-up time that offline checks should not pay.
  const { readRegistryBaseline } = await import('./check-baseline-registry.js')
  const patterns = options.subjects ?? []
  const subjects = (await scanLayout(dir)).subjects.map((s) => s.subject).filter((s) => patterns.length === 0 || patterns.some((p) => matchesSubject(p, s)))
  const registry = options.registry ?? { flags: {}, userAgent: 'schemactl', warn: () => undefined }
  const flags = against === 'registry' ? registry.flags : { ...registry.flags, registry: against }
  const remote = await readRegistryBaseline(subjects, dir, { ...registry, flags }).catch((err: unknown) => {
    // The user named no --registry: say what the --against value was taken for.
    if (against === 'registry' || !(err instanceof UsageError) || err.code !== 'UNKNOWN_REGISTRY_PROFILE') throw err
    throw new UsageError(`--against '${against}': no such folder, and not a registry URL or profile`, {
      code: 'UNKNOWN_BASELINE',
      hint: 'Give a workspace folder, git:<ref>, registry, a registry URL or a profile of the config file.',
    })
  })
  const workspace = await openWorkspace(remote.url, { ...settings, source: remote.source })
  // A registry's history has gaps where versions were deleted: that is not a layout problem there.
  for (const s of workspace.layout.subjects) s.problems = s.problems.filter((p) => p.code !== 'VERSION_GAP')
  return { workspace, label: remote.url, levels: remote.levels }
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory()
  } catch {
    return false
  }
}

/**
 * Whether a subject differs from the baseline: versions added or removed, or a version whose
 * schema changed (compared in Avro's normalized form when both parse, so formatting and comments
 * do not count — a registry stores only that form — else as text).
 */
export function subjectChanged(current: LoadedSubject, baseline: LoadedSubject | undefined): boolean {
  if (baseline === undefined || baseline.versions.length !== current.versions.length) return true
  return current.versions.some((v, i) => {
    const old = baseline.versions[i]
    if (v.parsed !== undefined && old.parsed !== undefined) return v.parsed.normalized !== old.parsed.normalized
    return v.text === undefined || v.text !== old.text
  })
}
