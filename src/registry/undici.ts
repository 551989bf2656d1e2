/** Lazy access to undici: commands that never talk HTTP never load it. */
import type { Agent, Dispatcher } from 'undici'

/** undici's request API, called with a dispatcher as `this`. */
export type RequestFn = (this: Dispatcher, options: Dispatcher.RequestOptions) => Promise<Dispatcher.ResponseData>

let modules: Promise<{ Agent: typeof Agent; request: RequestFn }> | undefined

/**
 * undici's Agent class and its `request` API, loaded once. Importing just these modules takes half
 * the time of the package entry (which also loads fetch, WebSocket, caches, mocks), and a CLI pays
 * it on every run. The specifiers are literal so that the build bundles them (scripts/build.mjs);
 * their types are declared in undici-lib.d.ts.
 */
export function loadUndici(): Promise<{ Agent: typeof Agent; request: RequestFn }> {
  modules ??= Promise.all([import('undici/lib/dispatcher/agent.js'), import('undici/lib/api/api-request.js')]).then(([agent, request]) => ({
    Agent: agent.default,
    request: request.default,
  }))
  return modules
}

/** Sends one request through `dispatcher` (any undici dispatcher, e.g. a test's) with undici's request API. */
export async function requestWith(dispatcher: Dispatcher, options: Dispatcher.RequestOptions): Promise<Dispatcher.ResponseData> {
  const { request } = await loadUndici()
  return request.call(dispatcher, options)
}
