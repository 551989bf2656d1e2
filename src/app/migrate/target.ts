/** Writing into the target: versions (registry or folder) and, after the copy, levels, config members and modes. */
import { mapInOrder } from '../in-order.js'
import { sameContract } from '../../engine/contracts/index.js'
import type { Contract } from '../../engine/contracts/index.js'
import type { RegistryClient } from '../../registry/client.js'
import { hasRegistryCode } from '../../registry/errors.js'
import type { ConfigUpdate, Mode, SchemaPayload } from '../../registry/types.js'
import { storedContract } from '../registry/contracts.js'
import { contractsNotStored } from './contract-support.js'
import { hasContract, withoutContractMembers } from './contracts.js'
import type { CopyTarget } from './copy.js'
import { isModeUnsupported, type TargetAccess } from './target-access.js'
import { writeFolderVersion } from './export-folder.js'
import type { ScopeSettings, Snapshot } from './types.js'

/**
 * A registry target. With `preserveIds` each version is registered with its id and version (the
 * registry must be in IMPORT mode, which stores its contract as sent); without, it is registered
 * anew and gets the registry's next id and version (older registries reply without the version: a
 * lookup finds it). Each version's data contract is sent whole (unless `dropContracts`), and the
 * first registration carrying each part of a contract (tags, properties, sensitive names, rules)
 * is checked on the reply or read back: a target that dropped it stops the copy (CONTRACTS_NOT_STORED).
 * Writes go through `access`, which gives a subject whose own mode refuses them the mode they need.
 */
export function registryTarget(client: RegistryClient, preserveIds: boolean, access: TargetAccess, options: { dropContracts?: boolean } = {}): CopyTarget {
  // The parts of a contract the target was seen to store.
  const confirmed = new Set<string>()
  const confirm = async (subject: string, version: number, sent: Contract, reply: { metadata?: unknown; ruleSet?: unknown }) => {
    const parts = contractParts(sent).filter((p) => !confirmed.has(p))
    if (parts.length === 0 || sameContract(storedContract(reply), sent, { ignoreConfluentVersion: true })) return parts.forEach((p) => confirmed.add(p))
    const stored = storedContract(await client.getVersion(subject, version))
    const missing = parts.filter((p) => !contractParts(stored).includes(p))
    if (missing.length) throw contractsNotStored(client.url, subject, version, missing.join(', '))
    parts.forEach((p) => confirmed.add(p))
  }
  return {
    async write(record, schema, references) {
      const contract = options.dropContracts || !hasContract(record.contract) ? undefined : record.contract
      const payload: SchemaPayload = { schema, schemaType: record.schemaType, references, ...wireContract(contract) }
      const reply = await access.writable(record.subject, () =>
        client.register(record.subject, preserveIds ? { ...payload, id: record.id, version: record.version } : payload),
      )
      const version = reply.version ?? (preserveIds ? record.version : (await client.lookup(record.subject, payload)).version)
      if (contract) await confirm(record.subject, version, contract, reply as { metadata?: unknown; ruleSet?: unknown })
      return { id: reply.id, version }
    },
    async softDelete(subject, version) {
      await access
        .writable(subject, () => client.deleteVersion(subject, version))
        .catch((err: unknown) => {
          if (!hasRegistryCode(err, 'VERSION_SOFT_DELETED')) throw err
        })
    },
  }
}

/** A folder target: schema files and contract files (the caller writes `schemactl-export.json` once the copy is done). */
export function folderTarget(dir: string, options: { dropContracts?: boolean } = {}): CopyTarget {
  return {
    async write(record, schema) {
      await writeFolderVersion(dir, options.dropContracts ? { ...record, contract: undefined } : record, schema)
      return { id: record.id ?? 0, version: record.version }
    },
    async softDelete() {
      // The deleted flag lives in schemactl-export.json.
    },
  }
}

