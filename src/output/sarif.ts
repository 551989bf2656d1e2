import type { CheckFinding, CheckReport, SubjectReport } from '../app/check/report.js'
import { jsonItems, jsonTemplate } from './json-stream.js'
import type { RuleSummary } from '../app/lint/list-rules.js'

/** What the SARIF log says about the tool. */
export interface SarifTool {
  version: string
  informationUri: string
}

/** The id SARIF locations are relative to: the repository root (GitHub code scanning's convention). */
const SRCROOT = '%SRCROOT%'

/**
 * Renders a check report as a SARIF 2.1.0 log: one run whose `tool.driver.rules` is the catalogue
 * (rules, then input problems such as INVALID_JSON, so every result has a descriptor), one result
 * per finding (ruleId, ruleIndex, level, message, file:line:col as a physical location whose URI
 * is relative to `%SRCROOT%`, the repository root `rootUri` given in `originalUriBaseIds`);
 * approved breaks and baselined lint findings carry an external `suppressions` entry with the
 * reason. The report's files must be relative to that root. Pure; returns the JSON text.
 */
export function renderSarif(report: CheckReport, rules: readonly RuleSummary[], tool: SarifTool, rootUri: string): string {
  const stream = sarifStream(rules, tool, rootUri)
  return (stream.head(report) + report.subjects.map((s) => stream.subject(s)).join('') + stream.tail()).slice(0, -1)
}

/**
 * `renderSarif` in parts: the log up to its results and the problems' results (head), each
 * subject's results, then the rest (tail, ending with a newline); together `renderSarif`'s text
 * and a final newline. Pure.
 */
export function sarifStream(
  rules: readonly RuleSummary[],
  tool: SarifTool,
  rootUri: string,
): { head(report: Pick<CheckReport, 'problems'>): string; subject(subject: SubjectReport): string; tail(): string } {
  const index = new Map(rules.map((r, i) => [r.id, i]))
  const frame = jsonTemplate((results) => ({
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'schemactl',
            version: tool.version,
            informationUri: tool.informationUri,
            rules: rules.map((r) => ({
              id: r.id,
              name: pascalName(r.id),
              shortDescription: { text: r.purpose },
              fullDescription: { text: r.docs },
              help: { text: `${r.purpose} ${r.docs}` },
              defaultConfiguration: { level: r.severity },
              properties: { tags: [r.kind] },
            })),
          },
        },
        originalUriBaseIds: { [SRCROOT]: { uri: rootUri } },
        results,
      },
    ],
  }))
  const items = jsonItems(4)
  return {
    head: (report) => frame.before + items.open + report.problems.map((f) => items.item(result(f, undefined, index))).join(''),
    subject: (s) => s.findings.map((f) => items.item(result(f, s.subject, index))).join(''),
    tail: () => `${items.close()}${frame.after}\n`,
  }
}

function result(f: CheckFinding, subject: string | undefined, index: ReadonlyMap<string, number>): object {
  const id = f.rule ?? f.code
  const ruleIndex = index.get(id)
  const suppressed = (f.approval !== undefined && !f.approval.expired) || f.baselined === true
  const justification = f.approval !== undefined ? `${f.approval.reason} (approved until ${f.approval.expires})` : 'recorded in the lint baseline'
  return {
    ruleId: id,
    ...(ruleIndex !== undefined ? { ruleIndex } : {}),
    level: f.severity === 'warning' ? 'warning' : 'error',
    message: { text: subject === undefined ? f.message : `${subject}: ${f.message}` },
    ...(f.file !== undefined
      ? {
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: toUri(f.file), uriBaseId: SRCROOT },
                ...(f.line !== undefined ? { region: { startLine: f.line, startColumn: f.column ?? 1 } } : {}),
              },
            },
          ],
        }
      : {}),
    ...(suppressed ? { suppressions: [{ kind: 'external', justification }] } : {}),
    ...(f.location !== undefined ? { properties: { pointer: f.location } } : {}),
  }
}

/** A file path as a SARIF URI reference: forward slashes, each segment percent-encoded. */
function toUri(file: string): string {
  return file
    .replace(/\\/g, '/')
    .split('/')
    .map((s) => encodeURIComponent(s))
    .join('/')
}

function pascalName(id: string): string {
  return id.toLowerCase().replace(/(^|_)(.)/g, (_, __, ch: string) => ch.toUpperCase())
}
