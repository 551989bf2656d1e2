/** The registry the encode/decode app tests use: the real RegistryClient, with its by-id reads counted. */
import type { SchemaTarget } from '../../../src/app/wire/schema.js'
import { RegistryClient } from '../../../src/registry/client.js'

/** A client for `url` whose `getSchemaById` calls are recorded in `fetches` (to test decode's own once-per-id cache). */
export function testRegistry(url: string): SchemaTarget & { fetches: number[] } {
  const client = new RegistryClient({ urls: [url], retries: 0 })
  const fetches: number[] = []
  return {
    fetches,
    getSchemaById: (id) => {
      fetches.push(id)
      return client.getSchemaById(id)
    },
    getVersion: (subject, version) => client.getVersion(subject, version),
    lookup: (subject, payload, options) => client.lookup(subject, payload, options),
    register: (subject, payload, options) => client.register(subject, payload, options),
    checkCompatibility: (subject, payload, options) => client.checkCompatibility(subject, payload, options),
  }
}
