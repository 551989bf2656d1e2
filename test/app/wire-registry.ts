/** A `SchemaTarget` over fetch for the encode/decode app tests (stand-in until the RegistryClient is on main). */
import { SchemactlError } from '../../src/errors.js'
import type { SchemaTarget } from '../../src/app/wire-schema.js'

export function fetchRegistry(url: string): SchemaTarget & { fetches: number[] } {
  const fetches: number[] = []
  const call = async (path: string, body?: unknown) => {
    const res = await fetch(url + path, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
    const json = (await res.json()) as Record<string, unknown>
    if (!res.ok) throw new SchemactlError('registry', String(json.message), { code: json.error_code === 40403 ? 'SCHEMA_NOT_FOUND' : json.error_code === 40401 ? 'SUBJECT_NOT_FOUND' : 'REGISTRY' })
    return json as never
  }
  const schemaType = <T extends { schemaType?: string }>(r: T) => ({ ...r, schemaType: r.schemaType ?? 'AVRO' })
  return {
    fetches,
    getSchemaById: async (id) => {
      fetches.push(id)
      return schemaType(await call(`/schemas/ids/${id}`))
    },
    getVersion: async (subject, version) => schemaType(await call(`/subjects/${encodeURIComponent(subject)}/versions/${version}`)),
    lookup: (subject, payload) => call(`/subjects/${encodeURIComponent(subject)}`, payload),
    register: (subject, payload) => call(`/subjects/${encodeURIComponent(subject)}/versions`, payload),
  }
}
