import { join } from 'node:path'
import pLimit from 'p-limit'
import { applyContractConfig, effectiveContractConfig } from '../../engine/contracts/index.js'
import { versionsInCompatibilityGroup } from '../../engine/contracts/index.js'
import type { Contract } from '../../engine/contracts/index.js'
import type { CompatibilityPolicy } from '../../engine/formats/index.js'
import { DEFAULT_LEVEL, type CompatibilityLevel } from '../../engine/index.js'
import { InputError } from '../../errors.js'
import type { RegistryClient } from '../../registry/client.js'
import type { SchemaReference } from '../../registry/types.js'
import type { FileProblem } from '../../workspace/findings.js'
import { readJsonText } from '../../engine/schema/index.js'
import { loadConfig } from '../../config/load.js'
import { schemaTypeForSubject } from '../../config/subject-level.js'
import { openWorkspace, type LoadedSubject, type SchemaVersion } from '../../workspace/workspace.js'
import { readRegistryHistory } from '../check/baseline-registry.js'
import { checkVersion, sameSchema } from '../check/subject.js'
import { contractMembers, registerOne, withReadableVerdicts, type RegisterResult, type RegistrationOutcome } from './schema.js'
import { holdsStatedContract, readContractScopes, type ContractScopes } from '../registry/contracts.js'
import { withRegistry, type RegistryContext } from '../registry/session.js'
import { effectiveSetting } from '../registry/config.js'

/** Requests in flight at once: enough to hide latency, few enough not to overwhelm a registry. */
const CONCURRENCY = 16

interface Plan {
  subject: string
  /** The version files to register, oldest first (only the newest with `latestOnly`). */
  versions: SchemaVersion[]
  /** Whether the subject is a folder of versions (its history is compared with the registry's). */
  history: boolean
  /** Subjects whose types its versions use (registered first). */
  dependsOn: string[]
}

/** What was decided for one subject: its outcomes, one per version it registers (or one saying why none). */
interface SubjectStep {
  subject: string
  outcomes: RegistrationOutcome[]
  /** The versions to register, oldest first. */
  pending: SchemaVersion[]
  /** Whether the registry already checked the first pending version while planning. */
  checked: boolean
  /** The subject's newest registered version once done (what references to it point at). */
  newest?: number
}

/** Options of `registerWorkspace`. */
export interface RegisterWorkspaceOptions {
  normalize?: boolean
  dryRun?: boolean
  /** Register the compatible subjects even when others are refused (default: refuse the folder). */
  partial?: boolean
  /** Register only each subject's newest version, as a single file would be. */
  latestOnly?: boolean
  /** Follow symbolic links that leave the folder (see workspace/read-file.ts). */
  followExternalLinks?: boolean
}

/**
 * Registers every version of a workspace folder that the registry does not hold yet, oldest first,
 * dependencies first (a type used from another file becomes a schema reference to that subject's
 * newest registered version), subjects concurrently where the order allows.
 *
 * A subject folder's versions are compared with the subject's registered versions (live ones, by
 * Avro's normalized form): the registered history must be the start of the folder's, and the rest
 * is registered. A registry whose history is not (a newer schema already registered before an
 * older one of the folder, a version the folder lacks) makes the subject a `conflict`, since
 * registering would put older schemas after newer ones. `latestOnly` (and a single-file subject)
 * registers only the newest version unless the registry holds it.
 *
 * The whole folder is planned first: the first new version of each existing subject is looked up
 * and checked with the registry's verbose compatibility check (so registries that do not enforce
 * compatibility are gated too), and every later one with the embedded engine at the subject's
 * level in the registry, against the registered versions and the new ones before it. If any
 * subject is refused (incompatible or conflict), nothing is registered (the others are `blocked`)
 * unless `partial`. A subject whose dependency gets a new version is checked by the registry once
 * that version is registered. Every registration is looked up and checked again just before it
 * is made. `dryRun` stops after the plan. Throws InputError (exit 5) listing the invalid files,
 * before any request.
 */
