/**
 * An export's contract config as the workspace reads it. `schemactl-export.json` keeps every scope's
 * config members as the registry holds them (what an import copies back); `check` reads contract
 * settings from the folder's config file (`contracts`, `subjects.<s>.contracts`), so the export
 * writes them there too: the global members at the top level, a context's as a `:.ctx:*` entry, and
 * a subject's own over its context's (the workspace has no context scope, and a subject's entry
 * replaces a glob's whole).
 */
import { existsSync } from 'node:fs'
import { readFile, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { CONFIG_FILES } from '../../config/load.js'
import { CONTRACT_KEYS } from '../../config/rules/contracts.js'
import type { ContractConfig } from '../../engine/contracts/index.js'
import type { ExportMetadata } from './export-folder.js'
import type { ConfigMembers } from './types.js'

/** The config file an export writes when the folder has none. */
export const EXPORT_CONFIG_FILE = 'schemactl.config.json'

/**
 * Writes the contract settings of `metadata` (the export's merged record) into the folder's config
 * file: creates `schemactl.config.json` when the folder has no config file and there is something
 * to write; in an existing `schemactl.config.json`, sets (or removes) the top-level `contracts` and
 * the `contracts` of the entries of the exported subjects and contexts, keeping everything else.
 * A config file of another kind (YAML, JavaScript, package.json) is left alone: resolves to a
 * warning then, as for a `schemactl.config.json` that is not plain JSON.
 */
export async function writeExportContracts(dir: string, metadata: ExportMetadata): Promise<string | undefined> {
  const { global, entries } = workspaceContracts(metadata)
  const wanted = global !== undefined || [...entries.values()].some((c) => c !== undefined)
  const existing = CONFIG_FILES.find((name) => existsSync(join(dir, name)))
  if (existing === undefined && !wanted) return undefined
  if (existing !== undefined && existing !== EXPORT_CONFIG_FILE) {
    return wanted
      ? `The export's contract config (compatibilityGroup, defaults, overrides) is in schemactl-export.json only: ${existing} is not ${EXPORT_CONFIG_FILE}, so add it to its "contracts" for check to apply it.`
      : undefined
  }
  const file = join(dir, EXPORT_CONFIG_FILE)
  let config: Record<string, unknown> = {}
  if (existing !== undefined) {
    try {
      const parsed: unknown = JSON.parse(await readFile(file, 'utf8'))
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object')
      config = parsed as Record<string, unknown>
    } catch {
      return wanted
        ? `The export's contract config is in schemactl-export.json only: ${EXPORT_CONFIG_FILE} is not plain JSON, so it was left as it is.`
        : undefined
    }
  }
  if (global !== undefined) config.contracts = global
  else delete config.contracts
  const subjects = (typeof config.subjects === 'object' && config.subjects !== null ? config.subjects : {}) as Record<string, Record<string, unknown>>
  for (const [key, contracts] of entries) {
    const entry = { ...subjects[key] }
    if (contracts !== undefined) entry.contracts = contracts
    else delete entry.contracts
    if (Object.keys(entry).length) subjects[key] = entry
    else delete subjects[key]
  }
  if (Object.keys(subjects).length) config.subjects = subjects
  else delete config.subjects
  await writeFile(`${file}.tmp`, JSON.stringify(config, null, 2) + '\n')
  await rename(`${file}.tmp`, file)
  return undefined
}

/**
 * The workspace's contract settings for `metadata`: the global ones, and for each exported scope its
 * `subjects` key (`:.ctx:*` for a context) with its settings, or undefined where it has none.
 */
export function workspaceContracts(metadata: ExportMetadata): { global?: ContractConfig; entries: Map<string, ContractConfig | undefined> } {
  const contexts = new Map<string, ContractConfig | undefined>()
  const entries = new Map<string, ContractConfig | undefined>()
  for (const [scope, entry] of Object.entries(metadata.subjects)) if (/^:\.[^:]*:$/.test(scope)) contexts.set(scope, contractsOf(entry.config))
  for (const [scope, entry] of Object.entries(metadata.subjects)) {
    if (contexts.has(scope)) {
      entries.set(`${scope}*`, contexts.get(scope))
      continue
    }
    const own = contractsOf(entry.config)
    const context = contexts.get(/^(:\.[^:]*:)/.exec(scope)?.[1] ?? '')
    entries.set(scope, own === undefined ? undefined : ordered({ ...context, ...own }))
  }
  return { global: contractsOf(metadata.global.config), entries }
}

// The members the workspace's `contracts` takes, in its order; undefined when none is set.
function contractsOf(members: ConfigMembers | undefined): ContractConfig | undefined {
  if (members === undefined) return undefined
  const out = ordered(members)
  return Object.keys(out).length ? out : undefined
}

function ordered(members: ContractConfig): ContractConfig {
  const out: Record<string, unknown> = {}
  for (const key of CONTRACT_KEYS) if (members[key] !== undefined) out[key] = members[key]
  return out as ContractConfig
}
