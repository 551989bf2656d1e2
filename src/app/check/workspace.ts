import { join } from 'node:path'
import { UsageError } from '../../errors.js'
import type { FileProblem } from '../../workspace/findings.js'
import { subjectOfEntry, type SubjectLayout } from '../../workspace/layout.js'
import { openCheckInputs, type CheckInputOptions, type CheckInputs } from './inputs.js'
import { collectingSink, withSubjects, type CheckReport, type CheckReportEnd, type CheckReportSink, type CheckSummary } from './report.js'
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

/** `streamCheckWorkspace`'s result: the report without its subjects (they went to the sink) and the warnings. */
export interface StreamedCheckOutcome {
  report: CheckReportEnd
  warnings: string[]
}

/**
 * The `check` use-case: for every selected subject of the workspace in `dir`, whether each version
 * would have been accepted by a registry at the subject's level, and whether every schema is valid.
 * Reads `inputs` when given (opened with the same options), else opens them. Never prints. Throws
 * as `openCheckInputs` does, and UsageError for `changedOnly` without `against`; bad files are
 * findings in the report. The whole report at once: `streamCheckWorkspace` hands it over subject by subject.
 */
export async function checkWorkspace(options: CheckOptions, inputs?: CheckInputs): Promise<CheckOutcome> {
  const sink = collectingSink()
  const { report, warnings } = await streamCheckWorkspace(options, sink, inputs)
  return { report: withSubjects(report, sink.subjects), warnings }
}

/**
 * `checkWorkspace` streamed: each subject's report goes to `sink` in report order as soon as it
 * and every one before it are decided, and is not kept; only counts and what the exit code and
 * warnings need stay until the end. Throws as `checkWorkspace` does, whatever was handed over already.
 */
