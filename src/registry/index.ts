/** Public API of the registry client (re-exported by the library entry). */
export { RegistryClient, type RegistryClientOptions } from './client.js'
export { RegistryError, hasRegistryCode, type RegistryErrorDetails, type RequestContext } from './errors.js'
export type { RegistryAuth } from './auth.js'
export type { RegistryTls, RetryPolicy } from './transport.js'
export { subjectPathSegment, qualifySubject, contextPrefix } from './paths.js'
export { splitUrl, safeUrl } from './url.js'
export * from './types.js'
