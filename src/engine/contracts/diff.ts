/**
 * What changed between two versions' data contracts, as typed changes beside the schema diff's:
 * tags added to or removed from a metadata path or a field, properties added, changed or removed,
 * sensitive properties, and rules added, removed, changed (naming the attributes), moved to another
 * list or reordered. `confluent:version` is left out: the registry rewrites it on every version.
 */
import { escapePointerSegment } from '../schema/locate.js'
import type { SchemaChange } from '../diff/types.js'
import type { ParsedSchema } from '../types.js'
import { taggedFields } from './tags.js'
import { CONFLUENT_VERSION, RULE_LISTS, type Contract, type Rule, type RuleList } from './types.js'

/** The attributes of a rule, in the registry's order, that `RULE_CHANGED` compares. */
const RULE_ATTRIBUTES = ['doc', 'kind', 'mode', 'type', 'tags', 'params', 'expr', 'onSuccess', 'onFailure', 'disabled'] as const

/** Options of `diffContracts`. */
export interface ContractDiffOptions {
  /** The two versions' schemas: inline `confluent:tags` changes on fields are reported too (paired by field full name). */
  schemas?: { a: ParsedSchema; b: ParsedSchema }
}

/**
 * The changes from contract `a` (old) to `b` (new). Paths are JSON Pointers into the contract
 * document (`/metadata/tags/**.ssn`, `/ruleSet/domainRules/1`) of `b`, or of `a` for what only `a`
 * has; inline tag changes point at the field in the schema (`/fields/2/confluent:tags`).
 */
export function diffContracts(a: Contract, b: Contract, options: ContractDiffOptions = {}): SchemaChange[] {
  return [...metadataChanges(a, b), ...ruleChanges(a, b), ...(options.schemas ? fieldTagChanges(options.schemas.a, options.schemas.b) : [])]
}

function metadataChanges(a: Contract, b: Contract): SchemaChange[] {
  const changes: SchemaChange[] = []
  const oldTags = a.metadata?.tags ?? {}
  const newTags = b.metadata?.tags ?? {}
  for (const path of unionKeys(oldTags, newTags)) {
    const before = oldTags[path] ?? []
    const after = newTags[path] ?? []
    const pointer = `/metadata/tags/${escapePointerSegment(path)}`
    for (const tag of after.filter((t) => !before.includes(t)))
      changes.push({ kind: 'METADATA_TAG_ADDED', path: pointer, message: `tag '${tag}' added to path '${path}'`, after: tag })
    for (const tag of before.filter((t) => !after.includes(t)))
      changes.push({ kind: 'METADATA_TAG_REMOVED', path: pointer, message: `tag '${tag}' removed from path '${path}'`, before: tag })
  }
  const oldProps = a.metadata?.properties ?? {}
  const newProps = b.metadata?.properties ?? {}
  for (const key of unionKeys(oldProps, newProps).filter((k) => k !== CONFLUENT_VERSION)) {
    const path = `/metadata/properties/${escapePointerSegment(key)}`
    const before = oldProps[key]
    const after = newProps[key]
    if (before === undefined) changes.push({ kind: 'METADATA_PROPERTY_ADDED', path, message: `property '${key}' added: ${JSON.stringify(after)}`, after })
    else if (after === undefined)
      changes.push({ kind: 'METADATA_PROPERTY_REMOVED', path, message: `property '${key}' removed (was ${JSON.stringify(before)})`, before })
    else if (before !== after)
      changes.push({
        kind: 'METADATA_PROPERTY_CHANGED',
        path,
        message: `property '${key}' changed from ${JSON.stringify(before)} to ${JSON.stringify(after)}`,
        before,
        after,
      })
  }
  const oldSensitive = a.metadata?.sensitive ?? []
  const newSensitive = b.metadata?.sensitive ?? []
  newSensitive.forEach((key, i) => {
    if (!oldSensitive.includes(key))
      changes.push({ kind: 'SENSITIVE_PROPERTY_ADDED', path: `/metadata/sensitive/${i}`, message: `property '${key}' marked sensitive`, after: key })
  })
  oldSensitive.forEach((key, i) => {
    if (!newSensitive.includes(key))
      changes.push({
        kind: 'SENSITIVE_PROPERTY_REMOVED',
        path: `/metadata/sensitive/${i}`,
        message: `property '${key}' no longer marked sensitive`,
        before: key,
      })
  })
  return changes
}

