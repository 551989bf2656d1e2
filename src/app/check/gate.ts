import { applyApprovals, isBlocking } from './approvals.js'
import { openCheckInputs } from './inputs.js'
import { checkWorkspace, refuseChangedOnlyAlone, type CheckOptions, type CheckOutcome } from './workspace.js'
import { EarlyWorkers } from './early-workers.js'
import { CheckCache } from './cache.js'
import { lintWorkspace } from '../lint/workspace.js'

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
 * once for all three. Throws as `checkWorkspace` and `lintWorkspace` do.
 */
export async function checkGate(options: GateOptions): Promise<CheckOutcome> {
  refuseChangedOnlyAlone(options)
  // Against a baseline one thread checks (workspace.ts): no worker is started for it. With the workspace's verdicts cached, a warm run checks
  // little or nothing: workers start only once the misses are counted (a worker's start costs a warm run a fifth of its time).
  const cached = options.cache !== undefined && CheckCache.exists(options.cache, options.dir)
  const workers = options.against === undefined ? new EarlyWorkers(options.jobs, options.dir, !cached) : undefined
  let inputs, checked
  try {
    inputs = await openCheckInputs(options.dir, { ...options, helper: workers })
    checked = await checkWorkspace({ ...options, workers }, inputs)
  } finally {
    workers?.stop()
  }
  const { report, warnings } = checked
  let subjects = report.subjects
  if (options.lint === true && subjects.length > 0) {
    // Only the subjects checked (--changed-only skips some), each at the level it was checked at (a baseline registry's is read with the subject, not kept).
    const checked = new Map(subjects.map((s) => [s.subject, s.level]))
    const levelOf = (subject: string) => checked.get(subject) ?? inputs.levelOf(subject)
    const lint = await lintWorkspace(options, { ...inputs, levelOf, selected: inputs.selected.filter((s) => checked.has(s.subject)) })
    const bySubject = new Map(lint.report.subjects.map((s) => [s.subject, s.findings.filter((f) => f.kind === 'lint')]))
    subjects = subjects.map((s) => ({ ...s, findings: [...s.findings, ...(bySubject.get(s.subject) ?? [])] }))
  }
  if (options.failOn === 'warning' && options.lint !== true) {
    warnings.push("--fail-on warning without --lint: only check's own warnings (REGISTERED_VERSION_DELETED) can fail; add --lint to fail on lint warnings too")
  }
  const { config } = inputs
  const approved = applyApprovals(subjects, config.approvals, options.today)
  for (const stale of approved.staleExpired) {
    warnings.push(`approval for ${stale.subject} ${stale.rule} expired on ${stale.expires} and no longer matches anything: remove it from the config`)
  }
  const failOn = options.failOn ?? 'error'
  const blocking = approved.subjects.some((s) => s.findings.some((f) => isBlocking(f, failOn)))
  const approvedCount = approved.subjects.filter((s) => s.verdict === 'approved').length
  // A compatible (or new) subject that fails only on lint is not counted as passing.
  const lintFailed = (verdict: string) =>
    approved.subjects.filter((s) => s.verdict === verdict && s.findings.some((f) => f.kind === 'lint' && isBlocking(f, failOn))).length
  const lint = lintFailed('compatible') + lintFailed('new')
  const summary = {
    ...report.summary,
    compatible: report.summary.compatible - lintFailed('compatible'),
    new: report.summary.new - lintFailed('new'),
    incompatible: approved.subjects.filter((s) => s.verdict === 'incompatible').length,
    ...(config.approvals.length > 0 ? { approved: approvedCount } : {}),
    ...(options.lint === true ? { lint } : {}),
  }
  const exitCode = report.exitCode === 5 ? 5 : blocking ? 1 : 0
  return { report: { ...report, subjects: approved.subjects, summary, exitCode }, warnings }
}
