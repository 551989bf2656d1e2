/**
 * When two contracts are the same, as the registry decides it. The registry keys a schema by a hash
 * of its text, references, metadata and rule set, so a version that differs from another only in
 * its metadata or rules is a different schema: registering it adds a version (and takes a new id).
 * A contract with no metadata differs from one with empty metadata (`{}`), as in the registry's hash.
 */
import { CONFLUENT_VERSION, type Contract, type Metadata } from './types.js'

/**
 * A canonical text of a contract, equal for equal contracts (members in normal form, as `parse.ts`
 * gives them): usable as a map key for deduplication. `ignoreConfluentVersion` leaves the
 * `confluent:version` property out.
 */
export function contractIdentity(contract: Contract, options: { ignoreConfluentVersion?: boolean } = {}): string {
  const metadata = options.ignoreConfluentVersion === true ? withoutConfluentVersion(contract.metadata) : contract.metadata
  return JSON.stringify([metadata ?? null, contract.ruleSet ?? null])
}

/**
 * Whether two contracts are the same. Exact (`confluent:version` included) is the registry's hash
 * match: a registration whose stored contract equals an existing version's, with the same schema,
 * returns that version. `ignoreConfluentVersion` is its second look (Confluent's `canLookup`):
 * a registration or lookup whose contract differs from a version's only in `confluent:version`
 * still finds that version.
 */
export function sameContract(a: Contract, b: Contract, options: { ignoreConfluentVersion?: boolean } = {}): boolean {
  return contractIdentity(a, options) === contractIdentity(b, options)
}

/**
 * Among versions that hold the same schema (text and references), newest first, the one a
 * registration or lookup with `contract` finds, as the registry looks: a version whose contract is
 * exactly `contract`, else one whose contract differs only in `confluent:version`. For a
 * registration `contract` is the prepared one (`prepareContract`); a lookup tries the contract as
 * sent first, then the prepared one (without `newVersion`), as the registry's lookup does.
 */
export function findVersionByContract<T>(versions: readonly T[], contract: Contract, contractOf: (version: T) => Contract): T | undefined {
  return (
    versions.find((v) => sameContract(contractOf(v), contract)) ?? versions.find((v) => sameContract(contractOf(v), contract, { ignoreConfluentVersion: true }))
  )
}

/**
 * Whether a version's metadata has every `key: value` property of `wanted` (what
 * `GET /subjects/{s}/metadata?key=…&value=…` looks for; the newest matching version is the answer).
 */
export function matchesMetadataProperties(metadata: Metadata | undefined, wanted: Readonly<Record<string, string>>): boolean {
  return Object.entries(wanted).every(([key, value]) => metadata?.properties?.[key] === value)
}

function withoutConfluentVersion(metadata: Metadata | undefined): Metadata | undefined {
  if (metadata?.properties?.[CONFLUENT_VERSION] === undefined) return metadata
  const { [CONFLUENT_VERSION]: _stamp, ...properties } = metadata.properties
  // Members rebuilt in the normal form's order (tags, properties, sensitive): identities compare the texts.
  return {
    ...(metadata.tags !== undefined ? { tags: metadata.tags } : {}),
    ...(Object.keys(properties).length > 0 ? { properties } : {}),
    ...(metadata.sensitive !== undefined ? { sensitive: metadata.sensitive } : {}),
  }
}
