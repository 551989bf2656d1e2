import type { LintReport } from '../app/lint/workspace.js'
import type { Style } from './style.js'

/**
 * Renders a lint report for people: `file:line:col  RULE  message` per problem and finding
 * (baselined ones marked), then a summary line. Pure.
 */
export function renderLintText(report: LintReport, c: Style): string {
  const lines: string[] = []
  for (const findings of [report.problems, ...report.subjects.map((s) => s.findings)]) {
    for (const f of findings) {
      const where = f.file === undefined ? '' : f.line === undefined ? f.file : `${f.file}:${f.line}:${f.column ?? 1}`
      const id = f.severity === 'warning' || f.baselined === true ? c.yellow(f.rule ?? f.code) : c.red(f.rule ?? f.code)
      lines.push([c.cyan(where), id, f.message, f.baselined === true ? c.dim('[in lint baseline]') : ''].filter((p) => p !== '').join('  '))
    }
  }
  const s = report.summary
  const text = `${s.subjects} ${s.subjects === 1 ? 'subject' : 'subjects'} linted (${report.rules.length} rules): ${s.errors} errors, ${s.warnings} warnings${s.baselined > 0 ? `, ${s.baselined} in the baseline` : ''}${s.invalid > 0 ? `, ${s.invalid} invalid` : ''}`
  lines.push(...(lines.length > 0 ? [''] : []), report.exitCode === 0 ? c.green(text) : c.red(text))
  return lines.join('\n')
}
