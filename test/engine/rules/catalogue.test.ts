import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { checkWorkspace } from '../../../src/app/check/workspace.js'
import { lintWorkspace } from '../../../src/app/lint/workspace.js'
import { INPUT_PROBLEMS } from '../../../src/app/input-problems.js'
import { ruleCatalogue } from '../../../src/app/lint/list-rules.js'
import {
  CATALOGUE,
  DIFFERENCE_RULES,
  findRule,
  INCOMPATIBLE_DIFFERENCE_TYPES,
  LINT_RULE_SETS,
  RULES,
  ruleSchemaTypes,
  selectLintRules,
  selectRuleSet,
  type Rule,
} from '../../../src/engine/rules/index.js'
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

/** The subfolder of the registry's difference types: a table per format, not one rule per file (tested below). */
const DIFFERENCES = 'differences'

/** Rule files: those of the folder, and of its subfolder per schema type. */
function ruleFiles(): string[] {
  return readdirSync(rulesDir, { withFileTypes: true }).flatMap((entry) =>
    entry.name === DIFFERENCES
      ? []
      : entry.isDirectory()
        ? readdirSync(new URL(`${entry.name}/`, rulesDir))
            .filter((f) => f.endsWith('.ts') && !NOT_RULES.includes(f))
            .map((f) => `${entry.name}/${f}`)
        : entry.name.endsWith('.ts') && !NOT_RULES.includes(entry.name)
          ? [entry.name]
          : [],
  )
}

