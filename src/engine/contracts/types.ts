/**
 * Data contracts as the registry holds them: a schema version's `metadata` and `ruleSet`, and the
 * config fields that give them defaults and overrides. The shapes are the registry's JSON shapes
 * (Confluent's `Metadata`, `Rule` and `RuleSet` entities, as the official JS client types them);
 * values of these types are kept in the registry's normal form (see `parse.ts`), so
 * `JSON.stringify` of one is exactly what the registry answers.
 */

/** The rule kinds: a CONDITION checks a message, a TRANSFORM rewrites it. */
export const RULE_KINDS = ['TRANSFORM', 'CONDITION'] as const
export type RuleKind = (typeof RULE_KINDS)[number]

/** The rule modes, in the registry's declaration order. */
export const RULE_MODES = ['UPGRADE', 'DOWNGRADE', 'UPDOWN', 'WRITE', 'READ', 'WRITEREAD'] as const
export type RuleMode = (typeof RULE_MODES)[number]

/** The modes a migration rule may have (it runs between versions). */
export const MIGRATION_MODES: readonly RuleMode[] = ['UPGRADE', 'DOWNGRADE', 'UPDOWN']
/** The modes a domain or encoding rule may have (it runs on write, read or both). */
export const DOMAIN_MODES: readonly RuleMode[] = ['WRITE', 'READ', 'WRITEREAD']

/** The three lists of a rule set, in the registry's order. */
export const RULE_LISTS = ['migrationRules', 'domainRules', 'encodingRules'] as const
export type RuleList = (typeof RULE_LISTS)[number]

/** The metadata property the registry sets to a version's number. */
export const CONFLUENT_VERSION = 'confluent:version'

/**
 * A version's metadata: `tags` maps a field path (a wildcard pattern over field full names such as
 * `com.acme.User.ssn` or `**.ssn`) to its tags, `properties` holds string key-values (an owner, a
 * major version), `sensitive` names properties whose values are secrets. An empty member is absent.
 */
export interface Metadata {
  tags?: Record<string, string[]>
  properties?: Record<string, string>
  sensitive?: string[]
}

/**
 * One rule. `kind` and `mode` are always present once normalized (the registry fills in TRANSFORM
 * and WRITEREAD), and so is `disabled`; the other optional members are absent when empty.
 * `type` names the executor (`CEL`, `CEL_FIELD`, `JSONATA`, `ENCRYPT`, `ENCRYPT_PAYLOAD`, …);
 * `tags` limits a field rule to fields carrying one of them; `onSuccess`/`onFailure` name actions
 * (`NONE`, `ERROR`, `DLQ`, or `write,read` pairs for WRITEREAD and UPDOWN rules).
 */
export interface Rule {
  name: string
  doc?: string
  kind: RuleKind
  mode: RuleMode
  type: string
  tags?: string[]
  params?: Record<string, string>
  expr?: string
  onSuccess?: string
  onFailure?: string
  disabled: boolean
}

/** A version's rules: migration rules run between versions, domain rules on each message, encoding rules on the encoded bytes. */
export interface RuleSet {
  migrationRules?: Rule[]
  domainRules?: Rule[]
  encodingRules?: Rule[]
}

/** A version's data contract. An absent member means the version has none (distinct from an empty one). */
export interface Contract {
  metadata?: Metadata
  ruleSet?: RuleSet
}

/**
 * The config fields that shape contracts, at one scope (global or subject), named as in the
 * registry's `GET /config` answer. `compatibilityGroup` names a metadata property: a new version is
 * checked only against earlier versions with the same value of it.
 */
export interface ContractConfig {
  compatibilityGroup?: string
  defaultMetadata?: Metadata
  overrideMetadata?: Metadata
  defaultRuleSet?: RuleSet
  overrideRuleSet?: RuleSet
}

/**
 * A problem with a contract, as the registry would answer it: `errorCode` 42210 for an invalid rule
 * set (Confluent's `RuleException`), 400 for a value of the wrong JSON shape (what Jackson rejects
 * before the registry sees the request). `path` is a JSON Pointer into the value checked
 * (`/ruleSet/domainRules/0/name`).
 */
export interface ContractIssue {
  errorCode: 400 | 42210
  path: string
  message: string
}

/** An outcome of the contract functions: a value, or the issues that kept it from being one (never thrown). */
export type ContractOutcome<T> = { ok: true; value: T } | { ok: false; issues: ContractIssue[] }
