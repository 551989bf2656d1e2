import { contractConfigForSubject } from '../../config/subject-contracts.js'
import type { Config } from '../../config/config.js'
import { levelForSubject, policyForSubject } from '../../config/subject-level.js'
import { applyContractConfig, effectiveContractConfig, sameContract, type Contract } from '../../engine/contracts/index.js'
import type { CompatibilityLevel } from '../../engine/index.js'
import type { SubjectLayout } from '../../workspace/layout.js'
import type { LoadedSubject, Workspace } from '../../workspace/workspace.js'
import { baselineLevel, subjectChanged, type Baseline, type BaselineSubject } from './baseline.js'
import type { SubjectReport } from './report.js'
import type { CacheUse, CheckCache, SubjectContext } from './cache.js'
import { checkOwnHistory, checkSubjectAgainst, sameSchema, type LocatedSubject } from './subject.js'
import { holdsStatedContract, type ContractScopes } from '../registry/contracts.js'
import { versionContracts } from '../input/workspace-contracts.js'

/** What checking one subject of a workspace needs: the opened workspace, its config and the baseline, if any. */
export interface SubjectCheckContext {
  /** The workspace folder as the user wrote it (findings name files under it). */
  dir: string
  workspace: Workspace
  config: Config
  baseline?: Baseline
  /** A subject's level (inputs.ts: the `--level` flag's, `registered` (the registry's) or the config's). */
  levelOf: (subject: string, registered?: CompatibilityLevel) => CompatibilityLevel
  /** With a baseline: skip subjects whose files do not differ from it. */
  changedOnly?: boolean
  /** Verdicts of subjects checked on their own history, kept and reused (cache.ts); never used with a baseline. */
  cache?: CheckCache
}

/** One subject's outcome: its report (none when `changedOnly` skipped it), and whether the registry's contract config differs from the workspace's for it. */
export interface SubjectOutcome {
  report?: SubjectReport
  contractConfigDiffers: boolean
  /** The verdict cache's part (found there, or to be stored under these keys): taken in by the main thread's cache (`CheckCache.record`). */
  cache?: CacheUse
}

/** What a subject's verdict depends on besides its files when it is checked on its own history (no baseline): its level, policy, contract config and group. */
export function ownHistoryContext(dir: string, config: Config, levelOf: (subject: string) => CompatibilityLevel, subject: string): SubjectContext {
  const scopes = contractConfigForSubject(config, subject)
  const group = effectiveContractConfig(scopes.subject, scopes.global).compatibilityGroup
  return { dir, level: levelOf(subject), policy: policyForSubject(config, subject), group, scopes }
}

/**
 * The check of one subject of `checkWorkspace`, as a function of its layout and, against a
 * baseline, what the baseline holds of it (read here when not given): the subject's level,
 * policy and contracts (the registry's when the baseline is one, else the config's), then its own
 * history or its versions against the baseline. The same function runs in the main thread and in
 * check workers (worker.ts), so both give the same reports.
 */
