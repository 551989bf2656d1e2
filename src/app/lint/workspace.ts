import { existsSync, lstatSync, writeFileSync } from 'node:fs'
import { isAbsolute, join, relative, resolve } from 'node:path'
import type { LintConfig } from '../../config/config.js'
import { matchesSubject } from '../../config/subject-glob.js'
import { isCelRule, isJsonataRule, type ExpressionParsers } from '../../engine/contracts/index.js'
import { RULE_LISTS } from '../../engine/contracts/index.js'
import { celExpressionValidRule } from '../../engine/rules/index.js'
import { lintSchema, selectLintRules, selectRuleSet, type LintProblem, type LintRule } from '../../engine/rules/index.js'
import { jsonataExpressionValidRule } from '../../engine/rules/index.js'
import { locatePointer, pointerSegments, readJsonText } from '../../engine/schema/index.js'
import { visitSchema } from '../../engine/schema/index.js'
import type { CompatibilityLevel, ParsedSchema } from '../../engine/index.js'
import type { SchemaType } from '../../engine/formats/index.js'
import { InputError } from '../../errors.js'
import { subjectOfEntry, type SubjectLayout } from '../../workspace/layout.js'
import { workspaceFileReader, type ReadOptions } from '../../workspace/read-file.js'
import { schemaFileError } from '../../workspace/schema-file.js'
import type { LoadedSubject, SchemaVersion } from '../../workspace/workspace.js'
import { openCheckInputs, type CheckInputs } from '../check/inputs.js'
import type { CheckFinding } from '../check/report.js'
import { invalidFindings, problemFinding } from '../check/subject.js'
import { loadExpressionParsers } from './contract-expressions.js'
import { locateInContract, readConfigFile, subjectContracts, type LocatedContract } from '../input/workspace-contracts.js'

/** The lint baseline's file name, inside the workspace (a dot file: the workspace scan skips it). */
export const LINT_BASELINE_FILE = '.schemactl-lint-baseline.json'

/** Inputs of `lintWorkspace`. */
export interface LintOptions {
  dir: string
  level?: CompatibilityLevel
  subjects?: readonly string[]
  /** Record today's findings in the lint baseline file (then none of them blocks). */
  writeBaseline?: boolean
  /** `warning`: warnings fail too (default `error`). */
  failOn?: 'error' | 'warning'
  /** Follow symbolic links that leave the workspace: see workspace/read-file.ts. */
  followExternalLinks?: boolean
}

/** One subject's lint findings (its newest version: older ones are registered already). */
export interface SubjectLint {
  subject: string
  level: CompatibilityLevel
  findings: CheckFinding[]
}

/** The result of `lintWorkspace`. */
export interface LintReport {
  workspace: string
  config?: string
  /** Rule ids applied. */
  rules: string[]
  /** Problems of workspace entries that are no subject (a link loop, a link out of the workspace…), as `check` reports them. */
  problems: CheckFinding[]
  subjects: SubjectLint[]
  summary: { subjects: number; errors: number; warnings: number; baselined: number; invalid: number }
  /** The baseline file read or written, if any. */
  baseline?: string
  /** 0 nothing blocking, 1 a lint error (or warning with failOn warning) not in the baseline, 5 an invalid schema. */
  exitCode: 0 | 1 | 5
}

/**
 * One entry of the lint baseline: enough to recognise the same finding again. `target` names the
 * node by type full name and field name (`com.acme.User.email`, then any pointer below it), so it
 * survives fields being inserted or reordered. Version 1 files held the positional `location`
 * (`/fields/0`) instead; they are still read, matched by position.
 */
interface BaselineEntry {
  subject: string
  rule: string
  target?: string
  location?: string
}

/**
 * The `lint` use-case: applies the configured governance rules (config `lint`) to the newest
 * version of every subject of the workspace in `dir`. Findings recorded in the lint baseline file
 * are reported as baselined and do not block; `writeBaseline` records today's findings there.
 * Reads `inputs` when given (`check --lint` hands over those it checked), else opens them.
 * Throws as `openCheckInputs` does, and InputError for a corrupt lint baseline file.
 */
