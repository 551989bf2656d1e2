/**
 * Reading metadata, rule sets and contract configs from JSON values (a request body, a contract
 * file, a config file) into their normal form, as the registry reads them: Jackson's coercions
 * (a number or boolean where a string belongs becomes its text), `null` as absent, unknown members
 * dropped, then Confluent's entity constructors (maps sorted by key, sets sorted and deduplicated,
 * a rule's `kind` TRANSFORM and `mode` WRITEREAD when not given, `disabled` false). A value of the
 * wrong shape is a 400 issue; a rule set that is well formed but breaks the registry's rules is a
 * 42210 issue (see `validate.ts`). Pure; never throws.
 */
import { escapePointerSegment } from '../schema/locate.js'
import {
  RULE_KINDS,
  RULE_LISTS,
  RULE_MODES,
  type ContractConfig,
  type ContractIssue,
  type ContractOutcome,
  type Metadata,
  type Rule,
  type RuleKind,
  type RuleMode,
  type RuleSet,
} from './types.js'
import { validateRuleSet, type LooseRuleSet } from './validate.js'

/** Collects shape issues while a value is read. */
class Reader {
  readonly issues: ContractIssue[] = []

  fail(path: string, message: string): undefined {
    this.issues.push({ errorCode: 400, path, message })
    return undefined
  }

  /** A JSON object, or undefined for null/absent (an issue for anything else). */
  object(value: unknown, path: string, what: string): Record<string, unknown> | undefined {
    if (value === undefined || value === null) return undefined
    if (typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>
    return this.fail(path, `${what} must be a JSON object, got ${jsonType(value)}`)
  }

  /** A string, as Jackson reads one: numbers and booleans become their text, null is absent. */
  string(value: unknown, path: string): string | undefined {
    if (value === undefined || value === null) return undefined
    if (typeof value === 'string') return value
    if (typeof value === 'number' || typeof value === 'boolean') return String(value)
    return this.fail(path, `must be a string, got ${jsonType(value)}`)
  }

  /** A set of strings: sorted and without duplicates, as a Java TreeSet holds it. */
  stringSet(value: unknown, path: string): string[] | undefined {
    if (value === undefined || value === null) return undefined
    if (!Array.isArray(value)) return this.fail(path, `must be an array of strings, got ${jsonType(value)}`)
    const out = new Set<string>()
    value.forEach((item, i) => {
      // A null member would make the registry fail with an internal error: refuse it here.
      const text = item === null ? this.fail(`${path}/${i}`, 'must be a string, got null') : this.string(item, `${path}/${i}`)
      if (text !== undefined) out.add(text)
    })
    return [...out].sort(compareText)
  }

  /** A map of strings, keys sorted. */
  stringMap(value: unknown, path: string): Record<string, string> | undefined {
    const object = this.object(value, path, 'it')
    if (object === undefined) return undefined
    const out: Record<string, string> = {}
    for (const key of Object.keys(object).sort(compareText)) {
      const at = `${path}/${escapePointerSegment(key)}`
      const text = object[key] === null ? this.fail(at, 'must be a string, got null') : this.string(object[key], at)
      if (text !== undefined) out[key] = text
    }
    return out
  }

  /** A boolean as Jackson reads a primitive one: null is false, numbers and "true"/"false" are coerced. */
  boolean(value: unknown, path: string): boolean {
    if (value === undefined || value === null) return false
    if (typeof value === 'boolean') return value
    if (typeof value === 'number') return value !== 0
    if (value === 'true' || value === 'false') return value === 'true'
    this.fail(path, `must be true or false, got ${jsonType(value)}`)
    return false
  }