/** A JSON Schema or Protobuf rule's fixture: `s.json`/`s.proto`, or `s/1.proto`, `s/2.proto` for a rule that compares versions. */
function formatFindingsOf(rule: Rule & { schemaType: 'JSON' | 'PROTOBUF' }, dir: string): Expected[] {
  const files = existsSync(join(dir, 's'))
    ? readdirSync(join(dir, 's'))
        .sort((a, b) => parseInt(a) - parseInt(b))
        .map((f) => `s/${f}`)
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

const src = new URL('../../../src/', import.meta.url).pathname

/**
 * The source files that give `check` and `lint` their findings and their errors about their own
 * input: the workspace and configuration layers and the check and lint use cases. (Registry
 * errors, exit 4, belong to the registry's reference, docs/registry-api.md.)
 */
function inputSources(): string[] {
  const below = (dir: string): string[] =>
    readdirSync(join(src, dir), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts'))
      .map((f) => join(src, dir, f))
  // lint/list-rules.ts serves `schemactl rules` (its UNKNOWN_RULE is that command's usage error), not check or lint.
  const checkAndLint = [...below('app/check'), ...below('app/lint')].filter((f) => !f.endsWith('list-rules.ts'))
  return [...below('workspace'), ...below('config'), ...checkAndLint]
}

/**
 * Every id those sources can emit: each SCREAMING_SNAKE literal in a `code:` (a finding's or an
 * error's, ternaries included), and the default code of each error class they throw without one
 * (read from src/errors.ts).
 */
function emittedIds(): Set<string> {
  const errors = readFileSync(join(src, 'errors.ts'), 'utf8')
  const defaults = new Map([...errors.matchAll(/class (\w+Error) extends SchemactlError[\s\S]*?code: '([A-Z_]+)'/g)].map((m) => [m[1], m[2]]))
  const ids = new Set<string>()
  for (const file of inputSources()) {
    const text = readFileSync(file, 'utf8')
    for (const m of text.matchAll(/\bcode: ([^,}\n]+)/g)) for (const literal of m[1].matchAll(/'([A-Z][A-Z0-9_]+)'/g)) ids.add(literal[1])
    // `new ConfigError(…)` whose options (up to the call's end) name no code.
    for (const m of text.matchAll(/new (\w+Error)\(/g)) {
      const call = callText(text, m.index + m[0].length - 1)
      if (defaults.has(m[1]) && !/\bcode:/.test(call)) ids.add(defaults.get(m[1]) as string)
    }
  }
  return ids
}

/** The text of the call whose `(` is at `open`, to its matching `)`. */
function callText(text: string, open: number): string {
  let depth = 0
  for (let i = open; i < text.length; i++) {
    if (text[i] === '(') depth++
    else if (text[i] === ')' && --depth === 0) return text.slice(open, i + 1)
  }
  return text.slice(open)
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
    expect(selectRuleSet('JSON', ['STRICT'], ['JSON_TYPE_REQUIRED']).map((r) => r.id)).toEqual([
      'JSON_ADDITIONAL_PROPERTIES_EXPLICIT',
      'JSON_DESCRIPTION_REQUIRED',
    ])
    // Selecting Avro's rules never brings in another type's.
    expect(selectLintRules(['STRICT'], []).some((r) => 'schemaType' in r)).toBe(false)
  })

  it('`schemactl rules --json` lists exactly the catalogue: the rules, then the input problems', () => {
    const out = execFileSync(process.execPath, [new URL('../../../bin/run.js', import.meta.url).pathname, 'rules', '--json'], { encoding: 'utf8' })
    const envelope = JSON.parse(out) as { status: string; result: Array<{ id: string; purpose: string; docs: string; kind: string }> }
    expect(envelope.status).toBe(0)
    const entries = [...CATALOGUE, ...INPUT_PROBLEMS]
    expect(envelope.result.map((r) => r.id)).toEqual(entries.map((r) => r.id))
    expect(envelope.result.every((r, i) => r.purpose === entries[i].purpose && r.docs === entries[i].docs)).toBe(true)
    expect(envelope.result.filter((r) => r.kind === 'input').map((r) => r.id)).toEqual(INPUT_PROBLEMS.map((p) => p.id))
  })

  it('has one entry per id across rules and input problems, each with a purpose sentence and docs', () => {
    const entries = ruleCatalogue()
    expect(new Set(entries.map((r) => r.id)).size).toBe(entries.length)
    for (const entry of entries) {
      expect(entry.id).toMatch(/^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$/)
      expect(entry.purpose).toMatch(/^[A-Za-z`].*\.$/)
      expect(entry.docs.length).toBeGreaterThan(15)
    }
  })

  it('has a compatibility rule for every JSON Schema and Protobuf difference type that can break compatibility, and for no other', () => {
    for (const [schemaType, types] of Object.entries(INCOMPATIBLE_DIFFERENCE_TYPES)) {
      const rules = DIFFERENCE_RULES.filter((r) => r.schemaTypes.length === 1 && r.schemaTypes[0] === schemaType)
      expect(rules.map((r) => r.id)).toEqual(types)
      for (const rule of rules) expect(findRule(rule.id)?.kind).toBe('compatibility')
    }
    // LENIENT's extra acceptances name the policy option.
    expect(findRule('PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL')?.options?.map((o) => o.name)).toEqual(['compatibilityPolicy'])
    expect(findRule('TYPE_CHANGED')?.options).toBeUndefined()
  })

  it('has an entry for every id check and lint can give a finding or an error, as their sources write them', () => {
    const ids = new Set(ruleCatalogue().map((r) => r.id))
    const emitted = emittedIds()
    expect(emitted.size).toBeGreaterThan(30)
    // The scan reads what it should: file problems, baseline and configuration errors, the verdicts of check.
    for (const id of [
      'LINK_OUTSIDE_WORKSPACE',
      'INVALID_JSON',
      'VERSION_GAP',
      'GIT_REF_NOT_FOUND',
      'LINT_BASELINE_INVALID',
      'CONFIG_ENV_MISSING',
      'CONFIG_INVALID',
      'USAGE',
      'SCHEMA_TYPE_CHANGED',
      'CHECK_FAILED',
    ])
      expect(emitted).toContain(id)
    expect([...emitted].filter((id) => !ids.has(id))).toEqual([])
  })
})
