/**
 * Content negotiation as Confluent Schema Registry does it (docs/registry-api.md, "Content types"): which
 * request bodies are accepted and which response media type an `Accept` header selects.
 */

/** Response media types with the server's preference. */
const PRODUCIBLE: ReadonlyArray<readonly [string, number]> = [
  ['application/vnd.schemaregistry.v1+json', 1],
  ['application/vnd.schemaregistry+json', 0.9],
  ['application/json', 0.5],
]

/** The media type answered when the client states no preference. */
export const DEFAULT_RESPONSE_TYPE = PRODUCIBLE[0][0]

/** Request body media types parsed as JSON. */
export const ACCEPTED_BODY_TYPES: ReadonlySet<string> = new Set([
  'application/vnd.schemaregistry.v1+json',
  'application/vnd.schemaregistry+json',
  'application/json',
  'application/octet-stream',
])

/** Whether a request `Content-Type` (parameters allowed) is one the registry parses as JSON; missing counts as yes. */
export function isAcceptedBodyType(contentType: string | undefined): boolean {
  if (contentType === undefined || ACCEPTED_BODY_TYPES.has(contentType)) return true
  if (contentType.trim() === '') return true
  return ACCEPTED_BODY_TYPES.has(contentType.split(';')[0].trim().toLowerCase())
}

/** The response media type for an `Accept` header, or undefined when none is acceptable (406). */
export function selectResponseType(accept: string | undefined): string | undefined {
  if (accept === undefined || accept === '' || accept === '*/*') return DEFAULT_RESPONSE_TYPE
  const ranges = accept.split(',').map((part) => {
    const [range, ...params] = part.split(';')
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='))
    return { range: range.trim().toLowerCase(), q: q ? Number(q.slice(2)) : 1 }
  })
  let best: string | undefined
  let bestScore = 0
  for (const [type, serverQ] of PRODUCIBLE) {
    const [major] = type.split('/')
    let clientQ = -1
    let specificity = -1
    for (const { range, q } of ranges) {
      const s = range === type ? 2 : range === `${major}/*` ? 1 : range === '*/*' ? 0 : -1
      if (s > specificity) {
        specificity = s
        clientQ = q
      }
    }
    const score = specificity < 0 || !(clientQ > 0) ? 0 : clientQ * serverQ
    if (score > bestScore) {
      bestScore = score
      best = type
    }
  }
  return best
}
