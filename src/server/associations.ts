/**
 * Topic–subject associations (Confluent Platform 8.0.4+): an explicit link from a resource (a
 * Kafka topic, named by a namespace such as its cluster id, a name and an id) to the subject that
 * holds its key or value schema. Serializers with the `ASSOCIATED` subject-name strategy look the
 * subject up by topic instead of deriving it. This module reads the requests, as the registry
 * validates them (42212), and shapes the answers; `Registry` applies them.
 *
 * The registry's rules, as its documentation and the official clients describe them: one
 * association per resource and association type (`key` or `value`); a `STRONG` association ties
 * the subject's life to the resource's (deleting the association with `cascadeLifecycle` deletes
 * the subject) and must be the subject's only association, while a subject may have several
 * `WEAK` ones; a `WEAK` association cannot be frozen; a frozen association is not changed or
 * deleted unless the request unfreezes it (or cascades).
 */
import { RestError } from './rest-error.js'
import type { AssociationValue } from './store/records.js'

/** The resource type the registry knows (the default). */
export const TOPIC = 'topic'
/** The association types. */
export const ASSOCIATION_TYPES = ['key', 'value'] as const
/** A resource namespace that matches every namespace in reads by resource name. */
export const NAMESPACE_WILDCARD = '-'

/** One association of a create or update request, with its defaults filled in. */
export interface AssociationRequestItem {
  subject: string
  associationType: string
  /** Absent in an update that keeps the stored lifecycle. */
  lifecycle?: 'STRONG' | 'WEAK'
  /** Absent when the request leaves it as it is (false for a new association). */
  frozen?: boolean
  /** A schema to register under the subject first (a register request body). */
  schema?: Record<string, unknown>
  normalize?: boolean
}

/** A create or update request, validated. */
export interface AssociationRequest {
  resourceName: string
  resourceNamespace: string
  resourceId?: string
  resourceType: string
  associations: AssociationRequestItem[]
}

/** The registry's 42212 answer for an invalid association property. */
export function invalidAssociation(property: string, reason: string): RestError {
  return new RestError(42212, `The association specified an invalid value for property: '${property}', reason: ${reason}`)
}

function text(value: unknown, property: string, required: boolean): string | undefined {
  if (value === undefined || value === null || value === '') {
    if (required) throw invalidAssociation(property, 'cannot be null or empty')
    return undefined
  }
  if (typeof value !== 'string') throw invalidAssociation(property, 'must be a string')
  return value
}

/**
 * Reads a create (`POST /associations`) or create-or-update (`PUT /associations/resources/{id}`)
 * body. `resourceId` is required unless `dryRun`; the resource type defaults to (and must be)
 * `topic`; each association's type defaults to `value` and must be `key` or `value`, its subject
 * to `<resourceName>-<associationType>` (the topic-name strategy's subject), and a new one's
 * lifecycle to WEAK.
 */
