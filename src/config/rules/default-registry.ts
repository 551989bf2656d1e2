import { describeValue, isPlainObject, type KeyRule } from './rule.js'

/** `defaultRegistry`: the profile used when no --registry or SCHEMA_REGISTRY_URL is given. */
export const defaultRegistryRule: KeyRule<'defaultRegistry'> = {
  key: 'defaultRegistry',
  purpose: 'The profile of `registries` used when neither --registry nor SCHEMA_REGISTRY_URL is given.',
  defaultValue: () => undefined,
  validate(value, context) {
    if (typeof value !== 'string') {
      context.error('defaultRegistry', `expected a profile name, got ${describeValue(value)}`)
      return undefined
    }
    const profiles = context.raw.registries
    if (!isPlainObject(profiles) || !(value in profiles)) {
      context.error('defaultRegistry', `'${value}' is not a profile under registries`)
      return undefined
    }
    return value
  },
}
