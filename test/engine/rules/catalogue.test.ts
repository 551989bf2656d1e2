import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { checkWorkspace } from '../../../src/app/check-workspace.js'
import { lintWorkspace } from '../../../src/app/lint-workspace.js'
import { RULES, selectLintRules } from '../../../src/engine/rules/index.js'

const rulesDir = new URL('../../../src/engine/rules/', import.meta.url)
const fixtures = new URL('../../fixtures/rules/', import.meta.url).pathname

/** What a rule's golden fixture expects: where each finding of the rule lands in the candidate. */
interface Expected {
  rule: string
  file: string
  line?: number
  column?: number
  location?: string
}

async function findingsOf(ruleId: string): Promise<Expected[]> {
  const rule = RULES.find((r) => r.id === ruleId)
  const dir = join(fixtures, ruleId)
  // A history rule's fixture holds the workspace (schemas/) and the baseline it is checked against (baseline/).
  const subjects =
    rule?.kind === 'lint'
      ? (await lintWorkspace({ dir })).report.subjects
      : rule?.kind === 'history'
        ? (await checkWorkspace({ dir: join(dir, 'schemas'), against: join(dir, 'baseline') })).report.subjects
        : (await checkWorkspace({ dir })).report.subjects
  return subjects
    .flatMap((s) => s.findings)
    .filter((f) => f.rule === ruleId || f.code === ruleId)
    .map((f) => ({ rule: f.rule ?? f.code, file: (f.file ?? '').slice(dir.length + 1), line: f.line, column: f.column, location: f.location }))
}

describe('the rule catalogue', () => {
  it('has unique SCREAMING_SNAKE ids, a purpose sentence and docs for every rule', () => {
    const ids = RULES.map((r) => r.id)
    expect(new Set(ids).size).toBe(ids.length)
    for (const rule of RULES) {
      expect(rule.id).toMatch(/^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$/)
      expect(rule.purpose).toMatch(/^[A-Z].*\.$/)
      expect(rule.docs.length).toBeGreaterThan(40)
    }
  })

  it('registers every rule file in index.ts, one rule per file (types.ts holds the shapes)', async () => {
    const files = readdirSync(rulesDir).filter((f) => f.endsWith('.ts') && f !== 'index.ts' && f !== 'types.ts')
    expect(files.length).toBe(RULES.length)
    for (const file of files) {
      const exports = Object.values(await import(new URL(file, rulesDir).href)) as Array<{ id: string }>
      expect(exports).toHaveLength(1)
      expect(RULES).toContain(exports[0])
      expect(file).toBe(`${exports[0].id.toLowerCase().replace(/_/g, '-')}.ts`)
    }
  })

  it('has a golden fixture for every rule, and every fixture belongs to a rule', () => {
    expect(readdirSync(fixtures).sort()).toEqual(RULES.map((r) => r.id).sort())
  })

  it.each(RULES.map((r) => r.id))('%s: its fixture produces exactly the golden findings', async (id) => {
    const golden = join(fixtures, id, 'expected.json')
    const actual = await findingsOf(id)
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(golden, JSON.stringify(actual, null, 2) + '\n')
    expect(existsSync(golden)).toBe(true)
    expect(actual.length).toBeGreaterThan(0)
    expect(actual).toEqual(JSON.parse(readFileSync(golden, 'utf8')))
  })

  it('selects lint rules by category (MINIMAL ⊂ STANDARD ⊂ STRICT) minus exceptions', () => {
    expect(selectLintRules(['MINIMAL'], []).map((r) => r.id)).toEqual(['NAMESPACE_REQUIRED', 'LOGICAL_TYPE_VALID'])
    expect(selectLintRules(['STRICT'], []).length).toBe(RULES.filter((r) => r.kind === 'lint').length)
    expect(selectLintRules(['STANDARD'], ['FIELD_NAME_CASE']).map((r) => r.id)).not.toContain('FIELD_NAME_CASE')
    expect(selectLintRules(['STANDARD'], []).map((r) => r.id)).not.toContain('DOC_REQUIRED')
  })

  it('`schemactl rules --json` lists exactly the catalogue', () => {
    const out = execFileSync(process.execPath, [new URL('../../../bin/run.js', import.meta.url).pathname, 'rules', '--json'], { encoding: 'utf8' })
    const envelope = JSON.parse(out) as { status: string; result: Array<{ id: string; purpose: string; docs: string }> }
    expect(envelope.status).toBe(0)
    expect(envelope.result.map((r) => r.id)).toEqual(RULES.map((r) => r.id))
    expect(envelope.result.every((r, i) => r.purpose === RULES[i].purpose && r.docs === RULES[i].docs)).toBe(true)
  })
})
