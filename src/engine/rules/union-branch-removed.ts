import type { CompatibilityRule } from './types.js'

/** `UNION_BRANCH_REMOVED`: The new schema removes (or narrows) a union branch that old data may hold, so it cannot read old data. */
export const unionBranchRemovedRule: CompatibilityRule = {
  id: 'UNION_BRANCH_REMOVED',
  kind: 'compatibility',
  severity: 'error',
  type: 'MISSING_UNION_BRANCH',
  direction: 'backward',
  purpose: 'The new schema removes (or narrows) a union branch that old data may hold, so it cannot read old data.',
  docs: 'Keep the branch in the union; stop writing values of that type instead.',
}