export async function streamCheckWorkspace(options: CheckOptions, sink: CheckReportSink, inputs?: CheckInputs): Promise<StreamedCheckOutcome> {
  refuseChangedOnlyAlone(options)
  const opened = inputs ?? (await openCheckInputs(options.dir, options))
  const { dir, config, configFile, workspace, baseline, selected, isSelected, levelOf } = opened

  // Only a check of a subject's own history is cached: a baseline's inputs are not in the key.
  const cache = options.cache !== undefined && baseline === undefined ? new CheckCache(options.cache, dir) : undefined
  // First the subjects known by their files' status, on this thread: a warm run starts no worker and checks nothing.
  // Without a cache to look in, every subject is checked: no list of them is made (100,000 subjects: three lists of 100,000).
  const lookUp = cache !== undefined && !cache.empty
  const known: Array<SubjectOutcome | undefined> = !lookUp
    ? []
    : selected.map((layout) => {
        const report = cache.known(workspace, layout, ownHistoryContext(dir, config, levelOf, layout.subject))
        return report === undefined ? undefined : { report, contractConfigDiffers: false }
      })
  // The positions in `selected` of the subjects to check (none: all of them).
  const open = lookUp ? selected.flatMap((_, i) => (known[i] === undefined ? [i] : [])) : undefined
  const pending = lookUp ? selected.filter((_, i) => known[i] === undefined) : selected

  // With --subject, a problem with an entry that would be another subject is not this check's business.
  const wanted = (p: FileProblem) => isSelected(subjectOfEntry(p.file))
  const problemsNow = () => [
    ...workspace.layout.problems.filter(wanted).map((p) => problemFinding(p, dir)),
    ...(baseline
      ? baseline
          .problems()
          .filter(wanted)
          .map((p) => problemFinding(p, baseline.label))
      : []),
  ]
  const head = {
    workspace: dir,
    ...(options.against !== undefined ? { against: options.against } : {}),
    ...(configFile !== undefined ? { config: configFile } : {}),
  }
  await sink.start({ ...head, problems: problemsNow(), ...(options.changedOnly === true ? {} : { longestSubject: longestName(selected) }) })

  // Outcomes are handed over in the order of `selected`: those known from the cache between the checked ones.
  const summary: CheckSummary = { subjects: 0, compatible: 0, incompatible: 0, invalid: 0, new: 0 }
  const differing: string[] = []
  let differingCount = 0
  let next = 0
  const hand = async (at: number, outcome: SubjectOutcome) => {
    // Without a cache there is no list: an assignment would grow one to every subject's position.
    if (lookUp) known[at] = undefined
    if (outcome.contractConfigDiffers) {
      // Only the first few are named in the warning.
      if (differing.length < 5) differing.push(selected[at].subject)
      differingCount++
    }
    if (outcome.report === undefined) return
    summary.subjects++
    summary[outcome.report.verdict]++
    await sink.subject(outcome.report)
  }
  const handKnownBefore = async (end: number) => {
    if (!lookUp) return
    for (; next < end; next++) {
      const outcome = known[next]
      if (outcome !== undefined) await hand(next, outcome)
    }
  }
  const checked = async (outcome: SubjectOutcome, i: number) => {
    const at = open === undefined ? i : open[i]
    cache?.record(selected[at].subject, outcome.cache, outcome.report)
    await handKnownBefore(at)
    await hand(at, outcome)
    next = at + 1
  }

  // Against a baseline every worker would read it again (a registry, git objects): those checks stay on this thread.
  const threads = baseline === undefined ? threadCount(options.jobs, pending) : 1
  // One subject at a time per thread: only its files and parsed schemas are in memory (reads are synchronous anyway).
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
    await workers.check(workspace.layout, pending, settings, subjectChecker({ dir, workspace, config, levelOf, cache }), checked)
  } else if (baseline !== undefined) {
    options.workers?.stop()
    // A few subjects' baseline read ahead of their check (a registry's latency), each dropped once checked: memory stays flat.
    const check = subjectChecker({ dir, workspace, config, baseline, levelOf, changedOnly: options.changedOnly })
    try {
      let i = 0
      const emit = async (held: BaselineSubject, layout: SubjectLayout) => checked(await check(layout, held), i++)
      await mapInOrder(pending, (layout) => baseline.subject(layout.subject), emit, { concurrency: baseline.readAhead, window: baseline.readAhead })
    } finally {
      await baseline.close()
    }
  } else {
    options.workers?.stop()
    const check = subjectChecker({ dir, workspace, config, levelOf, cache })
    for (let i = 0; i < pending.length; i++) await checked(await check(pending[i]), i)
  }
  await handKnownBefore(selected.length)
  cache?.finish(workspace)

  const problems = problemsNow()
  const empty = workspace.layout.emptyFolders.filter((f) => isSelected(subjectOfEntry(f)))
  const emptyWarnings = empty.map((f) => `${join(dir, f)}: empty folder, skipped (a subject folder holds its versions as 1.avsc, 2.avsc, …)`)
  const skipped = workspace.layout.skipped.filter((f) => isSelected(subjectOfEntry(f)))
  if (skipped.length > 0) emptyWarnings.push(skippedWarning(dir, skipped))
  const exitCode = summary.invalid > 0 || problems.length > 0 ? 5 : summary.incompatible > 0 ? 1 : 0
  const report: CheckReportEnd = { ...head, problems, summary, exitCode }
  const contractWarnings =
    differingCount === 0
      ? []
      : [
          `the registry's contract config (compatibilityGroup, defaults, overrides) differs from the workspace's "contracts" for ${differing.join(', ')}${differingCount > 5 ? `, and ${differingCount - 5} more` : ''}: the registry's applies, as it will when these versions are registered (schemactl get-config SUBJECT shows it)`,
        ]
  return { report, warnings: [...opened.warnings, ...emptyWarnings, ...contractWarnings] }
}

/** The length of the longest subject name in `subjects` (read one at a time: a list of 200,000 names is ~8 MB). */
function longestName(subjects: readonly SubjectLayout[]): number {
  let longest = 0
  for (let i = 0; i < subjects.length; i++) longest = Math.max(longest, subjects[i].subject.length)
  return longest
}

/** `--changed-only` compares with the baseline: refused without one, before anything is read. */
export function refuseChangedOnlyAlone(options: CheckOptions): void {
  if (options.changedOnly === true && options.against === undefined) {
    throw new UsageError('--changed-only needs --against: changed compared with what?', { hint: 'Add --against git:origin/main (or another ref or folder).' })
  }
}

/** The warning for `.json` files that are no schema: how many, which (the first few), and how to make one count. */
export function skippedWarning(dir: string, files: readonly string[]): string {
  const shown = files
    .slice(0, 5)
    .map((f) => join(dir, f))
    .join(', ')
  return `${files.length} file${files.length === 1 ? '' : 's'} skipped: not a schema (${shown}${files.length > 5 ? ', …' : ''}): a JSON Schema states "$schema"; for Avro or JSON Schema without it, set "schemaType" for the subject in the config`
}
