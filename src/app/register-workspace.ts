import { join } from 'node:path'
import pLimit from 'p-limit'
import { InputError } from '../errors.js'
import type { RegistryClient } from '../registry/client.js'
import type { SchemaReference } from '../registry/types.js'
import type { FileProblem } from '../workspace/findings.js'
import { readJsonText } from '../engine/schema/locate.js'
import { openWorkspace, type SchemaVersion } from '../workspace/workspace.js'
import { registerOne, type RegisterResult, type RegistrationOutcome } from './register-schema.js'
import { withRegistry, type RegistryContext } from './registry-session.js'

/** Requests in flight at once: enough to hide latency, few enough not to overwhelm a registry. */
const CONCURRENCY = 16

interface Plan {
  subject: string
  version: SchemaVersion
  /** Subjects whose types this one uses (registered first). */
  dependsOn: string[]
}

/** Options of `registerWorkspace`. */
export interface RegisterWorkspaceOptions {
  normalize?: boolean
  dryRun?: boolean
  /** Register the compatible subjects even when others are refused (default: refuse the folder). */
  partial?: boolean
  /** Follow symbolic links that leave the folder (see workspace/read-file.ts). */
  followExternalLinks?: boolean
}

/**
 * Registers the newest version of every subject of a workspace folder that the registry does not
 * hold yet, dependencies first (a type used from another file becomes a schema reference to that
 * subject's registered version), concurrently where the order allows.
 *
 * The whole folder is planned first: each subject that exists is looked up and checked with the
 * registry's verbose compatibility check, so registries that do not enforce compatibility are
 * gated too. If any is incompatible, nothing is registered (the others are `blocked`) unless
 * `partial`. A subject whose dependency gets a new version can only be checked once that version
 * is registered; it is checked then, just before its own registration. `dryRun` stops after the plan.
 * Throws InputError (exit 5) listing the files that are invalid, before any request.
 */
export async function registerWorkspace(ctx: RegistryContext, root: string, options: RegisterWorkspaceOptions): Promise<RegisterResult> {
  const plans = await planWorkspace(root, options.followExternalLinks)
  return withRegistry(ctx, async (client) => {
    // One listing saves a lookup per subject that does not exist yet (all of them, the first time).
    const existing = new Set(await client.listSubjects())
    const limit = pLimit(CONCURRENCY)
    const normalize = options.normalize
    const deferred = new Set<string>()
    const planned = await inOrder(plans, (plan, deps) => {
      const waiting = deps.filter((d) => d.status !== 'existing')
      if (waiting.length === 0) return limit(() => registerPlan(client, root, plan, deps, { normalize, dryRun: true, subjectExists: existing.has(plan.subject) }))
      const names = waiting.map((d) => d.subject).join(', ')
      if (waiting.some((d) => d.status === 'incompatible' || d.status === 'blocked')) return Promise.resolve(blockedBy(plan, root, names))
      deferred.add(plan.subject)
      return Promise.resolve({ subject: plan.subject, file: join(root, plan.version.file), status: 'planned', messages: [`checked after ${names} is registered`] })
    })
    const refused = planned.filter((o) => o.status === 'incompatible').map((o) => o.subject)
    if (options.dryRun) return { registry: client.url, dryRun: true, outcomes: planned }
    if (refused.length > 0 && !options.partial) {
      const why = `not registered: ${refused.join(', ')} ${refused.length === 1 ? 'is' : 'are'} incompatible (--partial registers the others)`
      const outcomes = planned.map((o): RegistrationOutcome => (o.status === 'planned' ? { ...o, status: 'blocked', messages: [why] } : o))
      return { registry: client.url, dryRun: false, outcomes }
    }
    const first = new Map(planned.map((o) => [o.subject, o]))
    const outcomes = await inOrder(plans, (plan, deps) => {
      const before = first.get(plan.subject) as RegistrationOutcome
      if (before.status !== 'planned') return Promise.resolve(before)
      const blocked = deps.filter((d) => d.version === undefined)
      if (blocked.length > 0) return Promise.resolve(blockedBy(plan, root, blocked.map((d) => d.subject).join(', ')))
      // Deferred subjects are looked up and checked now that their dependencies have versions.
      const checked = !deferred.has(plan.subject)
      return limit(() => registerPlan(client, root, plan, deps, { normalize, subjectExists: existing.has(plan.subject), checked }))
    })
    return { registry: client.url, dryRun: false, outcomes }
  })
}

/** Runs `step` for every plan once its dependencies' steps are done; resolves in the plans' order. */
async function inOrder(plans: Plan[], step: (plan: Plan, deps: RegistrationOutcome[]) => Promise<RegistrationOutcome>): Promise<RegistrationOutcome[]> {
  const byName = new Map(plans.map((p) => [p.subject, p]))
  const done = new Map<string, Promise<RegistrationOutcome>>()
  const run = (plan: Plan): Promise<RegistrationOutcome> => {
    let pending = done.get(plan.subject)
    if (pending === undefined) {
      pending = Promise.all(plan.dependsOn.map((d) => run(byName.get(d) as Plan))).then((deps) => step(plan, deps))
      done.set(plan.subject, pending)
    }
    return pending
  }
  return Promise.all(plans.map(run))
}

function blockedBy(plan: Plan, root: string, names: string): RegistrationOutcome {
  return { subject: plan.subject, file: join(root, plan.version.file), status: 'blocked', messages: [`depends on ${names}, which was not registered`] }
}

/** Loads every subject's newest version, in dependency order; throws InputError for invalid files. */
async function planWorkspace(root: string, followExternalLinks?: boolean): Promise<Plan[]> {
  const workspace = await openWorkspace(root, { followExternalLinks })
  const problems: FileProblem[] = [...workspace.layout.problems]
  const plans: Plan[] = []
  // The workspace bounds its own file reads, so subjects can be loaded all at once.
  for (const loaded of await Promise.all(workspace.layout.subjects.map((s) => workspace.loadSubject(s)))) {
    const newest = loaded.versions[loaded.versions.length - 1]
    if (newest === undefined) continue
    problems.push(...loaded.layout.problems, ...newest.problems)
    plans.push({ subject: loaded.subject, version: newest, dependsOn: [...new Set(newest.references.map((r) => r.subject))] })
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

async function registerPlan(
  client: RegistryClient,
  root: string,
  plan: Plan,
  deps: RegistrationOutcome[],
  options: { normalize?: boolean; dryRun?: boolean; subjectExists: boolean; checked?: boolean },
): Promise<RegistrationOutcome> {
  const file = join(root, plan.version.file)
  const versionOf = new Map(deps.map((d) => [d.subject, d.version as number]))
  const references: SchemaReference[] = plan.version.references.map((r) => ({ name: r.name, subject: r.subject, version: versionOf.get(r.subject) as number }))
  const json = readJsonText(plan.version.text ?? '')
  // Compact JSON without the comments Avro files may carry (registries reject those).
  const schema = json.ok ? JSON.stringify(json.value) : (plan.version.text ?? '')
  return registerOne(client, plan.subject, file, { schema, ...(references.length ? { references } : {}) }, options)
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
