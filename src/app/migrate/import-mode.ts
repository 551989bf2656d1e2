/** IMPORT mode on the target while ids are preserved: entered before the first write, the previous modes restored after. */
import pLimit from 'p-limit'
import type { RegistryClient } from '../../registry/client.js'
import { RegistryError, hasRegistryCode } from '../../registry/errors.js'
import type { Mode } from '../../registry/types.js'
import type { Journal } from './journal.js'

/** Scope → mode it had (`''` is the global scope; null: no mode of its own). */
export type ModeSnapshot = Record<string, string | null>

/**
 * Puts `scopes` (`''` for the whole registry, else subjects) in IMPORT mode (`force`, so a target
 * holding other subjects is allowed) and returns the modes to restore: those an earlier, interrupted
 * run recorded in the journal, else the current ones (recorded before anything changes, and
 * withdrawn when the first IMPORT write fails, so nothing is left pending when nothing changed).
 * Throws MODE_UNSUPPORTED when the registry has no mode endpoints (Karapace).
 */
export async function enterImportMode(client: RegistryClient, scopes: string[], journal: Journal, concurrency: number): Promise<ModeSnapshot> {
  const limit = pLimit(concurrency)
  const setImport = (scope: string) => unsupportedAsError(client, client.setMode(scope || undefined, 'IMPORT', { force: true }))
  let previous = journal.pendingModes
  if (previous === undefined) {
    const read = await Promise.all(scopes.map((scope) => limit(async () => [scope, await ownMode(client, scope)] as const)))
    previous = Object.fromEntries(read)
    // Journaled before the write: a crash right after it must still find the modes to restore.
    journal.recordModes(previous)
    try {
      await setImport(scopes[0])
    } catch (err) {
      journal.recordRestored()
      throw err
    }
    scopes = scopes.slice(1)
  }
  await Promise.all(scopes.map((scope) => limit(() => setImport(scope))))
  return previous
}

/**
 * Restores the modes of `previous` (deleting a subject mode that did not exist before) except in
 * the scopes of `keep` (their mode was copied from the source, which wins), and records it in the journal.
 */
export async function restoreModes(client: RegistryClient, previous: ModeSnapshot, journal: Journal, concurrency: number, keep: ReadonlySet<string> = new Set()): Promise<void> {
  const limit = pLimit(concurrency)
  await Promise.all(
    Object.entries(previous).filter(([scope]) => !keep.has(scope)).map(([scope, mode]) =>
      limit(async () => {
        if (mode !== null) await client.setMode(scope || undefined, mode as Mode, { force: true })
        else await client.deleteMode(scope || undefined).catch((err: unknown) => {
          if (!hasRegistryCode(err, 'SUBJECT_MODE_NOT_FOUND', 'SUBJECT_NOT_FOUND')) throw err
        })
      }),
    ),
  )
  journal.recordRestored()
}

async function ownMode(client: RegistryClient, scope: string): Promise<string | null> {
  try {
    return (await unsupportedAsError(client, client.getMode(scope || undefined))).mode
  } catch (err) {
    if (hasRegistryCode(err, 'SUBJECT_MODE_NOT_FOUND')) return null
    throw err
  }
}

/** Whether `err` says the registry has no mode endpoints: Karapace answers 404 (or 405); a subject's missing mode is 40409/40401, not this. */
export function isModeUnsupported(err: unknown): err is RegistryError {
  return err instanceof RegistryError && (err.status === 405 || (err.status === 404 && err.details.errorCode === 404))
}

async function unsupportedAsError<T>(client: RegistryClient, pending: Promise<T>): Promise<T> {
  try {
    return await pending
  } catch (err) {
    if (isModeUnsupported(err)) {
      throw new RegistryError('MODE_UNSUPPORTED', `The target registry ${client.url} has no mode endpoints (Karapace?), so schema ids cannot be preserved there`, err.details, {
        hint: 'Re-run with --no-preserve-ids: schemas are registered anew and an old-id → new-id mapping file is written.',
        cause: err,
      })
    }
    throw err
  }
}
