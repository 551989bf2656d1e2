import pLimit from 'p-limit'
import type { CompatibilityPolicy, SchemaType } from '../../engine/formats/index.js'
import type { CompatibilityLevel } from '../../engine/index.js'
import { subjectFileName, type FolderEntry } from '../../workspace/layout.js'
import { plainLayout } from '../../workspace/compact-subject.js'
import type { RegistryClient } from '../../registry/client.js'
import { hasRegistryCode } from '../../registry/errors.js'
import type { RegistryConfig, SchemaReference, SubjectSchema } from '../../registry/types.js'
import type { ReadResult } from '../../workspace/read-file.js'
import type { FileProblem } from '../../workspace/findings.js'
import { openWorkspace, type LoadedSubject, type WorkspaceSource } from '../../workspace/workspace.js'
import type { Contract, ContractConfig } from '../../engine/contracts/index.js'
import { configContracts, storedContract, type ContractScopes } from '../registry/contracts.js'
import { existingVersions, openRegistry, type RegistryContext } from '../registry/session.js'
import { effectivePolicy } from '../registry/config.js'

/** The command's registry context, and who is told after each subject's history is read (how many of how many: a progress line). */
export type BaselineRegistryContext = RegistryContext & { progress?: (read: number, total: number) => void }

/** What a registry holds of data contracts for some subjects: each version's contract and each subject's contract config. */
export interface RegistryContracts {
  /** By subject, then version number: the contract the registry holds (normal form). */
  contracts: ReadonlyMap<string, ReadonlyMap<number, Contract>>
  /** The contract config of each subject read (its own and the global one). */
  scopes: ReadonlyMap<string, ContractScopes>
  /** The global contract config (what applies to a subject the registry does not have yet). */
  globalContracts: ContractConfig
}

/** Requests in flight at once: enough to hide latency, few enough to be polite to a shared registry. */
const CONCURRENCY = 8

/** Referenced versions kept once read (a version never changes), so subjects that share one read it once: a bound keeps memory flat. */
const REFERENCED_KEPT = 1000

/** What a registry holds of one subject, read when the check comes to it (`openRegistryBaseline`). */
export interface RegisteredSubject {
  /** Its registered versions, parsed with the versions they reference; none when the registry lacks the subject. */
  held?: LoadedSubject
  /** Its effective level (its own, else the global one), when the registry has the subject. */
  level?: CompatibilityLevel
  /** JSON Schema's compatibility policy the registry applies to it, where its config has one. */
  policy?: CompatibilityPolicy
  /** Each registered version's contract and the subject's contract config, when the registry has the subject. */
  contracts?: { versions: ReadonlyMap<number, Contract>; scopes: ContractScopes }
  /** Problems of the top-level entries of the folder its history was laid out in (reported as the baseline's). */
  problems: readonly FileProblem[]
}

/** A registry opened as a baseline: nothing of a subject is read before `subject` is asked for it, and nothing is kept after. */
export interface RegistryBaseline {
  /** The registry's URL (credentials removed), for findings. */
  url: string
  /** The global contract config (what applies to a subject the registry does not have yet). */
  globalContracts: ContractConfig
  /**
   * Reads the registered history of `subject` with the versions it references (by the registry's
   * explicit references, transitively), its level, policy and contracts. Throws RegistryError.
   */
  subject(subject: string): Promise<RegisteredSubject>
  /** Closes the connection; `subject` fails after it. */
  close(): Promise<void>
}

/**
 * Opens the registry (profile, URL or default connection per `ctx.flags`) as the baseline of a
 * check of `total` subjects and reads its global config, so an unreachable registry or refused
 * credentials stop the check before any subject is read. Each subject is then read on demand
 * (`RegistryBaseline.subject`), so memory does not grow with the registry's size; `ctx.progress`
 * is told after each subject's list of versions is read (how many of `total`).
 * Throws RegistryError (exit 4) or ConfigError.
 */
