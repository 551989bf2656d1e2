/**
 * How the registry merges two metadata values or two rule sets (Confluent's
 * `Metadata.mergeMetadata` and `RuleSet.mergeRuleSets`), the step behind config defaults and
 * overrides. The newer value wins: per tag path, per property key and per rule name (within the
 * same list); `sensitive` is a union. Inputs are in normal form; so are the outputs.
 */
import { compareText } from './parse.js'
import { CONFLUENT_VERSION, RULE_LISTS, type Metadata, type Rule, type RuleSet } from './types.js'

/**
 * `older` overlaid with `newer`: each member (`tags`, `properties`, `sensitive`) that only one side
 * has is taken from it; when both have it, `tags` and `properties` are merged key by key with the
 * newer entry winning whole (the tags of one path are replaced, not united) and `sensitive` is the
 * union. Undefined when both are.
 */
export function mergeMetadata(older: Metadata | undefined, newer: Metadata | undefined): Metadata | undefined {
  if (older === undefined) return newer
  if (newer === undefined) return older
  const merged: Metadata = {}
  const tags = mergeMaps(older.tags, newer.tags)
  if (tags !== undefined) merged.tags = tags
  const properties = mergeMaps(older.properties, newer.properties)
  if (properties !== undefined) merged.properties = properties
  const sensitive =
    older.sensitive === undefined
      ? newer.sensitive
      : newer.sensitive === undefined
        ? older.sensitive
        : [...new Set([...older.sensitive, ...newer.sensitive])].sort(compareText)
  if (sensitive !== undefined) merged.sensitive = sensitive
  return merged
}

/**
 * `older` overlaid with `newer`, list by list (migration, domain, encoding): a list only one side
 * has is taken from it; otherwise the older rules whose name the newer list does not use keep their
 * order, followed by every newer rule. So a default rule is replaced by a same-named rule of the
 * version, and an override rule lands last. Undefined when both are.
 */
export function mergeRuleSets(older: RuleSet | undefined, newer: RuleSet | undefined): RuleSet | undefined {
  if (older === undefined) return newer
  if (newer === undefined) return older
  const merged: RuleSet = {}
  for (const list of RULE_LISTS) {
    const rules = mergeRules(older[list], newer[list])
    if (rules !== undefined) merged[list] = rules
  }
  return merged
}

/**
 * `metadata` with its `confluent:version` property set to `version` (created when `metadata` is
 * undefined), as the registry stamps a version it registers.
 */
export function setConfluentVersion(metadata: Metadata | undefined, version: number): Metadata {
  return mergeMetadata(metadata, { properties: { [CONFLUENT_VERSION]: String(version) } }) as Metadata
}

/** The `confluent:version` property of `metadata`, if it has one. */
export function confluentVersion(metadata: Metadata | undefined): string | undefined {
  return metadata?.properties?.[CONFLUENT_VERSION]
}

function mergeMaps<T>(older: Record<string, T> | undefined, newer: Record<string, T> | undefined): Record<string, T> | undefined {
  if (older === undefined) return newer
  if (newer === undefined) return older
  const merged = { ...older, ...newer }
  return Object.fromEntries(
    Object.keys(merged)
      .sort(compareText)
      .map((k) => [k, merged[k]]),
  )
}

function mergeRules(older: Rule[] | undefined, newer: Rule[] | undefined): Rule[] | undefined {
  if (older === undefined) return newer
  if (newer === undefined) return older
  const replaced = new Set(newer.map((r) => r.name))
  return [...older.filter((r) => !replaced.has(r.name)), ...newer]
}
