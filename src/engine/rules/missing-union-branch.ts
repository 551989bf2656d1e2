import type { CompatibilityRule } from './types.js'

/** `MISSING_UNION_BRANCH`: The writer can write a union branch (or type) that the reader’s union cannot read. */
export const missingUnionBranchRule: CompatibilityRule = {
  id: 'MISSING_UNION_BRANCH',
  kind: 'compatibility',
  severity: 'error',
  type: 'MISSING_UNION_BRANCH',
  purpose: 'The writer can write a union branch (or type) that the reader’s union cannot read.',
  docs: 'Each type the writer may write must be readable by some branch of the reader. See UNION_BRANCH_REMOVED and UNION_BRANCH_ADDED for the two directions.',
}
