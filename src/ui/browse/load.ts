/** Loads the terminal UI of `schemactl browse` (ink and react) on demand: no other command pays for it. */
import type { runBrowse } from './run.js'

/** Imports the UI. Call only with a terminal on stdin and stdout. */
export async function loadBrowseUi(): Promise<typeof runBrowse> {
  // ink draws nothing but the last frame when it thinks it runs in CI (CI or CONTINUOUS_INTEGRATION
  // set), decided once when it is imported; browse runs only on a terminal, where a person reads it.
  for (const name of ['CI', 'CONTINUOUS_INTEGRATION']) if (process.env[name] !== undefined) process.env[name] = 'false'
  return (await import('./run.js')).runBrowse
}
