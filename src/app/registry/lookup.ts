import { InputError } from '../../errors.js'
import { hasRegistryCode } from '../../registry/errors.js'
import type { SchemaType } from '../../registry/types.js'
import { readSchemaContract } from '../input/contract.js'
import { contractMembers } from '../register/schema.js'
import { withRegistry, type RegistryContext } from './session.js'
import { invalidSchemaAsInput, readSchemaInput } from '../input/schema.js'
import { referencesFromWorkspace } from '../input/workspace-references.js'

/** Whether a schema file is registered under a subject, and as what. */
export interface LookupResult {
  registry: string
  subject: string
  file: string
  registered: boolean
  id?: number
  version?: number
  /** Set when the subject itself does not exist. */
  subjectMissing?: boolean
  /** Why it cannot be registered as it is, e.g. a schema it references is not registered yet. */
  reason?: string
}

/**
 * Looks a schema file up under `subject` (with the references its workspace implies and the
 * contract file beside it, as `register` sends them: the registry finds a version by its schema
 * and its contract). Not being registered is a result (`registered: false`, the command exits 1),
 * not an error.
 */
export async function lookupSchema(
  ctx: RegistryContext,
  subject: string,
  file: string,
  options: { schemaType?: SchemaType; normalize?: boolean; deleted?: boolean; followExternalLinks?: boolean },
): Promise<LookupResult> {
  const input = await readSchemaInput(file, { schemaType: options.schemaType, followExternalLinks: options.followExternalLinks })
  const contract = readSchemaContract(file)
  return withRegistry(ctx, async (client) => {
    const base = { registry: client.url, subject, file }
    try {
      // A schema using another workspace file's types is registered with references: look it up with them.
      const references = file !== '-' ? await referencesFromWorkspace(client, file, input.schemaType) : []
      const payload = { schema: input.schema, schemaType: input.schemaType, ...(references.length ? { references } : {}), ...contractMembers(contract) }
      const found = await client.lookup(subject, payload, { normalize: options.normalize, deleted: options.deleted })
      return { ...base, registered: true, id: found.id, version: found.version }
    } catch (err) {
      if (hasRegistryCode(err, 'SCHEMA_NOT_FOUND')) return { ...base, registered: false }
      // Nothing using an unregistered type can be registered: say so rather than a bare "not registered".
      if (err instanceof InputError && err.code === 'REFERENCE_NOT_REGISTERED') return { ...base, registered: false, reason: err.message }
      if (hasRegistryCode(err, 'SUBJECT_NOT_FOUND')) return { ...base, registered: false, subjectMissing: true }
      throw invalidSchemaAsInput(err, file)
    }
  })
}
