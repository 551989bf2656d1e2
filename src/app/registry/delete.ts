import type { VersionRef } from '../../registry/types.js'
import { withRegistry, type RegistryContext } from './session.js'

/** Outcome of `deleteSchema`. */
export interface DeleteResult {
  registry: string
  subject: string
  /** The versions deleted. */
  versions: number[]
  permanent: boolean
}

/**
 * Soft-deletes (default) or permanently deletes a subject, or one version of it. A permanent delete
 * needs a soft delete first (the registry's rule; its error says so). Never retried after the
 * request may have reached the registry.
 */
export function deleteSchema(ctx: RegistryContext, subject: string, version: VersionRef | undefined, options: { permanent?: boolean }): Promise<DeleteResult> {
  return withRegistry(ctx, async (client) => {
    const permanent = options.permanent === true
    const versions = version === undefined ? await client.deleteSubject(subject, { permanent }) : [await client.deleteVersion(subject, version, { permanent })]
    return { registry: client.url, subject, versions, permanent }
  })
}
