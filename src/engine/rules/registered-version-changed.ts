import type { HistoryRule } from './types.js'

/** `REGISTERED_VERSION_CHANGED`: a version the baseline has was rewritten in the workspace. */
export const registeredVersionChangedRule: HistoryRule = {
  id: 'REGISTERED_VERSION_CHANGED',
  kind: 'history',
  severity: 'error',
  purpose: 'A version that the baseline already has was changed in the workspace.',
  docs: 'A registered version is history: the registry keeps it as it was, and registering the edited file would add a new version instead. Restore the file as the baseline has it and put the change in a new version file (the next number).',
}
