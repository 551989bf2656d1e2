/**
 * Data contracts in a migration: a version's stored contract and a scope's config members as both
 * sides hold them (the registry's normal form, so they compare byte for byte), what the target must
 * end with, and the words for a difference.
 */
import { sameContract } from '../../engine/contracts/index.js'
import { confluentVersion, setConfluentVersion } from '../../engine/contracts/index.js'
import type { Contract } from '../../engine/contracts/index.js'
import { CONFIG_FIELDS, type RegistryConfig } from '../../registry/types.js'
import { configContracts } from '../registry/contracts.js'
import type { ConfigMembers, VersionRecord } from './types.js'

/** Every config member a migration copies beside the level, in the order the registry answers them. */
export const CONFIG_MEMBERS = [
  'alias',
  'normalize',
  'validateFields',
  'validateRules',
  'compatibilityGroup',
  'compatibilityPolicy',
  'defaultMetadata',
  'overrideMetadata',
  'defaultRuleSet',
  'overrideRuleSet',
] as const satisfies ReadonlyArray<keyof ConfigMembers>

/** The config members that belong to data contracts (left behind with `--drop-contracts`). */
export const CONTRACT_MEMBERS: ReadonlyArray<keyof ConfigMembers> = CONFIG_FIELDS

/** Whether a contract has metadata or a rule set. */
export function hasContract(contract: Contract | undefined): contract is Contract {
  return contract !== undefined && (contract.metadata !== undefined || contract.ruleSet !== undefined)
}

/**
 * The config members of a registry's config answer (or a folder's record of one), contract members
 * in normal form; undefined when it has none. A member of the wrong type is left out.
 */
export function readConfigMembers(raw: object | undefined): ConfigMembers | undefined {
  if (raw === undefined || raw === null) return undefined
  const config = raw as Record<string, unknown>
  const contract = configContracts(config as RegistryConfig) as Record<string, unknown>
  const out: Record<string, unknown> = {}
  for (const member of CONFIG_MEMBERS) {
    // The contract members were read by the contract core; the others are kept when of their type.
    const value = member in contract ? contract[member] : config[member]
    const type = member in contract ? typeof value : member === 'alias' || member === 'compatibilityPolicy' ? 'string' : 'boolean'
    if (value !== undefined && value !== null && typeof value === type) out[member] = value
  }
  return Object.keys(out).length ? (out as ConfigMembers) : undefined
}

/** `members` without the data-contract ones (what `--drop-contracts` copies); undefined when nothing is left. */
export function withoutContractMembers(members: ConfigMembers | undefined): ConfigMembers | undefined {
  if (members === undefined) return undefined
  const out = Object.fromEntries(Object.entries(members).filter(([key]) => !CONTRACT_MEMBERS.includes(key as keyof ConfigMembers)))
  return Object.keys(out).length ? (out as ConfigMembers) : undefined
}

/** Whether `members` set any data-contract member. */
export function hasContractMembers(members: ConfigMembers | undefined): boolean {
  return members !== undefined && CONTRACT_MEMBERS.some((key) => members[key] !== undefined)
}

/**
 * The contract the target must hold for `source` once written as version `targetVersion`: the
 * source's, with `confluent:version` following the target's numbering where the source's has it
 * (a registry stamps the number it gives; with ids preserved the numbers are the same).
 */
export function expectedContract(source: VersionRecord, targetVersion: number): Contract {
  const contract = source.contract ?? {}
  if (targetVersion === source.version || confluentVersion(contract.metadata) === undefined) return contract
  return { metadata: setConfluentVersion(contract.metadata, targetVersion), ...(contract.ruleSet !== undefined ? { ruleSet: contract.ruleSet } : {}) }
}

/** Whether `target` (a version on the target, written as `targetVersion`) holds the contract `source` must get there. */
export function holdsContract(source: VersionRecord, target: VersionRecord): boolean {
  return sameContract(expectedContract(source, target.version), target.contract ?? {})
}

/** In words, how the target's contract differs from the expected one: each member that differs, with both values (shortened). */
export function describeContractDifference(expected: Contract, actual: Contract): string {
  const parts: string[] = []
  for (const member of ['metadata', 'ruleSet'] as const) {
    const want = expected[member]
    const have = actual[member]
    if (JSON.stringify(want ?? null) === JSON.stringify(have ?? null)) continue
    parts.push(`${member} ${have === undefined ? 'absent' : short(have)} on the target, ${want === undefined ? 'absent' : short(want)} on the source`)
  }
  return `its data contract differs: ${parts.join('; ')}`
}

/** A config member's value as text, for comparing two sides (values are in normal form). */
export function memberText(value: unknown): string {
  return value === undefined ? 'not set' : typeof value === 'string' ? value : JSON.stringify(value)
}

/** A value shortened for a one-line message. */
export function short(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value)
  return text.length > 160 ? `${text.slice(0, 157)}…` : text
}
