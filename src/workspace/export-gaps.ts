/**
 * The version gaps a `migrate` export records: a registry keeps a subject's version numbers when
 * versions are deleted, so an export of `orders-value` v1 and v3 (v2 hard-deleted, or soft-deleted
 * and left out) has no `2.avsc`. `schemactl-export.json` lists those numbers under the subject's
 * `gaps`, and the workspace accepts exactly those (any other missing version is still VERSION_GAP).
 */
import type { ReadResult } from './read-file.js'

/** File name of the export metadata in a folder's root (written by `src/app/migrate/export-folder.ts`). */
export const EXPORT_METADATA = 'schemactl-export.json'

/** Subject → the version numbers its export says are missing on purpose. */
export type ExportGaps = ReadonlyMap<string, ReadonlySet<number>>

/**
 * The gaps recorded in the folder's `schemactl-export.json`, read with `read` (relative to the
 * root). None when the file is absent, unreadable or not an export's metadata: the layout then
 * reports every gap, as for any workspace.
 */
export function readExportGaps(read: (file: string) => ReadResult): ExportGaps {
  const gaps = new Map<string, Set<number>>()
  const file = read(EXPORT_METADATA)
  if (!file.ok) return gaps
  let metadata: unknown
  try {
    metadata = JSON.parse(file.text)
  } catch {
    return gaps
  }
  const subjects = (metadata as { subjects?: unknown } | null)?.subjects
  if (typeof subjects !== 'object' || subjects === null) return gaps
  for (const [subject, entry] of Object.entries(subjects as Record<string, { gaps?: unknown }>)) {
    const list = Array.isArray(entry?.gaps) ? entry.gaps.filter((v): v is number => Number.isInteger(v) && v > 0) : []
    if (list.length) gaps.set(subject, new Set(list))
  }
  return gaps
}
