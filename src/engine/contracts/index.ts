/**
 * Data contracts (a schema version's `metadata` and `ruleSet`): their registry shapes, reading and
 * validation, the registry's merge and inheritance on registration, contract identity,
 * compatibility groups, field tags and contract diffs. Pure: no I/O. Rules are stored and checked,
 * never executed.
 */
export * from './types.js'
export { compareText, parseContractConfig, parseMetadata, parseRuleSet } from './parse.js'
export { RULE_NAME_MAX_LENGTH, ruleNameProblem, validateRuleSet } from './validate.js'
export { confluentVersion, mergeMetadata, mergeRuleSets, setConfluentVersion } from './merge.js'
export { applyContractConfig, effectiveContractConfig, prepareContract, type PrepareContractInput } from './prepare.js'
export { contractIdentity, findVersionByContract, matchesMetadataProperties, sameContract } from './identity.js'
export { versionsInCompatibilityGroup } from './group.js'
export { INLINE_TAGS_PROPERTY, inlineTags, matchesFieldPath, taggedFields, type TaggedField } from './tags.js'
export { diffContracts, type ContractDiffOptions } from './diff.js'
export * from './expressions.js'
export { parseContractDocument, type ContractDocument } from './document.js'
