import type { CheckFinding, CheckReport, CheckReportEnd, SubjectReport } from '../app/check/report.js'
import { readVerdictMessages } from '../engine/compat/index.js'

/**
 * Renders a check report as GitHub Actions workflow commands: one `::error` (or `::warning`,
 * or `::notice` for approved breaks) per finding, `file`, `line`, `col` and `title` (the rule id)
 * set, values escaped as the runner expects; then a plain summary line. GitHub places an
 * annotation by its path from the repository root: the report's files must be relative to it. Pure.
 */
export function renderGithubAnnotations(report: CheckReport): string {
  const stream = githubAnnotationsStream()
  return (stream.head(report) + report.subjects.map((s) => stream.subject(s)).join('') + stream.tail(report)).slice(0, -1)
}

/** `renderGithubAnnotations` in parts: the problems' annotations, each subject's, then the summary line; each line ends with a newline. Pure. */
export function githubAnnotationsStream(): {
  head(report: Pick<CheckReport, 'problems'>): string
  subject(subject: SubjectReport): string
  tail(report: CheckReportEnd): string
} {
  const lines = (subject: string | undefined, findings: readonly CheckFinding[]) =>
    findings
      .map((f) => {
        const props = [
          ...(f.file !== undefined ? [`file=${escapeProperty(f.file)}`] : []),
          ...(f.line !== undefined ? [`line=${f.line}`, `col=${f.column ?? 1}`] : []),
          `title=${escapeProperty(f.rule ?? f.code)}`,
        ]
        return `::${command(f)} ${props.join(',')}::${escapeData(annotationText(f, subject))}\n`
      })
      .join('')
  return {
    head: (report) => lines(undefined, report.problems),
    subject: (s) => lines(s.subject, s.findings),
    tail: (report) => {
      const s = report.summary
      return `schemactl check: ${s.subjects} subjects, ${s.compatible} compatible, ${s.new} new, ${s.incompatible} incompatible, ${s.invalid} invalid${s.approved ? `, ${s.approved} approved` : ''}${s.lint ? `, ${s.lint} failing lint` : ''}\n`
    },
  }
}

function command(f: CheckFinding): 'error' | 'warning' | 'notice' {
  if (f.approval !== undefined && !f.approval.expired) return 'notice'
  if (f.baselined === true) return 'notice'
  return f.severity === 'warning' ? 'warning' : 'error'
}

/** The annotation's message: subject, the finding (the registry's `{errorType:…}` text as its path and sentence: the title names the type), and its approval when one applies. */
function annotationText(f: CheckFinding, subject: string | undefined): string {
  const approval =
    f.approval === undefined
      ? ''
      : f.approval.expired
        ? ` (approval expired ${f.approval.expires}: ${f.approval.reason})`
        : ` (approved until ${f.approval.expires}: ${f.approval.reason})`
  const readable = f.kind === 'incompatible' ? readVerdictMessages([f.message]).differences[0] : undefined
  const message = readable === undefined ? f.message : `${readable.path ? `${readable.path}: ` : ''}${readable.description}`
  return `${subject !== undefined ? `${subject}: ` : ''}${message}${approval}`
}

/** Escapes a message as GitHub's runner reads it (%, CR, LF). */
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
}

/** Escapes a property value (as data, plus `:` and `,`, which delimit properties). */
function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C')
}
