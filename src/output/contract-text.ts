/**
 * Data contracts (a version's `metadata` and `ruleSet`, a config's defaults and overrides) as
 * compact lines for people: one line per metadata part and one per rule. Works on the registry's
 * JSON as returned (a member of an unexpected shape is shown as JSON), so it never fails a read.
 */
import type { Style } from './style.js'

/** Longest expression shown on a rule's line; `--json` has the whole of it. */
const EXPRESSION_WIDTH = 60

/** The lines of a contract, each prefixed with `indent`; none when it has neither metadata nor rules. */
export function contractLines(contract: { metadata?: unknown; ruleSet?: unknown }, c: Style, indent = ''): string[] {
  return [...metadataLines(contract.metadata, c), ...ruleSetLines(contract.ruleSet, c)].map((line) => indent + line)
}

/** `properties: k=v, …`, `tags: path → T1, T2; …` and `sensitive: k, …` lines of a metadata value. */
export function metadataLines(metadata: unknown, c: Style): string[] {
  if (metadata == null) return []
  if (!isObject(metadata)) return [`${c.dim('metadata:')} ${JSON.stringify(metadata)}`]
  const lines: string[] = []
  const { properties, tags, sensitive } = metadata
  if (isObject(properties) && Object.keys(properties).length > 0)
    lines.push(
      `${c.dim('properties:')} ${Object.entries(properties)
        .map(([k, v]) => `${k}=${text(v)}`)
        .join(', ')}`,
    )
  if (isObject(tags) && Object.keys(tags).length > 0)
    lines.push(
      `${c.dim('tags:')} ${Object.entries(tags)
        .map(([path, list]) => `${path} → ${Array.isArray(list) ? list.map(text).join(', ') : text(list)}`)
        .join('; ')}`,
    )
  if (Array.isArray(sensitive) && sensitive.length > 0) lines.push(`${c.dim('sensitive:')} ${sensitive.map(text).join(', ')}`)
  if (lines.length === 0) lines.push(`${c.dim('metadata:')} ${c.dim('(empty)')}`)
  return lines
}

/** One line per rule, in list order: `rule NAME (domain): TYPE KIND MODE, tags …, params …, expr …`. */
export function ruleSetLines(ruleSet: unknown, c: Style): string[] {
  if (ruleSet == null) return []
  if (!isObject(ruleSet)) return [`${c.dim('rules:')} ${JSON.stringify(ruleSet)}`]
  const lines: string[] = []
  for (const [list, label] of [
    ['migrationRules', 'migration'],
    ['domainRules', 'domain'],
    ['encodingRules', 'encoding'],
  ] as const) {
    const rules = ruleSet[list]
    if (!Array.isArray(rules)) continue
    for (const rule of rules) lines.push(ruleLine(rule, label, c))
  }
  if (lines.length === 0) lines.push(`${c.dim('rules:')} ${c.dim('(none)')}`)
  return lines
}

function ruleLine(rule: unknown, list: string, c: Style): string {
  if (!isObject(rule)) return `${c.dim(`rule (${list}):`)} ${JSON.stringify(rule)}`
  const what = [rule.type, rule.kind ?? 'TRANSFORM', rule.mode ?? 'WRITEREAD']
    .filter((p) => p != null)
    .map(text)
    .join(' ')
  const parts = [what]
  if (Array.isArray(rule.tags) && rule.tags.length > 0) parts.push(`tags ${rule.tags.map(text).join(', ')}`)
  if (isObject(rule.params) && Object.keys(rule.params).length > 0)
    parts.push(
      `params ${Object.entries(rule.params)
        .map(([k, v]) => `${k}=${text(v)}`)
        .join(', ')}`,
    )
  if (typeof rule.expr === 'string' && rule.expr !== '')
    parts.push(`expr ${rule.expr.length > EXPRESSION_WIDTH ? `${rule.expr.slice(0, EXPRESSION_WIDTH - 1)}…` : rule.expr}`)
  if (rule.onSuccess != null && rule.onSuccess !== '') parts.push(`onSuccess ${text(rule.onSuccess)}`)
  if (rule.onFailure != null && rule.onFailure !== '') parts.push(`onFailure ${text(rule.onFailure)}`)
  const state = rule.disabled === true ? `, ${c.yellow('disabled')}` : ''
  return `${c.dim('rule')} ${c.bold(text(rule.name ?? '(unnamed)'))} ${c.dim(`(${list}${state})`)}: ${parts.join(', ')}`
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value)
}
