/** Lazy access to undici: commands that never talk HTTP never load it. */
import type { Agent } from 'undici'

let agentClass: Promise<typeof Agent> | undefined

/**
 * undici's Agent class, loaded once. Importing just its module takes half the time of the package
 * entry (which also loads fetch, WebSocket, caches, mocks), and a CLI pays it on every run. The
 * specifier is literal so that the build bundles it (scripts/build.mjs); its type is declared in
 * undici-lib.d.ts. Requests go through `exchange`, not undici's request API.
 */
export function loadUndici(): Promise<typeof Agent> {
  agentClass ??= import('undici/lib/dispatcher/agent.js').then((agent) => agent.default)
  return agentClass
}
