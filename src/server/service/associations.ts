/**
 * Topic-subject associations (POST /associations, PUT/GET/DELETE /associations/resources/…, GET
 * /associations/subjects/{s}): planned against the state, registered with their schemas, stored
 * through the durable writer. The request reading and the registry's errors are in ../associations.ts.
 */
import { randomUUID } from 'node:crypto'
import {
  associationErrors,
  compareAssociations,
  invalidAssociation,
  matchesFilter,
  NAMESPACE_WILDCARD,
  readAssociationRequest,
  type AssociationFilter,
  type AssociationRequest,
} from '../associations.js'
import { latestLiveVersion } from '../schemas.js'
import type { AssociationValue, LogRecord } from '../store/records.js'
import { associationKey, associationLogKey, type RegistryState, type VersionEntry } from '../store/state.js'
import { normalizeSubject } from '../subject-name.js'
import { page, schemaView } from './listing.js'
import type { Registration } from './registration.js'
import type { Settings } from './settings.js'
import type { Subjects } from './subjects.js'
import type { DurableWriter } from './writer.js'

/** The association operations. */
export class Associations {
  constructor(
    private readonly state: RegistryState,
    private readonly writer: DurableWriter,
    private readonly settings: Settings,
    private readonly subjects: Subjects,
    private readonly registration: Registration,
  ) {}

  /**
   * GET /associations/subjects/{s}, /associations/resources/{id} and
   * /associations/resources/{namespace}/{name} (namespace `-`: any): the associations found, after
   * the filters, by resource then type; `[]` when none.
   */
  listAssociations(
    by: { subject?: string; resourceId?: string; resourceNamespace?: string; resourceName?: string },
    filter: AssociationFilter,
    options: { offset?: number; limit?: number },
  ): AssociationValue[] {
    const subject = by.subject === undefined ? undefined : normalizeSubject(by.subject)
    const found = [...this.state.associations.values()].filter(
      (a) =>
        (subject === undefined || a.subject === subject) &&
        (by.resourceId === undefined || a.resourceId === by.resourceId) &&
        (by.resourceName === undefined || a.resourceName === by.resourceName) &&
        (by.resourceNamespace === undefined || by.resourceNamespace === NAMESPACE_WILDCARD || a.resourceNamespace === by.resourceNamespace) &&
        matchesFilter(a, filter),
    )
    return page(found.sort(compareAssociations), options.offset, options.limit)
  }

  /**
   * POST /associations (`createOnly`: an association that exists is a conflict) and
   * PUT /associations/resources/{id} (creates or updates): registers the schemas the request
   * carries under their subjects, then stores the associations. `dryRun` checks and writes nothing.
   */
  async putAssociations(
    body: Record<string, unknown>,
    options: { createOnly: boolean; dryRun: boolean; pathResourceId?: string },
  ): Promise<Record<string, unknown>> {
    const request = readAssociationRequest(body, options)
    const resource = {
      resourceName: request.resourceName,
      resourceNamespace: request.resourceNamespace,
      ...(request.resourceId !== undefined ? { resourceId: request.resourceId } : {}),
      resourceType: request.resourceType,
    }
    this.planAssociations(request, options.createOnly, Date.now())
    if (options.dryRun) return resource
    const registered = new Map<string, VersionEntry>()
    for (const item of request.associations) {
      if (!item.schema) continue
      const view = await this.registration.register(item.subject, item.schema, item.normalize)
      registered.set(item.associationType, this.state.subjects.get(normalizeSubject(item.subject))!.versions.get(view.version as number)!)
    }
    // Checked again: another request may have changed the associations while the schemas were registered.
    const values = this.planAssociations(request, options.createOnly, Date.now())
    return this.writer.commit(
      values.map((v) => ({ key: associationLogKey(v), value: v })),
      () => ({
        ...resource,
        associations: values.map((v) => {
          const schema = registered.get(v.associationType)
          return {
            subject: v.subject,
            associationType: v.associationType,
            lifecycle: v.lifecycle,
            frozen: v.frozen,
            ...(schema ? { schema: schemaView(schema) } : {}),
          }
        }),
      }),
    )
  }