export async function lintWorkspace(options: LintOptions, inputs?: CheckInputs): Promise<{ report: LintReport; warnings: string[] }> {
  const opened = inputs ?? (await openCheckInputs(options.dir, options))
  // Lint reads no baseline: one it opened itself is closed at once (one handed over is its opener's).
  if (inputs === undefined) await opened.baseline?.close()
  const { config, configFile: configFile_, workspace, selected, isSelected, levelOf, warnings } = opened
  const { rules, lint } = newestVersionLinter(options, opened)
  const problems = workspace.layout.problems.filter((p) => isSelected(subjectOfEntry(p.file))).map((p) => problemFinding(p, options.dir))
  const subjects: SubjectLint[] = []
  // The rules of the schema types the linted subjects have, Avro's first (and Avro's when nothing is linted).
  const applied: Record<SchemaType, string[] | undefined> = { AVRO: undefined, JSON: undefined, PROTOBUF: undefined }
  for (const layout of selected) {
    const level = levelOf(layout.subject)
    const { schemaType, findings } = await lint(layout, level)
    applied[schemaType] ??= selectRuleSet(schemaType, config.lint.use, config.lint.except).map((r) => r.id)
    subjects.push({ subject: layout.subject, level, findings })
  }
  const baselineFile = join(options.dir, LINT_BASELINE_FILE)
  if (options.writeBaseline === true) {
    const entries = subjects.flatMap((s) =>
      s.findings.filter((f) => f.kind === 'lint').map((f) => ({ subject: s.subject, rule: f.code, target: f.target ?? f.location ?? '' })),
    )
    refuseExternalLink(options.dir, options)
    writeFileSync(baselineFile, JSON.stringify({ version: 2, findings: entries }, null, 2) + '\n')
  }
  const known = readLintBaseline(options.dir, options)
  for (const s of subjects) markBaselined(s.subject, s.findings, known)
  const all = [...problems, ...subjects.flatMap((s) => s.findings)]
  const summary = {
    subjects: subjects.length,
    errors: all.filter((f) => f.kind === 'lint' && f.severity === 'error' && f.baselined !== true).length,
    warnings: all.filter((f) => f.kind === 'lint' && f.severity === 'warning' && f.baselined !== true).length,
    baselined: all.filter((f) => f.baselined === true).length,
    invalid: all.filter((f) => f.kind === 'invalid').length,
  }
  const report: LintReport = {
    workspace: options.dir,
    ...(configFile_ !== undefined ? { config: configFile_ } : {}),
    rules: Object.values(applied).some((ids) => ids !== undefined) ? Object.values(applied).flatMap((ids) => ids ?? []) : rules.map((r) => r.id),
    problems,
    subjects,
    summary,
    ...(existsSync(baselineFile) ? { baseline: baselineFile } : {}),
    exitCode: summary.invalid > 0 ? 5 : summary.errors > 0 || (options.failOn === 'warning' && summary.warnings > 0) ? 1 : 0,
  }
  return { report, warnings: [...warnings] }
}

/**
 * `check --lint`'s lint of one subject at a time, as `lintWorkspace` lints it: the lint findings
 * (kind `lint`, those in the lint baseline file marked baselined) of a subject's newest version
 * at `level`. The lint baseline is read once, here; throws InputError when it is corrupt.
 */
export function subjectLinter(
  options: Pick<LintOptions, 'dir' | 'followExternalLinks'>,
  inputs: Pick<CheckInputs, 'config' | 'configFile' | 'workspace'>,
): (layout: SubjectLayout, level: CompatibilityLevel) => Promise<CheckFinding[]> {
  const { lint } = newestVersionLinter(options, inputs)
  const known = readLintBaseline(options.dir, options)
  return async (layout, level) => {
    const findings = (await lint(layout, level)).findings.filter((f) => f.kind === 'lint')
    markBaselined(layout.subject, findings, known)
    return findings
  }
}

