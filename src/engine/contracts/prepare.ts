/**
 * What a registration stores as a version's contract, decided as the registry decides it
 * (Confluent's `maybeSetMetadataRuleSet`), and which config applies to a subject. Shared by
 * `serve` (registration and lookup), `check` (the workspace's versions), `register` and `migrate`.
 */
import { parseMetadata, parseRuleSet } from './parse.js'
import { confluentVersion, mergeMetadata, mergeRuleSets, setConfluentVersion } from './merge.js'
import type { Contract, ContractConfig, ContractIssue, ContractOutcome } from './types.js'

/** The inputs of `prepareContract`. */
export interface PrepareContractInput {
  /** The `metadata` the registration sent, as JSON (null or absent: none sent). */
  schemaMetadata?: unknown
  /** The `ruleSet` the registration sent, as JSON (null or absent: none sent). */
  schemaRuleSet?: unknown
  /** The contract of the subject's newest non-deleted version, if the subject has one. */
  previous?: Contract
  /** The subject's own config (its contract fields), if it has one. */
  subjectConfig?: ContractConfig
  /** The global (or context) config, if it has contract fields. */
  globalConfig?: ContractConfig
  /**
   * The version number the registration will get (the highest number the subject ever used plus
   * one). Absent for a lookup, which never stamps `confluent:version`.
   */
  newVersion?: number
  /** The `version` the request carried (0 or absent when none; -1 means "latest"). */
  requestVersion?: number
  /**
   * True when the subject is in IMPORT (or FORWARD) mode: the registry then stores the contract as
   * sent, with no inheritance, no config merge and no `confluent:version` stamp.
   */
  importing?: boolean
}

/**
 * The contract a registration stores, or the issues that make the registry refuse it (400 for a
 * value of the wrong shape, 42210 for an invalid rule set; the first issue is the registry's answer).
 *
 * As the registry does it: the version's own metadata is the one sent, or else the previous
 * version's (inherited whole, not merged); it is merged over the config's `defaultMetadata` and
 * then `overrideMetadata` is merged over the result (`mergeMetadata`). The rule set likewise, with
 * `defaultRuleSet` and `overrideRuleSet` (`mergeRuleSets`). Each config field is taken from the
 * subject's config when it sets it, else from the global config (`effectiveContractConfig`).
 * Then `confluent:version` is set to `newVersion` when the request carried a version, or when the
 * merged metadata already has the property (sent, inherited or from the config) — so a stale value
 * sent by a client is replaced, never refused. A registration that ends with neither metadata nor
 * a rule set stores none (both members absent).
 */
export function prepareContract(input: PrepareContractInput): ContractOutcome<Contract> {
  const metadata = parseMetadata(input.schemaMetadata)
  const ruleSet = parseRuleSet(input.schemaRuleSet)
  const issues: ContractIssue[] = [...(metadata.ok ? [] : metadata.issues), ...(ruleSet.ok ? [] : ruleSet.issues)]
  // Shape problems come first: the registry cannot read the request at all.
  issues.sort((a, b) => (a.errorCode === b.errorCode ? 0 : a.errorCode === 400 ? -1 : 1))
  if (!metadata.ok || !ruleSet.ok) return { ok: false, issues }
  const sent: Contract = {
    ...(metadata.value !== undefined ? { metadata: metadata.value } : {}),
    ...(ruleSet.value !== undefined ? { ruleSet: ruleSet.value } : {}),
  }
  if (input.importing === true) return { ok: true, value: sent }
  return { ok: true, value: applyContractConfig(sent, input) }
}

/**
 * The registry's merge for an already read contract (`prepareContract` without the reading):
 * inheritance from `previous`, config defaults and overrides, and the `confluent:version` stamp.
 */
export function applyContractConfig(
  sent: Contract,
  input: Pick<PrepareContractInput, 'previous' | 'subjectConfig' | 'globalConfig' | 'newVersion' | 'requestVersion'>,
): Contract {
  const config = effectiveContractConfig(input.subjectConfig, input.globalConfig)
  const ownMetadata = sent.metadata ?? input.previous?.metadata
  const ownRuleSet = sent.ruleSet ?? input.previous?.ruleSet
  let metadata = mergeMetadata(mergeMetadata(config.defaultMetadata, ownMetadata), config.overrideMetadata)
  const ruleSet = mergeRuleSets(mergeRuleSets(config.defaultRuleSet, ownRuleSet), config.overrideRuleSet)
  const requested = input.requestVersion !== undefined && input.requestVersion !== 0
  if (input.newVersion !== undefined && (requested || confluentVersion(metadata) !== undefined)) metadata = setConfluentVersion(metadata, input.newVersion)
  return { ...(metadata !== undefined ? { metadata } : {}), ...(ruleSet !== undefined ? { ruleSet } : {}) }
}

/**
 * The contract config that applies to a subject: each field from the subject's config when it sets
 * that field, else from the global config. Fields are taken whole (a subject's `defaultMetadata`
 * replaces the global one; the two are not merged), as a subject config overrides the global one
 * key by key.
 */
export function effectiveContractConfig(subject: ContractConfig | undefined, global: ContractConfig | undefined): ContractConfig {
  const out: ContractConfig = {}
  for (const key of ['compatibilityGroup', 'defaultMetadata', 'overrideMetadata', 'defaultRuleSet', 'overrideRuleSet'] as const) {
    const value = subject?.[key] ?? global?.[key]
    if (value !== undefined) (out as Record<string, unknown>)[key] = value
  }
  return out
}