export async function registerWorkspace(ctx: RegistryContext, root: string, options: RegisterWorkspaceOptions): Promise<RegisterResult> {
  const plans = await planWorkspace(root, options.latestOnly === true, options.followExternalLinks)
  return withRegistry(ctx, async (client) => {
    // One listing saves a lookup per subject that does not exist yet (all of them, the first time).
    const existing = new Set(await client.listSubjects())
    const histories = await readHistories(
      client,
      plans.filter((p) => p.history && existing.has(p.subject)).map((p) => p.subject),
    )
    const limit = pLimit(CONCURRENCY)
    const normalize = options.normalize
    const scopes = contractScopesReader(client, histories.scopes)
    const planned = await inOrder(plans, (plan, deps) =>
      planSubject(client, root, plan, deps, { existing: existing.has(plan.subject), histories, scopes, limit, normalize }),
    )
    const all = (steps: SubjectStep[]) => steps.flatMap((s) => s.outcomes)
    // Each incompatible version's messages read and placed in its file, of the type the folder gives it.
    const types = new Map(plans.flatMap((p) => p.versions.map((v) => [join(root, v.file), v.schemaType] as const)))
    const readable = (outcomes: RegistrationOutcome[]) =>
      withReadableVerdicts(client, outcomes, (file) => types.get(file) ?? 'AVRO', { followExternalLinks: options.followExternalLinks })
    if (options.dryRun) return { registry: client.url, dryRun: true, outcomes: await readable(all(planned)) }
    const refusal = refusalMessage(planned)
    if (refusal !== undefined && !options.partial) {
      const outcomes = all(planned).map((o): RegistrationOutcome => (o.status === 'planned' ? { ...o, status: 'blocked', messages: [refusal] } : o))
      return { registry: client.url, dryRun: false, outcomes: await readable(outcomes) }
    }
    const first = new Map(planned.map((s) => [s.subject, s]))
    const done = await inOrder(plans, (plan, deps) => {
      const step = first.get(plan.subject) as SubjectStep
      if (step.pending.length === 0) return Promise.resolve(step)
      const missing = deps.filter((d) => d.newest === undefined)
      if (missing.length > 0) return Promise.resolve(blockedBy(plan, root, missing))
      return registerSubject(client, root, plan, step, deps, { existing: existing.has(plan.subject), limit, normalize })
    })
    return { registry: client.url, dryRun: false, outcomes: await readable(all(done)) }
  })
}

/** The registered histories of some subjects: loaded and parsed like a workspace, with their levels and each version's stored contract. */
interface Histories {
  subjects: Map<string, LoadedSubject>
  levels: ReadonlyMap<string, CompatibilityLevel>
  /** By subject, then version number: the contract the registry holds. */
  contracts: ReadonlyMap<string, ReadonlyMap<number, Contract>>
  /** The contract config of each subject read. */
  scopes: ReadonlyMap<string, ContractScopes>
  /** JSON Schema's compatibility policy the registry applies, by subject (where its config has one). */
  policies: ReadonlyMap<string, CompatibilityPolicy>
}

/** The registered histories of `subjects`. */
async function readHistories(client: RegistryClient, subjects: string[]): Promise<Histories> {
  if (subjects.length === 0) return { subjects: new Map(), levels: new Map(), contracts: new Map(), scopes: new Map(), policies: new Map() }
  const remote = await readRegistryHistory(client, subjects)
  const workspace = await openWorkspace(client.url, {
    validateDefaults: false,
    allowEmpty: true,
    source: remote.source,
    schemaTypeOf: (subject) => remote.types.get(subject),
  })
  const wanted = new Set(subjects)
  const loaded = await Promise.all(workspace.layout.subjects.filter((s) => wanted.has(s.subject)).map((s) => workspace.loadSubject(s)))
  return {
    subjects: new Map(loaded.map((s) => [s.subject, s])),
    levels: remote.levels,
    contracts: remote.contracts,
    scopes: remote.scopes,
    policies: remote.policies,
  }
}

