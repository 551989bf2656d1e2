import type { CheckReport } from '../app/check-report.js'
import { RULES } from '../engine/rules/index.js'
import { renderCheckText } from './check-text.js'
import { renderGithubAnnotations } from './github-annotations.js'
import { renderJunit } from './junit.js'
import { renderSarif } from './sarif.js'
import type { Style } from './style.js'

/** The `--format` values of `check` (json is the `--json` envelope, printed by the command base). */
export const CHECK_FORMATS = ['text', 'json', 'github', 'junit', 'sarif'] as const
/** One of the `--format` values. */
export type CheckFormat = (typeof CHECK_FORMATS)[number]

/**
 * Renders a check report in a non-JSON format; `version` goes into SARIF's tool description.
 * `width` (a terminal's) wraps the text format only: the CI formats keep one finding a line. Pure.
 */
export function renderCheckReport(report: CheckReport, format: Exclude<CheckFormat, 'json'>, style: Style, version: string, width?: number): string {
  if (format === 'github') return renderGithubAnnotations(report)
  if (format === 'junit') return renderJunit(report)
  if (format === 'sarif') return renderSarif(report, RULES, { version, informationUri: 'https://github.com/schemactl/schemactl' })
  return renderCheckText(report, style, { width })
}
