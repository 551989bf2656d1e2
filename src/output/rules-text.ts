import type { RuleSummary } from '../app/list-rules.js'
import type { Style } from './style.js'

/** Renders the rule catalogue: per rule its id, kind (with category or Avro type) and purpose. Pure. */
export function renderRulesText(rules: readonly RuleSummary[], c: Style): string {
  const width = Math.max(...rules.map((r) => r.id.length))
  return rules
    .map((r) => {
      const kind = r.kind === 'lint' ? `lint ${(r.category ?? '').toLowerCase()}` : r.kind === 'history' ? 'history' : r.direction !== undefined ? `compat ${r.direction}` : 'compat'
      return `${c.bold(r.id.padEnd(width))}  ${c.dim(kind.padEnd(16))}  ${r.purpose}`
    })
    .join('\n')
}
