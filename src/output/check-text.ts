import type { CheckFinding, CheckReport, CheckReportEnd, SubjectReport } from '../app/check/report.js'
import { readVerdictMessages } from '../engine/compat/index.js'
import type { Style } from './style.js'
import { wrapLine } from './wrap.js'

/**
 * Renders a check report for people: one line per subject (name, level, verdict), each finding
 * indented under it as `file:line:col  TYPE  location  [RULE]  (reader reading writer)  message`
 * (type and location as the registry reports them, the place in the candidate's file first; an
 * incompatibility's message as the sentence the registry's `{errorType:…}` text holds), then a
 * summary line. With `options.width` (a terminal's), each line wraps between words to that width,
 * its continuation indented under it; without, every finding stays one line. Pure.
 */
export function renderCheckText(report: CheckReport, c: Style, options: { width?: number } = {}): string {
  const longest = report.subjects.reduce((n, s) => Math.max(n, s.subject.length), 0)
  const stream = checkTextStream(c, { ...options, against: report.against !== undefined, longestSubject: longest })
  return (stream.head(report) + report.subjects.map((s) => stream.subject(s)).join('') + stream.tail(report)).slice(0, -1)
}

/**
 * `renderCheckText` in parts, for a report printed as its subjects are decided: the problems
 * (head), each subject's lines, then the summary (tail); each part ends with a newline, and
 * together they are `renderCheckText`'s text and a final newline. The subject column is as wide
 * as `longestSubject` (the longest reported subject name's length) makes it. Pure.
 */
export function checkTextStream(
  c: Style,
  options: { width?: number; against: boolean; longestSubject: number },
): { head(report: Pick<CheckReport, 'problems'>): string; subject(subject: SubjectReport): string; tail(report: CheckReportEnd): string } {
  const width = Math.min(48, Math.max(options.longestSubject, 7))
  const label = versionLabels(options.against)
  const wrap = (line: string, indent: string) => wrapLine(line, options.width, `${indent}    `)
  const lines = (list: string[]) => list.map((l) => l + '\n').join('')
  return {
    head: (report) => lines(report.problems.map((problem) => wrap(renderFinding(problem, c, '', label), ''))),
    subject: (subject) =>
      lines([wrap(renderSubject(subject, width, c, label), ''), ...subject.findings.map((finding) => wrap(renderFinding(finding, c, '    ', label), '    '))]),
    tail: (report) => `\n${wrap(renderSummary(report, c), '')}\n`,
  }
}

/** How versions are named: with a baseline, the workspace's candidate and the baseline's versions are told apart. */
interface VersionLabels {
  candidate(version: number): string
  registered(version: number): string
}

function versionLabels(againstBaseline: boolean): VersionLabels {
  if (!againstBaseline) return { candidate: (v) => `v${v}`, registered: (v) => `v${v}` }
  return { candidate: (v) => `workspace v${v}`, registered: (v) => `baseline v${v}` }
}

function renderSubject(subject: SubjectReport, width: number, c: Style, label: VersionLabels): string {
  const verdict = {
    compatible: c.green('compatible'),
    new: c.green('new'),
    incompatible: c.red('incompatible'),
    invalid: c.red('invalid'),
    approved: c.yellow('approved'),
  }[subject.verdict]
  const versions = describeVersions(subject.versions)
  const refused = subject.refused.map(
    (r) => `${label.candidate(r.version)} refused${r.againstVersion !== null ? ` (against ${label.registered(r.againstVersion)})` : ''}`,
  )
  const group = subject.compatibilityGroup === undefined ? [] : [`compatibility group ${subject.compatibilityGroup}`]
  const detail = [versions, ...refused, ...group].join(', ')
  return `${c.bold(subject.subject.padEnd(width))}  ${subject.level.padEnd(19)}  ${verdict}  ${c.dim(detail)}`
}

function describeVersions(versions: readonly number[]): string {
  if (versions.length === 0) return 'no versions'
  if (versions.length === 1) return `version ${versions[0]}`
  const first = versions[0]
  const last = versions[versions.length - 1]
  return last - first === versions.length - 1 ? `versions ${first}–${last}` : `versions ${versions.join(', ')}`
}

function renderFinding(finding: CheckFinding, c: Style, indent: string, label: VersionLabels): string {
  const where = finding.file === undefined ? '' : finding.line === undefined ? finding.file : `${finding.file}:${finding.line}:${finding.column ?? 1}`
  // Incompatibilities are named by Avro's type as the registry reports it, the finer rule after.
  const id = finding.code
  const parts = [c.cyan(where), finding.kind === 'invalid' || finding.severity === 'error' ? c.red(id) : c.yellow(id)]
  // Avro's pointer (for forward findings, into the old schema): file:line:col already places it in the candidate.
  const at = finding.readerLocation ?? finding.location
  if (at !== undefined) parts.push(c.dim(at === '' ? '/' : at))
  if (finding.rule !== undefined && finding.rule !== id) parts.push(c.dim(`[${finding.rule}]`))
  const pair = readerWriter(finding, label)
  if (pair !== undefined) parts.push(c.dim(`(${pair})`))
  // The registry's `{errorType:…}` text says type and path again: its sentence is what is left to say.
  const readable = finding.kind === 'incompatible' ? readVerdictMessages([finding.message]).differences[0] : undefined
  // Engine messages often end with " at <pointer>", already shown in the location column.
  const message = readable?.description ?? (at !== undefined && at !== '' ? finding.message.replace(` at ${at}`, '') : finding.message)
  parts.push(message)
  if (finding.approval !== undefined) {
    const { reason, expires, expired } = finding.approval
    parts.push(expired ? c.red(`[approval expired ${expires}: ${reason}]`) : c.yellow(`[approved until ${expires}: ${reason}]`))
  }
  if (finding.baselined === true) parts.push(c.dim('[in lint baseline]'))
  return indent + parts.filter((p) => p !== '').join('  ')
}

/** Which version reads which: the new one the old data (backward) or the old one the new data (forward). */
function readerWriter(finding: CheckFinding, label: VersionLabels): string | undefined {
  if (finding.version === undefined || finding.againstVersion === undefined || finding.direction === undefined) return undefined
  const candidate = label.candidate(finding.version)
  const registered = label.registered(finding.againstVersion)
  return finding.direction === 'backward' ? `${candidate} reading ${registered}` : `${registered} reading ${candidate}`
}

function renderSummary(report: CheckReportEnd, c: Style): string {
  const { summary } = report
  const counts = [
    `${summary.compatible} compatible`,
    ...(summary.new > 0 ? [`${summary.new} new`] : []),
    `${summary.incompatible} incompatible`,
    ...(summary.approved !== undefined && summary.approved > 0 ? [`${summary.approved} approved`] : []),
    ...(summary.lint !== undefined && summary.lint > 0 ? [`${summary.lint} failing lint`] : []),
    `${summary.invalid} invalid`,
  ]
  const problems = report.problems.length > 0 ? `, ${report.problems.length} unreadable ${report.problems.length === 1 ? 'entry' : 'entries'}` : ''
  const text = `${summary.subjects} ${summary.subjects === 1 ? 'subject' : 'subjects'} checked: ${counts.join(', ')}${problems}`
  return report.exitCode === 0 ? c.green(text) : c.red(text)
}