/** Reads each subject's contract config once (the global config once for all); `known` are those read already. */
function contractScopesReader(client: RegistryClient, known: ReadonlyMap<string, ContractScopes>): (subject: string) => Promise<ContractScopes> {
  let global: ReturnType<RegistryClient['getConfig']> | undefined
  const read = new Map<string, Promise<ContractScopes>>([...known].map(([subject, scopes]) => [subject, Promise.resolve(scopes)]))
  return (subject) => {
    let scopes = read.get(subject)
    if (scopes === undefined) {
      global ??= client.getConfig()
      scopes = readContractScopes(client, subject, global)
      read.set(subject, scopes)
    }
    return scopes
  }
}

/**
 * Plans one subject once its dependencies are planned: which versions are new, whether the
 * registered history allows them, and whether each would be accepted. Sends no write.
 */
async function planSubject(
  client: RegistryClient,
  root: string,
  plan: Plan,
  deps: SubjectStep[],
  context: {
    existing: boolean
    histories: Histories
    scopes: (subject: string) => Promise<ContractScopes>
    limit: ReturnType<typeof pLimit>
    normalize?: boolean
  },
): Promise<SubjectStep> {
  const failed = deps.filter((d) => d.newest === undefined && d.pending.length === 0)
  if (failed.length > 0) return blockedBy(plan, root, failed)
  const registered = context.histories.subjects.get(plan.subject)
  const stored = context.histories.contracts.get(plan.subject) ?? new Map<number, Contract>()
  const newest = plan.versions[plan.versions.length - 1]
  let pending = plan.versions
  if (registered !== undefined) {
    const scopes = await context.limit(() => context.scopes(plan.subject))
    const diverged = divergence(plan.versions, registered.versions) ?? contractDivergence(plan.versions, registered.versions, stored, scopes)
    if (diverged !== undefined) {
      const hint =
        'make the folder hold the registry’s history first (`schemactl migrate --from <registry> --to <folder>` exports it), or register only the newest version with --latest-only'
      return {
        subject: plan.subject,
        pending: [],
        checked: false,
        outcomes: [{ subject: plan.subject, file: join(root, newest.file), status: 'conflict', messages: [...diverged, hint] }],
      }
    }
    pending = plan.versions.slice(registered.versions.length)
  } else if (context.existing) {
    pending = [newest]
  }
  // Nothing new: the newest is looked up, as a single file would be (its references may have moved on).
  if (pending.length === 0) pending = [newest]
  const waiting = deps.filter((d) => d.pending.length > 0 && d.outcomes.some((o) => o.status === 'planned'))
  const outcomes: RegistrationOutcome[] = []
  let checked = !context.existing
  if (context.existing && waiting.length === 0) {
    const first = await context.limit(() =>
      registerVersion(client, root, plan.subject, pending[0], deps, { normalize: context.normalize, dryRun: true, subjectExists: true }),
    )
    outcomes.push(first)
    checked = true
    if (first.status === 'incompatible')
      return { subject: plan.subject, pending: [], checked, outcomes: [...outcomes, ...following(plan.subject, root, pending.slice(1), pending[0])] }
    if (first.status === 'existing' && pending.length === 1) return { subject: plan.subject, pending: [], checked, outcomes, newest: first.version }
  } else {
    const names = waiting.map((d) => d.subject).join(', ')
    outcomes.push(
      plannedOutcome(
        plan.subject,
        root,
        pending[0],
        context.existing ? [`checked after ${names} ${waiting.length === 1 ? 'is' : 'are'} registered`] : undefined,
      ),
    )
  }
  // The versions after the first can only be checked by the registry once those before are registered: the engine checks them now.
  const needsEngine = pending.length > 1 || !checked
  if (needsEngine) {
    // A registered subject's level and policy were read with its history; a new one may have a config of its own already.
    const setting =
      registered !== undefined
        ? { level: context.histories.levels.get(plan.subject), policy: context.histories.policies.get(plan.subject) }
        : await context.limit(() => effectiveSetting(client, plan.subject))
    const level = setting.level ?? DEFAULT_LEVEL
    const scopes = await context.limit(() => context.scopes(plan.subject))
    const group = effectiveContractConfig(scopes.subject, scopes.global).compatibilityGroup
    // Each version with the contract the registry will store for it, so that a compatibility group is applied as the registry applies it.
    type Checked = SchemaVersion & Required<Pick<SchemaVersion, 'schema'>>
    const policy = setting.policy
    const previous: Array<{ parsed: Checked; version: number; contract: Contract }> = (registered?.versions ?? []).flatMap((v) =>
      v.schema ? [{ parsed: v as Checked, version: v.version, contract: stored.get(v.version) ?? {} }] : [],
    )
    for (const [i, version] of pending.entries()) {
      const newer = (previous[previous.length - 1]?.version ?? 0) + 1
      // Numbered as the registry will number it, so that messages name the registry's versions.
      const candidate = { ...version, version: newer } as Checked
      const contract = applyContractConfig(version.contract?.document ?? {}, {
        previous: previous[previous.length - 1]?.contract,
        subjectConfig: scopes.subject,
        globalConfig: scopes.global,
        newVersion: newer,
      })
      if (i > 0 || !checked) {
        const compared = versionsInCompatibilityGroup(contract.metadata, previous, group, (p) => p.contract.metadata)
        const result = checkVersion(
          level,
          candidate,
          compared.map((p) => ({ ...p.parsed, version: p.version })),
          policy,
        )
        if (!result.compatible) {
          const refused: RegistrationOutcome = { subject: plan.subject, file: join(root, version.file), status: 'incompatible', messages: result.messages }
          const before = outcomes
            .slice(0, i)
            .map((o) => (o.status === 'planned' ? blocked(o, `not registered: a later version, ${version.file}, is incompatible`) : o))
          return {
            subject: plan.subject,
            pending: [],
            checked,
            outcomes: [...before, refused, ...following(plan.subject, root, pending.slice(i + 1), version)],
          }
        }
      }
      if (i > 0) outcomes.push(plannedOutcome(plan.subject, root, version))
      previous.push({ parsed: candidate, version: newer, contract })
    }
  } else {
    outcomes.push(...pending.slice(1).map((v) => plannedOutcome(plan.subject, root, v)))
  }
  return { subject: plan.subject, pending, checked, outcomes }
}

