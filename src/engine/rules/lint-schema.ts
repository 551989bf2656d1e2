/**
 * Lint of one JSON Schema or Protobuf text: the schema type's rule set (index.ts `LINT_RULE_SETS`)
 * applied to the text's document, with the previous version for the rules that compare versions.
 * Every finding placed at line:col. Pure.
 */
import type { SchemaType } from '../formats/format.js'
import { locatePointer } from '../schema/locate.js'
import type { CompatibilityLevel, SchemaError } from '../types.js'
import { selectRuleSet } from './index.js'
import type { FormatLintProblem, FormatLintRule, LintContext } from './types.js'
import { readJsonLintDocument } from './json/index.js'
import { readProtobufLintDocument } from './protobuf/index.js'

/** The schema types linted here (Avro's rules read the Avro engine's parsed schema: app/lint/workspace.ts). */
export type LintedFormat = Exclude<SchemaType, 'AVRO'>

/** How each format's text becomes the document its rules read, and where a finding lands. */
const READERS: Record<LintedFormat, (text: string) => { ok: true; document: unknown } | { ok: false; errors: SchemaError[] }> = {
  JSON: readJsonLintDocument,
  PROTOBUF: readProtobufLintDocument,
}

/** Options of `lintSchema`. */
export interface SchemaLintOptions {
  /** Categories or rule ids (config `lint.use`); default STANDARD. */
  use?: readonly string[]
  /** Rule ids or categories left out (config `lint.except`). */
  except?: readonly string[]
  /** Rules to skip for this schema (config `lint.ignore` matched by the caller). */
  skip?: (ruleId: string) => boolean
  /** The previous version's text, for the rules that compare versions; unreadable, it is ignored. */
  previous?: string
  level?: CompatibilityLevel
  fieldCase?: LintContext['fieldCase']
}

/** One finding of `lintSchema`. */
export interface SchemaLintFinding extends FormatLintProblem {
  rule: FormatLintRule
}

/** The findings, or why the text cannot be linted (it does not parse), located. */
export type SchemaLintResult = { ok: true; rules: FormatLintRule[]; findings: SchemaLintFinding[] } | { ok: false; errors: SchemaError[] }

/**
 * Applies `schemaType`'s selected lint rules to `text`. A JSON finding's JSON Pointer is placed at
 * its line:col in the text; a Protobuf finding carries the element's own. Findings come in text order.
 */
export function lintSchema(schemaType: LintedFormat, text: string, options: SchemaLintOptions = {}): SchemaLintResult {
  const read = READERS[schemaType]
  const current = read(text)
  if (!current.ok) return current
  const before = options.previous === undefined ? undefined : read(options.previous)
  const rules: FormatLintRule[] = selectRuleSet(schemaType, options.use ?? ['STANDARD'], options.except ?? [])
  const context = {
    level: options.level ?? 'BACKWARD',
    fieldCase: options.fieldCase ?? 'camel',
    ...(before?.ok === true ? { previous: before.document } : {}),
  }
  const findings: SchemaLintFinding[] = []
  for (const rule of rules) {
    if (options.skip?.(rule.id) === true) continue
    for (const problem of rule.check(current.document, context)) {
      const position = problem.line === undefined && schemaType === 'JSON' ? locatePointer(text, problem.pointer) : undefined
      findings.push({ rule, ...problem, ...position })
    }
  }
  findings.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0))
  return { ok: true, rules, findings }
}
