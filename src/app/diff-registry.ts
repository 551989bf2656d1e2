/** Registry sides of `schemactl diff`: `subject@version`, `subject@latest` and `id:<n>`, references resolved. */
import type { RegistryClient } from '../registry/client.js'
import { storedContract } from './registry-contracts.js'
import { requireRegistrySchema, type RegistrySchemaParser } from './registry-schema.js'
import type { ResolvedSide, SideSpec } from './diff-sides.js'

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
  if (side.kind === 'id') {
    const found = await client.getSchemaById(side.id)
    return { source: { spec, kind: 'id', id: side.id }, parsed: await requireRegistrySchema(parse, found, `schema id ${side.id}`), ...contractOf(found) }
  }
  const found = await client.getVersion(side.subject, side.version)
  return {
    source: { spec, kind: 'registry', subject: side.subject, version: found.version, id: found.id },
    parsed: await requireRegistrySchema(parse, found, `${side.subject} version ${found.version}`),
    ...contractOf(found),
  }
}
