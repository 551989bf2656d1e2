import { join } from 'node:path'
import { UsageError } from '../../errors.js'
import type { FileProblem } from '../../workspace/findings.js'
import { subjectOfEntry, type SubjectLayout } from '../../workspace/layout.js'
import { openCheckInputs, type CheckInputOptions, type CheckInputs } from './inputs.js'
import type { CheckReport, CheckSummary, SubjectReport } from './report.js'
import { CheckCache, type CheckCacheOptions } from './cache.js'
import type { EarlyWorkers } from './early-workers.js'
import { CheckWorkers } from './threads.js'
import { problemFinding } from './subject.js'
import { threadCount } from './thread-count.js'
import { mapInOrder } from '../in-order.js'
import type { BaselineSubject } from './baseline.js'
import { ownHistoryContext, subjectChecker, type SubjectOutcome } from './workspace-subject.js'

/** Inputs of `checkWorkspace`, as the command's flags give them. */
export interface CheckOptions extends CheckInputOptions {
  /** The workspace folder (shown as given in findings). */
  dir: string
  /** With `against`: only check subjects whose files differ from the baseline. */
  changedOnly?: boolean
  /** Threads that check subjects (1: this one only); default one per core for a large workspace (threads.ts). */
  jobs?: number
  /** Keep and reuse verdicts of subjects checked on their own history (cache.ts); absent: no cache (`--no-cache`). */
  cache?: CheckCacheOptions
  /** Worker threads started before the workspace was opened (early-workers.ts); used when more than one thread checks, else stopped. */
  workers?: EarlyWorkers
}

/** `checkWorkspace`'s result: the report and warnings (e.g. unknown config keys) for the envelope. */
export interface CheckOutcome {
  report: CheckReport
  warnings: string[]
}

/**
 * The `check` use-case: for every selected subject of the workspace in `dir`, whether each version
 * would have been accepted by a registry at the subject's level, and whether every schema is valid.
 * Reads `inputs` when given (opened with the same options), else opens them. Never prints. Throws
 * as `openCheckInputs` does, and UsageError for `changedOnly` without `against`; bad files are
 * findings in the report.
 */
