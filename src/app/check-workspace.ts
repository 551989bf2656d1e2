import { join } from 'node:path'
import { levelForSubject, policyForSubject } from '../config/subject-level.js'
import { contractConfigForSubject } from '../config/subject-contracts.js'
import { sameContract } from '../engine/contracts/index.js'
import { applyContractConfig, effectiveContractConfig } from '../engine/contracts/index.js'
import type { Contract } from '../engine/contracts/index.js'
import { UsageError } from '../errors.js'
import type { FileProblem } from '../workspace/findings.js'
import { subjectOfEntry } from '../workspace/layout.js'
import type { LoadedSubject } from '../workspace/workspace.js'
import { baselineLevel, subjectChanged } from './check-baseline.js'
import { openCheckInputs, type CheckInputOptions, type CheckInputs } from './check-inputs.js'
import type { CheckReport, CheckSummary, SubjectReport } from './check-report.js'
import { checkOwnHistory, checkSubjectAgainst, problemFinding, sameSchema, type LocatedSubject } from './check-subject.js'
import { holdsStatedContract, type ContractScopes } from './registry-contracts.js'
import { versionContracts } from './workspace-contracts.js'
import { CheckCache, type CheckCacheOptions } from './check-cache.js'

/** Inputs of `checkWorkspace`, as the command's flags give them. */
export interface CheckOptions extends CheckInputOptions {
  /** The workspace folder (shown as given in findings). */
  dir: string
  /** With `against`: only check subjects whose files differ from the baseline. */
  changedOnly?: boolean
  /** Keep and reuse verdicts of subjects checked on their own history (check-cache.ts); absent: no cache (`--no-cache`). */
  cache?: CheckCacheOptions
}

/** `checkWorkspace`'s result: the report and warnings (e.g. unknown config keys) for the envelope. */
export interface CheckOutcome {
  report: CheckReport
  warnings: string[]
}

/**
 * The `check` use-case: for every selected subject of the workspace in `dir`, whether each version
 * would have been accepted by a registry at the subject's level, and whether every schema is valid.
 * Reads `inputs` when given (opened with the same options), else opens them. Never prints. Throws
 * as `openCheckInputs` does, and UsageError for `changedOnly` without `against`; bad files are
 * findings in the report.
 */