/** Registers a planned subject's new versions in order, each looked up and checked just before; stops at the first refused. */
async function registerSubject(
  client: RegistryClient,
  root: string,
  plan: Plan,
  step: SubjectStep,
  deps: SubjectStep[],
  context: { existing: boolean; limit: ReturnType<typeof pLimit>; normalize?: boolean },
): Promise<SubjectStep> {
  const outcomes: RegistrationOutcome[] = []
  let newest: number | undefined
  for (const [i, version] of step.pending.entries()) {
    const options = { normalize: context.normalize, subjectExists: context.existing || i > 0, checked: i === 0 && step.checked }
    const outcome = await context.limit(() => registerVersion(client, root, plan.subject, version, deps, options))
    outcomes.push(outcome)
    if (outcome.status !== 'registered' && outcome.status !== 'existing') {
      return {
        subject: plan.subject,
        pending: step.pending,
        checked: step.checked,
        outcomes: [...outcomes, ...following(plan.subject, root, step.pending.slice(i + 1), version)],
      }
    }
    newest = outcome.version
  }
  return { subject: plan.subject, pending: step.pending, checked: step.checked, outcomes, newest }
}

/**
 * Why the registered versions are not the start of the folder's, or undefined when they are (or
 * when the folder's are the start of the registry's: then there is nothing to register).
 */
function divergence(folder: readonly SchemaVersion[], registered: readonly SchemaVersion[]): string[] | undefined {
  const at = registered.findIndex((r, i) => i >= folder.length || sameSchema(folder[i], r) !== true)
  if (at < 0 || at >= folder.length) return undefined
  const version = registered[at]
  const held = folder.findIndex((f) => sameSchema(f, version) === true)
  const detail =
    held >= 0
      ? `registered version ${version.version} holds the schema of ${folder[held].file}, but the folder puts ${folder[at].file} before it`
      : `registered version ${version.version} is in no file of the folder (${folder[at].file} is in its place)`
  return [
    `the registry's history is not the start of the folder's: ${detail}; registering would put older schemas after newer ones, so nothing of this subject is registered`,
  ]
}