export async function checkWorkspace(options: CheckOptions, inputs?: CheckInputs): Promise<CheckOutcome> {
  refuseChangedOnlyAlone(options)
  const opened = inputs ?? (await openCheckInputs(options.dir, options))
  const { dir, config, configFile, workspace, baseline, selected, isSelected, levelOf } = opened

  // Only a check of a subject's own history is cached: a baseline's inputs are not in the key.
  const cache = options.cache !== undefined && baseline === undefined ? new CheckCache(options.cache, dir) : undefined
  // First the subjects known by their files' status, on this thread: a warm run starts no worker and checks nothing.
  const outcomes: Array<SubjectOutcome | undefined> = selected.map((layout) => {
    if (cache === undefined || cache.empty) return undefined
    const report = cache.known(workspace, layout, ownHistoryContext(dir, config, levelOf, layout.subject))
    return report === undefined ? undefined : { report, contractConfigDiffers: false }
  })
  const open = selected.flatMap((_, i) => (outcomes[i] === undefined ? [i] : []))
  const pending = open.map((i) => selected[i])
  // Against a baseline every worker would read it again (a registry, git objects): those checks stay on this thread.
  const threads = baseline === undefined ? threadCount(options.jobs, pending) : 1
  // One subject at a time per thread: only its files and parsed schemas are in memory (reads are synchronous anyway).
  let checked: SubjectOutcome[] = []
  if (pending.length > 0 && threads > 1) {
    // Each worker opens the cache itself to read it, and hands back what goes in it.
    const workers = options.workers?.take(threads - 1) ?? new CheckWorkers(threads - 1)
    const settings = {
      dir,
      config,
      level: options.level,
      followExternalLinks: options.followExternalLinks,
      cache: options.cache && { ...options.cache, log: undefined },
    }
    checked = await workers.check(workspace.layout, pending, settings, subjectChecker({ dir, workspace, config, levelOf, cache }))
  } else if (baseline !== undefined) {
    options.workers?.stop()
    // A few subjects' baseline read ahead of their check (a registry's latency), each dropped once checked: memory stays flat.
    const check = subjectChecker({ dir, workspace, config, baseline, levelOf, changedOnly: options.changedOnly })
    try {
      const emit = async (held: BaselineSubject, layout: SubjectLayout) => {
        checked.push(await check(layout, held))
      }
      await mapInOrder(pending, (layout) => baseline.subject(layout.subject), emit, { concurrency: baseline.readAhead, window: baseline.readAhead })
    } finally {
      await baseline.close()
    }
  } else {
    options.workers?.stop()
    checked = await checkInOrder(pending, subjectChecker({ dir, workspace, config, levelOf, cache }))
  }
  open.forEach((at, i) => {
    cache?.record(selected[at].subject, checked[i].cache, checked[i].report)
    outcomes[at] = checked[i]
  })
  cache?.finish(workspace)
  const done = outcomes as SubjectOutcome[]
  const subjects = done.flatMap((o) => (o.report === undefined ? [] : [o.report]))
  // Subjects whose contract config in the workspace differs from the registry's (which applies against it).
  const differing = selected.filter((_, i) => done[i].contractConfigDiffers).map((s) => s.subject)

  // With --subject, a problem with an entry that would be another subject is not this check's business.
  const wanted = (p: FileProblem) => isSelected(subjectOfEntry(p.file))
  const problems = [
    ...workspace.layout.problems.filter(wanted).map((p) => problemFinding(p, dir)),
    ...(baseline
      ? baseline
          .problems()
          .filter(wanted)
          .map((p) => problemFinding(p, baseline.label))
      : []),
  ]
  const empty = workspace.layout.emptyFolders.filter((f) => isSelected(subjectOfEntry(f)))
  const emptyWarnings = empty.map((f) => `${join(dir, f)}: empty folder, skipped (a subject folder holds its versions as 1.avsc, 2.avsc, …)`)
  const skipped = workspace.layout.skipped.filter((f) => isSelected(subjectOfEntry(f)))
  if (skipped.length > 0) emptyWarnings.push(skippedWarning(dir, skipped))
  const summary = summarize(subjects)
  const exitCode = summary.invalid > 0 || problems.length > 0 ? 5 : summary.incompatible > 0 ? 1 : 0
  const report: CheckReport = {
    workspace: dir,
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
  return { report, warnings: [...opened.warnings, ...emptyWarnings, ...contractWarnings] }
}

/** `--changed-only` compares with the baseline: refused without one, before anything is read. */
export function refuseChangedOnlyAlone(options: CheckOptions): void {
  if (options.changedOnly === true && options.against === undefined) {
    throw new UsageError('--changed-only needs --against: changed compared with what?', { hint: 'Add --against git:origin/main (or another ref or folder).' })
  }
}

/** Checks `subjects` one after another on this thread. */
async function checkInOrder(subjects: readonly SubjectLayout[], check: (layout: SubjectLayout) => Promise<SubjectOutcome>): Promise<SubjectOutcome[]> {
  const outcomes: SubjectOutcome[] = []
  for (const layout of subjects) outcomes.push(await check(layout))
  return outcomes
}

/** The warning for `.json` files that are no schema: how many, which (the first few), and how to make one count. */
export function skippedWarning(dir: string, files: readonly string[]): string {
  const shown = files
    .slice(0, 5)
    .map((f) => join(dir, f))
    .join(', ')
  return `${files.length} file${files.length === 1 ? '' : 's'} skipped: not a schema (${shown}${files.length > 5 ? ', …' : ''}): a JSON Schema states "$schema"; for Avro or JSON Schema without it, set "schemaType" for the subject in the config`
}

function summarize(subjects: readonly SubjectReport[]): CheckSummary {
  const summary: CheckSummary = { subjects: subjects.length, compatible: 0, incompatible: 0, invalid: 0, new: 0 }
  for (const s of subjects) summary[s.verdict]++
  return summary
}
