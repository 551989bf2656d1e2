/** Writing into the target: versions (registry or folder) and, after the copy, levels and modes. */
import pLimit from 'p-limit'
import type { RegistryClient } from '../../registry/client.js'
import { hasRegistryCode } from '../../registry/errors.js'
import type { Mode } from '../../registry/types.js'
import type { CopyTarget } from './copy.js'
import { isModeUnsupported, type TargetAccess } from './target-access.js'
import { writeFolderVersion } from './export-folder.js'
import type { Snapshot } from './types.js'

/**
 * A registry target. With `preserveIds` each version is registered with its id and version (the
 * registry must be in IMPORT mode); without, it is registered anew and gets the registry's next id
 * and version (older registries reply without the version: a lookup finds it). Writes go through
 * `access`, which gives a subject whose own mode refuses them the mode they need.
 */
export function registryTarget(client: RegistryClient, preserveIds: boolean, access: TargetAccess): CopyTarget {
  return {
    async write(record, references) {
      const payload = { schema: record.schema, schemaType: record.schemaType, references }
      const reply = await access.writable(record.subject, () => client.register(record.subject, preserveIds ? { ...payload, id: record.id, version: record.version } : payload))
      const version = reply.version ?? (preserveIds ? record.version : (await client.lookup(record.subject, payload)).version)
      return { id: reply.id, version }
    },
    async softDelete(subject, version) {
      await access.writable(subject, () => client.deleteVersion(subject, version)).catch((err: unknown) => {
        if (!hasRegistryCode(err, 'VERSION_SOFT_DELETED')) throw err
      })
    },
  }
}

/** A folder target: schema files only (the caller writes `schemactl-export.json` once the copy is done). */
export function folderTarget(dir: string): CopyTarget {
  return {
    async write(record) {
      await writeFolderVersion(dir, record)
      return { id: record.id ?? 0, version: record.version }
    },
    async softDelete() {
      // The deleted flag lives in schemactl-export.json.
    },
  }
}

/**
 * Copies the source's levels to a registry target: each subject's own level, then, when the whole
 * registry is copied (`global`), the global level. Runs while the run's write access is in force
 * (a READONLY target refuses settings). Resolves to the subjects whose level was written, which
 * the restore of the target's previous levels then leaves alone.
 */
export async function copyLevels(client: RegistryClient, source: Snapshot, options: { global: boolean }, concurrency: number, access: TargetAccess): Promise<Set<string>> {
  const limit = pLimit(concurrency)
  const written = new Set<string>()
  await Promise.all(
    [...source.settings].map(([subject, own]) =>
      limit(async () => {
        if (own.compatibilityLevel === undefined) return
        await access.writable(subject, () => client.setConfig(subject, { compatibility: own.compatibilityLevel! }))
        written.add(subject)
      }),
    ),
  )
  if (options.global && source.global.compatibilityLevel !== undefined) await client.setConfig(undefined, { compatibility: source.global.compatibilityLevel })
  return written
}

/**
 * Copies the source's modes to a registry target, after its levels (a subject made READONLY
 * refuses level changes): each subject's own mode (IMPORT is not copied), then, when `global`, the
 * global mode unless it is READWRITE or IMPORT. A target without mode endpoints gets a warning and
 * no modes. Resolves to the scopes whose mode was written (`''` the global one), which the restore
 * of the target's previous modes then leaves alone.
 */
export async function copyModes(
  client: RegistryClient,
  source: Snapshot,
  options: { global: boolean },
  concurrency: number,
  warn: (message: string) => void,
  access: TargetAccess,
): Promise<Set<string>> {
  const limit = pLimit(concurrency)
  const written = new Set<string>()
  let unsupported = false
  const setMode = async (subject: string | undefined, mode: Mode) => {
    if (unsupported) return
    try {
      await (subject === undefined ? client.setMode(undefined, mode, { force: true }) : access.writable(subject, () => client.setMode(subject, mode, { force: true })))
      written.add(subject ?? '')
    } catch (err) {
      if (!isModeUnsupported(err)) throw err
      if (!unsupported) warn(`The target registry ${client.url} has no mode endpoints (Karapace?): the source's modes were not copied.`)
      unsupported = true
    }
  }
  await Promise.all([...source.settings].map(([subject, own]) => limit(async () => (own.mode !== undefined && own.mode !== 'IMPORT' ? setMode(subject, own.mode) : undefined))))
  const mode = source.global.mode
  if (options.global && mode !== undefined && mode !== 'READWRITE' && mode !== 'IMPORT') await setMode(undefined, mode)
  return written
}