/**
 * The lint of one subject's newest version that `lint` and `check --lint` share: the configured
 * rules chosen once, the subject's contract read from the config, the expression parsers loaded
 * only for a contract that has an expression to parse.
 */
function newestVersionLinter(
  options: Pick<LintOptions, 'dir'>,
  inputs: Pick<CheckInputs, 'config' | 'configFile' | 'workspace'>,
): { rules: LintRule[]; lint(layout: SubjectLayout, level: CompatibilityLevel): Promise<{ schemaType: SchemaType; findings: CheckFinding[] }> } {
  const { config, workspace } = inputs
  const rules = selectLintRules(config.lint.use, config.lint.except)
  const configFile = readConfigFile(inputs.configFile)
  const parsesExpressions = rules.some((r) => r === celExpressionValidRule || r === jsonataExpressionValidRule)
  let expressions: Promise<ExpressionParsers> | undefined
  return {
    rules,
    async lint(layout, level) {
      const loaded = await workspace.loadSubject(layout)
      const contract = subjectContracts(loaded, config, configFile).at(-1)
      if (parsesExpressions && contract !== undefined && hasExpressions(contract)) expressions ??= loadExpressionParsers()
      const extra = { contract, expressions: expressions === undefined ? undefined : await expressions }
      return { schemaType: loaded.versions.at(-1)?.schemaType ?? 'AVRO', findings: lintSubject(loaded, level, rules, config.lint, options.dir, extra) }
    },
  }
}

/** Marks a subject's lint findings that the lint baseline holds (by target, or by position for version 1 files) as baselined. */
function markBaselined(subject: string, findings: readonly CheckFinding[], known: ReadonlySet<string>): void {
  for (const f of findings) {
    const byTarget = key(subject, f.code, 'target', f.target ?? f.location ?? '')
    if (f.kind === 'lint' && (known.has(byTarget) || known.has(key(subject, f.code, 'location', f.location ?? '')))) f.baselined = true
  }
}

/**
 * Lints a loaded subject's newest version with `rules`, skipping rules whose `ignore` globs match
 * the subject or the file. The subject's layout and file problems (any version's, an invalid
 * contract file's included) come first, as `check` reports them, so both commands give bad input
 * the same verdict. `extra.contract` is the version's contract for the contract rules,
 * `extra.expressions` their expression parsers.
 */
export function lintSubject(
  loaded: LoadedSubject,
  level: CompatibilityLevel,
  rules: readonly LintRule[],
  config: LintConfig,
  dir: string,
  extra: { contract?: LocatedContract; expressions?: ExpressionParsers } = {},
): CheckFinding[] {
  const invalid = invalidFindings({ loaded, dir })
  const newest = loaded.versions[loaded.versions.length - 1]
  if (newest !== undefined && (newest.schemaType ?? 'AVRO') !== 'AVRO') return [...invalid, ...lintFormatVersion(loaded, newest, level, config, dir)]
  if (newest?.parsed === undefined) return invalid
  const findings: CheckFinding[] = []
  const parsed = newest.parsed
  const context = {
    level,
    fieldCase: config.fieldCase,
    piiTags: config.piiTags,
    piiExceptions: config.piiExceptions,
    ...(extra.contract !== undefined ? { contract: extra.contract.contract } : {}),
    ...(extra.expressions !== undefined ? { expressions: extra.expressions } : {}),
  }
  let names: Map<string, string> | undefined
  const targets = () => (names ??= namedPointers(parsed))
  for (const rule of rules) {
    const ignored = (config.ignore[rule.id] ?? []).some((p) => matchesSubject(p, loaded.subject) || matchesSubject(p, newest.file))
    if (ignored) continue
    for (const problem of rule.check(newest.parsed, context)) {
      if (problem.in === 'contract') {
        findings.push(contractFinding(rule, problem, extra.contract, newest.file, newest.version, dir))
        continue
      }
      const position = newest.text === undefined ? undefined : locatePointer(newest.text, problem.pointer)
      findings.push({
        kind: 'lint',
        code: rule.id,
        rule: rule.id,
        severity: rule.severity,
        message: problem.message,
        file: join(dir, newest.file),
        ...position,
        location: problem.pointer,
        target: stableTarget(problem.pointer, targets()),
        version: newest.version,
      })
    }
  }
  return [...invalid, ...findings.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0))]
}

