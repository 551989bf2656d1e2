import { readFileSync } from 'node:fs'
import type { Config } from '../../config/config.js'
import { contractConfigForSubject } from '../../config/subject-contracts.js'
import { applyContractConfig, effectiveContractConfig, type Contract, type ContractConfig } from '../../engine/contracts/index.js'
import { escapePointerSegment, locatePointer, pointerSegments, readJsonText, type TextPosition } from '../../engine/schema/index.js'
import type { LoadedSubject } from '../../workspace/workspace.js'

/** A contract member (`metadata` or `ruleSet`) as one file writes it: its JSON and its pointer in the file. */
interface WrittenMember {
  json: unknown
  pointer: string
}

/** A file that writes part of a version's contract: a contract file, or the config file's settings. */
export interface ContractSource {
  /** Relative to the workspace root for a contract file; the config file's path as loaded for the config. */
  file: string
  text?: string
  metadata?: WrittenMember
  ruleSet?: WrittenMember
}

/** A version's contract as the registry would store it, and the files that wrote it (most specific first). */
export interface LocatedContract {
  version: number
  contract: Contract
  sources: ContractSource[]
}

/** The loaded config file, for placing findings in its contract settings. */
export interface ConfigFile {
  file: string
  text?: string
  json?: unknown
}

/**
 * The contract of every version of a loaded subject (oldest first), as a registry that received the
 * versions in order would store them (engine/contracts/prepare.ts): a version's contract file
 * states its metadata and rule set, a member it leaves out (or a version without a file) inherits
 * the previous version's, and the config's `contracts` (the subject's entry over the top level)
 * add defaults and overrides. A version with an invalid contract file counts as stating nothing.
 */
export function subjectContracts(loaded: LoadedSubject, config: Config, configFile?: ConfigFile): LocatedContract[] {
  const scopes = contractConfigForSubject(config, loaded.subject)
  const configSources = configContractSources(loaded.subject, config, scopes, configFile)
  const out: LocatedContract[] = []
  let previous: Contract | undefined
  const written: ContractSource[] = []
  for (const version of loaded.versions) {
    const document = version.contract?.document ?? {}
    const contract = applyContractConfig(document, { previous, subjectConfig: scopes.subject, globalConfig: scopes.global, newVersion: version.version })
    if (version.contract?.json !== undefined) {
      const json = version.contract.json as Record<string, unknown>
      written.unshift({
        file: version.contract.file,
        text: version.contract.text,
        ...(json.metadata != null ? { metadata: { json: json.metadata, pointer: '/metadata' } } : {}),
        ...(json.ruleSet != null ? { ruleSet: { json: json.ruleSet, pointer: '/ruleSet' } } : {}),
      })
    }
    out.push({ version: version.version, contract, sources: [...configSources.overrides, ...written, ...configSources.defaults] })
    previous = contract
  }
  return out
}

/**
 * The contract of every version of a loaded subject (by version number), as a registry with the
 * contract config `scopes` (the subject's and the global one) that received the versions in order
 * would store them: `subjectContracts` without the files that wrote them. `check` uses it with the
 * workspace's config, or with a registry's config when checking against that registry.
 */
export function versionContracts(loaded: LoadedSubject, scopes: { subject?: ContractConfig; global: ContractConfig }): Map<number, Contract> {
  const out = new Map<number, Contract>()
  let previous: Contract | undefined
  for (const version of loaded.versions) {
    previous = applyContractConfig(version.contract?.document ?? {}, {
      previous,
      subjectConfig: scopes.subject,
      globalConfig: scopes.global,
      newVersion: version.version,
    })
    out.set(version.version, previous)
  }
  return out
}

/** The config file, read as JSON when it is JSON (a JavaScript or YAML config gives no positions). */
export function readConfigFile(file: string | undefined): ConfigFile | undefined {
  if (file === undefined) return undefined
  try {
    const text = readFileSync(file, 'utf8')
    const json = readJsonText(text)
    return json.ok ? { file, text, json: json.value } : { file }
  } catch {
    return { file }
  }
}

/**
 * Where a pointer into a version's contract (`/ruleSet/domainRules/2/tags/0`) is written: the first
 * source that writes that rule (by name), tag path or property, with the pointer translated into
 * that file and its line and column when the file is JSON. Undefined when no source writes it.
 */
