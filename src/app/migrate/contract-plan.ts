/**
 * Without id preservation a version is registered as any client registers it, and the registry
 * decides its contract (engine/contracts/prepare.ts): a member the registration does not send is
 * inherited from the subject's latest version, and the config's defaults and overrides are merged
 * in. The copy sends each version's stored contract whole and copies the source's config members
 * only after the versions; what is left is decided here, before any write: a version the target
 * would store with another contract (a member it lacks that the version before it has, or the
 * target's own defaults and overrides) is a conflict.
 */
import { sameContract } from '../../engine/contracts/index.js'
import { applyContractConfig, effectiveContractConfig } from '../../engine/contracts/index.js'
import type { Contract, ContractConfig } from '../../engine/contracts/index.js'
import { expectedContract } from './contracts.js'
import type { Conflict, MigrationPlan, Snapshot, VersionRecord } from './types.js'

/** The target's contract config where the copy registers: the global one, each context's and each written subject's own. */
export interface TargetContractConfig {
  global: ContractConfig
  /** Context scope (`:.ctx:`) → its own contract config. */
  contexts: Map<string, ContractConfig>
  /** Subject → its own contract config (absent: none). */
  subjects: Map<string, ContractConfig>
}

/**
 * The conflicts of registering `plan`'s versions anew on a target with `config`: for each subject,
 * each version to copy is registered after the target's latest live version (the versions present
 * and those copied before it), with its contract sent whole; the registry's contract must then be
 * the source's (`confluent:version` following the target's numbering).
 */
export function planContractWrites(plan: MigrationPlan, target: Snapshot, config: TargetContractConfig): Conflict[] {
  const conflicts: Conflict[] = []
  const bySubject = new Map<string, VersionRecord[]>()
  for (const p of plan.versions) {
    if (p.action !== 'copy') continue
    const list = bySubject.get(p.source.subject) ?? []
    list.push(p.source)
    bySubject.set(p.source.subject, list)
  }
  for (const [subject, copies] of bySubject) {
    const context = /^(:\.[^:]*:)/.exec(subject)?.[1]
    const subjectConfig = config.subjects.get(subject)
    // The context's members win over the global ones, member by member, as the registry resolves them.
    const globalConfig = effectiveContractConfig(context === undefined ? undefined : config.contexts.get(context), config.global)
    const onTarget = target.subjects.get(subject) ?? []
    let previous: Contract | undefined = onTarget.filter((t) => !t.deleted).at(-1)?.contract
    let next = Math.max(0, ...onTarget.map((t) => t.version)) + 1
    for (const s of copies) {
      const expected = expectedContract(s, next)
      const stored = applyContractConfig(s.contract ?? {}, { previous, subjectConfig, globalConfig, newVersion: next })
      if (!sameContract(stored, expected))
        conflicts.push({ subject, version: s.version, id: s.id, message: cause(s, previous, effectiveContractConfig(subjectConfig, globalConfig)) })
      // A soft-deleted version is deleted right after it is written: the next one inherits from the one before.
      if (!s.deleted) previous = expected
      next++
    }
  }
  return conflicts
}

// Why the registry would store another contract: an inherited member, or the target's defaults and overrides.
function cause(s: VersionRecord, previous: Contract | undefined, effective: ContractConfig): string {
  const inherited = (['metadata', 'ruleSet'] as const).filter((m) => s.contract?.[m] === undefined && previous?.[m] !== undefined)
  if (inherited.length) {
    return (
      `it has no ${inherited.join(' and no ')} but the version before it on the target has, and a registration inherits ${inherited.length === 1 ? 'it' : 'them'}; ` +
      'only a copy with ids preserved (IMPORT mode) stores a version as it is'
    )
  }
  const members = (['defaultMetadata', 'overrideMetadata', 'defaultRuleSet', 'overrideRuleSet'] as const).filter((m) => effective[m] !== undefined)
  if (members.length === 0)
    return 'the target would store another data contract for it on registration; copy with ids preserved (IMPORT mode stores contracts as sent)'
  return (
    `the target's config (${members.join(', ')}) would be merged into its data contract on registration; ` +
    'remove those members from the target first, or copy with ids preserved (IMPORT mode stores contracts as sent)'
  )
}
