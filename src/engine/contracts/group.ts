/**
 * Compatibility groups: with `compatibilityGroup` set to a metadata property name (such as
 * `application.major.version`), the registry checks a new version only against earlier versions
 * whose value of that property equals the new version's. Versions without the property form a
 * group of their own. This is how a team starts a new major version: a breaking change registered
 * under a new value is checked against nothing earlier, and later versions of that value are
 * checked against each other only.
 */
import type { Metadata } from './types.js'

/**
 * The members of `previous` (in their order) that a new version with metadata `metadata` is checked
 * against: all of them when `groupProperty` is undefined, else those whose `metadataOf` has the
 * same value of the `groupProperty` property (absent equals absent), as the registry filters them
 * after the new version's contract has been prepared.
 */
export function versionsInCompatibilityGroup<T>(
  metadata: Metadata | undefined,
  previous: readonly T[],
  groupProperty: string | undefined,
  metadataOf: (version: T) => Metadata | undefined,
): T[] {
  if (groupProperty === undefined) return [...previous]
  const value = metadata?.properties?.[groupProperty]
  return previous.filter((version) => metadataOf(version)?.properties?.[groupProperty] === value)
}
