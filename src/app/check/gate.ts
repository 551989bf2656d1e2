import type { CompatibilityLevel } from '../../engine/index.js'
import type { SubjectLayout } from '../../workspace/layout.js'
import { approvalMarker, isBlocking } from './approvals.js'
import { openCheckInputs, type CheckInputs } from './inputs.js'
import { collectingSink, withSubjects, type CheckFinding, type CheckReportSink } from './report.js'
import { refuseChangedOnlyAlone, streamCheckWorkspace, type CheckOptions, type CheckOutcome, type StreamedCheckOutcome } from './workspace.js'
import { EarlyWorkers } from './early-workers.js'
import { CheckCache } from './cache.js'
import { subjectLinter } from '../lint/workspace.js'

/** Inputs of `checkGate`: those of `checkWorkspace` plus the CI gate's own. */
export interface GateOptions extends CheckOptions {
  /** Also apply the lint rules to each checked subject's newest version. */
  lint?: boolean
  /** `warning`: lint warnings block too (default `error`). */
  failOn?: 'error' | 'warning'
  /** Today as YYYY-MM-DD (the caller's clock), for approval expiry. */
  today: string
}

/**
 * `check` as a CI gate: `checkWorkspace`, then (with `lint`) the lint findings of the checked
 * subjects, then the config's approved breaks. Exit code: 5 invalid input, 1 any blocking finding
 * (an unapproved or expired-approval incompatibility, a lint error not in the lint baseline, a
 * warning with `failOn: warning`), else 0. The workspace, its config and the baseline are opened
 * once for all three. Throws as `checkWorkspace` and `lintWorkspace` do. The whole report at
 * once: `streamCheckGate` hands it over subject by subject.
 */
export async function checkGate(options: GateOptions): Promise<CheckOutcome> {
  const sink = collectingSink()
  const { report, warnings } = await streamCheckGate(options, sink)
  return { report: withSubjects(report, sink.subjects), warnings }
}

/**
 * `checkGate` streamed: each subject, linted and with its approvals applied, goes to `sink` in
 * report order as soon as it is decided (see `streamCheckWorkspace`); only the counts, whether
 * anything blocks and which approvals were used are kept to the end.
 */
export async function streamCheckGate(options: GateOptions, sink: CheckReportSink): Promise<StreamedCheckOutcome> {
  refuseChangedOnlyAlone(options)
  // Against a baseline one thread checks (workspace.ts): no worker is started for it. With the workspace's verdicts cached, a warm run checks
  // little or nothing: workers start only once the misses are counted (a worker's start costs a warm run a fifth of its time).
  const cached = options.cache !== undefined && CheckCache.exists(options.cache, options.dir)
  const workers = options.against === undefined ? new EarlyWorkers(options.jobs, options.dir, !cached) : undefined
  const failOn = options.failOn ?? 'error'
  let inputs: CheckInputs | undefined
  let lint: ((layout: SubjectLayout, level: CompatibilityLevel) => Promise<CheckFinding[]>) | undefined
  let approvals: ReturnType<typeof approvalMarker> | undefined
  let walked = 0
  const counts = { blocking: false, approved: 0, incompatible: 0, lintCompatible: 0, lintNew: 0 }
  const gated: CheckReportSink = {
    start: (head) => sink.start(head),
    subject: async (checked) => {
      const opened = inputs as CheckInputs
      let subject = checked
      if (options.lint === true) {
        // Each checked subject (--changed-only skips some) at the level it was checked at (a baseline registry's is read with the subject, not kept).
        lint ??= subjectLinter(options, opened)
        // Reports come in the order of `selected`: its layout is found by walking on (no map of every subject).
        while (opened.selected[walked].subject !== subject.subject) walked++
        const layout = opened.selected[walked]
        subject = { ...subject, findings: [...subject.findings, ...(await lint(layout, subject.level))] }
      }
      approvals ??= approvalMarker(opened.config.approvals, options.today)
      subject = approvals.mark(subject)
      if (subject.findings.some((f) => isBlocking(f, failOn))) counts.blocking = true
      if (subject.verdict === 'approved') counts.approved++
      if (subject.verdict === 'incompatible') counts.incompatible++
      // A compatible (or new) subject that fails only on lint is not counted as passing.
      const lintFailed = subject.findings.some((f) => f.kind === 'lint' && isBlocking(f, failOn))
      if (lintFailed && subject.verdict === 'compatible') counts.lintCompatible++
      if (lintFailed && subject.verdict === 'new') counts.lintNew++
      await sink.subject(subject)
    },
  }
  let checked
  try {
    inputs = await openCheckInputs(options.dir, { ...options, helper: workers })
    checked = await streamCheckWorkspace({ ...options, workers }, gated, inputs)
  } finally {
    workers?.stop()
  }
  const { report, warnings } = checked
  if (options.failOn === 'warning' && options.lint !== true) {
    warnings.push("--fail-on warning without --lint: only check's own warnings (REGISTERED_VERSION_DELETED) can fail; add --lint to fail on lint warnings too")
  }
  const { config } = inputs
  approvals ??= approvalMarker(config.approvals, options.today)
  for (const stale of approvals.staleExpired()) {
    warnings.push(`approval for ${stale.subject} ${stale.rule} expired on ${stale.expires} and no longer matches anything: remove it from the config`)
  }
  const summary = {
    ...report.summary,
    compatible: report.summary.compatible - counts.lintCompatible,
    new: report.summary.new - counts.lintNew,
    incompatible: counts.incompatible,
    ...(config.approvals.length > 0 ? { approved: counts.approved } : {}),
    ...(options.lint === true ? { lint: counts.lintCompatible + counts.lintNew } : {}),
  }
  const exitCode = report.exitCode === 5 ? 5 : counts.blocking ? 1 : 0
  return { report: { ...report, summary, exitCode }, warnings }
}
