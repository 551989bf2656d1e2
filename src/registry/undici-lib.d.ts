// Types of the two undici modules src/registry/undici.ts imports directly (undici types only its entry).
declare module 'undici/lib/dispatcher/agent.js' {
  /** undici's Agent class, as the package entry exports it. */
  const Agent: typeof import('undici').Agent
  export default Agent
}

declare module 'undici/lib/api/api-request.js' {
  /** undici's `request` API, called with a dispatcher as `this`. */
  const request: (this: import('undici').Dispatcher, options: import('undici').Dispatcher.RequestOptions) => Promise<import('undici').Dispatcher.ResponseData>
  export default request
}