interface Placed {
  rule: Rule
  list: RuleList
  index: number
}

function ruleChanges(a: Contract, b: Contract): SchemaChange[] {
  const changes: SchemaChange[] = []
  const before = placedRules(a)
  const after = placedRules(b)
  const pointer = (p: Placed) => `/ruleSet/${p.list}/${p.index}`
  for (const [name, now] of after) {
    const was = before.get(name)
    if (was === undefined) {
      changes.push({ kind: 'RULE_ADDED', path: pointer(now), message: `${describeRule(now.rule)} added to ${now.list}`, after: now.rule })
      continue
    }
    if (was.list !== now.list)
      changes.push({
        kind: 'RULE_MOVED',
        path: pointer(now),
        message: `rule '${name}' moved from ${was.list} to ${now.list}`,
        before: was.list,
        after: now.list,
      })
    const changed = RULE_ATTRIBUTES.filter((attr) => JSON.stringify(was.rule[attr]) !== JSON.stringify(now.rule[attr]))
    if (changed.length > 0) {
      changes.push({
        kind: 'RULE_CHANGED',
        path: pointer(now),
        message: `rule '${name}' changed: ${changed.map((attr) => `${attr} ${describeValue(was.rule[attr])} → ${describeValue(now.rule[attr])}`).join(', ')}`,
        before: Object.fromEntries(changed.map((attr) => [attr, was.rule[attr] ?? null])),
        after: Object.fromEntries(changed.map((attr) => [attr, now.rule[attr] ?? null])),
      })
    }
  }
  for (const [name, was] of before) {
    if (!after.has(name))
      changes.push({ kind: 'RULE_REMOVED', path: pointer(was), message: `${describeRule(was.rule)} removed from ${was.list}`, before: was.rule })
  }
  for (const list of RULE_LISTS) {
    // Rules run in list order: the relative order of the rules both versions keep in this list matters.
    const kept = (b.ruleSet?.[list] ?? []).map((r) => r.name).filter((n) => before.get(n)?.list === list)
    const old = (a.ruleSet?.[list] ?? []).map((r) => r.name).filter((n) => kept.includes(n))
    if (old.join('\n') !== kept.join('\n'))
      changes.push({
        kind: 'RULE_ORDER_CHANGED',
        path: `/ruleSet/${list}`,
        message: `${list} run in a new order: ${kept.join(', ')} (was ${old.join(', ')})`,
        before: old,
        after: kept,
      })
  }
  return changes
}

function fieldTagChanges(a: ParsedSchema, b: ParsedSchema): SchemaChange[] {
  const changes: SchemaChange[] = []
  const before = new Map(taggedFields(a, undefined).map((f) => [f.fullName, f]))
  const after = new Map(taggedFields(b, undefined).map((f) => [f.fullName, f]))
  for (const [name, now] of after) {
    const was = before.get(name)?.inline ?? []
    for (const tag of now.inline.filter((t) => !was.includes(t)))
      changes.push({ kind: 'FIELD_TAG_ADDED', path: `${now.pointer}/confluent:tags`, message: `tag '${tag}' added to field ${name}`, after: tag })
  }
  for (const [name, was] of before) {
    const now = after.get(name)
    for (const tag of was.inline.filter((t) => !(now?.inline ?? []).includes(t))) {
      changes.push({
        kind: 'FIELD_TAG_REMOVED',
        path: `${now?.pointer ?? was.pointer}/confluent:tags`,
        message: `tag '${tag}' removed from field ${name}${now === undefined ? ' (the field is gone)' : ''}`,
        before: tag,
      })
    }
  }
  return changes
}

/** Every rule by name with its list and position (names are unique across the lists of a valid rule set). */
function placedRules(contract: Contract): Map<string, Placed> {
  const out = new Map<string, Placed>()
  for (const list of RULE_LISTS) contract.ruleSet?.[list]?.forEach((rule, index) => out.set(rule.name, { rule, list, index }))
  return out
}

function describeRule(rule: Rule): string {
  return `${rule.kind.toLowerCase()} rule '${rule.name}' (${rule.type}, ${rule.mode}${rule.tags ? `, tags ${rule.tags.join(', ')}` : ''}${rule.disabled ? ', disabled' : ''})`
}

function describeValue(value: unknown): string {
  return value === undefined ? '(none)' : JSON.stringify(value)
}

function unionKeys(a: Record<string, unknown>, b: Record<string, unknown>): string[] {
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()
}
