import { join } from 'node:path'
import { loadConfig } from '../config/load.js'
import { levelForSubject } from '../config/subject-level.js'
import { matchesSubject } from '../config/subject-glob.js'
import type { CompatibilityLevel } from '../engine/types.js'
import { UsageError } from '../errors.js'
import type { FileProblem } from '../workspace/findings.js'
import { subjectOfEntry } from '../workspace/layout.js'
import { openWorkspace } from '../workspace/workspace.js'
import { baselineLevel, openBaseline, subjectChanged } from './check-baseline.js'
import type { CheckRegistryOptions } from './check-baseline-registry.js'
import type { CheckReport, CheckSummary, SubjectReport } from './check-report.js'
import { checkOwnHistory, checkSubjectAgainst, problemFinding } from './check-subject.js'

/** Inputs of `checkWorkspace`, as the command's flags give them. */
export interface CheckOptions {
  /** The workspace folder (shown as given in findings). */
  dir: string
  /** The registered history the newest versions are checked against: a workspace folder or `git:<ref>`. */
  against?: string
  /** How `against` was given, named in its errors: `--against` (default) or the environment variable it came from. */
  againstFrom?: string
  /** With `against`: only check subjects whose files differ from the baseline. */
  changedOnly?: boolean
  /** The registry connection for `against` values that name a registry. */
  registry?: CheckRegistryOptions
  /** Overrides every configured level. */
  level?: CompatibilityLevel
  /** Subject names or globs; only matching subjects are checked. */
  subjects?: readonly string[]
  /** Follow symbolic links that leave the workspace (and a folder baseline): see workspace/read-file.ts. */
  followExternalLinks?: boolean
}

/** `checkWorkspace`'s result: the report and warnings (e.g. unknown config keys) for the envelope. */
export interface CheckOutcome {
  report: CheckReport
  warnings: string[]
}

/**
 * The `check` use-case: for every subject of the workspace in `dir`, whether each version would
 * have been accepted by a registry at the subject's level, and whether every schema is valid.
 * Never prints. Throws ConfigError (bad config), InputError (folder unreadable or empty) and
 * UsageError (folder missing, or no subject matches `subjects`); bad files are findings in the report.
 */
export async function checkWorkspace(options: CheckOptions): Promise<CheckOutcome> {
  const { config, file: configFile, warnings } = await loadConfig(options.dir, { followExternalLinks: options.followExternalLinks })
  if (options.changedOnly === true && options.against === undefined) {
    throw new UsageError('--changed-only needs --against: changed compared with what?', { hint: 'Add --against git:origin/main (or another ref or folder).' })
  }
  // Opened together: a git baseline is read by git processes while this one reads the folder.
  const baselineOptions = { registry: options.registry, subjects: options.subjects, from: options.againstFrom, followExternalLinks: options.followExternalLinks }
  const [baseline, workspace] = await Promise.all([options.against === undefined ? undefined : openBaseline(options.dir, options.against, baselineOptions), openWorkspace(options.dir, { followExternalLinks: options.followExternalLinks })])
  warnings.push(...(baseline?.warnings ?? []))
  const patterns = options.subjects ?? []
  const isSelected = (subject: string) => patterns.length === 0 || patterns.some((p) => matchesSubject(p, subject))
  const selected = workspace.layout.subjects.filter((s) => isSelected(s.subject))
  // No subject at all (only problems, reported below) is not a --subject that matches nothing.
  if (selected.length === 0 && patterns.length > 0) {
    throw new UsageError(`no subject in ${options.dir} matches --subject ${patterns.join(', ')}`, {
      hint: `Subjects here: ${workspace.layout.subjects.slice(0, 10).map((s) => s.subject).join(', ')}${workspace.layout.subjects.length > 10 ? ', …' : ''}`,
    })
  }

  // One subject at a time: only its files and parsed schemas are in memory (reads are synchronous anyway).
  const subjects: SubjectReport[] = []
  const registered = new Map(baseline?.workspace.layout.subjects.map((s) => [s.subject, s]))
  for (const layout of selected) {
    const level = options.level ?? baseline?.levels?.get(layout.subject) ?? levelForSubject(config, layout.subject)
    const loaded = { loaded: await workspace.loadSubject(layout), dir: options.dir }
    if (baseline === undefined) {
      subjects.push(checkOwnHistory(loaded, level))
    } else {
      const history = registered.get(layout.subject)
      const previous = history && { loaded: await baseline.workspace.loadSubject(history), dir: baseline.label }
      if (options.changedOnly === true && !subjectChanged(loaded.loaded, previous?.loaded, levelForSubject(config, layout.subject), baselineLevel(baseline, layout.subject))) continue
      subjects.push(checkSubjectAgainst(loaded, previous, level, baseline.sameNumbering))
    }
  }

  // With --subject, a problem with an entry that would be another subject is not this check's business.
  const wanted = (p: FileProblem) => isSelected(subjectOfEntry(p.file))
  const problems = [
    ...workspace.layout.problems.filter(wanted).map((p) => problemFinding(p, options.dir)),
    ...(baseline ? baseline.workspace.layout.problems.filter(wanted).map((p) => problemFinding(p, baseline.label)) : []),
  ]
  const empty = workspace.layout.emptyFolders.filter((f) => isSelected(subjectOfEntry(f)))
  const emptyWarnings = empty.map((f) => `${join(options.dir, f)}: empty folder, skipped (a subject folder holds its versions as 1.avsc, 2.avsc, …)`)
  const summary = summarize(subjects)
  const exitCode = summary.invalid > 0 || problems.length > 0 ? 5 : summary.incompatible > 0 ? 1 : 0
  const report: CheckReport = {
    workspace: options.dir,
    ...(options.against !== undefined ? { against: options.against } : {}),
    ...(configFile !== undefined ? { config: configFile } : {}),
    subjects,
    problems,
    summary,
    exitCode,
  }
  return { report, warnings: [...warnings, ...emptyWarnings] }
}

function summarize(subjects: readonly SubjectReport[]): CheckSummary {
  const summary: CheckSummary = { subjects: subjects.length, compatible: 0, incompatible: 0, invalid: 0, new: 0 }
  for (const s of subjects) summary[s.verdict]++
  return summary
}
