import { join } from 'node:path'
import { loadConfig } from '../config/load.js'
import { schemaTypeForSubject } from '../config/subject-level.js'
import { matchesSubject } from '../config/subject-glob.js'
import type { CompatibilityLevel } from '../engine/index.js'
import { UsageError } from '../errors.js'
import type { FileProblem } from '../workspace/findings.js'
import { subjectOfEntry, type SubjectLayout } from '../workspace/layout.js'
import { openWorkspace } from '../workspace/workspace.js'
import { openBaseline } from './check-baseline.js'
import type { CheckRegistryOptions } from './check-baseline-registry.js'
import type { CheckReport, CheckSummary, SubjectReport } from './check-report.js'
import { problemFinding } from './check-subject.js'
import { checkOnThreads, threadCount } from './check-threads.js'
import { subjectChecker, type SubjectOutcome } from './check-workspace-subject.js'

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
  /** Threads that check subjects (1: this one only); default one per core for a large workspace (check-threads.ts). */
  jobs?: number
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
  const schemaTypeOf = (subject: string) => schemaTypeForSubject(config, subject)
  const baselineOptions = { registry: options.registry, subjects: options.subjects, from: options.againstFrom, followExternalLinks: options.followExternalLinks, schemaTypeOf }
  const [baseline, workspace] = await Promise.all([options.against === undefined ? undefined : openBaseline(options.dir, options.against, baselineOptions), openWorkspace(options.dir, { followExternalLinks: options.followExternalLinks, schemaTypeOf })])
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

  // Against a baseline every worker would read it again (a registry, git objects): those checks stay on this thread.
  const threads = baseline === undefined ? threadCount(options.jobs, selected) : 1
  // One subject at a time per thread: only its files and parsed schemas are in memory (reads are synchronous anyway).
  const outcomes =
    threads > 1
      ? await checkOnThreads(workspace.layout, selected, threads, { dir: options.dir, config, level: options.level, followExternalLinks: options.followExternalLinks })
      : await checkInOrder(selected, subjectChecker({ dir: options.dir, workspace, config, baseline, level: options.level, changedOnly: options.changedOnly }))
  const subjects = outcomes.flatMap((o) => (o.report === undefined ? [] : [o.report]))
  // Subjects whose contract config in the workspace differs from the registry's (which applies against it).
  const differing = selected.filter((_, i) => outcomes[i].contractConfigDiffers).map((s) => s.subject)

  // With --subject, a problem with an entry that would be another subject is not this check's business.
  const wanted = (p: FileProblem) => isSelected(subjectOfEntry(p.file))
  const problems = [
    ...workspace.layout.problems.filter(wanted).map((p) => problemFinding(p, options.dir)),
    ...(baseline ? baseline.workspace.layout.problems.filter(wanted).map((p) => problemFinding(p, baseline.label)) : []),
  ]
  const empty = workspace.layout.emptyFolders.filter((f) => isSelected(subjectOfEntry(f)))
  const emptyWarnings = empty.map((f) => `${join(options.dir, f)}: empty folder, skipped (a subject folder holds its versions as 1.avsc, 2.avsc, …)`)
  const skipped = workspace.layout.skipped.filter((f) => isSelected(subjectOfEntry(f)))
  if (skipped.length > 0) emptyWarnings.push(skippedWarning(options.dir, skipped))
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
  const contractWarnings =
    differing.length === 0
      ? []
      : [
          `the registry's contract config (compatibilityGroup, defaults, overrides) differs from the workspace's "contracts" for ${differing.slice(0, 5).join(', ')}${differing.length > 5 ? `, and ${differing.length - 5} more` : ''}: the registry's applies, as it will when these versions are registered (schemactl get-config SUBJECT shows it)`,
        ]
  return { report, warnings: [...warnings, ...emptyWarnings, ...contractWarnings] }
}

/** Checks `subjects` one after another on this thread. */
async function checkInOrder(subjects: readonly SubjectLayout[], check: (layout: SubjectLayout) => Promise<SubjectOutcome>): Promise<SubjectOutcome[]> {
  const outcomes: SubjectOutcome[] = []
  for (const layout of subjects) outcomes.push(await check(layout))
  return outcomes
}

/** The warning for `.json` files that are no schema: how many, which (the first few), and how to make one count. */
export function skippedWarning(dir: string, files: readonly string[]): string {
  const shown = files.slice(0, 5).map((f) => join(dir, f)).join(', ')
  return `${files.length} file${files.length === 1 ? '' : 's'} skipped: not a schema (${shown}${files.length > 5 ? ', …' : ''}): a JSON Schema states "$schema"; for Avro or JSON Schema without it, set "schemaType" for the subject in the config`
}

function summarize(subjects: readonly SubjectReport[]): CheckSummary {
  const summary: CheckSummary = { subjects: subjects.length, compatible: 0, incompatible: 0, invalid: 0, new: 0 }
  for (const s of subjects) summary[s.verdict]++
  return summary
}
