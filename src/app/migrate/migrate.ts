/**
 * `migrate`: copies schemas between registries and workspace folders — plan, IMPORT mode, copy,
 * levels and modes, mode restore, verification — resumable through a journal.
 */
import { writeFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import type { RegistryClient } from '../../registry/client.js'
import { RegistryError, hasRegistryCode } from '../../registry/errors.js'
import type { RegistryConfig } from '../../registry/types.js'
import { configContracts } from '../registry/contracts.js'
import { withRegistry, type RegistryContext } from '../registry/session.js'
import { planContractWrites, type TargetContractConfig } from './contract-plan.js'
import { contractsUnsupported, probeContractSupport } from './contract-support.js'
import { hasContract, hasContractMembers, withoutContractMembers } from './contracts.js'
import { copyVersions, type CopyOutcome } from './copy.js'
import { parseEndpoint, type Endpoint } from './endpoint.js'
import { writeExportContracts } from './export-config.js'
import { readFolderSnapshot, writeFolderMetadata } from './export-folder.js'
import { createFingerprinter, withTexts } from './fingerprint.js'
import { Journal, defaultJournalPath } from './journal.js'
import { planMigration, summarizePlan } from './plan.js'
import { contextScopes, readRegistrySettings, readRegistrySnapshot, readTargetSettings } from './registry-side.js'
import { isScoped, subjectFilter } from './scope.js'
import { copyLevels, copyModes, folderTarget, registryTarget } from './target.js'
import {
  TargetAccess,
  describeAccess,
  ownLevels,
  planAccess,
  readOwnConfigs,
  readTargetModes,
  type AccessPlan,
  type ModeSnapshot,
  type RestoreFailure,
} from './target-access.js'
import type { MigrateEvent, MigrateResult, MigrateScope, MigrationPlan, PlanReport, PlannedVersion, ScopeSettings, Snapshot, VerifyReport } from './types.js'
import { verifyMigration } from './verify.js'

export type * from './types.js'

/**
 * Writes in flight by default (the 8, gentle on a shared production registry). A durable
 * registry acknowledges each write after fsync and shares one fsync among the writes waiting, so a
 * copy between local registries goes faster with more (`--concurrency 32`).
 */
export const DEFAULT_CONCURRENCY = 8

/** What `migrate` is asked to do. */
export interface MigrateOptions {
  /** Registry URL or profile, or a folder. */
  from: string
  to: string
  scope?: MigrateScope
  /** Register with the source's ids and versions in IMPORT mode (default true; always for a folder target). */
  preserveIds?: boolean
  /** Write even into subjects whose history on the target is not a prefix of the source's (each is warned about in the plan). */
  forceAppend?: boolean
  /**
   * Copy without the data contracts (versions without metadata and rule sets, no contract config
   * member), knowingly: for a target that cannot store them (warned about in the plan).
   */
  dropContracts?: boolean
  dryRun?: boolean
  /** Compare both sides after the copy (default true). */
  verify?: boolean
  /** Writes in flight at once (default 8). */
  concurrency?: number
  /** Journal file (default: under $XDG_STATE_HOME/schemactl, named after source, target and scope). */
  journal?: string
  /** Old-id → new-id mapping file without id preservation (default `schemactl-id-map.json`). */
  idMap?: string
  /** Aborting stops the copy (in-flight writes finish), restores modes and ends with status `interrupted`. */
  signal?: AbortSignal
  onEvent?: (event: MigrateEvent) => void
}

/** One side, opened: a registry client or a folder. */
type Side = { kind: 'registry'; client: RegistryClient; name: string } | { kind: 'folder'; dir: string; name: string }

/**
 * Migrates the subjects in scope from `options.from` to `options.to`, with their data contracts
 * (each version's metadata and rule set, each scope's contract config members). Nothing is written
 * when the plan has conflicts (status `conflicts`) or on a dry run (`planned`); a registry target
 * that cannot store the source's contracts is refused before any write (CONTRACTS_UNSUPPORTED)
 * unless `dropContracts`. Otherwise the target is given
 * write access where its modes would refuse the copy (IMPORT with ids preserved: globally and on
 * every context or subject with a mode of its own; READWRITE and level NONE without), the versions
 * are copied, levels and modes copied, the target's previous modes and levels restored (even on
 * failure or abort), and both sides compared, versions and settings (`verify.differences`
 * non-empty is a finding).
 * A target that stops answering throws its RegistryError after the modes were (if possible) restored;
 * re-running the same command continues from where it stopped. A previous mode or level the target
 * refuses to take back makes the run `failed` with `unrestored` (never `done`): the journal keeps
 * it, and re-running the same command restores it.
 */
export async function migrate(ctx: RegistryContext, options: MigrateOptions): Promise<MigrateResult> {
  const started = Date.now()
  const onEvent = options.onEvent ?? (() => undefined)
  let retries = 0
  const sideCtx: RegistryContext = {
    ...ctx,
    onRetry: (line) => {
      retries++
      onEvent({ type: 'retry', line })
    },
  }
  const from = parseEndpoint(options.from, ctx.cwd)
  const to = parseEndpoint(options.to, ctx.cwd)
  // One connection per write in flight: a durable target acknowledges after fsync, and it shares one fsync among the writes that wait for it.
  const connections = Math.max(16, options.concurrency ?? DEFAULT_CONCURRENCY)
  return openSide(sideCtx, from, connections, (source) =>
    openSide(sideCtx, to, connections, async (target) => {
      let planned: MigrationPlan | undefined
      const result = await run(ctx, options, source, target, onEvent, (plan) => (planned = plan))
      const out = withFields(result, { retries, durationMs: Date.now() - started })
      if (planned !== undefined) plans.set(out, planned)
      return out
    }),
  )
}

async function run(
  ctx: RegistryContext,
  options: MigrateOptions,
  from: Side,
  to: Side,
  onEvent: (e: MigrateEvent) => void,
  planned: (plan: MigrationPlan) => void,
): Promise<Omit<MigrateResult, 'retries' | 'durationMs'>> {
  const scope = options.scope ?? {}
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY
  // Reads cost a registry far less than fsynced writes: more of them in flight, as many as connections.
  const readConcurrency = Math.max(16, concurrency)
  const filter = subjectFilter(scope)
  const includeDeleted = scope.includeDeleted === true
  const preserveIds = to.kind === 'folder' || options.preserveIds !== false
  const scoped = isScoped(scope)
  const dropContracts = options.dropContracts === true
  // A context's own settings are copied with the whole registry, or with the context as the scope.
  const contexts = !scoped || (scope.context !== undefined && !scope.subjects?.length && scope.regex === undefined)

  onEvent({ type: 'phase', phase: 'reading' })
  const readTarget = (onlyScope: boolean) => readSnapshot(to, { filter: onlyScope ? filter : () => true, context: scope.context, includeDeleted: true })
  // Both sides are read at once; a failure of the target's read is reported after the source's.
  const targetRead = readTarget(false)
  targetRead.catch(() => undefined)
  const source = await readSnapshot(from, { filter, context: scope.context, includeDeleted, asSource: true })
  // Levels and modes are written last: reading them (two requests a subject) overlaps planning and copying.
  const settingsRead = from.kind === 'registry' ? readRegistrySettings(from.client, source, readConcurrency, { contexts }) : Promise.resolve()
  settingsRead.catch(() => undefined)
  const settled = () => settingsRead.catch(() => undefined)
  const targetBefore = await targetRead.catch(async (err: unknown) => {
    await settled()
    throw err
  })

  onEvent({ type: 'phase', phase: 'planning' })
  const sourcePrints = createFingerprinter(source)
  const targetPrints = createFingerprinter(targetBefore)
  // Texts are fetched only where the plan compares two different ones (see fingerprint.ts).
  const plan = await withTexts([sourcePrints, targetPrints], readConcurrency, () =>
    planMigration({
      from: from.name,
      to: to.name,
      source,
      target: targetBefore,
      sourcePrints,
      targetPrints,
      preserveIds,
      includeDeleted,
      forceAppend: options.forceAppend,
      dropContracts,
    }),
  ).catch(async (err: unknown) => {
    await settled()
    throw err
  })
  planned(plan)
  const announce = (modeChanges: string[]) => onEvent({ type: 'plan', ...summarizePlan(plan, modeChanges) })
  // The report's plan is built when the result's `plan` is first read (by `--json` or a dry run's printout), not during the copy or the
  // verification: the result is made with `withFields`, which keeps this a getter.
  let report: PlanReport | undefined
  const base = {
    from: from.name,
    to: to.name,
    preserveIds,
    get plan() {
      return (report ??= reportOf(plan))
    },
    migrated: 0,
    skipped: plan.present,
    failed: [],
  }
  if (plan.conflicts.length) {
    announce([])
    await settled()
    return withFields(base, { status: 'conflicts' as const })
  }
  for (const f of plan.forced)
    ctx.warn(`--force-append: ${f.message}; the missing versions are appended after the target's latest, which stops being the newest schema of the source.`)

  // Every subject in scope may be written: its versions, and its level and mode (known once read).
  // Listed only where the whole list is needed (a scoped run, or without id preservation): an array of 100,000 names costs.
  const inScope = () => [...new Set([...source.subjects.keys(), ...(source.versionless ?? []), ...source.settings.keys()])]
  const subjectsToWrite = preserveIds ? [] : [...new Set(plan.versions.filter((p) => p.action === 'copy').map((p) => p.source.subject))]
  const failBefore = async (err: unknown): Promise<never> => {
    await settled()
    throw err
  }
  let ownConfigs: Awaited<ReturnType<typeof readOwnConfigs>> | undefined
  if (to.kind === 'registry' && !dropContracts) {
    await refuseWithoutContractSupport(to.client, source, targetBefore, plan, settingsRead).catch(failBefore)
    if (!preserveIds && plan.toCopy > 0) {
      // Registered anew, a version's contract is the registry's to decide: the target's config and inheritance must leave it as sent.
      ownConfigs = await readOwnConfigs(to.client, subjectsToWrite, readConcurrency).catch(failBefore)
      const config = await readTargetContractConfig(to.client, subjectsToWrite, ownConfigs).catch(failBefore)
      plan.conflicts.push(...planContractWrites(plan, targetBefore, config))
      if (plan.conflicts.length) {
        announce([])
        await settled()
        return withFields(base, { status: 'conflicts' as const })
      }
    }
  }
  if (dropContracts) {
    ctx.warn(
      `--drop-contracts: the data contracts of ${plan.contracts.versions} version${plan.contracts.versions === 1 ? '' : 's'} and the contract config members (compatibilityGroup, defaults, overrides) are not copied; the target will not have them.`,
    )
  }
  const journal = options.dryRun
    ? undefined
    : Journal.open(resolve(ctx.cwd, options.journal ?? defaultJournalPath(ctx.cwd, ctx.env, { from: from.name, to: to.name, scope })))
  try {
    if (journal && plan.toCopy === 0 && journal.finished && !journal.pendingRestore) {
      announce([])
      return withFields(base, { status: 'nothing-to-do' as const, journal: journal.file })
    }
    let access: AccessPlan | undefined
    if (to.kind === 'registry') {
      const relax = preserveIds ? [] : subjectsToWrite
      // Copying the whole registry, only the subjects the target lists are asked (see target-access.ts).
      const subjects = scoped ? inScope() : []
      const asked = scoped ? subjects : targetSubjectsInScope(source, targetBefore)
      const contexts = contextScopes(scoped ? subjects : namesInScope(source))
      const [modes, configs] = await Promise.all([
        readTargetModes(to.client, contexts, asked, readConcurrency),
        ownConfigs ?? readOwnConfigs(to.client, relax, readConcurrency),
      ]).catch(failBefore)
      access = planAccess(to.client, modes, subjects, { preserveIds, scoped, relax, levels: ownLevels(configs) })
    }
    announce(access ? describeAccess(access) : [])
    if (journal === undefined) {
      await settled()
      return withFields(base, { status: 'planned' as const })
    }

    let copy: CopyOutcome
    let restored: ModeSnapshot | undefined
    let unrestored: RestoreFailure[] = []
    if (to.kind === 'registry') {
      const client = to.client
      const changes = new TargetAccess(client, journal, concurrency)
      // Settings are copied while the access is still in force (a READONLY target refuses them), and
      // the target's previous modes and levels come back last, except where the source's were copied.
      const copied = { modes: new Set<string>(), levels: new Set<string>() }
      let finished = false
      try {
        await changes.enter(access!)
        onEvent({ type: 'phase', phase: 'copying' })
        copy = await copyVersions(plan, source, registryTarget(client, preserveIds, changes, { dropContracts }), {
          concurrency,
          mappings: !preserveIds,
          signal: options.signal,
          journal,
          onEvent,
        })
        if (copy.stopped === undefined) {
          onEvent({ type: 'phase', phase: 'settings' })
          await settingsRead
          // Levels before modes: a subject the source has READONLY refuses level changes once its mode is copied.
          copied.levels = await copyLevels(client, source, { global: !scoped, dropContracts }, concurrency, changes)
          await changes.restoreLevels(copied.levels)
          copied.modes = await copyModes(client, source, { global: !scoped }, concurrency, ctx.warn, changes)
        }
        finished = true
      } finally {
        if (changes.changed) {
          onEvent({ type: 'phase', phase: 'restoring' })
          unrestored = await changes.restore(copied)
          const failedModes = new Set(unrestored.filter((f) => f.setting === 'mode').map((f) => f.scope))
          restored = Object.fromEntries(Object.entries(changes.modes).filter(([scope]) => !copied.modes.has(scope) && !failedModes.has(scope)))
          // The error that stopped the run is what it reports: the restore's failure is said beside it.
          if (!finished && unrestored.length) ctx.warn(`${describeUnrestored(unrestored)}; re-running the same command restores them.`)
        }
      }
    } else {
      onEvent({ type: 'phase', phase: 'copying' })
      copy = await copyVersions(plan, source, folderTarget(to.dir, { dropContracts }), {
        concurrency,
        mappings: !preserveIds,
        signal: options.signal,
        journal,
        onEvent,
      })
      if (copy.stopped === undefined) {
        await settingsRead
        const written = await writeFolderMetadata(to.dir, dropContracts ? withoutContractSettings(source) : source)
        const warning = await writeExportContracts(to.dir, written)
        if (warning !== undefined) ctx.warn(warning)
      }
    }

    const done = withFields(base, {
      migrated: copy.migrated,
      skipped: plan.present,
      failed: copy.failed,
      journal: journal.file,
      ...(restored && Object.keys(restored).length ? { restoredModes: describeModes(restored) } : {}),
      ...(unrestored.length ? { unrestored: unrestored.map(({ scope, ...f }) => ({ scope: scope || '(global)', ...f })) } : {}),
    })
    if (copy.stopped !== undefined) {
      if (options.signal?.aborted) return withFields(done, { status: 'interrupted' as const })
      if (unrestored.length) ctx.warn(`${describeUnrestored(unrestored)}; re-running the same command restores them.`)
      throw continuable(copy.stopped, journal.file)
    }
    let idMapFile: string | undefined
    if (!preserveIds) {
      idMapFile = resolve(ctx.cwd, options.idMap ?? 'schemactl-id-map.json')
      await writeFile(idMapFile, JSON.stringify({ from: from.name, to: to.name, mappings: copy.mappings }, null, 2) + '\n')
    }
    let verify: VerifyReport | undefined
    if (options.verify !== false) {
      onEvent({ type: 'phase', phase: 'verifying' })
      const after = await readTarget(true)
      if (to.kind === 'registry') await readTargetSettings(to.client, source, after, { global: !scoped }, readConcurrency)
      const prints = { source: sourcePrints, target: createFingerprinter(after) }
      verify = await withTexts([prints.source, prints.target], readConcurrency, () =>
        verifyMigration(source, after, copy.mappings, prints, { global: !scoped, dropContracts }),
      )
    }
    // A target left with the run's modes (IMPORT) or levels is not done: the journal keeps them to restore.
    const ok = copy.failed.length === 0 && (verify === undefined || verify.differences.length === 0) && unrestored.length === 0
    if (ok) journal.recordDone()
    return withFields(done, { status: ok ? ('done' as const) : ('failed' as const), ...(idMapFile ? { idMapFile } : {}), ...(verify ? { verify } : {}) })
  } finally {
    journal?.close()
    await settled()
  }
}

async function openSide<T>(ctx: RegistryContext, endpoint: Endpoint, connections: number, use: (side: Side) => Promise<T>): Promise<T> {
  if (endpoint.kind === 'folder') return use({ kind: 'folder', dir: endpoint.dir, name: endpoint.dir })
  return withRegistry({ ...ctx, flags: { ...ctx.flags, registry: endpoint.ref } }, (client) => use({ kind: 'registry', client, name: client.url }), {
    connections,
  })
}

function readSnapshot(
  side: Side,
  options: { filter: (s: string) => boolean; context?: string; includeDeleted: boolean; asSource?: boolean },
): Promise<Snapshot> {
  return side.kind === 'folder' ? readFolderSnapshot(side.dir, options) : readRegistrySnapshot(side.client, options)
}

/** Every name in scope on the source (subjects with and without versions, scopes with settings), perhaps more than once. */
function* namesInScope(source: Snapshot): Generator<string> {
  yield* source.subjects.keys()
  yield* source.versionless ?? []
  yield* source.settings.keys()
}

/** The subjects the target lists that are in scope on the source. */
function targetSubjectsInScope(source: Snapshot, target: Snapshot): string[] {
  const versionless = new Set(source.versionless)
  return [...target.subjects.keys()].filter((s) => source.subjects.has(s) || versionless.has(s) || source.settings.has(s))
}

/** `{ ...base, ...fields }`, except that a getter (the plan's report) is copied as a getter instead of being called. */
function withFields<A extends object, B extends object>(base: A, fields: B): Omit<A, keyof B> & B {
  return Object.defineProperties({}, { ...Object.getOwnPropertyDescriptors(base), ...Object.getOwnPropertyDescriptors(fields) }) as Omit<A, keyof B> & B
}

function reportOf(plan: MigrationPlan): PlanReport {
  return { ...plan, versions: plan.versions.map(reportEntry) }
}

type PlanReportEntry = PlanReport['versions'][number]

// One version of the report: without its text, hash, listing position or contract (`contract: true` says it has one).
function reportEntry({ source: { schema: _schema, hash: _hash, at: _at, contract, ...source }, ...rest }: PlannedVersion): PlanReportEntry {
  return { ...rest, source: { ...source, ...(hasContract(contract) ? { contract: true as const } : {}) } }
}

// The plan of each result `migrate` returned (the report's versions can then be written one at a time: see `planReportInParts`).
const plans = new WeakMap<object, MigrationPlan>()

/**
 * `result` with its plan's report in two parts, so that a large one is written without being held
 * whole: `result` with `placeholder` where the report's versions go, and those versions, made one at
 * a time as they are iterated. Undefined for a result `migrate` did not return.
 */
export function planReportInParts(result: MigrateResult, placeholder: unknown): { result: MigrateResult; versions: Iterable<PlanReportEntry> } | undefined {
  const plan = plans.get(result)
  if (plan === undefined) return undefined
  const versions = function* () {
    for (const p of plan.versions) yield reportEntry(p)
  }
  return { result: withFields(result, { plan: { ...plan, versions: placeholder as PlanReportEntry[] } }), versions: versions() }
}

/**
 * Refuses (CONTRACTS_UNSUPPORTED) a registry target that cannot store data contracts when the
 * source has any: a version carrying one, or a scope setting a contract config member (the source's
 * settings are awaited only then: the refusal needs them, a target that stores contracts does not).
 */
async function refuseWithoutContractSupport(
  client: RegistryClient,
  source: Snapshot,
  target: Snapshot,
  plan: MigrationPlan,
  settingsRead: Promise<void>,
): Promise<void> {
  const subject =
    plan.versions.at(0)?.source.subject ?? [...source.subjects.keys(), ...source.settings.keys()].find((s) => !s.endsWith(':')) ?? 'schemactl-contract-probe'
  const support = await probeContractSupport(client, target, subject)
  if (support.supported) return
  await settingsRead
  const scopes = [source.global, ...source.settings.values()].filter((s) => hasContractMembers(s.config)).length
  if (plan.contracts.versions > 0 || scopes > 0) throw contractsUnsupported(client.url, support, { versions: plan.contracts.versions, scopes })
}

/** The target's contract config where `subjects` are registered: the global one, their contexts' and their own (`own`, already read). */
async function readTargetContractConfig(
  client: RegistryClient,
  subjects: string[],
  own: ReadonlyMap<string, RegistryConfig | null>,
): Promise<TargetContractConfig> {
  const ownOf = (scope: string) =>
    client.getConfig(scope, { defaultToGlobal: false }).catch((err: unknown) => {
      if (hasRegistryCode(err, 'SUBJECT_CONFIG_NOT_FOUND', 'SUBJECT_NOT_FOUND')) return undefined
      throw err
    })
  const contexts = contextScopes(subjects)
  const [global, ...contextConfigs] = await Promise.all([client.getConfig(), ...contexts.map(ownOf)])
  return {
    global: configContracts(global),
    contexts: new Map(contexts.map((c, i) => [c, configContracts(contextConfigs[i])])),
    subjects: new Map([...own].filter(([, config]) => config !== null).map(([subject, config]) => [subject, configContracts(config!)])),
  }
}

// The snapshot's settings without their data-contract config members (what --drop-contracts exports).
function withoutContractSettings(snapshot: Snapshot): Snapshot {
  const strip = ({ config, ...rest }: ScopeSettings): ScopeSettings => {
    const members = withoutContractMembers(config)
    return { ...rest, ...(members ? { config: members } : {}) }
  }
  return { ...snapshot, global: strip(snapshot.global), settings: new Map([...snapshot.settings].map(([scope, own]) => [scope, strip(own)])) }
}

/** `Could not restore the target's mode of orders-value (none of its own), (global) (READONLY): <first error>`. */
function describeUnrestored(failures: RestoreFailure[]): string {
  const list = failures.map((f) => `${f.setting} of ${f.scope || '(global)'} (${f.previous ?? 'none of its own'})`).join(', ')
  return `Could not restore the target's ${list}: ${failures[0].error}`
}

function describeModes(modes: ModeSnapshot): Record<string, string> {
  return Object.fromEntries(Object.entries(modes).map(([scope, mode]) => [scope || '(global)', mode ?? '(none)']))
}

// The failure that stopped the copy, with the way on: the journal lets the same command continue.
function continuable(err: unknown, journal: string): unknown {
  if (!(err instanceof RegistryError) || err.code === 'CONTRACTS_NOT_STORED') return err
  return new RegistryError(err.code, `${err.message}; the migration stopped`, err.details, {
    hint: `Re-run the same command to continue where it stopped (journal ${journal}).`,
    cause: err,
  })
}
