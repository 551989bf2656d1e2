import type { CompatibilityRule } from './types.js'

/** `UNION_BRANCH_ADDED`: The new schema adds a union branch (or widens a type into a union) that readers on the old schema cannot read. */
export const unionBranchAddedRule: CompatibilityRule = {
  id: 'UNION_BRANCH_ADDED',
  kind: 'compatibility',
  severity: 'error',
  type: 'MISSING_UNION_BRANCH',
  direction: 'forward',
  purpose: 'The new schema adds a union branch (or widens a type into a union) that readers on the old schema cannot read.',
  docs: 'Readers still on the old schema fail on values of the new branch. Upgrade the readers first (a BACKWARD-only change), or add a new field instead.',
}