export async function checkWorkspace(options: CheckOptions, inputs?: CheckInputs): Promise<CheckOutcome> {
  refuseChangedOnlyAlone(options)
  const opened = inputs ?? (await openCheckInputs(options.dir, options))
  const { dir, config, configFile, workspace, baseline, selected, isSelected, levelOf } = opened

  // One subject at a time: only its files and parsed schemas are in memory (reads are synchronous anyway).
  const subjects: SubjectReport[] = []
  const registered = new Map(baseline?.workspace.layout.subjects.map((s) => [s.subject, s]))
  // Subjects whose contract config in the workspace differs from the registry's (which applies against it).
  const differing: string[] = []
  // Only a check of the subjects' own history is cached: a baseline's inputs are not in the key.
  const cache = options.cache !== undefined && baseline === undefined ? new CheckCache(options.cache) : undefined
  for (const layout of selected) {
    const level = levelOf(layout.subject)
    // Against a registry its policy applies (as it will when these versions are registered), else the config's.
    const policy = baseline?.policies?.get(layout.subject) ?? policyForSubject(config, layout.subject)
    // Against a registry its contract config applies (as it will to what is registered), else the workspace's.
    const rc = baseline?.registryContracts
    const scopes: ContractScopes = rc ? (rc.scopes.get(layout.subject) ?? { global: rc.globalContracts }) : contractConfigForSubject(config, layout.subject)
    const effective = effectiveContractConfig(scopes.subject, scopes.global)
    const group = effective.compatibilityGroup
    if (rc !== undefined) {
      const own = contractConfigForSubject(config, layout.subject)
      if (JSON.stringify(effectiveContractConfig(own.subject, own.global)) !== JSON.stringify(effective)) differing.push(layout.subject)
    }
    const { report: known, inputs: keyed } = cache?.lookup(workspace, layout, { dir, level, policy, group, scopes }) ?? {}
    if (known !== undefined) {
      subjects.push(known)
      continue
    }
    const current = await workspace.loadSubject(layout, keyed?.reads)
    const loaded: LocatedSubject & { contracts: ReadonlyMap<number, Contract> } = { loaded: current, dir, contracts: versionContracts(current, scopes) }
    const grouped = (r: SubjectReport): SubjectReport => (group === undefined ? r : { ...r, compatibilityGroup: group })
    if (baseline === undefined) {
      const checked = grouped(checkOwnHistory(loaded, level, { group, policy }))
      if (keyed !== undefined) cache?.put(keyed, current, checked)
      subjects.push(checked)
    } else {
      const history = registered.get(layout.subject)
      const held = history && (await baseline.workspace.loadSubject(history))
      let previous: LocatedSubject | undefined
      let same: ((version: number, baselineVersion: number) => boolean) | undefined
      if (held !== undefined && rc !== undefined) {
        const stored = rc.contracts.get(layout.subject) ?? new Map()
        // A subject with no contract file leaves contracts to the registry (managed elsewhere): its versions are matched by schema alone.
        same = current.versions.some((v) => v.contract !== undefined) ? registeredContractMatch(current, held, stored, scopes) : () => true
        previous = { loaded: held, dir: baseline.label, contracts: stored }
        loaded.contracts = registryContracts(current, held, stored, scopes, same)
      } else if (held !== undefined) {
        previous = { loaded: held, dir: baseline.label, contracts: versionContracts(held, scopes) }
        same = contractsMatch(loaded, previous)
      }
      if (options.changedOnly === true && !subjectChanged(current, held, levelForSubject(config, layout.subject), baselineLevel(baseline, layout.subject), same)) continue
      subjects.push(grouped(checkSubjectAgainst(loaded, previous, level, baseline.sameNumbering, { group, policy, ...(same ? { sameContract: same } : {}) })))
    }
  }

  cache?.finish()
  // With --subject, a problem with an entry that would be another subject is not this check's business.
  const wanted = (p: FileProblem) => isSelected(subjectOfEntry(p.file))
  const problems = [
    ...workspace.layout.problems.filter(wanted).map((p) => problemFinding(p, dir)),
    ...(baseline ? baseline.workspace.layout.problems.filter(wanted).map((p) => problemFinding(p, baseline.label)) : []),
  ]
  const empty = workspace.layout.emptyFolders.filter((f) => isSelected(subjectOfEntry(f)))
  const emptyWarnings = empty.map((f) => `${join(dir, f)}: empty folder, skipped (a subject folder holds its versions as 1.avsc, 2.avsc, …)`)
  const skipped = workspace.layout.skipped.filter((f) => isSelected(subjectOfEntry(f)))
  if (skipped.length > 0) emptyWarnings.push(skippedWarning(dir, skipped))
  const summary = summarize(subjects)
  const exitCode = summary.invalid > 0 || problems.length > 0 ? 5 : summary.incompatible > 0 ? 1 : 0
  const report: CheckReport = {
    workspace: dir,
    ...(options.against !== undefined ? { against: options.against } : {}),
    ...(configFile !== undefined ? { config: configFile } : {}),
    subjects,
    problems,
    summary,
    exitCode,
  }
  const contractWarnings =
    differing.length === 0
      ? []
      : [
          `the registry's contract config (compatibilityGroup, defaults, overrides) differs from the workspace's "contracts" for ${differing.slice(0, 5).join(', ')}${differing.length > 5 ? `, and ${differing.length - 5} more` : ''}: the registry's applies, as it will when these versions are registered (schemactl get-config SUBJECT shows it)`,
        ]
  return { report, warnings: [...opened.warnings, ...emptyWarnings, ...contractWarnings] }
}

/** `--changed-only` compares with the baseline: refused without one, before anything is read. */
export function refuseChangedOnlyAlone(options: CheckOptions): void {
  if (options.changedOnly === true && options.against === undefined) {
    throw new UsageError('--changed-only needs --against: changed compared with what?', { hint: 'Add --against git:origin/main (or another ref or folder).' })
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
function registeredContractMatch(current: LoadedSubject, held: LoadedSubject, stored: ReadonlyMap<number, Contract>, scopes: ContractScopes): (version: number, baselineVersion: number) => boolean {
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
function registryContracts(current: LoadedSubject, held: LoadedSubject, stored: ReadonlyMap<number, Contract>, scopes: ContractScopes, same: (version: number, baselineVersion: number) => boolean): Map<number, Contract> {
  const out = new Map<number, Contract>()
  let previous: Contract | undefined
  for (const version of current.versions) {
    const registered = held.versions.findLast((r) => sameSchema(version, r) === true && same(version.version, r.version))
    previous = registered !== undefined ? (stored.get(registered.version) ?? {}) : applyContractConfig(version.contract?.document ?? {}, { previous, subjectConfig: scopes.subject, globalConfig: scopes.global })
    out.set(version.version, previous)
  }
  return out
}

/** The warning for `.json` files that are no schema: how many, which (the first few), and how to make one count. */
export function skippedWarning(dir: string, files: readonly string[]): string {
  const shown = files.slice(0, 5).map((f) => join(dir, f)).join(', ')
  return `${files.length} file${files.length === 1 ? '' : 's'} skipped: not a schema (${shown}${files.length > 5 ? ', …' : ''}): a JSON Schema states "$schema"; for Avro or JSON Schema without it, set "schemaType" for the subject in the config`
}

function summarize(subjects: readonly SubjectReport[]): CheckSummary {
  const summary: CheckSummary = { subjects: subjects.length, compatible: 0, incompatible: 0, invalid: 0, new: 0 }
  for (const s of subjects) summary[s.verdict]++
  return summary
}
