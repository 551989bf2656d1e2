import type { RuleSummary } from '../app/list-rules.js'
import type { Style } from './style.js'

/**
 * Renders the rule catalogue: per rule its id, kind (with category or direction), the schema types
 * it applies to (`all` for every type) and purpose;
 * with `long`, its severity and docs below it, and a blank line between rules. Pure.
 */
export function renderRulesText(rules: readonly RuleSummary[], c: Style, options: { long?: boolean } = {}): string {
  const width = Math.max(...rules.map((r) => r.id.length))
  return rules
    .map((r) => {
      const kind = r.kind === 'lint' ? `lint ${(r.category ?? '').toLowerCase()}` : r.kind === 'history' ? 'history' : r.direction !== undefined ? `compat ${r.direction}` : 'compat'
      const types = r.schemaTypes.length > 1 ? 'all' : r.schemaTypes.map((t) => t.toLowerCase()).join(',')
      const line = `${c.bold(r.id.padEnd(width))}  ${c.dim(kind.padEnd(16))}  ${c.dim(types.padEnd(8))}  ${r.purpose}`
      return options.long === true ? `${line}\n    ${c.dim(`${r.severity}.`)} ${r.docs}` : line
    })
    .join(options.long === true ? '\n\n' : '\n')
}
