/** Schemas by id and guid, and the list of every schema (GET /schemas…). */
import { contracts } from '../../engine/index.js'
import { restErrors, type RestError } from '../rest-error.js'
import { contractOf, guidOf, type RegistryState, type StoredSchema } from '../store/state.js'
import { DEFAULT_CONTEXT, normalizeSubject, parseSubject } from '../subject-name.js'
import { page, schemaView, type ListOptions, type SchemaView } from './listing.js'
import type { SchemaHandler } from '../schemas.js'
import type { Subjects } from './subjects.js'

function hasRuleOfType(ruleSet: contracts.RuleSet | undefined, type: string): boolean {
  return contracts.RULE_LISTS.some((list) => ruleSet?.[list]?.some((rule) => rule.type === type) ?? false)
}

/** Reads of stored schemas by their id (in a subject's context) or guid. */
export class SchemasById {
  constructor(
    private readonly state: RegistryState,
    private readonly subjects: Subjects,
    private readonly schemas: SchemaHandler,
  ) {}

  private storedById(id: number, subjectParam: string | undefined, notFound: () => RestError): StoredSchema {
    const context = subjectParam ? parseSubject(normalizeSubject(subjectParam)).context : DEFAULT_CONTEXT
    const stored = this.state.contexts.get(context)?.byId.get(id)
    if (!stored) throw notFound()
    return stored
  }

  /** GET /schemas/ids/{id} (`format`: see SchemaHandler.render). */
  getSchemaById(id: number, options: { subject?: string; fetchMaxId?: boolean; format?: string }): SchemaView {
    const stored = this.storedById(id, options.subject, () => restErrors.schemaIdNotFound(id))
    const view: SchemaView = {}
    if (options.subject) {
      const subject = normalizeSubject(options.subject)
      const users = [...stored.users].filter((u) => u.subject === subject).sort((a, b) => Number(a.deleted) - Number(b.deleted) || b.version - a.version)
      if (users[0]) Object.assign(view, { subject, version: users[0].version })
    }
    Object.assign(view, this.schemaStringView(stored, options.format), options.fetchMaxId ? { maxId: this.state.contexts.get(stored.context)!.maxId } : {})
    return view
  }

  /** The SchemaString entity of a stored schema (what the reads by id and by guid answer). */
  private schemaStringView(stored: StoredSchema, format: string | undefined): SchemaView {
    return {
      schemaType: stored.schemaType,
      schema: this.schemas.render(stored, format),
      ...(stored.references.length ? { references: stored.references } : {}),
      ...contractOf(stored),
      guid: guidOf(stored),
      ts: stored.ts,
    }
  }

  /** GET /schemas/guids/{guid}: the schema with that guid (40403 when none), in any context. */
  getSchemaByGuid(guid: string, format?: string): SchemaView {
    const stored = this.state.schemasByGuid(guid.toLowerCase())[0]
    if (!stored) throw restErrors.schemaGuidNotFound(guid)
    return this.schemaStringView(stored, format)
  }

  /** GET /schemas/ids/{id}/schema: the raw schema text. */
  getRawSchemaById(id: number, subject?: string, format?: string): string {
    return this.schemas.render(
      this.storedById(id, subject, () => restErrors.schemaIdNotFound(id)),
      format,
    )
  }

  /** GET /schemas/ids/{id}/versions: the subject versions using an id. */
  schemaVersions(id: number, options: { subject?: string; deleted: boolean }): Array<{ subject: string; version: number }> {
    const stored = this.storedById(id, options.subject, restErrors.schemaNotFound)
    return [...stored.users]
      .filter((u) => options.deleted || !u.deleted)
      .sort((a, b) => (a.subject < b.subject ? -1 : a.subject > b.subject ? 1 : a.version - b.version))
      .map((u) => ({ subject: u.subject, version: u.version }))
  }

  /** GET /schemas/ids/{id}/subjects. */
  schemaSubjects(id: number, options: ListOptions & { subject?: string }): string[] {
    const subjects = [...new Set(this.schemaVersions(id, { subject: options.subject, deleted: options.deleted ?? false }).map((v) => v.subject))]
    return page(subjects, options.offset, options.limit)
  }

  /** GET /schemas: Schema entities of every (or every latest) version; `ruleType` keeps those with a rule of that type. */
  listSchemas(prefix: string, options: ListOptions & { latestOnly?: boolean; ruleType?: string }): SchemaView[] {
    const limit = Math.min(options.limit && options.limit > 0 ? options.limit : 1000, 1000)
    let skip = Math.max(0, options.offset ?? 0)
    // Views are built for the page only: a client paging through every schema asks for each page in turn.
    const out: SchemaView[] = []
    for (const name of this.subjects.subjectsMatching(prefix)) {
      const visible = this.subjects.visibleVersions(name, { deleted: options.deleted })
      for (const v of options.latestOnly ? visible.slice(-1) : visible) {
        if (options.ruleType && !hasRuleOfType(v.schema.ruleSet, options.ruleType)) continue
        if (skip > 0) skip--
        else if (out.push(schemaView(v)) === limit) return out
      }
    }
    return out
  }
}
