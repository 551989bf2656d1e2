import type { CheckReport, CheckReportEnd, CheckReportStart, CheckSummary, SubjectReport } from '../app/check/report.js'
import type { RuleSummary } from '../app/lint/list-rules.js'
import { checkTextStream, renderCheckText } from './check-text.js'
import { githubAnnotationsStream, renderGithubAnnotations } from './github-annotations.js'
import { jsonItems, jsonTemplate } from './json-stream.js'
import { junitStream, renderJunit } from './junit.js'
import { renderSarif, sarifStream } from './sarif.js'
import type { Style } from './style.js'

/** The `--format` values of `check` (json is the `--json` envelope, printed by the command base). */
export const CHECK_FORMATS = ['text', 'json', 'github', 'junit', 'sarif'] as const
/** One of the `--format` values. */
export type CheckFormat = (typeof CHECK_FORMATS)[number]

/** The formats read by tools that resolve paths from the repository root (the report's files must be relative to it). */
export const REPOSITORY_FORMATS: readonly CheckFormat[] = ['github', 'sarif']

/** What SARIF needs besides the report: the catalogue for its rule descriptors, the repository root as a file URI, the version. */
export interface CheckRenderContext {
  version: string
  catalogue: readonly RuleSummary[]
  rootUri: string
  /** A terminal's width: wraps the text format only (the CI formats keep one finding a line). */
  width?: number
}

/** Renders a check report in a non-JSON format. Pure. */
export function renderCheckReport(report: CheckReport, format: Exclude<CheckFormat, 'json'>, style: Style, context: CheckRenderContext): string {
  if (format === 'github') return renderGithubAnnotations(report)
  if (format === 'junit') return renderJunit(report)
  if (format === 'sarif')
    return renderSarif(report, context.catalogue, { version: context.version, informationUri: 'https://github.com/schemactl/schemactl' }, context.rootUri)
  return renderCheckText(report, style, { width: context.width })
}

/** What a streamed report's head is rendered from: the start (problems) or, for a head printed last, the end (exit code, counts) too. */
export type CheckReportHead = CheckReportStart & Partial<Pick<CheckReportEnd, 'summary' | 'exitCode'>>

/**
 * A check report in parts, for printing it while its subjects are decided: `head` (before the
 * first subject), `subject` for each, then `tail`. Concatenated they are the format's whole text
 * and a final newline (`renderCheckReport`'s, or for json the `--json` envelope as the command
 * base prints it). A stream is stateful (JUnit counts its cases, SARIF and JSON their items):
 * one per report, its subjects rendered in order.
 */
export interface CheckReportStream {
  /** The head needs the end of the report (JSON's exit status, JUnit's counts): ask for it after the last subject, print it first. */
  readonly headAtEnd: boolean
  head(report: CheckReportHead, warnings: readonly string[]): string
  subject(subject: SubjectReport): string
  tail(report: CheckReportEnd, warnings: readonly string[]): string
}

/**
 * The stream of `format` (json: the `--json` envelope, its status being the exit code). Text
 * needs `longestSubject`, the length of the longest subject name the report will hold (its
 * column's width). Pure.
 */
export function checkReportStream(
  format: CheckFormat,
  style: Style,
  context: CheckRenderContext & { against: boolean; longestSubject: number },
): CheckReportStream {
  if (format === 'json') return checkJsonStream()
  if (format === 'junit') {
    const junit = junitStream()
    return { headAtEnd: true, head: (r) => junit.head(r), subject: (s) => junit.subject(s), tail: (r) => junit.tail(r) }
  }
  if (format === 'github') {
    const github = githubAnnotationsStream()
    return { headAtEnd: false, head: (r) => github.head(r), subject: (s) => github.subject(s), tail: (r) => github.tail(r) }
  }
  if (format === 'sarif') {
    const sarif = sarifStream(context.catalogue, { version: context.version, informationUri: 'https://github.com/schemactl/schemactl' }, context.rootUri)
    return { headAtEnd: false, head: (r) => sarif.head(r), subject: (s) => sarif.subject(s), tail: () => sarif.tail() }
  }
  const text = checkTextStream(style, { width: context.width, against: context.against, longestSubject: context.longestSubject })
  return { headAtEnd: false, head: (r) => text.head(r), subject: (s) => text.subject(s), tail: (r) => text.tail(r) }
}

/** The `--json` envelope (`{status, result, warnings}`, as src/cli/base-command.ts prints it) with the report's subjects streamed. */
function checkJsonStream(): CheckReportStream {
  const items = jsonItems(3)
  let frame: { before: string; after: string } | undefined
  return {
    headAtEnd: true,
    head: (report, warnings) => {
      const { workspace, against, config, problems, summary, exitCode = 0 } = report
      // CheckReport's key order, subjects in their place.
      const result = (subjects: unknown) => ({
        workspace,
        ...(against !== undefined ? { against } : {}),
        ...(config !== undefined ? { config } : {}),
        subjects,
        problems,
        summary: summary as CheckSummary,
        exitCode,
      })
      frame = jsonTemplate((subjects) => ({ status: exitCode, result: result(subjects), warnings }))
      return frame.before + items.open
    },
    subject: (s) => items.item(s),
    tail: () => `${items.close()}${(frame as { after: string }).after}\n`,
  }
}
