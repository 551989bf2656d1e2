import { availableParallelism } from 'node:os'
import type { SubjectLayout } from '../../workspace/layout.js'

/**
 * Fewest versions checked on worker threads when the thread count is not given: a worker costs
 * its start (its modules and its own index of the workspace's named types) before it checks
 * anything, which a few thousand versions (~0.15 ms each at FULL_TRANSITIVE) repay.
 */
export const PARALLEL_MIN_VERSIONS = 5000

/**
 * How many threads check `subjects`: `requested` when given (1 = this thread only), else one per
 * core once they hold PARALLEL_MIN_VERSIONS versions, else one; never more than there are subjects.
 */
export function threadCount(requested: number | undefined, subjects: readonly SubjectLayout[]): number {
  const versions = subjects.reduce((sum, s) => sum + s.versions.length, 0)
  const wanted = requested ?? (versions >= PARALLEL_MIN_VERSIONS ? availableParallelism() : 1)
  return Math.max(1, Math.min(wanted, subjects.length))
}
