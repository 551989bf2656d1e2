import type { CheckReport, CheckReportStream, CheckSummary } from '../app/check/report.js'
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
  if (format === 'sarif') return renderSarif(report, context.catalogue, sarifTool(context), context.rootUri)
  return renderCheckText(report, style, { width: context.width })
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
  if (format === 'junit') return { headAtEnd: true, ...junitStream() }
  if (format === 'github') return { headAtEnd: false, ...githubAnnotationsStream() }
  if (format === 'sarif') return { headAtEnd: false, ...sarifStream(context.catalogue, sarifTool(context), context.rootUri) }
  return { headAtEnd: false, ...checkTextStream(style, { width: context.width, against: context.against, longestSubject: context.longestSubject }) }
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

/** SARIF's tool driver: this build's version and where the tool is described. */
function sarifTool(context: CheckRenderContext): { version: string; informationUri: string } {
  return { version: context.version, informationUri: 'https://github.com/schemactl/schemactl' }
}
