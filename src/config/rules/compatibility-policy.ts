import { validatePolicy } from './schema-type-value.js'
import type { KeyRule } from './rule.js'

/** `compatibilityPolicy`: JSON Schema's policy for every subject (the registry's config field of that name). */
export const compatibilityPolicyRule: KeyRule<'compatibilityPolicy'> = {
  key: 'compatibilityPolicy',
  purpose:
    "JSON Schema's compatibility policy of every subject: STRICT (the registry's default) or LENIENT (an optional property added to an open content model is allowed).",
  defaultValue: () => undefined,
  validate: (value, context) => validatePolicy(value, 'compatibilityPolicy', context),
}
