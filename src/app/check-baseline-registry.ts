import pLimit from 'p-limit'
import { loadConfig } from '../config/load.js'
import type { RegistryFlags } from '../config/registry-profile.js'
import type { CompatibilityLevel } from '../engine/types.js'
import { encodeSubject, type FolderEntry } from '../workspace/layout.js'
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
 * are left out (they are new). Versions become files `<subject>/1.avsc…` in registry order, so a
 * subject with deleted versions is numbered by position. Throws RegistryError (exit 4) or ConfigError.
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
  return withRegistry(context, async (client) => {
    const limit = pLimit(CONCURRENCY)
    const files = new Map<string, string>()
    const folders = new Map<string, FolderEntry[]>([['', []]])
    const levels = new Map<string, CompatibilityLevel>()
    await Promise.all(
      subjects.map((subject) =>
        limit(async () => {
          const versions = await existingVersions(client, subject)
          if (versions.length === 0) return
          const [level, ...schemas] = await Promise.all([effectiveLevel(client, subject), ...versions.map((v) => client.getVersion(subject, v))])
          const avro = schemas.filter((s) => s.schemaType === undefined || s.schemaType === 'AVRO')
          if (avro.length === 0) return
          const folder = encodeSubject(subject)
          folders.get('')?.push({ name: folder, kind: 'folder' })
          folders.set(folder, avro.map((_, i) => ({ name: `${i + 1}.avsc`, kind: 'file' })))
          avro.forEach((s, i) => files.set(`${folder}/${i + 1}.avsc`, s.schema))
          if (level !== undefined) levels.set(subject, level)
        }),
      ),
    )
    const source: WorkspaceSource = {
      list: (folder) => Promise.resolve(folders.get(folder) ?? []),
      read(file): ReadResult {
        const text = files.get(file)
        return text === undefined ? { ok: false, problem: { code: 'FILE_UNREADABLE', file, message: 'is not in the registry' } } : { ok: true, text }
      },
    }
    return { source, levels, url: client.url }
  })
}
