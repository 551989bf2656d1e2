/** Helpers for registry base URLs: credentials are taken out of URLs before anything prints them. */

/** A base URL split into the URL without credentials and the credentials it carried. */
export interface SplitUrl {
  /** Origin and path, no credentials, no trailing slash. */
  url: string
  username?: string
  password?: string
}

/**
 * Parses a registry base URL and removes `user:pass@` (returned separately, percent-decoded).
 * Throws a TypeError for a string that is not an absolute http(s) URL.
 */
export function splitUrl(raw: string): SplitUrl {
  const u = new URL(raw.trim())
  // Not `safeUrl`, which calls this function: the URL parses but is not http(s), so mask by pattern.
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new TypeError(`not an http(s) URL: ${maskCredentials(raw)}`)
  const username = u.username ? decodeURIComponent(u.username) : undefined
  const password = u.password ? decodeURIComponent(u.password) : undefined
  u.username = ''
  u.password = ''
  u.hash = ''
  const url = u.toString().replace(/\/+$/, '')
  return { url, ...(username !== undefined ? { username } : {}), ...(password !== undefined ? { password } : {}) }
}

/** The URL with any credentials removed, for messages; unparsable text is returned with `user:pass@` masked. */
export function safeUrl(raw: string): string {
  try {
    return splitUrl(raw).url
  } catch {
    return maskCredentials(raw)
  }
}

/** `raw` with anything between `//` and the last `@` before the path removed (credentials, even with an unescaped `@`). */
function maskCredentials(raw: string): string {
  return raw.replace(/\/\/[^/\s]*@/, '//')
}
