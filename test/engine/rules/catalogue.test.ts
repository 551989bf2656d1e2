import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { checkWorkspace } from '../../../src/app/check-workspace.js'
import { lintWorkspace } from '../../../src/app/lint-workspace.js'
import { LINT_RULE_SETS, RULES, ruleSchemaTypes, selectLintRules, selectRuleSet, type Rule } from '../../../src/engine/rules/index.js'
import { lintSchema } from '../../../src/engine/rules/lint-schema.js'

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

/** Files of the rule folder that hold no rule: the catalogue, the lint seam, the rule sets of the subfolders. */
const NOT_RULES = ['index.ts', 'types.ts', 'lint-schema.ts']

/** Rule files: those of the folder, and of its subfolder per schema type. */
function ruleFiles(): string[] {
  return readdirSync(rulesDir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? readdirSync(new URL(`${entry.name}/`, rulesDir)).filter((f) => f.endsWith('.ts') && !NOT_RULES.includes(f)).map((f) => `${entry.name}/${f}`)
      : entry.name.endsWith('.ts') && !NOT_RULES.includes(entry.name) ? [entry.name] : [],
  )
}

/** A JSON Schema or Protobuf rule's fixture: `s.json`/`s.proto`, or `s/1.proto`, `s/2.proto` for a rule that compares versions. */
function formatFindingsOf(rule: Rule & { schemaType: 'JSON' | 'PROTOBUF' }, dir: string): Expected[] {
  const files = existsSync(join(dir, 's'))
    ? readdirSync(join(dir, 's')).sort((a, b) => parseInt(a) - parseInt(b)).map((f) => `s/${f}`)
    : readdirSync(dir).filter((f) => /^s\.(json|proto)$/.test(f))
  const [newest, previous] = [files.at(-1)!, files.at(-2)]
  const read = (f: string) => readFileSync(join(dir, f), 'utf8')
  const result = lintSchema(rule.schemaType, read(newest), { use: [rule.id], ...(previous !== undefined ? { previous: read(previous) } : {}) })
  if (!result.ok) throw new Error(result.errors[0].message)
  return result.findings.map((f) => ({ rule: f.rule.id, file: newest, line: f.line, column: f.column, location: f.pointer }))
}

async function findingsOf(ruleId: string): Promise<Expected[]> {
  const rule = RULES.find((r) => r.id === ruleId)
  const dir = join(fixtures, ruleId)
  if (rule !== undefined && 'schemaType' in rule) return formatFindingsOf(rule, dir)
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
    const files = ruleFiles()
    expect(files.length).toBe(RULES.length)
    // A rule of a subfolder drops its schema type's prefix from the file name: json/type-required.ts holds JSON_TYPE_REQUIRED.
    const prefixes: Record<string, string> = { json: 'json-', protobuf: 'proto-' }
    for (const file of files) {
      const exports = Object.values(await import(new URL(file, rulesDir).href)) as Array<{ id: string }>
      expect(exports).toHaveLength(1)
      expect(RULES).toContain(exports[0])
      const [folder, name] = file.includes('/') ? file.split('/') : ['', file]
      const kebab = exports[0].id.toLowerCase().replace(/_/g, '-')
      expect(folder === '' ? kebab : kebab.replace(prefixes[folder] ?? '?', '')).toBe(name.replace(/\.ts$/, ''))
      if (folder !== '') expect(kebab.startsWith(prefixes[folder])).toBe(true)
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
    expect(selectLintRules(['STRICT'], []).length).toBe(RULES.filter((r) => r.kind === 'lint' && !('schemaType' in r)).length)
    expect(selectLintRules(['STANDARD'], ['FIELD_NAME_CASE']).map((r) => r.id)).not.toContain('FIELD_NAME_CASE')
    expect(selectLintRules(['STANDARD'], []).map((r) => r.id)).not.toContain('DOC_REQUIRED')
  })

  it('gives every schema type its own lint rule set, and every lint rule to exactly one set', () => {
    const sets = Object.entries(LINT_RULE_SETS)
    const lint = RULES.filter((r) => r.kind === 'lint')
    expect(sets.flatMap(([, rules]) => rules.map((r) => r.id)).sort()).toEqual(lint.map((r) => r.id).sort())
    for (const [type, rules] of sets) for (const rule of rules) expect(ruleSchemaTypes(rule)).toEqual([type])
    expect(selectRuleSet('PROTOBUF', ['MINIMAL'], []).map((r) => r.id)).toEqual(['PROTO_PACKAGE_REQUIRED', 'PROTO_REMOVED_FIELD_RESERVED'])
    expect(selectRuleSet('JSON', ['STANDARD'], []).map((r) => r.id)).toEqual(['JSON_TYPE_REQUIRED', 'JSON_ADDITIONAL_PROPERTIES_EXPLICIT'])
    expect(selectRuleSet('JSON', ['STRICT'], ['JSON_TYPE_REQUIRED']).map((r) => r.id)).toEqual(['JSON_ADDITIONAL_PROPERTIES_EXPLICIT', 'JSON_DESCRIPTION_REQUIRED'])
    // Selecting Avro's rules never brings in another type's.
    expect(selectLintRules(['STRICT'], []).some((r) => 'schemaType' in r)).toBe(false)
  })

  it('`schemactl rules --json` lists exactly the catalogue', () => {
    const out = execFileSync(process.execPath, [new URL('../../../bin/run.js', import.meta.url).pathname, 'rules', '--json'], { encoding: 'utf8' })
    const envelope = JSON.parse(out) as { status: string; result: Array<{ id: string; purpose: string; docs: string }> }
    expect(envelope.status).toBe(0)
    expect(envelope.result.map((r) => r.id)).toEqual(RULES.map((r) => r.id))
    expect(envelope.result.every((r, i) => r.purpose === RULES[i].purpose && r.docs === RULES[i].docs)).toBe(true)
  })
})
