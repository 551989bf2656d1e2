import type { CheckFinding, CheckReport, SubjectReport } from '../app/check/report.js'

/**
 * Renders a check report as JUnit XML: one `<testcase>` per subject (name = subject,
 * classname = `schemactl.check`), a `<failure>` per blocking incompatibility or lint finding
 * (type = rule id), an `<error>` per invalid input, approved breaks and baselined lint findings
 * in `<system-out>`; workspace problems belong to a `(workspace)` test case. Pure.
 */
export function renderJunit(report: CheckReport): string {
  const stream = junitStream()
  const cases = report.subjects.map((s) => stream.subject(s)).join('')
  return (stream.head(report) + cases + stream.tail(report)).slice(0, -1)
}

/**
 * `renderJunit` in parts: each subject's test case first (counted), then the head, whose counts
 * need every case (so it is asked for last, and printed first), and the tail with the problems'
 * case; each part ends with a newline, together `renderJunit`'s text and a final newline. Pure.
 */
export function junitStream(): {
  subject(subject: SubjectReport): string
  head(report: Pick<CheckReport, 'workspace' | 'problems'>): string
  tail(report: Pick<CheckReport, 'problems'>): string
} {
  let tests = 0
  let failures = 0
  let errors = 0
  const counted = (c: Case) => {
    tests++
    if (c.failed) failures++
    if (c.errored) errors++
    return `${c.xml}\n`
  }
  const problemsCase = (problems: readonly CheckFinding[]) => (problems.length > 0 ? testCase('(workspace)', problems) : undefined)
  return {
    subject: (s) => counted(testCase(s.subject, s.findings)),
    head: (report) => {
      const extra = problemsCase(report.problems)
      const t = tests + (extra ? 1 : 0)
      const f = failures + (extra?.failed ? 1 : 0)
      const e = errors + (extra?.errored ? 1 : 0)
      const counts = `tests="${t}" failures="${f}" errors="${e}" skipped="0"`
      return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="schemactl check" ${counts}>\n  <testsuite name="${attr(report.workspace)}" ${counts}>\n`
    },
    tail: (report) => {
      const extra = problemsCase(report.problems)
      return `${extra ? `${extra.xml}\n` : ''}  </testsuite>\n</testsuites>\n\n`
    },
  }
}

interface Case {
  xml: string
  failed: boolean
  errored: boolean
}

function testCase(name: string, findings: readonly CheckFinding[]): Case {
  const passing = (f: CheckFinding) => (f.approval !== undefined && !f.approval.expired) || f.baselined === true || f.severity === 'warning'
  const errors = findings.filter((f) => f.kind === 'invalid')
  const failures = findings.filter((f) => f.kind !== 'invalid' && !passing(f))
  const notes = findings.filter((f) => f.kind !== 'invalid' && passing(f))
  const file = findings.find((f) => f.file !== undefined)?.file
  const open = `    <testcase classname="schemactl.check" name="${attr(name)}"${file !== undefined ? ` file="${attr(file)}"` : ''}>`
  const body = [
    ...errors.map((f) => `      <error message="${attr(f.message)}" type="${attr(f.code)}">${text(describe(f))}</error>`),
    ...failures.map((f) => `      <failure message="${attr(f.message)}" type="${attr(f.rule ?? f.code)}">${text(describe(f))}</failure>`),
    ...(notes.length > 0 ? [`      <system-out>${text(notes.map(describe).join('\n'))}</system-out>`] : []),
  ]
  return { xml: [open, ...body, '    </testcase>'].join('\n'), failed: failures.length > 0 && errors.length === 0, errored: errors.length > 0 }
}

/** `file:line:col RULE message [approval]`, the text inside an element. */
function describe(f: CheckFinding): string {
  const where = f.file === undefined ? '' : `${f.file}${f.line !== undefined ? `:${f.line}:${f.column ?? 1}` : ''} `
  const approval =
    f.approval === undefined ? '' : ` [${f.approval.expired ? 'approval expired' : 'approved until'} ${f.approval.expires}: ${f.approval.reason}]`
  return `${where}${f.rule ?? f.code} ${f.message}${approval}${f.baselined === true ? ' [in lint baseline]' : ''}`
}

function text(value: string): string {
  // Characters XML 1.0 forbids even escaped are dropped.
  return value
    .replace(/[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
}

function attr(value: string): string {
  return text(value).replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;')
}
