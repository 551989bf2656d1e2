/** What the list endpoints share: their paging and soft-delete filters, and the Schema entity they answer. */
import { guidOf, contractOf, type VersionEntry } from '../store/state.js'

/** Paging and soft-delete filters shared by the list endpoints. */
export interface ListOptions {
  deleted?: boolean
  deletedOnly?: boolean
  offset?: number
  limit?: number
}

/** A Schema entity as the API returns it (fields omitted when empty). */
export type SchemaView = Record<string, unknown>

/** The page of `items` from `offset` (`limit` ≤ 0: all the rest). */
export function page<T>(items: T[], offset = 0, limit = -1): T[] {
  const start = Math.max(0, offset)
  return limit > 0 ? items.slice(start, start + limit) : items.slice(start)
}

/** The Schema entity of a subject version; `schemaText` replaces the stored text (a `format` asked for). */
export function schemaView(entry: VersionEntry, schemaText = entry.schema.schema): SchemaView {
  const s = entry.schema
  return {
    subject: entry.subject,
    version: entry.version,
    id: s.id,
    guid: guidOf(s),
    schemaType: s.schemaType,
    ...(s.references.length ? { references: s.references } : {}),
    ...contractOf(s),
    schema: schemaText,
    ts: entry.ts,
    ...(entry.deleted ? { deleted: true } : {}),
  }
}

/** The Schema entity without `subject` and `deleted`, keys in schemaView's order (built directly: this is every registration's answer). */
export function registerView(entry: VersionEntry): SchemaView {
  const s = entry.schema
  const view: SchemaView = { version: entry.version, id: s.id, guid: guidOf(s), schemaType: s.schemaType }
  if (s.references.length) view.references = s.references
  if (s.metadata !== undefined) view.metadata = s.metadata
  if (s.ruleSet !== undefined) view.ruleSet = s.ruleSet
  view.schema = s.schema
  view.ts = entry.ts
  return view
}