export function locateInContract(pointer: string, located: LocatedContract): ({ file: string; location: string } & Partial<TextPosition>) | undefined {
  const [member, ...rest] = pointerSegments(pointer)
  for (const source of located.sources) {
    const written = member === 'ruleSet' ? source.ruleSet : member === 'metadata' ? source.metadata : undefined
    if (written === undefined) continue
    const inside = member === 'ruleSet' ? ruleSetPointer(rest, located.contract, written.json) : metadataPointer(rest, written.json)
    if (inside === undefined) continue
    const location = written.pointer + inside
    const position = source.text === undefined ? undefined : locatePointer(source.text, location)
    return { file: source.file, location, ...position }
  }
  return undefined
}

/** The rule's pointer inside a written rule set, found by the rule's name (and a rule tag by its value). */
function ruleSetPointer(segments: string[], contract: Contract, json: unknown): string | undefined {
  const [list, index, ...rest] = segments
  const rule = contract.ruleSet?.[list as keyof typeof contract.ruleSet]?.[Number(index)]
  const written = (json as Record<string, unknown> | null)?.[list]
  if (rule === undefined || !Array.isArray(written)) return undefined
  const at = written.findIndex((r) => (r as { name?: unknown } | null)?.name === rule.name)
  if (at < 0) return undefined
  if (rest[0] === 'tags' && rest[1] !== undefined) {
    const tags = (written[at] as { tags?: unknown }).tags
    const tagAt = Array.isArray(tags) ? tags.indexOf(rule.tags?.[Number(rest[1])]) : -1
    if (tagAt >= 0) rest[1] = String(tagAt)
  }
  return [list, String(at), ...rest].map((s) => `/${escapePointerSegment(s)}`).join('')
}

/** The pointer inside written metadata when it has the tag path, property or sensitive key named. */
function metadataPointer(segments: string[], json: unknown): string | undefined {
  const [part, key] = segments
  const written = (json as Record<string, unknown> | null)?.[part]
  if (written === undefined || written === null) return undefined
  if (key === undefined) return `/${part}`
  const has = Array.isArray(written) ? written.length > Number(key) : typeof written === 'object' && key in written
  return has ? segments.map((s) => `/${escapePointerSegment(s)}`).join('') : undefined
}

/** The config file's override and default settings that apply to a subject, as contract sources. */
function configContractSources(
  subject: string,
  config: Config,
  scopes: { subject?: ContractConfig; global: ContractConfig },
  configFile: ConfigFile | undefined,
) {
  const effective = effectiveContractConfig(scopes.subject, scopes.global)
  const entry = scopes.subject === undefined ? undefined : subjectEntry(subject, config)
  const pointerOf = (key: keyof ContractConfig) =>
    scopes.subject?.[key] !== undefined && entry !== undefined ? `/subjects/${escapePointerSegment(entry)}/contracts/${key}` : `/contracts/${key}`
  const member = (key: keyof ContractConfig): WrittenMember | undefined => {
    if (effective[key] === undefined) return undefined
    const pointer = pointerOf(key)
    return { json: valueAt(configFile?.json, pointer) ?? effective[key], pointer }
  }
  const source = (metadata: keyof ContractConfig, ruleSet: keyof ContractConfig): ContractSource[] => {
    const m = member(metadata)
    const r = member(ruleSet)
    return m === undefined && r === undefined
      ? []
      : [{ file: configFile?.file ?? 'the config', text: configFile?.text, ...(m ? { metadata: m } : {}), ...(r ? { ruleSet: r } : {}) }]
  }
  return { overrides: source('overrideMetadata', 'overrideRuleSet'), defaults: source('defaultMetadata', 'defaultRuleSet') }
}

/** The `subjects` key whose settings apply to a subject (its own name, else the first matching glob with contracts). */
function subjectEntry(subject: string, config: Config): string | undefined {
  if (config.subjects[subject]?.contracts !== undefined) return subject
  const scopes = contractConfigForSubject(config, subject)
  return Object.keys(config.subjects).find((key) => config.subjects[key].contracts === scopes.subject)
}

function valueAt(json: unknown, pointer: string): unknown {
  let node = json
  for (const segment of pointerSegments(pointer)) {
    if (typeof node !== 'object' || node === null) return undefined
    node = (node as Record<string, unknown>)[segment]
  }
  return node
}