export async function openRegistryBaseline(total: number, ctx: BaselineRegistryContext): Promise<RegistryBaseline> {
  const client = await openRegistry(ctx)
  let global: RegistryConfig | undefined
  try {
    // No subject, no request (as before): a workspace of problems only does not need the registry.
    if (total > 0) global = await client.getConfig()
  } catch (err) {
    await client.close()
    throw err
  }
  const globalConfig = () => Promise.resolve(global ?? {})
  const referenced = new Map<string, Promise<SubjectSchema>>()
  const readReferenced = (ref: SchemaReference) => {
    const key = `${ref.version}\0${ref.subject}`
    let version = referenced.get(key)
    if (version === undefined) {
      version = client.getVersion(ref.subject, ref.version)
      // A failed read is not kept: the error reaches the subject that asked, and nobody later.
      version.catch(() => referenced.delete(key))
      if (referenced.size >= REFERENCED_KEPT) referenced.delete(referenced.keys().next().value as string)
      referenced.set(key, version)
    }
    return version
  }
  let read = 0
  return {
    url: client.url,
    globalContracts: configContracts(global),
    close: () => client.close(),
    async subject(subject) {
      const numbers = await existingVersions(client, subject)
      ctx.progress?.(++read, total)
      if (numbers.length === 0) return { problems: [] }
      const [config, ...schemas] = await Promise.all([subjectConfig(client, subject, globalConfig), ...numbers.map((v) => client.getVersion(subject, v))])
      const builder = sourceBuilder()
      builder.add(subject, schemas)
      for (const version of await referencedVersions(subject, schemas, readReferenced)) builder.add(version.subject, [version])
      const workspace = await openWorkspace(client.url, { validateDefaults: false, allowEmpty: true, source: builder.source, schemaTypeOf: () => 'JSON' })
      const found = workspace.layout.subjects.find((s) => s.subject === subject)
      // A registry's history has gaps where versions were deleted: that is not a layout problem there.
      const layout = found && { ...plainLayout(found), problems: found.problems.filter((p) => p.code !== 'VERSION_GAP') }
      return {
        ...(layout !== undefined ? { held: await workspace.loadSubject(layout) } : {}),
        ...(config.level !== undefined ? { level: config.level } : {}),
        ...(config.policy !== undefined ? { policy: config.policy } : {}),
        contracts: { versions: new Map(schemas.map((v) => [v.version, storedContract(v)])), scopes: config.scopes },
        problems: workspace.layout.problems,
      }
    },
  }
}

/**
 * The versions `schemas` reference, and those they reference in turn, read by the registry's
 * explicit references (subject and version): one version per referenced subject, the highest
 * referenced (a workspace resolves a subject's names from its newest file). References back to
 * `subject` itself are its own history already.
 */
async function referencedVersions(
  subject: string,
  schemas: readonly SubjectSchema[],
  read: (ref: SchemaReference) => Promise<SubjectSchema>,
): Promise<SubjectSchema[]> {
  const chosen = new Map<string, SubjectSchema>()
  const seen = new Set<string>()
  let refs = schemas.flatMap((s) => s.references ?? [])
  while (refs.length > 0) {
    const fresh = new Map<string, SchemaReference>()
    for (const ref of refs) {
      const key = `${ref.version}\0${ref.subject}`
      if (ref.subject !== subject && !seen.has(key)) fresh.set(key, ref)
      seen.add(key)
    }
    const versions = await Promise.all([...fresh.values()].map(read))
    for (const v of versions) if ((chosen.get(v.subject)?.version ?? 0) < v.version) chosen.set(v.subject, v)
    refs = versions.flatMap((v) => v.references ?? [])
  }
  return [...chosen.values()]
}

/** What `readRegistryHistory` read: the registered versions as a workspace source, levels, contracts and the versions themselves. */
export interface RegistryHistory extends RegistryContracts {
  source: WorkspaceSource
  levels: ReadonlyMap<string, CompatibilityLevel>
  /** The schema type of each subject's `.json` files: JSON (Avro versions are written as `.avsc`). */
  types: ReadonlyMap<string, SchemaType>
  /** JSON Schema's compatibility policy by subject, where the registry's config has one. */
  policies: ReadonlyMap<string, CompatibilityPolicy>
  /** The registered Avro versions of each subject read (not of the referenced subjects), oldest first. */
  versions: ReadonlyMap<string, readonly SubjectSchema[]>
}

/**
 * Reads the registered versions, the effective level, each version's data contract and the
 * contract config of each of `subjects` through `client`, all at once (`register` plans with all
 * of them; `check` reads its baseline subject by subject instead: `openRegistryBaseline`).
 * Subjects their schemas reference are read too (the referenced version only). The global
 * config is read once.
 */
