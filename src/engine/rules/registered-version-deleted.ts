import type { HistoryRule } from './types.js'

/** `REGISTERED_VERSION_DELETED`: a version the baseline has is missing from the workspace. */
export const registeredVersionDeletedRule: HistoryRule = {
  id: 'REGISTERED_VERSION_DELETED',
  kind: 'history',
  severity: 'warning',
  purpose: 'A version that the baseline has is missing from the workspace.',
  docs: 'Deleting a version file does not delete the registered version: the registry still checks new versions against it (at transitive levels) and consumers may still read data written with it. Restore the file, or delete the version in the registry on purpose (schemactl delete) and then remove it here.',
}
