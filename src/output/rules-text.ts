import type { RuleSummary } from '../app/lint/list-rules.js'
import type { Style } from './style.js'

/** Ids longer than this get their purpose on the next line, so the table stays narrow. */
const MAX_ID_COLUMN = 36

/**
 * Renders the rule catalogue: per entry its id, kind (with category, direction or exit code), the
 * schema types it applies to (`all` for every type) and purpose; with `long`, its severity (an
 * input problem's exit code) and docs below it, and a blank line between entries. Pure.
 */
export function renderRulesText(rules: readonly RuleSummary[], c: Style, options: { long?: boolean } = {}): string {
  const width = Math.min(MAX_ID_COLUMN, Math.max(0, ...rules.map((r) => r.id.length)))
  return rules
    .map((r) => {
      const facts = `${c.dim(kindLabel(r).padEnd(16))}  ${c.dim(typesLabel(r).padEnd(8))}  ${r.purpose}`
      const line = r.id.length > width ? `${c.bold(r.id)}\n${' '.repeat(width)}  ${facts}` : `${c.bold(r.id.padEnd(width))}  ${facts}`
      return options.long === true ? `${line}\n    ${c.dim(`${r.kind === 'input' ? `exit ${r.exitCode}` : r.severity}.`)} ${r.docs}` : line
    })
    .join(options.long === true ? '\n\n' : '\n')
}

/**
 * Renders one entry in full: id and purpose, then kind, schema types, default severity (or exit
 * code), options, the docs and the example when there is one. Pure.
 */
export function renderRuleText(r: RuleSummary, c: Style): string {
  const kind = [
    r.kind,
    ...(r.category !== undefined ? [`category ${r.category}`] : []),
    ...(r.type !== undefined && r.type !== r.id ? [`type ${r.type}`] : []),
    ...(r.direction !== undefined ? [r.direction] : []),
  ]
  const facts: Array<[string, string]> = [
    ['kind', kind.length > 1 ? `${kind[0]} (${kind.slice(1).join(', ')})` : kind[0]],
    ['schema types', r.schemaTypes.join(', ')],
    r.kind === 'input' ? ['exit code', String(r.exitCode)] : ['severity', `${r.severity} (default)`],
    ...(r.comparesVersions === true ? [['compares', 'the newest version with the one before it'] as [string, string]] : []),
  ]
  const out = [c.bold(r.id), r.purpose, '', ...facts.map(([name, value]) => `  ${c.dim(name.padEnd(12))}  ${value}`)]
  if (r.options !== undefined && r.options.length > 0) out.push('', 'Options:', ...r.options.map((o) => `  ${c.bold(o.name)}  ${o.description}`))
  out.push('', r.docs)
  if (r.example !== undefined) out.push('', 'Example:', ...r.example.split('\n').map((l) => `  ${l}`))
  return out.join('\n')
}

function kindLabel(r: RuleSummary): string {
  if (r.kind === 'lint') return `lint ${(r.category ?? '').toLowerCase()}`
  if (r.kind === 'input') return `input exit ${r.exitCode}`
  if (r.kind === 'history') return 'history'
  return r.direction !== undefined ? `compat ${r.direction}` : 'compat'
}

function typesLabel(r: RuleSummary): string {
  return r.schemaTypes.length > 1 ? 'all' : r.schemaTypes.map((t) => t.toLowerCase()).join(',')
}
