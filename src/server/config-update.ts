/**
 * A `PUT /config[/{s}]` body, read as the registry reads it: each member it sets replaces the one
 * stored at that scope, the others are kept. The level (`compatibility`, or `compatibilityLevel`)
 * is checked against the levels (42203); the contract members through the contract core, whose
 * rule-set checks answer 42210 and whose shape checks answer 400.
 */
import { contracts, isCompatibilityLevel } from '../engine/index.js'
import { restErrors } from './rest-error.js'
import type { ConfigValue } from './store/records.js'

/** The members of a config, in the order GET /config answers them. */
export const CONFIG_MEMBERS = [
  'compatibilityLevel',
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
] as const satisfies ReadonlyArray<keyof ConfigValue>

/** `config` with its members in the registry's order (a changelog written by older code may hold them in another). */
export function orderConfig(config: ConfigValue): ConfigValue {
  const out: Record<string, unknown> = {}
  for (const member of CONFIG_MEMBERS) if (config[member] !== undefined) out[member] = config[member]
  return out as ConfigValue
}

/**
 * The members a PUT body sets, validated; throws the registry's error for the first problem.
 * An update that sets nothing is refused with 42203, as the registry refuses one without a level.
 */
export function readConfigUpdate(body: Record<string, unknown>): ConfigValue {
  const update: ConfigValue = {}
  const rawLevel = body.compatibility ?? body.compatibilityLevel
  if (rawLevel !== undefined && rawLevel !== null) {
    const level = String(rawLevel).toUpperCase()
    if (!isCompatibilityLevel(level)) throw restErrors.invalidCompatibilityLevel()
    update.compatibilityLevel = level
  }
  for (const member of ['alias', 'compatibilityPolicy'] as const) {
    const value = body[member]
    if (value === undefined || value === null) continue
    if (typeof value !== 'string') throw restErrors.invalidConfigMember(member, 'a string')
    update[member] = value
  }
  for (const member of ['normalize', 'validateFields', 'validateRules'] as const) {
    const value = readBoolean(body[member])
    if (value === 'invalid') throw restErrors.invalidConfigMember(member, 'true or false')
    if (value !== undefined) update[member] = value
  }
  const contractMembers = contracts.parseContractConfig(body)
  if (!contractMembers.ok) throw restErrors.invalidContract(contractMembers.issues[0])
  Object.assign(update, contractMembers.value)
  if (Object.keys(update).length === 0) throw restErrors.invalidCompatibilityLevel()
  return update
}

/** A boolean as the registry's JSON reader takes one: true/false or their text; absent for null. */
function readBoolean(value: unknown): boolean | undefined | 'invalid' {
  if (value === undefined || value === null) return undefined
  if (typeof value === 'boolean') return value
  if (value === 'true' || value === 'false') return value === 'true'
  return 'invalid'
}
