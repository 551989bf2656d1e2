import { parseContractConfig } from '../../engine/contracts/parse.js'
import type { ContractConfig } from '../../engine/contracts/types.js'
import { pointerSegments } from '../../engine/schema/locate.js'
import { describeValue, isPlainObject, unknownKeyMessage, type KeyRule, type RuleContext } from './rule.js'

/** The contract settings, named as the registry's config fields. */
export const CONTRACT_KEYS = ['compatibilityGroup', 'defaultMetadata', 'overrideMetadata', 'defaultRuleSet', 'overrideRuleSet'] as const

/** `contracts`: the data-contract settings of every subject (a subject's own `contracts` wins field by field). */
export const contractsRule: KeyRule<'contracts'> = {
  key: 'contracts',
  purpose:
    'Data-contract settings, as the registry\'s config fields: { "compatibilityGroup": "<metadata property>", "defaultMetadata": {…}, "overrideMetadata": {…}, "defaultRuleSet": {…}, "overrideRuleSet": {…} }.',
  defaultValue: () => ({}),
  validate: (value, context) => validateContractSettings(value, 'contracts', context),
}

/**
 * Validates contract settings at `path` (`contracts`, `subjects.<s>.contracts`) as the registry
 * validates a config update: metadata of the right shape, rule sets it would accept. Issues are
 * reported at dotted paths (`contracts.defaultRuleSet.domainRules.0.mode`).
 */
export function validateContractSettings(value: unknown, path: string, context: RuleContext): ContractConfig {
  if (!isPlainObject(value)) {
    context.error(path, `expected an object such as { "defaultMetadata": { "properties": { "owner": "team" } } }, got ${describeValue(value)}`)
    return {}
  }
  for (const key of Object.keys(value)) {
    if (!(CONTRACT_KEYS as readonly string[]).includes(key)) context.warn(`${path}.${key}`, unknownKeyMessage(key, CONTRACT_KEYS))
  }
  if (value.compatibilityGroup !== undefined && (typeof value.compatibilityGroup !== 'string' || value.compatibilityGroup === '')) {
    context.error(`${path}.compatibilityGroup`, `expected the name of a metadata property, got ${describeValue(value.compatibilityGroup)}`)
  }
  const outcome = parseContractConfig(value)
  if (!outcome.ok) {
    for (const issue of outcome.issues) context.error([path, ...pointerSegments(issue.path)].join('.'), issue.message)
    return {}
  }
  return outcome.value
}
