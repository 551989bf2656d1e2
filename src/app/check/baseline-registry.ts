import pLimit from 'p-limit'
import type { CompatibilityPolicy, SchemaType } from '../../engine/formats/index.js'
import type { CompatibilityLevel } from '../../engine/index.js'
import { subjectFileName, type FolderEntry } from '../../workspace/layout.js'
import type { RegistryClient } from '../../registry/client.js'
import { hasRegistryCode } from '../../registry/errors.js'
import type { RegistryConfig, SchemaReference, SubjectSchema } from '../../registry/types.js'
import type { ReadResult } from '../../workspace/read-file.js'
import type { WorkspaceSource } from '../../workspace/workspace.js'
import type { Contract, ContractConfig } from '../../engine/contracts/index.js'
import { configContracts, storedContract, type ContractScopes } from '../registry/contracts.js'
import { existingVersions, withRegistry, type RegistryContext } from '../registry/session.js'
import { effectivePolicy } from '../registry/config.js'

/** The command's registry context, and who is told after each subject's history is read (how many of how many: a progress line). */
export type BaselineRegistryContext = RegistryContext & { progress?: (read: number, total: number) => void }

/** A registry's registered history of some subjects, as a workspace source, with each subject's effective level and data contracts. */
export interface RegistryBaseline extends RegistryContracts {
  source: WorkspaceSource
  levels: ReadonlyMap<string, CompatibilityLevel>
  /** The schema type of each subject's `.json` files (the registry's `schemaType` of its versions). */
  types: ReadonlyMap<string, SchemaType>
  /** JSON Schema's compatibility policy the registry applies, by subject (set only where the registry's config has one). */
  policies: ReadonlyMap<string, CompatibilityPolicy>
  /** The registry's URL (credentials removed), for findings. */
  url: string
}

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

/**
 * Reads the registered Avro versions and the effective level of each of `subjects` from the
 * registry (profile, URL or default connection per `ctx.flags`). Subjects the registry lacks
 * are left out (they are new). Subjects their schemas reference are read too (the referenced
 * version only), so named types resolve. Versions become files `<subject>/<version>.avsc` with the registry's
 * version numbers (deleted versions leave gaps, which are not problems here). Throws RegistryError (exit 4) or ConfigError.
 */
export async function readRegistryBaseline(subjects: readonly string[], ctx: BaselineRegistryContext): Promise<RegistryBaseline> {
  return withRegistry(ctx, async (client) => ({ ...(await readRegistryHistory(client, subjects, { progress: ctx.progress })), url: client.url }))
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
 * Reads the registered Avro versions, the effective level, each version's data contract and the
 * contract config of each of `subjects` through `client` (see `readRegistryBaseline`, which opens
 * the connection for it). The global config is read once.
 */
export async function readRegistryHistory(
  client: RegistryClient,
  subjects: readonly string[],
  options: { progress?: (read: number, total: number) => void } = {},
): Promise<RegistryHistory> {
  const limit = pLimit(CONCURRENCY)
  const files = new Map<string, string>()
  const folders = new Map<string, FolderEntry[]>([['', []]])
  const levels = new Map<string, CompatibilityLevel>()
  const versions = new Map<string, SubjectSchema[]>()
  const contracts = new Map<string, Map<number, Contract>>()
  const scopes = new Map<string, ContractScopes>()
  const references = new Map<string, SchemaReference>()
  const links = new Map<string, ReadonlyArray<{ name: string; subject: string }>>()
  const types = new Map<string, SchemaType>()
  const policies = new Map<string, CompatibilityPolicy>()
  let global: Promise<RegistryConfig> | undefined
  const globalConfig = () => (global ??= client.getConfig())
  const add = (subject: string, schemas: readonly SubjectSchema[]) => {
    const folder = subjectFileName(subject)
    const fileOf = (s: SubjectSchema) => `${s.version}${EXTENSIONS[s.schemaType ?? 'AVRO'] ?? '.avsc'}`
    folders.get('')?.push({ name: folder, kind: 'folder' })
    folders.set(
      folder,
      schemas.map((s) => ({ name: fileOf(s), kind: 'file' })),
    )
    types.set(subject, 'JSON')
    for (const s of schemas) {
      files.set(`${folder}/${fileOf(s)}`, s.schema)
      if (s.references?.length)
        links.set(
          `${folder}/${fileOf(s)}`,
          s.references.map((r) => ({ name: r.name, subject: r.subject })),
        )
    }
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
  const source: WorkspaceSource = {
    list: (folder) => Promise.resolve(folders.get(folder) ?? []),
    references: (file) => links.get(file) ?? [],
    read(file): ReadResult {
      const text = files.get(file)
      return text === undefined ? { ok: false, problem: { code: 'FILE_UNREADABLE', file, message: 'is not in the registry' } } : { ok: true, text }
    },
  }
  const globalContracts = configContracts(subjects.length === 0 ? undefined : await globalConfig())
  return { source, levels, types, policies, versions, contracts, scopes, globalContracts }
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