export async function readRegistryHistory(
  client: RegistryClient,
  subjects: readonly string[],
  options: { progress?: (read: number, total: number) => void } = {},
): Promise<RegistryHistory> {
  const limit = pLimit(CONCURRENCY)
  const builder = sourceBuilder()
  const levels = new Map<string, CompatibilityLevel>()
  const versions = new Map<string, SubjectSchema[]>()
  const contracts = new Map<string, Map<number, Contract>>()
  const scopes = new Map<string, ContractScopes>()
  const references = new Map<string, SchemaReference>()
  const types = new Map<string, SchemaType>()
  const policies = new Map<string, CompatibilityPolicy>()
  let global: Promise<RegistryConfig> | undefined
  const globalConfig = () => (global ??= client.getConfig())
  const add = (subject: string, schemas: readonly SubjectSchema[]) => {
    builder.add(subject, schemas)
    types.set(subject, 'JSON')
    for (const ref of schemas.flatMap((s) => s.references ?? [])) references.set(ref.subject, ref)
  }
  let read = 0
  await Promise.all(
    subjects.map((subject) =>
      limit(async () => {
        const numbers = await existingVersions(client, subject)
        options.progress?.(++read, subjects.length)
        if (numbers.length === 0) return
        const [config, ...schemas] = await Promise.all([subjectConfig(client, subject, globalConfig), ...numbers.map((v) => client.getVersion(subject, v))])
        if (schemas.length === 0) return
        add(subject, schemas)
        versions.set(subject, schemas)
        contracts.set(subject, new Map(schemas.map((v) => [v.version, storedContract(v)])))
        scopes.set(subject, config.scopes)
        if (config.level !== undefined) levels.set(subject, config.level)
        if (config.policy !== undefined) policies.set(subject, config.policy)
      }),
    ),
  )
  // Referenced subjects not asked for: their referenced version, so the named types resolve.
  const wanted = new Set(subjects)
  const missing = [...references.values()].filter((ref) => !wanted.has(ref.subject))
  await Promise.all(missing.map((ref) => limit(async () => add(ref.subject, [await client.getVersion(ref.subject, ref.version)]))))
  const globalContracts = configContracts(subjects.length === 0 ? undefined : await globalConfig())
  return { source: builder.source, levels, types, policies, versions, contracts, scopes, globalContracts }
}

/**
 * A workspace source of registered versions: each subject added is a folder of files
 * `<version>.avsc` (`.json`, `.proto` by schema type) stating the references the registry holds.
 */
function sourceBuilder(): { add(subject: string, schemas: readonly SubjectSchema[]): void; source: WorkspaceSource } {
  const files = new Map<string, string>()
  const folders = new Map<string, FolderEntry[]>([['', []]])
  const links = new Map<string, ReadonlyArray<{ name: string; subject: string }>>()
  const fileOf = (s: SubjectSchema) => `${s.version}${EXTENSIONS[s.schemaType ?? 'AVRO'] ?? '.avsc'}`
  return {
    add(subject, schemas) {
      const folder = subjectFileName(subject)
      folders.get('')?.push({ name: folder, kind: 'folder' })
      folders.set(
        folder,
        schemas.map((s) => ({ name: fileOf(s), kind: 'file' })),
      )
      for (const s of schemas) {
        files.set(`${folder}/${fileOf(s)}`, s.schema)
        if (s.references?.length)
          links.set(
            `${folder}/${fileOf(s)}`,
            s.references.map((r) => ({ name: r.name, subject: r.subject })),
          )
      }
    },
    source: {
      list: (folder) => Promise.resolve(folders.get(folder) ?? []),
      references: (file) => links.get(file) ?? [],
      read(file): ReadResult {
        const text = files.get(file)
        return text === undefined ? { ok: false, problem: { code: 'FILE_UNREADABLE', file, message: 'is not in the registry' } } : { ok: true, text }
      },
    },
  }
}

/** Where a registered version is written in the baseline's folder, by its schema type. */
const EXTENSIONS: Readonly<Record<string, string>> = { AVRO: '.avsc', JSON: '.json', PROTOBUF: '.proto' }

/** A subject's effective level (its own, else the global one) and contract config, from its own config and the global one. */
async function subjectConfig(
  client: RegistryClient,
  subject: string,
  global: () => Promise<RegistryConfig>,
): Promise<{ level?: CompatibilityLevel; policy?: CompatibilityPolicy; scopes: ContractScopes }> {
  const own = await client.getConfig(subject).catch((err: unknown) => {
    if (hasRegistryCode(err, 'SUBJECT_CONFIG_NOT_FOUND', 'SUBJECT_NOT_FOUND')) return undefined
    throw err
  })
  const globalValue = await global()
  const level = own?.compatibilityLevel ?? globalValue.compatibilityLevel
  const policy = effectivePolicy(own, globalValue)
  return {
    ...(level !== undefined ? { level } : {}),
    ...(policy !== undefined ? { policy } : {}),
    scopes: { ...(own !== undefined ? { subject: configContracts(own) } : {}), global: configContracts(globalValue) },
  }
}
