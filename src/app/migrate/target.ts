/** Writing into the target: versions (registry or folder) and, after the copy, levels and modes. */
import pLimit from 'p-limit'
import type { RegistryClient } from '../../registry/client.js'
import { hasRegistryCode } from '../../registry/errors.js'
import type { Mode } from '../../registry/types.js'
import type { CopyTarget } from './copy.js'
import { isModeUnsupported } from './import-mode.js'
import { writeFolderVersion } from './export-folder.js'
import type { Snapshot } from './types.js'

/**
 * A registry target. With `preserveIds` each version is registered with its id and version (the
 * registry must be in IMPORT mode); without, it is registered anew and gets the registry's next id
 * and version (older registries reply without the version: a lookup finds it).
 */
export function registryTarget(client: RegistryClient, preserveIds: boolean): CopyTarget {
  return {
    async write(record, references) {
      const payload = { schema: record.schema, schemaType: record.schemaType, references }
      const reply = await client.register(record.subject, preserveIds ? { ...payload, id: record.id, version: record.version } : payload)
      const version = reply.version ?? (preserveIds ? record.version : (await client.lookup(record.subject, payload)).version)
      return { id: reply.id, version }
    },
    async softDelete(subject, version) {
      await client.deleteVersion(subject, version).catch((err: unknown) => {
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
 * Without id preservation the registry checks compatibility on each registration, and the source's
 * history need not pass the target's level: `subjects` get level NONE until `copySettings` sets theirs.
 */
export async function relaxCompatibility(client: RegistryClient, subjects: string[], concurrency: number): Promise<void> {
  const limit = pLimit(concurrency)
  await Promise.all(subjects.map((s) => limit(() => client.setConfig(s, { compatibility: 'NONE' }))))
}

/**
 * Copies the source's levels and modes to a registry target: each subject's own level and mode
 * (IMPORT is not copied), then the global level, then the global mode unless it is READWRITE or IMPORT.
 * Subjects in `relaxed` without a level of their own in the source lose the NONE `relaxCompatibility` gave them.
 * Runs while the target is still in IMPORT mode (a READONLY target refuses settings). A target
 * without mode endpoints gets a warning and no modes. Resolves to the scopes whose mode was written
 * (`''` the global one), which the mode restore then leaves alone.
 */
export async function copySettings(client: RegistryClient, source: Snapshot, relaxed: string[], concurrency: number, warn: (message: string) => void): Promise<Set<string>> {
  const limit = pLimit(concurrency)
  const relaxedSet = new Set(relaxed)
  const written = new Set<string>()
  let unsupported = false
  const setMode = async (subject: string | undefined, mode: Mode) => {
    if (unsupported) return
    try {
      await client.setMode(subject, mode, { force: true })
      written.add(subject ?? '')
    } catch (err) {
      if (!isModeUnsupported(err)) throw err
      if (!unsupported) warn(`The target registry ${client.url} has no mode endpoints (Karapace?): the source's modes were not copied.`)
      unsupported = true
    }
  }
  const subjects = new Set([...source.settings.keys(), ...relaxed])
  await Promise.all(
    [...subjects].map((subject) =>
      limit(async () => {
        const own = source.settings.get(subject) ?? {}
        if (own.compatibilityLevel !== undefined) await client.setConfig(subject, { compatibility: own.compatibilityLevel })
        else if (relaxedSet.has(subject)) await client.deleteConfig(subject).catch(() => undefined)
        if (own.mode !== undefined && own.mode !== 'IMPORT') await setMode(subject, own.mode)
      }),
    ),
  )
  if (source.global.compatibilityLevel !== undefined) await client.setConfig(undefined, { compatibility: source.global.compatibilityLevel })
  const mode = source.global.mode
  if (mode !== undefined && mode !== 'READWRITE' && mode !== 'IMPORT') await setMode(undefined, mode)
  return written
}
