import type { CheckReport } from '../app/check/report.js'
import type { RuleSummary } from '../app/lint/list-rules.js'
import { renderCheckText } from './check-text.js'
import { renderGithubAnnotations } from './github-annotations.js'
import { renderJunit } from './junit.js'
import { renderSarif } from './sarif.js'
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
