import type { Config } from '../../config/config.js'
import { loadConfig } from '../../config/load.js'
import { matchesSubject } from '../../config/subject-glob.js'
import { levelForSubject, schemaTypeForSubject } from '../../config/subject-level.js'
import type { CompatibilityLevel } from '../../engine/index.js'
import { UsageError } from '../../errors.js'
import type { ListingHelper, SubjectLayout } from '../../workspace/layout.js'
import { openWorkspace, type Workspace } from '../../workspace/workspace.js'
import { openBaseline, type Baseline } from './baseline.js'
import type { BaselineRegistryContext } from './baseline-registry.js'

/** What `openCheckInputs` is told, as the `check` and `lint` flags give it. */
export interface CheckInputOptions {
  /** Overrides every configured (and registered) level. */
  level?: CompatibilityLevel
  /** Subject names or globs; only matching subjects are selected. */
  subjects?: readonly string[]
  /** Follow symbolic links that leave the workspace (and a folder baseline): see workspace/read-file.ts. */
  followExternalLinks?: boolean
  /** The baseline to open beside the workspace (`check --against`): a workspace folder, `git:<ref>` or a registry. */
  against?: string
  /** How `against` was given, named in its errors: `--against` (default) or the environment variable it came from. */
  againstFrom?: string
  /** The command's registry context (its connection flags), for an `against` that names a registry. */
  registry?: BaselineRegistryContext
  /** Check's worker threads, started and told the workspace folder's entries as soon as they are listed, list its subject folders ahead (early-workers.ts). */
  helper?: ListingHelper
}

/** The workspace, its config and the baseline, opened once for `check`, its lint and its gate. */
export interface CheckInputs {
  /** The workspace folder, as given (shown in findings). */
  dir: string
  config: Config
  /** The config file read, when there is one. */
  configFile?: string
  /** The config's warnings (unknown keys…), then the baseline's. */
  warnings: readonly string[]
  workspace: Workspace
  /** The opened `against`, when one was given; `checkWorkspace` closes it once its subjects are checked. */
  baseline?: Baseline
  /** The subjects to judge, in the workspace's order: all, or those `subjects` matches. */
  selected: readonly SubjectLayout[]
  /** Whether a subject (or the subject a workspace entry would be) is selected. */
  isSelected(subject: string): boolean
  /** A subject's level: the `level` option, else `registered` (a baseline registry's effective level for it), else the config's. */
  levelOf(subject: string, registered?: CompatibilityLevel): CompatibilityLevel
}

/**
 * Loads the config of the workspace in `dir` and opens the workspace (with the config's schema
 * types) and, with `against`, the baseline, then selects the subjects `subjects` matches.
 * Throws ConfigError (bad config), InputError (folder unreadable or empty), UsageError (folder
 * missing, or no subject matches `subjects`) and what `openBaseline` throws.
 */
export async function openCheckInputs(dir: string, options: CheckInputOptions = {}): Promise<CheckInputs> {
  const { followExternalLinks } = options
  const { config, file: configFile, warnings } = await loadConfig(dir, { followExternalLinks })
  const schemaTypeOf = (subject: string) => schemaTypeForSubject(config, subject)
  // A registry's profiles (and TLS files) are the workspace's, whose config is loaded already.
  const registry: BaselineRegistryContext = {
    ...(options.registry ?? { flags: {}, env: process.env, userAgent: 'schemactl', warn: () => undefined }),
    cwd: dir,
    loadSettings: async () => ({ ...config, file: configFile }),
  }
  const workspaceOpening = openWorkspace(dir, { followExternalLinks, schemaTypeOf, helper: options.helper })
  // A registry baseline reads the subjects this opening finds (the folder is not scanned twice, and they are the subjects checked).
  const workspaceSubjects = () => workspaceOpening.then((opened) => opened.layout.subjects)
  const baselineOptions = { registry, subjects: options.subjects, workspaceSubjects, from: options.againstFrom, followExternalLinks, schemaTypeOf }
  // Opened together: a git baseline is read by git processes while this one reads the folder.
  const opening = options.against === undefined ? undefined : openBaseline(dir, options.against, baselineOptions)
  const [baseline, workspace] = await Promise.all([opening, workspaceOpening]).catch(async (err: unknown) => {
    await opening?.then((opened) => opened.close()).catch(() => undefined)
    throw err
  })
  const patterns = options.subjects ?? []
  const isSelected = (subject: string) => patterns.length === 0 || patterns.some((p) => matchesSubject(p, subject))
  // Without --subject every subject: the layout's own list, not a copy of it.
  const selected = patterns.length === 0 ? workspace.layout.subjects : workspace.layout.subjects.filter((s) => isSelected(s.subject))
  // No subject at all (only problems, reported as findings) is not a --subject that matches nothing.
  if (selected.length === 0 && patterns.length > 0) {
    await baseline?.close()
    const names = workspace.layout.subjects.map((s) => s.subject)
    throw new UsageError(`no subject in ${dir} matches --subject ${patterns.join(', ')}`, {
      hint: `Subjects here: ${names.slice(0, 10).join(', ')}${names.length > 10 ? ', …' : ''}`,
    })
  }
  const levelOf = (subject: string, registered?: CompatibilityLevel) => options.level ?? registered ?? levelForSubject(config, subject)
  return {
    dir,
    config,
    ...(configFile !== undefined ? { configFile } : {}),
    warnings: [...warnings, ...(baseline?.warnings ?? [])],
    workspace,
    ...(baseline !== undefined ? { baseline } : {}),
    selected,
    isSelected,
    levelOf,
  }
}