/**
 * Why the registered versions do not hold the contracts the folder states for the same versions,
 * or undefined when they do (compared as `holdsStatedContract` does) or when the folder has no
 * contract file at all. A registered version cannot
 * change: a new contract for the same schema is a new version of the folder (and of the registry).
 */
function contractDivergence(
  folder: readonly SchemaVersion[],
  registered: readonly SchemaVersion[],
  stored: ReadonlyMap<number, Contract>,
  scopes: ContractScopes,
): string[] | undefined {
  // A folder stating no contract at all leaves contracts to the registry (managed elsewhere, or by its config).
  if (!folder.some((v) => v.contract !== undefined)) return undefined
  for (let i = 0; i < Math.min(folder.length, registered.length); i++) {
    const version = registered[i]
    const held = stored.get(version.version) ?? {}
    const previous = i === 0 ? undefined : stored.get(registered[i - 1].version)
    if (holdsStatedContract(held, folder[i].contract?.document ?? {}, previous, scopes)) continue
    const file = folder[i]
    const states = file.contract === undefined ? `no contract file (it inherits the one before it)` : file.contract.file
    const next = folder.length + 1
    const messages = [
      `registered version ${version.version} holds the schema of ${file.file} with another data contract than the folder states (${states}); registered versions cannot change, so nothing of this subject is registered`,
      `to give the schema a new contract, leave ${file.file}'s contract as registered and add a new version (${next}.avsc with ${next}.contract.json)`,
    ]
    if (held.metadata === undefined && held.ruleSet === undefined)
      messages.push('the registry holds no contract for it: a registry that does not keep data contracts (Karapace, Confluent before 7.4) drops them')
    return messages
  }
  return undefined
}

/** Why the folder is refused (subjects incompatible or in conflict with the registry), or undefined. */
function refusalMessage(steps: readonly SubjectStep[]): string | undefined {
  const named = (status: RegistrationOutcome['status']) => [...new Set(steps.filter((s) => s.outcomes.some((o) => o.status === status)).map((s) => s.subject))]
  const incompatible = named('incompatible')
  const conflicts = named('conflict')
  if (incompatible.length === 0 && conflicts.length === 0) return undefined
  const parts = [
    ...(incompatible.length ? [`${incompatible.join(', ')} ${incompatible.length === 1 ? 'is' : 'are'} incompatible`] : []),
    ...(conflicts.length ? [`${conflicts.join(', ')} ${conflicts.length === 1 ? 'conflicts' : 'conflict'} with the registry's history`] : []),
  ]
  return `not registered: ${parts.join('; ')} (--partial registers the others)`
}

/** Runs `step` for every plan once its dependencies' steps are done; resolves in the plans' order. */
async function inOrder(plans: Plan[], step: (plan: Plan, deps: SubjectStep[]) => Promise<SubjectStep>): Promise<SubjectStep[]> {
  const byName = new Map(plans.map((p) => [p.subject, p]))
  const done = new Map<string, Promise<SubjectStep>>()
  const run = (plan: Plan): Promise<SubjectStep> => {
    let pending = done.get(plan.subject)
    if (pending === undefined) {
      pending = Promise.all(plan.dependsOn.map((d) => run(byName.get(d) as Plan))).then((deps) => step(plan, deps))
      done.set(plan.subject, pending)
    }
    return pending
  }
  return Promise.all(plans.map(run))
}

function plannedOutcome(subject: string, root: string, version: SchemaVersion, messages?: string[]): RegistrationOutcome {
  return { subject, file: join(root, version.file), status: 'planned', ...(messages ? { messages } : {}) }
}

function blocked(outcome: RegistrationOutcome, message: string): RegistrationOutcome {
  return { ...outcome, status: 'blocked', messages: [message] }
}

/** The versions after a refused one: blocked, since a subject's versions are registered in order. */
function following(subject: string, root: string, versions: readonly SchemaVersion[], refused: SchemaVersion): RegistrationOutcome[] {
  return versions.map((v) => ({ subject, file: join(root, v.file), status: 'blocked', messages: [`follows ${refused.file}, which was not registered`] }))
}