/**
 * Lints the newest version of a JSON Schema or Protobuf subject with its type's rule set (the
 * rules that compare versions read the version before it, when it has the same type). A version
 * with problems is not linted: `check` reports those.
 */
function lintFormatVersion(loaded: LoadedSubject, newest: SchemaVersion, level: CompatibilityLevel, config: LintConfig, dir: string): CheckFinding[] {
  const schemaType = newest.schemaType
  if (schemaType === undefined || schemaType === 'AVRO' || newest.text === undefined || newest.problems.length > 0) return []
  const previous = loaded.versions.at(-2)
  const linted = lintSchema(schemaType, newest.text, {
    use: config.use,
    except: config.except,
    skip: (id) => (config.ignore[id] ?? []).some((p) => matchesSubject(p, loaded.subject) || matchesSubject(p, newest.file)),
    ...(previous?.schemaType === schemaType && previous.text !== undefined ? { previous: previous.text } : {}),
    level,
    fieldCase: config.fieldCase,
  })
  if (!linted.ok) return []
  return linted.findings.map((f) => ({
    kind: 'lint',
    code: f.rule.id,
    rule: f.rule.id,
    severity: f.rule.severity,
    message: f.message,
    file: join(dir, newest.file),
    ...(f.line !== undefined ? { line: f.line, column: f.column } : {}),
    location: f.pointer,
    // JSON Pointers of JSON Schema name properties, and Protobuf pointers name elements: both survive reordering.
    target: f.pointer,
    version: newest.version,
  }))
}

/**
 * A lint finding in a version's contract, placed in the file that writes the offending rule or tag
 * (the version's contract file, an earlier version's, or the config), at line:col when it is JSON.
 * Its baseline target names the rule rather than its position, so reordering rules keeps it.
 */
function contractFinding(
  rule: LintRule,
  problem: LintProblem,
  located: LocatedContract | undefined,
  schemaFile: string,
  version: number,
  dir: string,
): CheckFinding {
  const place = located === undefined ? undefined : locateInContract(problem.pointer, located)
  // The config file comes as an absolute path: show it under the workspace folder as given, like the others.
  const file = place === undefined ? join(dir, schemaFile) : isAbsolute(place.file) ? underDir(dir, place.file) : join(dir, place.file)
  return {
    kind: 'lint',
    code: rule.id,
    rule: rule.id,
    severity: rule.severity,
    message: problem.message,
    file,
    ...(place?.line !== undefined ? { line: place.line, column: place.column } : {}),
    location: place?.location ?? problem.pointer,
    target: contractTarget(problem.pointer, located),
    version,
  }
}

function underDir(dir: string, file: string): string {
  const rel = relative(resolve(dir), file)
  return rel.startsWith('..') || isAbsolute(rel) ? file : join(dir, rel)
}

/** `contract:ruleSet.domainRules.encryptPii/tags/PIl`: a contract pointer with the rule and its tag named instead of numbered. */
function contractTarget(pointer: string, located: LocatedContract | undefined): string {
  const [member, list, index, ...rest] = pointerSegments(pointer)
  const rule = member === 'ruleSet' ? located?.contract.ruleSet?.[list as (typeof RULE_LISTS)[number]]?.[Number(index)] : undefined
  if (rule === undefined) return `contract:${pointer}`
  if (rest[0] === 'tags' && rest[1] !== undefined) rest[1] = rule.tags?.[Number(rest[1])] ?? rest[1]
  return `contract:ruleSet.${list}.${rule.name}${rest.map((s) => `/${s}`).join('')}`
}

