import { readFileSync } from 'node:fs'
import { Ajv, type ErrorObject } from 'ajv'

const SCHEMA_FILE = new URL('../fixtures/sarif/sarif-2.1.0-rtm.5.json', import.meta.url)

/** The vendored SARIF 2.1.0 schema (draft-04) as ajv 8 reads it: `id` becomes `$id`, nothing else changes. */
function loadSchema(): object {
  const { id, $schema: _draft04, ...schema } = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as Record<string, unknown>
  return { ...schema, $id: id }
}

// Formats the schema uses, checked as RFC 3986 / RFC 3339 say (ajv-formats is not a dependency of ours).
// unicodeRegExp off: one pattern of the schema (language tags) is not valid with the u flag.
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false })
ajv.addFormat('uri', (s: string) => /^[a-z][a-z0-9+.-]*:[^\s]*$/i.test(s))
ajv.addFormat('uri-reference', (s: string) => !/[\s\\]/.test(s))
ajv.addFormat('date-time', (s: string) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/i.test(s))
const validateSchema = ajv.compile(loadSchema())

/**
 * Validates a SARIF log against the OASIS SARIF 2.1.0 JSON schema, plus what the schema cannot
 * say and consumers such as GitHub code scanning rely on: rule ids unique, each `ruleIndex`
 * pointing at the rule named by `ruleId`. Returns the problems found ([] when valid).
 */
export function validateSarif(log: unknown): string[] {
  const problems = validateSchema(log) ? [] : (validateSchema.errors ?? []).map(describe)
  const runs = (log as { runs?: unknown }).runs
  if (!Array.isArray(runs)) return problems
  runs.forEach((run: { tool?: { driver?: { rules?: Array<{ id?: string }> } }; results?: Array<{ ruleId?: string; ruleIndex?: number }> }, r) => {
    const rules = run.tool?.driver?.rules ?? []
    const ids = rules.map((rule) => rule.id)
    ids.forEach((id, i) => {
      if (ids.indexOf(id) !== i) problems.push(`/runs/${r}/tool/driver/rules/${i}/id: is not unique`)
    })
    ;(run.results ?? []).forEach((result, i) => {
      if (result.ruleIndex === undefined) return
      const rule = rules[result.ruleIndex]
      if (rule === undefined) problems.push(`/runs/${r}/results/${i}/ruleIndex: must index tool.driver.rules`)
      else if (result.ruleId !== undefined && rule.id !== result.ruleId)
        problems.push(`/runs/${r}/results/${i}/ruleId: differs from rules[${result.ruleIndex}].id`)
    })
  })
  return problems
}

function describe(e: ErrorObject): string {
  return `${e.instancePath || '(root)'}: ${e.message ?? e.keyword}${e.keyword === 'additionalProperties' ? ` (${String(e.params.additionalProperty)})` : ''}`
}
