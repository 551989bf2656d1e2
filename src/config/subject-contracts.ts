import type { ContractConfig } from '../engine/contracts/index.js'
import type { Config } from './config.js'
import { isGlob, matchesSubject } from './subject-glob.js'

/**
 * The contract settings configured for a subject, at the registry's two scopes: `subject` is its
 * exact `subjects` entry's `contracts`, else the first glob entry (in file order) that matches it
 * and has `contracts`; `global` is the top-level `contracts`. Combine them with
 * `effectiveContractConfig` (engine/contracts/prepare.ts), as the registry combines a subject's
 * config with the global one.
 */
export function contractConfigForSubject(config: Config, subject: string): { subject?: ContractConfig; global: ContractConfig } {
  const exact = config.subjects[subject]?.contracts
  if (exact !== undefined) return { subject: exact, global: config.contracts }
  for (const [pattern, settings] of Object.entries(config.subjects)) {
    if (settings.contracts !== undefined && isGlob(pattern) && matchesSubject(pattern, subject))
      return { subject: settings.contracts, global: config.contracts }
  }
  return { global: config.contracts }
}
