import { compatibilityRule } from './compatibility.js'
import type { KeyRule } from './rule.js'
import { subjectsRule } from './subjects.js'

/** Every top-level configuration key, one rule each; a key not listed here is warned about. */
export const KEY_RULES: readonly KeyRule[] = [compatibilityRule, subjectsRule] as KeyRule[]
