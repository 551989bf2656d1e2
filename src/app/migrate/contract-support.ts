/**
 * Whether a registry target stores data contracts, found out before the first write. Registries
 * that predate contracts (Confluent before 7.4, Karapace, Apicurio's ccompat API, Redpanda) take a
 * registration carrying `metadata` and `ruleSet` and drop them without a word, so the copy would
 * succeed and lose them. Two read-only signs, cheapest first:
 *
 * - the target already holds a version with a contract (seen in the listing the plan read);
 * - `GET /subjects/{s}/metadata?key=…&value=…`, the search that came with contracts: a registry
 *   that has it answers 200, 40401 (no such subject) or 40403 (no such version); one without it
 *   answers a bare 404 (`error_code` 404 or none, as for any unknown route), 405 or 501.
 *
 * A registry that answers the search but drops part of a contract (Redpanda keeps only metadata
 * properties) is caught at its first write that carries that part (target.ts reads it back), and
 * by the verification.
 */
import type { RegistryClient } from '../../registry/client.js'
import { RegistryError } from '../../registry/errors.js'
import { hasContract } from './contracts.js'
import type { Snapshot } from './types.js'

/** The outcome of `probeContractSupport`, with what decided it (for the message). */
export interface ContractSupport {
  supported: boolean
  evidence: string
}

/** The property the probe searches for: no version has it, so the answer never carries a schema. */
const PROBE = { key: 'schemactl.probe', value: 'contracts' }

/**
 * Decides whether `client`'s registry stores data contracts: yes when `target` (its snapshot) holds a
 * version with one, else by the metadata search on `subject` (a subject the run writes, which the
 * credentials may read). Throws the registry's error for a failure that says nothing about it
 * (unreachable, auth, 5xx).
 */
export async function probeContractSupport(client: RegistryClient, target: Snapshot, subject: string): Promise<ContractSupport> {
  for (const list of target.subjects.values()) {
    if (list.some((v) => hasContract(v.contract))) return { supported: true, evidence: 'the target holds versions with data contracts' }
  }
  try {
    await client.getLatestWithMetadata(subject, PROBE)
    return { supported: true, evidence: 'the target answers the metadata search' }
  } catch (err) {
    if (!(err instanceof RegistryError) || err.status === undefined) throw err
    if (err.errorCode === 40401 || err.errorCode === 40403) return { supported: true, evidence: 'the target answers the metadata search' }
    if (err.status === 404 || err.status === 405 || err.status === 501) {
      return {
        supported: false,
        evidence: `GET /subjects/{subject}/metadata, the search that came with data contracts, answered ${err.status}${err.errorCode !== undefined && err.errorCode !== err.status ? ` (error ${err.errorCode})` : ''}`,
      }
    }
    throw err
  }
}

/** How much of the source carries data contracts, for the refusal. */
export interface ContractCounts {
  /** Versions in the plan with metadata or a rule set. */
  versions: number
  /** Scopes (global, contexts, subjects) whose config sets a contract member. */
  scopes: number
}

/** The refusal of a target that cannot store the source's contracts, before any write. */
export function contractsUnsupported(url: string, support: ContractSupport, counts: ContractCounts): RegistryError {
  const carried = [
    ...(counts.versions
      ? [`${counts.versions} version${counts.versions === 1 ? '' : 's'} carr${counts.versions === 1 ? 'ies' : 'y'} a data contract (metadata or a rule set)`]
      : []),
    ...(counts.scopes
      ? [
          `${counts.scopes} scope${counts.scopes === 1 ? '' : 's'} set${counts.scopes === 1 ? 's' : ''} contract config members (compatibilityGroup, defaults, overrides)`,
        ]
      : []),
  ]
  return new RegistryError(
    'CONTRACTS_UNSUPPORTED',
    `The target registry ${url} cannot store data contracts (${support.evidence}: an older Confluent, Karapace, Apicurio or Redpanda?), and in the source ${carried.join(' and ')}; nothing was written`,
    { url },
    {
      hint: 'Re-run with --drop-contracts to copy without them (the target will not have them: rules such as field encryption stop applying), or copy to a registry that stores data contracts (Confluent Platform 7.4+, Confluent Cloud, schemactl serve).',
    },
  )
}

/** A registration the target answered (or read back) without the contract it was sent: it cannot store contracts after all. */
export function contractsNotStored(url: string, subject: string, version: number, missing: string): RegistryError {
  return new RegistryError(
    'CONTRACTS_NOT_STORED',
    `The target registry ${url} did not store the data contract of ${subject} version ${version} (${missing} missing when read back): it cannot store data contracts; the copy stopped`,
    { url, subject, version },
    {
      hint: 'Re-run with --drop-contracts to copy without them (the target will not have them), or copy to a registry that stores data contracts (Confluent Platform 7.4+, Confluent Cloud).',
    },
  )
}
