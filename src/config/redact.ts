/**
 * Secret redaction for every output path: text, --json, errors and debug logs.
 * Secrets known at run time (passwords, tokens from config or env) are registered here
 * by the config loader; URL credentials are removed by pattern.
 */

const knownSecrets = new Set<string>()

/** Marks a value as secret so that `redact` removes it from any text (every non-empty value, however short). */
export function registerSecret(value: string | undefined): void {
  if (value !== undefined && value !== '') knownSecrets.add(value)
}

const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)[^/\s:@]*(?::[^/\s@]*)?@/gi
const AUTH_HEADER = /\b(authorization|proxy-authorization)(["']?\s*[:=]\s*["']?)(basic|bearer)\s+[^\s"',]+/gi

/** Returns `text` with URL credentials, Authorization values and registered secrets replaced by `***`. */
export function redact(text: string): string {
  // Most texts (every string of a big --json report) hold no URL, header or secret: checked cheaply before running the patterns.
  if (knownSecrets.size === 0 && !text.includes('://') && !/authorization/i.test(text)) return text
  let out = text.replace(URL_CREDENTIALS, '$1***@').replace(AUTH_HEADER, '$1$2$3 ***')
  for (const secret of knownSecrets) out = secret.length >= 4 ? out.split(secret).join('***') : out.replace(shortSecretPattern(secret), '***')
  return out
}

// A secret of 1-3 characters ("pw1") replaced everywhere would mangle innocent text ("pw123",
// "http"), so it is replaced only as a whole word: between characters that cannot be part of it.
function shortSecretPattern(secret: string): RegExp {
  const escaped = secret.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  return new RegExp(`(?<![A-Za-z0-9])${escaped}(?![A-Za-z0-9])`, 'g')
}

/** Deeply redacts every string inside a JSON-like value; plain objects and arrays with nothing to redact are returned as they are (a big report is not copied). */
export function redactValue<T>(value: T): T {
  if (typeof value === 'string') return redact(value) as T
  if (Array.isArray(value)) {
    let out: unknown[] | undefined
    value.forEach((v: unknown, i) => {
      const r = redactValue(v)
      if (r !== v) (out ??= [...(value as unknown[])])[i] = r
    })
    return (out ?? value) as T
  }
  if (value !== null && typeof value === 'object') {
    const proto = Object.getPrototypeOf(value) as unknown
    // Anything but a plain object becomes one of its own fields, as it always has.
    const plain = proto === Object.prototype || proto === null
    let out: Record<string, unknown> | undefined = plain ? undefined : {}
    for (const [k, v] of Object.entries(value)) {
      const r = redactValue(v)
      if (out !== undefined) out[k] = r
      else if (r !== v) (out = { ...(value as Record<string, unknown>) })[k] = r
    }
    return (out ?? value) as T
  }
  return value
}
