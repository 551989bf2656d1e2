import { approvalsRule } from './approvals.js'
import { compatibilityRule } from './compatibility.js'
import { compatibilityPolicyRule } from './compatibility-policy.js'
import { contractsRule } from './contracts.js'
import { lintRule } from './lint.js'
import { defaultRegistryRule } from './default-registry.js'
import { registriesRule } from './registries.js'
import type { KeyRule } from './rule.js'
import { subjectsRule } from './subjects.js'

/** Every top-level configuration key, one rule each; a key not listed here is warned about. */
export const KEY_RULES: readonly KeyRule[] = [
  compatibilityRule,
  compatibilityPolicyRule,
  subjectsRule,
  registriesRule,
  defaultRegistryRule,
  approvalsRule,
  lintRule,
  contractsRule,
] as KeyRule[]
