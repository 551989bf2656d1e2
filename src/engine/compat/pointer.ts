/**
 * Avro's location rendering: a stack of reference tokens whose first entry is the
 * root token (""), rendered as an RFC 6901 JSON Pointer ("/" for the root).
 */

/** Escape one JSON Pointer reference token (`~` → `~0`, `/` → `~1`). */
export function escapePointerToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1')
}

/**
 * Render a location stack the way Avro's `Incompatibility.getLocation()` does:
 * the first (root) token is skipped and the rest joined under a leading "/".
 */
export function renderLocation(stack: readonly string[]): string {
  let out = '/'
  for (let i = 1; i < stack.length; i++) {
    if (i > 1) out += '/'
    out += escapePointerToken(stack[i]!)
  }
  return out
}
