import pLimit from 'p-limit'
import { loadConfig } from '../config/load.js'
import type { RegistryFlags } from '../config/registry-profile.js'
import type { CompatibilityLevel } from '../engine/types.js'
import { encodeSubject, type FolderEntry } from '../workspace/layout.js'
import type { RegistryClient } from '../registry/client.js'
import type { SchemaReference, SubjectSchema } from '../registry/types.js'
import type { ReadResult } from '../workspace/read-file.js'
import type { WorkspaceSource } from '../workspace/workspace.js'
import { effectiveLevel, existingVersions } from './check-compat.js'
import { withRegistry, type RegistryContext } from './registry-session.js'

/** How `check` reaches a registry: the connection flags, and where its warnings and debug lines go. */
export interface CheckRegistryOptions {
  flags: RegistryFlags
  userAgent: string
  warn: (message: string) => void
  log?: (line: string) => void
}

/** A registry's registered history of some subjects, as a workspace source, with each subject's effective level. */
export interface RegistryBaseline {
  source: WorkspaceSource
  levels: ReadonlyMap<string, CompatibilityLevel>
  /** The registry's URL (credentials removed), for findings. */
  url: string
}

/** Requests in flight at once: enough to hide latency, few enough to be polite to a shared registry. */
const CONCURRENCY = 8

/**
 * Reads the registered Avro versions and the effective level of each of `subjects` from the
 * registry (profile, URL or default connection per `options.flags`). Subjects the registry lacks
 * are left out (they are new). Subjects their schemas reference are read too (the referenced
 * version only), so named types resolve. Versions become files `<subject>/<version>.avsc` with the registry's
 * version numbers (deleted versions leave gaps, which are not problems here). Throws RegistryError (exit 4) or ConfigError.
 */
export async function readRegistryBaseline(subjects: readonly string[], dir: string, options: CheckRegistryOptions): Promise<RegistryBaseline> {
  const context: RegistryContext = {
    flags: options.flags,
    env: process.env,
    cwd: dir,
    userAgent: options.userAgent,
    warn: options.warn,
    log: options.log,
    loadSettings: async (cwd) => (await loadConfig(cwd)).config,
  }
  return withRegistry(context, async (client) => ({ ...(await readRegistryHistory(client, subjects)), url: client.url }))
}

/** What `readRegistryHistory` read: the registered versions as a workspace source, levels and the versions themselves. */
export interface RegistryHistory {
  source: WorkspaceSource
  levels: ReadonlyMap<string, CompatibilityLevel>
  /** The registered Avro versions of each subject read (not of the referenced subjects), oldest first. */
  versions: ReadonlyMap<string, readonly SubjectSchema[]>
}

/**
 * Reads the registered Avro versions and the effective level of each of `subjects` through
 * `client` (see `readRegistryBaseline`, which opens the connection for it).
 */
export async function readRegistryHistory(client: RegistryClient, subjects: readonly string[]): Promise<RegistryHistory> {
  const limit = pLimit(CONCURRENCY)
  const files = new Map<string, string>()
  const folders = new Map<string, FolderEntry[]>([['', []]])
  const levels = new Map<string, CompatibilityLevel>()
  const versions = new Map<string, SubjectSchema[]>()
  const references = new Map<string, SchemaReference>()
  const add = (subject: string, schemas: readonly SubjectSchema[]) => {
    const folder = encodeSubject(subject)
    folders.get('')?.push({ name: folder, kind: 'folder' })
    folders.set(folder, schemas.map((s) => ({ name: `${s.version}.avsc`, kind: 'file' })))
    for (const s of schemas) files.set(`${folder}/${s.version}.avsc`, s.schema)
    for (const ref of schemas.flatMap((s) => s.references ?? [])) references.set(ref.subject, ref)
  }
  await Promise.all(
    subjects.map((subject) =>
      limit(async () => {
        const numbers = await existingVersions(client, subject)
        if (numbers.length === 0) return
        const [level, ...schemas] = await Promise.all([effectiveLevel(client, subject), ...numbers.map((v) => client.getVersion(subject, v))])
        const avro = schemas.filter((s) => s.schemaType === undefined || s.schemaType === 'AVRO')
        if (avro.length === 0) return
        add(subject, avro)
        versions.set(subject, avro)
        if (level !== undefined) levels.set(subject, level)
      }),
    ),
  )
  // Referenced subjects not asked for: their referenced version, so the named types resolve.
  const wanted = new Set(subjects)
  const missing = [...references.values()].filter((ref) => !wanted.has(ref.subject))
  await Promise.all(missing.map((ref) => limit(async () => add(ref.subject, [await client.getVersion(ref.subject, ref.version)]))))
  const source: WorkspaceSource = {
    list: (folder) => Promise.resolve(folders.get(folder) ?? []),
    read(file): ReadResult {
      const text = files.get(file)
      return text === undefined ? { ok: false, problem: { code: 'FILE_UNREADABLE', file, message: 'is not in the registry' } } : { ok: true, text }
    },
  }
  return { source, levels, versions }
}