/**
 * Copies the source's levels and config members to a registry target: each scope's own (subjects
 * and contexts), then, when the whole registry is copied (`global`), the global ones; one PUT per
 * scope. Without `dropContracts` the data-contract members too (their defaults and overrides are
 * copied after the versions, so the registry never merges them into a version being copied).
 * Runs while the run's write access is in force (a READONLY target refuses settings). Resolves to
 * the scopes whose level was written, which the restore of the target's previous levels then
 * leaves alone.
 */
export async function copyLevels(
  client: RegistryClient,
  source: Snapshot,
  options: { global: boolean; dropContracts?: boolean },
  concurrency: number,
  access: TargetAccess,
): Promise<Set<string>> {
  const written = new Set<string>()
  const updateOf = (own: ScopeSettings): ConfigUpdate | undefined => {
    const members = options.dropContracts ? withoutContractMembers(own.config) : own.config
    const update: ConfigUpdate = { ...(own.compatibilityLevel !== undefined ? { compatibility: own.compatibilityLevel } : {}), ...members }
    return Object.keys(update).length ? update : undefined
  }
  // A write at a time per slot, not a pending promise per subject (there may be 100,000).
  await mapInOrder(
    source.settings,
    async ([subject, own]) => {
      const update = updateOf(own)
      if (update === undefined) return
      await access.writable(subject, () => client.setConfig(subject, update))
      if (own.compatibilityLevel !== undefined) written.add(subject)
    },
    () => undefined,
    { concurrency },
  )
  const global = options.global ? updateOf(source.global) : undefined
  if (global !== undefined) await client.setConfig(undefined, global)
  return written
}

// A contract as request members (the wire types are loose JSON objects).
function wireContract(contract: Contract | undefined): Pick<SchemaPayload, 'metadata' | 'ruleSet'> {
  if (contract === undefined) return {}
  const json = contract as { metadata?: Record<string, unknown>; ruleSet?: Record<string, unknown> }
  return { ...(json.metadata !== undefined ? { metadata: json.metadata } : {}), ...(json.ruleSet !== undefined ? { ruleSet: json.ruleSet } : {}) }
}

// The parts of a contract a registry may or may not keep, each checked once per run.
function contractParts(contract: Contract): string[] {
  return [
    ...(contract.metadata?.tags ? ['metadata tags'] : []),
    ...(contract.metadata?.properties ? ['metadata properties'] : []),
    ...(contract.metadata?.sensitive ? ['metadata sensitive'] : []),
    ...(contract.metadata !== undefined && Object.keys(contract.metadata).length === 0 ? ['metadata'] : []),
    ...(contract.ruleSet !== undefined ? ['ruleSet'] : []),
  ]
}

/**
 * Copies the source's modes to a registry target, after its levels (a subject made READONLY
 * refuses level changes): each subject's own mode (IMPORT is not copied), then, when `global`, the
 * global mode unless it is READWRITE or IMPORT. A target without mode endpoints gets a warning and
 * no modes. Resolves to the scopes whose mode was written (`''` the global one), which the restore
 * of the target's previous modes then leaves alone.
 */
export async function copyModes(
  client: RegistryClient,
  source: Snapshot,
  options: { global: boolean },
  concurrency: number,
  warn: (message: string) => void,
  access: TargetAccess,
): Promise<Set<string>> {
  const written = new Set<string>()
  let unsupported = false
  const setMode = async (subject: string | undefined, mode: Mode) => {
    if (unsupported) return
    try {
      await (subject === undefined
        ? client.setMode(undefined, mode, { force: true })
        : access.writable(subject, () => client.setMode(subject, mode, { force: true })))
      written.add(subject ?? '')
    } catch (err) {
      if (!isModeUnsupported(err)) throw err
      if (!unsupported) warn(`The target registry ${client.url} has no mode endpoints (Karapace?): the source's modes were not copied.`)
      unsupported = true
    }
  }
  await mapInOrder(
    source.settings,
    async ([subject, own]) => (own.mode !== undefined && own.mode !== 'IMPORT' ? setMode(subject, own.mode) : undefined),
    () => undefined,
    { concurrency },
  )
  const mode = source.global.mode
  if (options.global && mode !== undefined && mode !== 'READWRITE' && mode !== 'IMPORT') await setMode(undefined, mode)
  return written
}