  /** The associations a request stores, or the registry's refusal (409s, 42212). */
  private planAssociations(request: AssociationRequest, createOnly: boolean, now: number): AssociationValue[] {
    const planned: AssociationValue[] = []
    for (const item of request.associations) {
      const subject = normalizeSubject(item.subject)
      this.settings.assertWritable(subject)
      const key = {
        resourceType: request.resourceType,
        resourceNamespace: request.resourceNamespace,
        resourceName: request.resourceName,
        associationType: item.associationType,
      }
      const existing = this.state.associations.get(associationKey(key))
      if (existing) {
        if (createOnly || existing.resourceId !== request.resourceId) throw associationErrors.forResourceExists(item.associationType, request.resourceName)
        if (existing.subject !== subject) throw associationErrors.subjectChanged()
        if (existing.frozen && item.frozen !== false) throw associationErrors.frozen(item.associationType, subject)
      }
      const lifecycle = item.lifecycle ?? existing?.lifecycle ?? 'WEAK'
      const frozen = item.frozen ?? existing?.frozen ?? false
      if (lifecycle === 'WEAK' && frozen) throw invalidAssociation('frozen', 'association with lifecycle of WEAK cannot be frozen')
      // A STRONG association is its subject's only one; any association needs the subject free of a STRONG one.
      const others = [...this.state.associations.values(), ...planned].filter((a) => a.subject === subject && associationKey(a) !== associationKey(key))
      if (others.some((a) => a.lifecycle === 'STRONG')) throw associationErrors.strongForSubjectExists(subject)
      if (lifecycle === 'STRONG' && others.length > 0) throw associationErrors.forSubjectExists(subject)
      if (!item.schema && !latestLiveVersion(this.state, subject)) throw associationErrors.noActiveVersion(subject)
      planned.push({
        subject,
        guid: existing?.guid ?? randomUUID(),
        resourceName: request.resourceName,
        resourceNamespace: request.resourceNamespace,
        resourceId: request.resourceId ?? '',
        resourceType: request.resourceType,
        associationType: item.associationType,
        lifecycle,
        frozen,
        createTs: existing?.createTs ?? now,
        updateTs: now,
      })
    }
    return planned
  }

  /**
   * DELETE /associations/resources/{id}: removes the resource's associations (of the types asked
   * for); with `cascadeLifecycle`, the subjects of its STRONG ones go too, permanently. 40410 when
   * it has none; a frozen association goes only with `cascadeLifecycle`.
   */
  async deleteAssociations(resourceId: string, filter: AssociationFilter, options: { cascadeLifecycle: boolean; dryRun: boolean }): Promise<void> {
    const found = [...this.state.associations.values()].filter((a) => a.resourceId === resourceId && matchesFilter(a, filter))
    if (found.length === 0) throw associationErrors.notFound(resourceId)
    for (const a of found) {
      this.settings.assertWritable(a.subject)
      if (a.frozen && !options.cascadeLifecycle) throw associationErrors.frozen(a.associationType, a.subject)
    }
    const cascaded = options.cascadeLifecycle ? found.filter((a) => a.lifecycle === 'STRONG').map((a) => a.subject) : []
    const records: LogRecord[] = found.map((a) => ({ key: associationLogKey(a), value: null }))
    for (const subject of cascaded) {
      for (const v of this.state.subjects.get(subject)?.versions.values() ?? []) {
        this.subjects.assertNotReferenced(v, true)
        records.push({ key: { keytype: 'SCHEMA', subject, version: v.version, magic: 1 }, value: null })
      }
      records.push(...this.subjects.subjectSettingTombstones(subject).filter((r) => r.key.keytype !== 'ASSOCIATION'))
    }
    if (options.dryRun) return
    await this.writer.commit(records, () => undefined)
  }
}
