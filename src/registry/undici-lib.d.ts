// The type of the undici module src/registry/undici.ts imports directly (undici types only its entry).
declare module 'undici/lib/dispatcher/agent.js' {
  /** undici's Agent class, as the package entry exports it. */
  const Agent: typeof import('undici').Agent
  export default Agent
}
