/** Registry sides of `schemactl diff`: `subject@version`, `subject@latest` and `id:<n>`, references resolved. */
import type { RegistryClient } from '../../registry/client.js'
import type { SchemaById, SubjectSchema } from '../../registry/types.js'
import { registryDependencies } from './format.js'
import { storedContract } from '../registry/contracts.js'
import { requireRegistrySchema, type RegistrySchemaParser } from '../registry/schema.js'
import type { ResolvedSide, SideSpec } from './sides.js'

/** A side the registry holds. */
export type RegistrySide = Extract<SideSpec, { kind: 'registry' | 'id' }>

/** The contract a registry answer holds, in normal form (none when it has neither metadata nor rules). */
export function contractOf(found: { metadata?: unknown; ruleSet?: unknown }): Pick<ResolvedSide, 'contract'> {
  const contract = storedContract(found)
  return contract.metadata !== undefined || contract.ruleSet !== undefined ? { contract } : {}
}

/**
 * Fetches a registry side and parses it with the named types of its references, with its data
 * contract as the registry holds it. Registry errors
 * (unknown subject, version or id: exit 4) propagate; a schema that is not Avro, is invalid or
 * whose references cannot be read is an InputError (exit 5).
 */
export async function readRegistrySide(client: RegistryClient, parse: RegistrySchemaParser, spec: string, side: RegistrySide): Promise<ResolvedSide> {
  const found: SchemaById | SubjectSchema = side.kind === 'id' ? await client.getSchemaById(side.id) : await client.getVersion(side.subject, side.version)
  const source: ResolvedSide['source'] =
    side.kind === 'id'
      ? { spec, kind: 'id', id: side.id }
      : { spec, kind: 'registry', subject: side.subject, version: (found as SubjectSchema).version, id: (found as SubjectSchema).id }
  const schemaType = found.schemaType ?? 'AVRO'
  // JSON Schema and Protobuf sides are parsed when compared, with the texts of their references.
  if (schemaType !== 'AVRO')
    return { source, schemaType, schema: { text: found.schema, dependencies: await registryDependencies(client, found.references) }, ...contractOf(found) }
  const what = side.kind === 'id' ? `schema id ${side.id}` : `${side.subject} version ${source.version}`
  return { source, schemaType: 'AVRO', parsed: await requireRegistrySchema(parse, found, what), ...contractOf(found) }
}
