/**
 * Data contracts as a registry holds them: a registered version's stored contract, and the
 * contract config (`compatibilityGroup`, defaults, overrides) of a subject at the registry's two
 * scopes, read into the shared core's types so the client decides as the registry does.
 */
import {
  sameContract,
  parseContractConfig,
  parseMetadata,
  parseRuleSet,
  applyContractConfig,
  type Contract,
  type ContractConfig,
} from '../../engine/contracts/index.js'
import type { RegistryClient } from '../../registry/client.js'
import { hasRegistryCode } from '../../registry/errors.js'
import type { RegistryConfig } from '../../registry/types.js'

/** A subject's contract config at the registry's two scopes; combine them with `effectiveContractConfig`. */
export interface ContractScopes {
  /** The subject's own config, when it has one. */
  subject?: ContractConfig
  global: ContractConfig
}

/**
 * A registered version's contract in normal form (a registry answers it normalized; this makes
 * comparisons immune to key order and defaulted members). A member the core cannot read (a
 * registry's extension) is kept as sent.
 */
export function storedContract(reply: { metadata?: unknown; ruleSet?: unknown }): Contract {
  const metadata = parseMetadata(reply.metadata)
  const ruleSet = parseRuleSet(reply.ruleSet)
  const m = metadata.ok ? metadata.value : (reply.metadata as Contract['metadata'])
  const r = ruleSet.ok ? ruleSet.value : (reply.ruleSet as Contract['ruleSet'])
  return { ...(m != null ? { metadata: m } : {}), ...(r != null ? { ruleSet: r } : {}) }
}

/** The contract fields of a registry config answer (a field the core cannot read is left out: it never fails a read). */
export function configContracts(config: RegistryConfig | undefined): ContractConfig {
  if (config === undefined) return {}
  const parsed = parseContractConfig(config)
  if (parsed.ok) return parsed.value
  // Keep the fields that read well: one odd field must not hide the others.
  const out: ContractConfig = {}
  for (const key of ['compatibilityGroup', 'defaultMetadata', 'overrideMetadata', 'defaultRuleSet', 'overrideRuleSet'] as const) {
    const one = parseContractConfig({ [key]: config[key] })
    if (one.ok && one.value[key] !== undefined) (out as Record<string, unknown>)[key] = one.value[key]
  }
  return out
}

/**
 * A subject's contract config as the registry holds it: its own config (none when the registry
 * answers that it has none) and the global one. `global` may be given to share one read among subjects.
 */
export async function readContractScopes(
  client: Pick<RegistryClient, 'getConfig'>,
  subject: string,
  global?: Promise<RegistryConfig>,
): Promise<ContractScopes> {
  const own = await client.getConfig(subject).catch((err: unknown) => {
    if (hasRegistryCode(err, 'SUBJECT_CONFIG_NOT_FOUND', 'SUBJECT_NOT_FOUND')) return undefined
    throw err
  })
  const scopes: ContractScopes = { global: configContracts(await (global ?? client.getConfig())) }
  return own === undefined ? scopes : { ...scopes, subject: configContracts(own) }
}

/**
 * Whether a registered version holds the contract a folder version states: `document` (its contract
 * file's members; absent ones inherited from `previous`, the registered version before it) as the
 * registry stores it, with the subject's contract config (`scopes`) or with none (the config may
 * have changed since the version was registered), `confluent:version` aside (it follows numbering).
 */
export function holdsStatedContract(stored: Contract, document: Contract, previous: Contract | undefined, scopes: ContractScopes): boolean {
  const withConfig = applyContractConfig(document, { previous, subjectConfig: scopes.subject, globalConfig: scopes.global })
  const withoutConfig = applyContractConfig(document, { previous })
  return sameContract(withConfig, stored, { ignoreConfluentVersion: true }) || sameContract(withoutConfig, stored, { ignoreConfluentVersion: true })
}
