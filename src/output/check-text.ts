import type { CheckFinding, CheckReport, SubjectReport } from '../app/check-report.js'
import type { Style } from './style.js'

/**
 * Renders a check report for people: one line per subject (name, level, verdict), each finding
 * indented under it as `file:line:col  TYPE  location  message`, then a summary line. Pure.
 */
export function renderCheckText(report: CheckReport, c: Style): string {
  const width = Math.min(48, Math.max(...report.subjects.map((s) => s.subject.length), 7))
  const lines: string[] = []
  for (const problem of report.problems) lines.push(renderFinding(problem, c, ''))
  for (const subject of report.subjects) {
    lines.push(renderSubject(subject, width, c))
    for (const finding of subject.findings) lines.push(renderFinding(finding, c, '    '))
  }
  lines.push('', renderSummary(report, c))
  return lines.join('\n')
}

function renderSubject(subject: SubjectReport, width: number, c: Style): string {
  const verdict = {
    compatible: c.green('compatible'),
    new: c.green('new'),
    incompatible: c.red('incompatible'),
    invalid: c.red('invalid'),
    approved: c.yellow('approved'),
  }[subject.verdict]
  const versions = describeVersions(subject.versions)
  const refused = subject.refused.map((r) => `v${r.version} refused${r.againstVersion !== null ? ` (against v${r.againstVersion})` : ''}`)
  const detail = [versions, ...refused].join(', ')
  return `${c.bold(subject.subject.padEnd(width))}  ${subject.level.padEnd(19)}  ${verdict}  ${c.dim(detail)}`
}

function describeVersions(versions: readonly number[]): string {
  if (versions.length === 0) return 'no versions'
  if (versions.length === 1) return `version ${versions[0]}`
  const first = versions[0]
  const last = versions[versions.length - 1]
  return last - first === versions.length - 1 ? `versions ${first}–${last}` : `versions ${versions.join(', ')}`
}

function renderFinding(finding: CheckFinding, c: Style, indent: string): string {
  const where = finding.file === undefined ? '' : finding.line === undefined ? finding.file : `${finding.file}:${finding.line}:${finding.column ?? 1}`
  const id = finding.rule ?? finding.code
  const parts = [c.cyan(where), finding.kind === 'invalid' || finding.severity === 'error' ? c.red(id) : c.yellow(id)]
  if (finding.location !== undefined) parts.push(c.dim(finding.location === '' ? '/' : finding.location))
  const pair = readerWriter(finding)
  if (pair !== undefined) parts.push(c.dim(`(${pair})`))
  // Engine messages often end with " at <pointer>", already shown in the location column.
  const at = finding.readerLocation ?? finding.location
  const message = at !== undefined && at !== '' ? finding.message.replace(` at ${at}`, '') : finding.message
  parts.push(message)
  if (finding.approval !== undefined) {
    const { reason, expires, expired } = finding.approval
    parts.push(expired ? c.red(`[approval expired ${expires}: ${reason}]`) : c.yellow(`[approved until ${expires}: ${reason}]`))
  }
  if (finding.baselined === true) parts.push(c.dim('[in lint baseline]'))
  return indent + parts.filter((p) => p !== '').join('  ')
}

/** Which version reads which: the new one the old data (backward) or the old one the new data (forward). */
function readerWriter(finding: CheckFinding): string | undefined {
  if (finding.version === undefined || finding.againstVersion === undefined || finding.direction === undefined) return undefined
  const [reader, writer] = finding.direction === 'backward' ? [finding.version, finding.againstVersion] : [finding.againstVersion, finding.version]
  return `v${reader} reading v${writer}`
}

function renderSummary(report: CheckReport, c: Style): string {
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