export function subjectChecker(context: SubjectCheckContext): (layout: SubjectLayout, registered?: BaselineSubject) => Promise<SubjectOutcome> {
  const { config, baseline, workspace, dir } = context
  return async (layout, registered) => {
    const base = baseline === undefined ? undefined : (registered ?? (await baseline.subject(layout.subject)))
    const level = context.levelOf(layout.subject, base?.level)
    // Against a registry its policy applies (as it will when these versions are registered), else the config's.
    const policy = base?.policy ?? policyForSubject(config, layout.subject)
    // Against a registry its contract config applies (as it will to what is registered), else the workspace's.
    const rc = baseline?.registryContracts
    const scopes: ContractScopes = rc ? (base?.contracts?.scopes ?? { global: rc.globalContracts }) : contractConfigForSubject(config, layout.subject)
    const effective = effectiveContractConfig(scopes.subject, scopes.global)
    const group = effective.compatibilityGroup
    let contractConfigDiffers = false
    if (rc !== undefined) {
      const own = contractConfigForSubject(config, layout.subject)
      contractConfigDiffers = JSON.stringify(effectiveContractConfig(own.subject, own.global)) !== JSON.stringify(effective)
    }
    // Only a check of the subject's own history is cached: a baseline's inputs are not in the key.
    const cache = baseline === undefined ? context.cache : undefined
    const { report: known, use, inputs: keyed } = cache?.lookup(workspace, layout, { dir, level, policy, group, scopes }) ?? {}
    if (known !== undefined) return { report: known, contractConfigDiffers, cache: use }
    const current = await workspace.loadSubject(layout, keyed?.reads)
    const loaded: LocatedSubject & { contracts: ReadonlyMap<number, Contract> } = { loaded: current, dir, contracts: versionContracts(current, scopes) }
    const grouped = (r: SubjectReport): SubjectReport => (group === undefined ? r : { ...r, compatibilityGroup: group })
    if (baseline === undefined) {
      const checked = grouped(checkOwnHistory(loaded, level, { group, policy }))
      const stored = keyed === undefined ? undefined : cache?.keysFor(keyed, current)
      return { report: checked, contractConfigDiffers, ...(stored !== undefined ? { cache: stored } : {}) }
    }
    const held = base?.held
    let previous: LocatedSubject | undefined
    let same: ((version: number, baselineVersion: number) => boolean) | undefined
    if (held !== undefined && rc !== undefined) {
      const stored = base?.contracts?.versions ?? new Map<number, Contract>()
      // A subject with no contract file leaves contracts to the registry (managed elsewhere): its versions are matched by schema alone.
      same = current.versions.some((v) => v.contract !== undefined) ? registeredContractMatch(current, held, stored, scopes) : () => true
      previous = { loaded: held, dir: baseline.label, contracts: stored }
      loaded.contracts = registryContracts(current, held, stored, scopes, same)
    } else if (held !== undefined) {
      previous = { loaded: held, dir: baseline.label, contracts: versionContracts(held, scopes) }
      same = contractsMatch(loaded, previous)
    }
    if (context.changedOnly === true && !subjectChanged(current, held, levelForSubject(config, layout.subject), baselineLevel(baseline, layout.subject), same))
      return { contractConfigDiffers }
    return {
      report: grouped(checkSubjectAgainst(loaded, previous, level, baseline.sameNumbering, { group, policy, ...(same ? { sameContract: same } : {}) })),
      contractConfigDiffers,
    }
  }
}

/** Two versions' contracts are the same (`confluent:version` aside), each computed with the same config. */
function contractsMatch(subject: LocatedSubject, baseline: LocatedSubject): (version: number, baselineVersion: number) => boolean {
  return (w, b) => sameContract(subject.contracts?.get(w) ?? {}, baseline.contracts?.get(b) ?? {}, { ignoreConfluentVersion: true })
}

/**
 * A registered version holds the contract a workspace version states when the registry would have
 * stored that statement right after the registered version before it (`holdsStatedContract`), so
 * a change of the registry's contract config since then does not make old versions look new.
 */
function registeredContractMatch(
  current: LoadedSubject,
  held: LoadedSubject,
  stored: ReadonlyMap<number, Contract>,
  scopes: ContractScopes,
): (version: number, baselineVersion: number) => boolean {
  const documents = new Map(current.versions.map((v) => [v.version, v.contract?.document ?? {}]))
  return (w, b) => {
    const at = held.versions.findIndex((v) => v.version === b)
    const before = at > 0 ? stored.get(held.versions[at - 1].version) : undefined
    return holdsStatedContract(stored.get(b) ?? {}, documents.get(w) ?? {}, before, scopes)
  }
}

/**
 * The workspace's versions with the contracts a registry would hold once they are registered: a
 * version the registry holds (same schema, `same` contract) has its stored contract; any other
 * is prepared as the registry will prepare it, inheriting from the version before it.
 */
function registryContracts(
  current: LoadedSubject,
  held: LoadedSubject,
  stored: ReadonlyMap<number, Contract>,
  scopes: ContractScopes,
  same: (version: number, baselineVersion: number) => boolean,
): Map<number, Contract> {
  const out = new Map<number, Contract>()
  let previous: Contract | undefined
  for (const version of current.versions) {
    const registered = held.versions.findLast((r) => sameSchema(version, r) === true && same(version.version, r.version))
    previous =
      registered !== undefined
        ? (stored.get(registered.version) ?? {})
        : applyContractConfig(version.contract?.document ?? {}, { previous, subjectConfig: scopes.subject, globalConfig: scopes.global })
    out.set(version.version, previous)
  }
  return out
}
