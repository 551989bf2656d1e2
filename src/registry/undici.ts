/** Lazy access to undici: commands that never talk HTTP never load it. */
import type { Agent, Dispatcher } from 'undici'

/** undici's request API, called with a dispatcher as `this`. */
export type RequestFn = (this: Dispatcher, options: Dispatcher.RequestOptions) => Promise<Dispatcher.ResponseData>

let modules: Promise<{ Agent: typeof Agent; request: RequestFn }> | undefined

/**
 * undici's Agent class and its `request` API, loaded once. Importing just these modules takes half
 * the time of the package entry (which also loads fetch, WebSocket, caches, mocks), and a CLI pays
 * it on every run; the package entry is the fallback should the layout change.
 */
export function loadUndici(): Promise<{ Agent: typeof Agent; request: RequestFn }> {
  modules ??= (async () => {
    try {
      const agentModule: string = 'undici/lib/dispatcher/agent.js'
      const requestModule: string = 'undici/lib/api/api-request.js'
      const [agent, request] = await Promise.all([import(agentModule), import(requestModule)])
      return { Agent: (agent as { default: typeof Agent }).default, request: (request as { default: RequestFn }).default }
    } catch {
      const undici = await import('undici')
      return { Agent: undici.Agent, request: undici.Dispatcher.prototype.request as RequestFn }
    }
  })()
  return modules
}

/** Sends one request through `dispatcher` (any undici dispatcher, e.g. a test's) with undici's request API. */
export async function requestWith(dispatcher: Dispatcher, options: Dispatcher.RequestOptions): Promise<Dispatcher.ResponseData> {
  const { request } = await loadUndici()
  return request.call(dispatcher, options)
}