/** Whether a contract has a CEL or JSONata rule (whose expression the lint parses). */
function hasExpressions(located: LocatedContract): boolean {
  return RULE_LISTS.some((list) => located.contract.ruleSet?.[list]?.some((r) => isCelRule(r) || isJsonataRule(r)) === true)
}

function key(subject: string, rule: string, by: 'target' | 'location', value: string): string {
  return JSON.stringify([subject, rule, by, value])
}

/**
 * The keys recorded in the workspace's lint baseline file (none when it does not exist). Read as
 * schema files are (a link out of the workspace refused), and a syntax error is told by position
 * only: the file may not be a baseline at all, and its text is not quoted.
 */
function readLintBaseline(dir: string, options: ReadOptions): Set<string> {
  const file = join(dir, LINT_BASELINE_FILE)
  if (!existsSync(file)) return new Set()
  const read = workspaceFileReader(dir, options)(LINT_BASELINE_FILE)
  const hint = 'Rewrite it with `schemactl lint --write-baseline`.'
  if (!read.ok) throw schemaFileError({ ...read.problem, file }, hint)
  const json = readJsonText(read.text)
  const findings = json.ok ? (json.value as { findings?: unknown } | null)?.findings : undefined
  if (!Array.isArray(findings) || !findings.every((e) => typeof e === 'object' && e !== null && typeof e.subject === 'string' && typeof e.rule === 'string')) {
    const at = json.ok ? '' : `:${json.position.line}:${json.position.column}`
    throw new InputError(`${file}${at}: not a lint baseline (${json.ok ? 'no list of findings with subject and rule' : 'not valid JSON'})`, {
      code: 'LINT_BASELINE_INVALID',
      hint,
    })
  }
  return new Set(
    (findings as BaselineEntry[]).map((e) =>
      e.target !== undefined ? key(e.subject, e.rule, 'target', e.target) : key(e.subject, e.rule, 'location', e.location ?? ''),
    ),
  )
}

/**
 * Refuses to write the lint baseline through a symbolic link that does not lead to a file inside
 * the workspace (out of it, dangling: the write would create or overwrite a file elsewhere),
 * unless links may leave the workspace.
 */
function refuseExternalLink(dir: string, options: ReadOptions): void {
  const file = join(dir, LINT_BASELINE_FILE)
  if (options.followExternalLinks === true || !lstatSync(file, { throwIfNoEntry: false })?.isSymbolicLink()) return
  const read = workspaceFileReader(dir, options)(LINT_BASELINE_FILE)
  if (!read.ok) throw schemaFileError({ ...read.problem, file, message: `${read.problem.message}: the lint baseline is not written through it` })
}

/** The pointer of every type and field a schema's document defines, mapped to its name (`com.acme.User`, `com.acme.User.email`). */
function namedPointers(parsed: ParsedSchema): Map<string, string> {
  const names = new Map<string, string>()
  visitSchema(parsed.schema, parsed.definedTypes, {
    node(schema) {
      if (schema.kind === 'record' || schema.kind === 'enum' || schema.kind === 'fixed') names.set(schema.pointer, schema.fullName)
    },
    field(field, record) {
      names.set(field.pointer, `${record.fullName}.${field.name}`)
    },
  })
  return names
}

/** A pointer named by its nearest named ancestor (type or field) plus the rest of the pointer, so it does not move when fields are reordered. */
function stableTarget(pointer: string, names: ReadonlyMap<string, string>): string {
  for (let prefix = pointer; ; prefix = prefix.slice(0, prefix.lastIndexOf('/'))) {
    const name = names.get(prefix)
    if (name !== undefined) return name + pointer.slice(prefix.length)
    if (prefix === '') return pointer
  }
}