function blockedBy(plan: Plan, root: string, deps: readonly SubjectStep[]): SubjectStep {
  const names = deps.map((d) => d.subject).join(', ')
  const newest = plan.versions[plan.versions.length - 1]
  return {
    subject: plan.subject,
    pending: [],
    checked: false,
    outcomes: [{ subject: plan.subject, file: join(root, newest.file), status: 'blocked', messages: [`depends on ${names}, which was not registered`] }],
  }
}

/** Loads every subject's versions (or only the newest), in dependency order; throws InputError for invalid files. */
async function planWorkspace(root: string, latestOnly: boolean, followExternalLinks?: boolean): Promise<Plan[]> {
  const { config } = await loadConfig(root, { followExternalLinks })
  const workspace = await openWorkspace(root, { followExternalLinks, schemaTypeOf: (subject) => schemaTypeForSubject(config, subject) })
  const problems: FileProblem[] = [...workspace.layout.problems]
  const plans: Plan[] = []
  // The workspace bounds its own file reads, so subjects can be loaded all at once.
  for (const loaded of await Promise.all(workspace.layout.subjects.map((s) => workspace.loadSubject(s)))) {
    if (loaded.versions.length === 0) continue
    const versions = latestOnly ? loaded.versions.slice(-1) : loaded.versions
    problems.push(...loaded.layout.problems, ...versions.flatMap((v) => v.problems))
    const dependsOn = [...new Set(versions.flatMap((v) => v.references.map((r) => r.subject)))]
    plans.push({ subject: loaded.subject, versions, history: !latestOnly && loaded.layout.layout === 'folder', dependsOn })
  }
  if (problems.length > 0) {
    const lines = problems.map((p) => `${p.file}${p.line !== undefined ? `:${p.line}:${p.column ?? 1}` : ''}: ${p.message}`)
    throw new InputError(`${lines.length} problem${lines.length === 1 ? '' : 's'} in ${root}, nothing registered: ${lines[0]}`, {
      code: 'WORKSPACE_INVALID',
      hint: 'Run `schemactl check` to see every problem.',
      data: { problems },
    })
  }
  return topologicalOrder(plans)
}

/** Looks up, checks and (unless `dryRun`) registers one version, its references pointing at the dependencies' newest versions. */
function registerVersion(
  client: RegistryClient,
  root: string,
  subject: string,
  version: SchemaVersion,
  deps: readonly SubjectStep[],
  options: { normalize?: boolean; dryRun?: boolean; subjectExists: boolean; checked?: boolean },
): Promise<RegistrationOutcome> {
  const versionOf = new Map(deps.map((d) => [d.subject, d.newest as number]))
  const references: SchemaReference[] = version.references.map((r) => ({ name: r.name, subject: r.subject, version: versionOf.get(r.subject) as number }))
  const json = version.schemaType === 'PROTOBUF' ? undefined : readJsonText(version.text ?? '')
  // Compact JSON without the comments Avro files may carry (registries reject those); a .proto file as written.
  const schema = json?.ok ? JSON.stringify(json.value) : (version.text ?? '')
  // The contract file's members as written: a member it leaves out is inherited by the registry, as in the workspace.
  const contract = contractMembers(version.contract?.json as { metadata?: unknown; ruleSet?: unknown } | undefined)
  const schemaType = version.schemaType !== 'AVRO' ? { schemaType: version.schemaType } : {}
  return registerOne(client, subject, join(root, version.file), { schema, ...schemaType, ...(references.length ? { references } : {}), ...contract }, options)
}

/** Dependencies before dependents, otherwise by subject name (the workspace rejects cycles). */
function topologicalOrder(plans: Plan[]): Plan[] {
  const byName = new Map(plans.map((p) => [p.subject, p]))
  const out: Plan[] = []
  const seen = new Set<string>()
  const visit = (p: Plan) => {
    if (seen.has(p.subject)) return
    seen.add(p.subject)
    for (const d of p.dependsOn) {
      const dep = byName.get(d)
      if (dep) visit(dep)
    }
    out.push(p)
  }
  for (const p of plans) visit(p)
  return out
}