export function readAssociationRequest(body: Record<string, unknown>, options: { dryRun: boolean; pathResourceId?: string }): AssociationRequest {
  const resourceName = text(body.resourceName, 'resourceName', true)!
  const resourceNamespace = text(body.resourceNamespace, 'resourceNamespace', true)!
  let resourceId = text(body.resourceId, 'resourceId', false)
  if (options.pathResourceId !== undefined) {
    if (resourceId !== undefined && resourceId !== options.pathResourceId) {
      throw invalidAssociation('resourceId', 'Resource ID in the path parameter does not match the resource ID in the request body')
    }
    resourceId = options.pathResourceId
  }
  if (resourceId === undefined && !options.dryRun) throw invalidAssociation('resourceId', 'cannot be null or empty')
  const resourceType = text(body.resourceType, 'resourceType', false) ?? TOPIC
  if (resourceType !== TOPIC) throw invalidAssociation('resourceType', `must be '${TOPIC}'`)
  if (!Array.isArray(body.associations) || body.associations.length === 0) throw invalidAssociation('associations', 'cannot be null or empty')
  const seen = new Set<string>()
  const associations = body.associations.map((raw: unknown) => {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw invalidAssociation('associations', 'each association must be a JSON object')
    const item = raw as Record<string, unknown>
    const associationType = text(item.associationType, 'associationType', false) ?? 'value'
    if (!(ASSOCIATION_TYPES as readonly string[]).includes(associationType)) throw invalidAssociation('associationType', "must be either 'key' or 'value'")
    if (seen.has(associationType)) throw invalidAssociation('associationType', `'${associationType}' appears more than once`)
    seen.add(associationType)
    const subject = text(item.subject, 'subject', false) ?? `${resourceName}-${associationType}`
    let lifecycle: 'STRONG' | 'WEAK' | undefined
    if (item.lifecycle !== undefined && item.lifecycle !== null) {
      if (item.lifecycle !== 'STRONG' && item.lifecycle !== 'WEAK') throw invalidAssociation('lifecycle', "must be either 'STRONG' or 'WEAK'")
      lifecycle = item.lifecycle
    }
    if (item.frozen !== undefined && item.frozen !== null && typeof item.frozen !== 'boolean') throw invalidAssociation('frozen', 'must be true or false')
    const frozen = (item.frozen ?? undefined) as boolean | undefined
    if (lifecycle === 'WEAK' && frozen === true) throw invalidAssociation('frozen', 'association with lifecycle of WEAK cannot be frozen')
    if (item.schema !== undefined && item.schema !== null && (typeof item.schema !== 'object' || Array.isArray(item.schema))) {
      throw invalidAssociation('schema', 'must be a schema registration request')
    }
    return {
      subject,
      associationType,
      ...(lifecycle !== undefined ? { lifecycle } : {}),
      ...(frozen !== undefined ? { frozen } : {}),
      ...(item.schema ? { schema: item.schema as Record<string, unknown> } : {}),
      ...(typeof item.normalize === 'boolean' ? { normalize: item.normalize } : {}),
    }
  })
  return { resourceName, resourceNamespace, ...(resourceId !== undefined ? { resourceId } : {}), resourceType, associations }
}

/** The filters of the association reads. */
export interface AssociationFilter {
  resourceType: string
  associationTypes: string[]
  lifecycle?: string
}

/** Whether an association passes a read's filters (no association type asked for means every type). */
export function matchesFilter(a: AssociationValue, filter: AssociationFilter): boolean {
  return (
    a.resourceType === filter.resourceType &&
    (filter.associationTypes.length === 0 || filter.associationTypes.includes(a.associationType)) &&
    (filter.lifecycle === undefined || a.lifecycle === filter.lifecycle)
  )
}

/** The order the reads answer in: by resource, then key before value. */
export function compareAssociations(a: AssociationValue, b: AssociationValue): number {
  const order = (x: AssociationValue) => [x.resourceNamespace, x.resourceName, x.resourceId, x.associationType]
  const [ka, kb] = [order(a), order(b)]
  for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i] < kb[i] ? -1 : 1
  return 0
}

/** The 409 answers of association conflicts, worded as the registry words them. */
export const associationErrors = {
  forResourceExists: (associationType: string, resource: string) =>
    new RestError(40903, `An association of type '${associationType}' already exists for resource '${resource}'`),
  forSubjectExists: (subject: string) => new RestError(40904, `An association already exists for subject '${subject}'`),
  strongForSubjectExists: (subject: string) => new RestError(40905, `A strong association already exists for subject '${subject}'`),
  noActiveVersion: (subject: string) => new RestError(40907, `No active (non-deleted) version exists for subject '${subject}'`),
  frozen: (associationType: string, subject: string) =>
    new RestError(40908, `The association of type  '${associationType}' is frozen for subject '${subject}'`),
  notFound: (resource: string) => new RestError(40410, `Association for '${resource}' not found.`),
  subjectChanged: () => invalidAssociation('subject', 'the subject of an existing association cannot be changed'),
} as const
