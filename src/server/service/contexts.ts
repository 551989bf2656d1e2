/** Contexts (GET /contexts, DELETE /contexts/{ctx}): named by the subjects that live in them. */
import { restErrors } from '../rest-error.js'
import type { RegistryState } from '../store/state.js'
import { DEFAULT_CONTEXT } from '../subject-name.js'
import { page, type ListOptions } from './listing.js'

/** GET /contexts: the default context first, then the others sorted. */
export function listContexts(state: RegistryState, prefix: string, options: ListOptions): string[] {
  const names = new Set<string>()
  for (const s of state.subjects.values()) names.add(s.context)
  names.delete(DEFAULT_CONTEXT)
  const all = [DEFAULT_CONTEXT, ...[...names].sort()].filter((c) => c.startsWith(prefix))
  return page(all, options.offset, options.limit)
}

/** DELETE /contexts/{ctx}: 42211 unless the context holds no subject. */
export function deleteContext(state: RegistryState, context: string): void {
  if ([...state.subjects.values()].some((s) => s.context === context)) throw restErrors.contextNotEmpty(context)
}