  /** One of an enum's names (case as written), or undefined when absent. */
  enumName<T extends string>(value: unknown, names: readonly T[], path: string, what: string): T | undefined {
    const text = this.string(value, path)
    if (text === undefined) return undefined
    if ((names as readonly string[]).includes(text)) return text as T
    return this.fail(path, `${JSON.stringify(text)} is not a ${what} (one of ${names.join(', ')})`)
  }
}

/**
 * Reads a `metadata` value into its normal form; null or absent gives `value: undefined`. Keys
 * other than `tags`, `properties` and `sensitive` are dropped, as the registry drops them.
 */
export function parseMetadata(raw: unknown, path = '/metadata'): ContractOutcome<Metadata | undefined> {
  const reader = new Reader()
  const value = readMetadata(reader, raw, path)
  return reader.issues.length > 0 ? { ok: false, issues: reader.issues } : { ok: true, value }
}

/**
 * Reads a `ruleSet` value into its normal form and checks it as the registry does (`validate.ts`):
 * shape issues (400) come first, as the registry never gets past them; then rule issues (42210)
 * in the registry's order, so the first issue is the one the registry answers.
 */
export function parseRuleSet(raw: unknown, path = '/ruleSet'): ContractOutcome<RuleSet | undefined> {
  const reader = new Reader()
  const loose = readRuleSet(reader, raw, path)
  if (reader.issues.length > 0) return { ok: false, issues: reader.issues }
  if (loose === undefined) return { ok: true, value: undefined }
  const issues = validateRuleSet(loose, path)
  return issues.length > 0 ? { ok: false, issues } : { ok: true, value: loose as RuleSet }
}

/**
 * Reads the contract fields of a registry config (`compatibilityGroup`, `defaultMetadata`,
 * `overrideMetadata`, `defaultRuleSet`, `overrideRuleSet`) from a config object; other keys are
 * ignored. Rule sets are checked as the registry checks them on `PUT /config`.
 */
export function parseContractConfig(raw: unknown, path = ''): ContractOutcome<ContractConfig> {
  const reader = new Reader()
  const object = reader.object(raw, path === '' ? '/' : path, 'a config') ?? {}
  const config: ContractConfig = {}
  const group = reader.string(object.compatibilityGroup, `${path}/compatibilityGroup`)
  if (group !== undefined) config.compatibilityGroup = group
  const issues: ContractIssue[] = []
  for (const key of ['defaultMetadata', 'overrideMetadata'] as const) {
    const outcome = parseMetadata(object[key], `${path}/${key}`)
    if (!outcome.ok) issues.push(...outcome.issues)
    else if (outcome.value !== undefined) config[key] = outcome.value
  }
  for (const key of ['defaultRuleSet', 'overrideRuleSet'] as const) {
    const outcome = parseRuleSet(object[key], `${path}/${key}`)
    if (!outcome.ok) issues.push(...outcome.issues)
    else if (outcome.value !== undefined) config[key] = outcome.value
  }
  const all = [...reader.issues, ...issues]
  return all.length > 0 ? { ok: false, issues: all } : { ok: true, value: config }
}

/** Orders strings as Java's `String.compareTo` does (by UTF-16 code unit), which TreeMap and TreeSet use. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

function readMetadata(reader: Reader, raw: unknown, path: string): Metadata | undefined {
  const object = reader.object(raw, path, 'metadata')
  if (object === undefined) return undefined
  const metadata: Metadata = {}
  const tagsObject = reader.object(object.tags, `${path}/tags`, 'metadata tags')
  if (tagsObject !== undefined) {
    const tags: Record<string, string[]> = {}
    for (const key of Object.keys(tagsObject).sort(compareText)) {
      const at = `${path}/tags/${escapePointerSegment(key)}`
      const set = tagsObject[key] === null ? reader.fail(at, 'must be an array of tags, got null') : reader.stringSet(tagsObject[key], at)
      if (set !== undefined) tags[key] = set
    }
    if (Object.keys(tags).length > 0) metadata.tags = tags
  }
  const properties = reader.stringMap(object.properties, `${path}/properties`)
  if (properties !== undefined && Object.keys(properties).length > 0) metadata.properties = properties
  const sensitive = reader.stringSet(object.sensitive, `${path}/sensitive`)
  if (sensitive !== undefined && sensitive.length > 0) metadata.sensitive = sensitive
  return metadata
}

function readRuleSet(reader: Reader, raw: unknown, path: string): LooseRuleSet | undefined {
  const object = reader.object(raw, path, 'a rule set')
  if (object === undefined) return undefined
  const ruleSet: LooseRuleSet = {}
  for (const list of RULE_LISTS) {
    const value = object[list]
    if (value === undefined || value === null) continue
    if (!Array.isArray(value)) {
      reader.fail(`${path}/${list}`, `must be an array of rules, got ${jsonType(value)}`)
      continue
    }
    const rules = value.flatMap((item, i) => {
      const rule = readRule(reader, item, `${path}/${list}/${i}`)
      return rule === undefined ? [] : [rule]
    })
    if (rules.length > 0) ruleSet[list] = rules
  }
  return ruleSet
}

function readRule(reader: Reader, raw: unknown, path: string): (Partial<Rule> & Pick<Rule, 'kind' | 'mode' | 'disabled'>) | undefined {
  if (raw === null) return reader.fail(path, 'must be a rule object, got null')
  const object = reader.object(raw, path, 'a rule')
  if (object === undefined) return undefined
  const name = reader.string(object.name, `${path}/name`)
  const doc = reader.string(object.doc, `${path}/doc`)
  const kind: RuleKind = reader.enumName(object.kind, RULE_KINDS, `${path}/kind`, 'rule kind') ?? 'TRANSFORM'
  const mode: RuleMode = reader.enumName(object.mode, RULE_MODES, `${path}/mode`, 'rule mode') ?? 'WRITEREAD'
  const type = reader.string(object.type, `${path}/type`)
  const tags = reader.stringSet(object.tags, `${path}/tags`)
  const params = reader.stringMap(object.params, `${path}/params`)
  const expr = reader.string(object.expr, `${path}/expr`)
  const onSuccess = reader.string(object.onSuccess, `${path}/onSuccess`)
  const onFailure = reader.string(object.onFailure, `${path}/onFailure`)
  const disabled = reader.boolean(object.disabled, `${path}/disabled`)
  // Members in the registry's order; empty strings, sets and maps are left out as it leaves them out.
  return {
    ...(name !== undefined ? { name } : {}),
    ...(doc ? { doc } : {}),
    kind,
    mode,
    ...(type !== undefined ? { type } : {}),
    ...(tags !== undefined && tags.length > 0 ? { tags } : {}),
    ...(params !== undefined && Object.keys(params).length > 0 ? { params } : {}),
    ...(expr ? { expr } : {}),
    ...(onSuccess ? { onSuccess } : {}),
    ...(onFailure ? { onFailure } : {}),
    disabled,
  }
}

function jsonType(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'object') return 'an object'
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`
  return `${typeof value === 'number' ? 'the number' : 'the boolean'} ${String(value)}`
}
