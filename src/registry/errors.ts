import { SchemactlError } from '../errors.js'

/** What the client was doing when a registry call failed; used to word the error. */
export interface RequestContext {
  subject?: string
  version?: number | string
  id?: number
}

/** Details of a registry failure, also placed in the `--json` error envelope's `data`. */
export interface RegistryErrorDetails extends RequestContext {
  /** Registry base URL, without credentials. */
  url: string
  /** HTTP status, absent for network failures. */
  status?: number
  /** The registry's `error_code` (or the HTTP status when the body had none). */
  errorCode?: number
  /** The registry's own message, verbatim. */
  registryMessage?: string
}

/**
 * A failure talking to a schema registry: network, auth, or an error reply. Exit code 4.
 * `code` is stable for scripts (`SUBJECT_NOT_FOUND`, `INCOMPATIBLE_SCHEMA`, `UNREACHABLE`, …);
 * the message is one sentence naming the subject/version/id and the URL (never credentials).
 */
export class RegistryError extends SchemactlError {
  readonly details: RegistryErrorDetails

  constructor(code: string, message: string, details: RegistryErrorDetails, options: { hint?: string; cause?: unknown } = {}) {
    super('registry', message, { code, hint: options.hint, cause: options.cause, data: details })
    this.details = details
  }

  /** HTTP status of the reply, if there was one. */
  get status(): number | undefined {
    return this.details.status
  }

  /** The registry `error_code` of the reply, if there was one. */
  get errorCode(): number | undefined {
    return this.details.errorCode
  }
}

/** Whether `err` is a registry reply with one of the given stable codes. */
export function hasRegistryCode(err: unknown, ...codes: string[]): err is RegistryError {
  return err instanceof RegistryError && codes.includes(err.code)
}

interface Wording {
  code: string
  message: (c: RequestContext, where: string) => string
  hint?: string
}

const subjectOf = (c: RequestContext) => (c.subject === undefined ? 'the subject' : `subject '${c.subject}'`)
const versionOf = (c: RequestContext) => (c.version === undefined || c.version === 'latest' || c.version === -1 ? 'the latest version' : `version ${c.version}`)

const byErrorCode: Record<number, Wording> = {
  40401: {
    code: 'SUBJECT_NOT_FOUND',
    message: (c, w) => `Subject '${c.subject ?? '?'}' not found in registry ${w}`,
    hint: 'Check the subject name with `schemactl list` (subjects with a context are written :.ctx:name).',
  },
  40402: {
    code: 'VERSION_NOT_FOUND',
    message: (c, w) => `${cap(versionOf(c))} of ${subjectOf(c)} not found in registry ${w}`,
    hint: 'List the versions with `schemactl versions <subject>`.',
  },
  40403: {
    code: 'SCHEMA_NOT_FOUND',
    message: (c, w) =>
      c.id !== undefined ? `Schema id ${c.id} not found in registry ${w}` : `The schema is not registered under ${subjectOf(c)} in registry ${w}`,
  },
  40404: {
    code: 'SUBJECT_SOFT_DELETED',
    message: (c, w) => `Subject '${c.subject ?? '?'}' is already soft-deleted in registry ${w}`,
    hint: 'Use --permanent to delete it for good.',
  },
  40405: {
    code: 'SUBJECT_NOT_SOFT_DELETED',
    message: (c, w) => `Subject '${c.subject ?? '?'}' must be soft-deleted before it can be deleted permanently in registry ${w}`,
    hint: 'Delete it once without --permanent, then again with --permanent.',
  },
  40406: {
    code: 'VERSION_SOFT_DELETED',
    message: (c, w) => `${cap(versionOf(c))} of ${subjectOf(c)} is already soft-deleted in registry ${w}`,
    hint: 'Use --permanent to delete it for good.',
  },
  40407: {
    code: 'VERSION_NOT_SOFT_DELETED',
    message: (c, w) => `${cap(versionOf(c))} of ${subjectOf(c)} must be soft-deleted before it can be deleted permanently in registry ${w}`,
    hint: 'Delete it once without --permanent, then again with --permanent.',
  },
  40408: {
    code: 'SUBJECT_CONFIG_NOT_FOUND',
    message: (c, w) => `Subject '${c.subject ?? '?'}' has no compatibility level of its own in registry ${w}`,
  },
  40409: {
    code: 'SUBJECT_MODE_NOT_FOUND',
    message: (c, w) => `Subject '${c.subject ?? '?'}' has no mode of its own in registry ${w}`,
  },
  409: {
    code: 'INCOMPATIBLE_SCHEMA',
    message: (c, w) => `The schema is incompatible with earlier versions of ${subjectOf(c)} in registry ${w}`,
    hint: 'See why with `schemactl check-compat SUBJECT FILE`; to break compatibility on purpose, `schemactl set-config SUBJECT NONE` first.',
  },
  42201: {
    code: 'INVALID_SCHEMA',
    message: (c, w) => `The registry ${w} rejected the schema for ${subjectOf(c)} as invalid`,
  },
  42202: {
    code: 'INVALID_VERSION',
    message: (c, w) => `Invalid version '${c.version ?? '?'}' for registry ${w}`,
    hint: 'A version is a positive integer or "latest".',
  },
  42203: { code: 'INVALID_COMPATIBILITY_LEVEL', message: (_c, w) => `The registry ${w} rejected the compatibility level` },
  42204: { code: 'INVALID_MODE', message: (_c, w) => `The registry ${w} rejected the mode` },
  42205: {
    code: 'OPERATION_NOT_PERMITTED',
    message: (_c, w) => `The registry ${w} does not permit this operation`,
    hint: 'Check the registry mode with `schemactl get-mode`.',
  },
  42206: {
    code: 'REFERENCE_EXISTS',
    message: (c, w) => `Other schemas still reference ${subjectOf(c)} in registry ${w}`,
    hint: 'Delete the referring schemas first.',
  },
  42208: { code: 'INVALID_SUBJECT', message: (c, w) => `Subject name '${c.subject ?? '?'}' is not valid for registry ${w}` },
  42209: { code: 'SCHEMA_TOO_LARGE', message: (c, w) => `The schema for ${subjectOf(c)} is too large for registry ${w}` },
  42211: { code: 'CONTEXT_NOT_EMPTY', message: (_c, w) => `The context is not empty in registry ${w}` },
  401: {
    code: 'UNAUTHORIZED',
    message: (_c, w) => `Authentication failed at registry ${w}`,
    hint: 'Check the credentials (SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO, SCHEMA_REGISTRY_BEARER_TOKEN or the profile in the config file).',
  },
  403: { code: 'FORBIDDEN', message: (_c, w) => `Access denied by registry ${w}`, hint: 'The credentials are valid but lack permission for this operation.' },
  404: {
    code: 'NOT_FOUND',
    message: (_c, w) => `The registry ${w} does not know this endpoint`,
    hint: 'Check the registry URL (Apicurio serves the API under /apis/ccompat/v7) or whether this registry supports the operation.',
  },
  405: { code: 'UNSUPPORTED', message: (_c, w) => `The registry ${w} does not support this operation` },
  406: { code: 'UNSUPPORTED', message: (_c, w) => `The registry ${w} refused the requested content type` },
  415: { code: 'UNSUPPORTED', message: (_c, w) => `The registry ${w} refused the request content type` },
  429: { code: 'RATE_LIMITED', message: (_c, w) => `The registry ${w} is rate-limiting requests`, hint: 'Retry later or lower the concurrency.' },
}

// Codes whose registry message carries the useful detail (the reason a schema is invalid, etc.).
const WITH_REGISTRY_MESSAGE = new Set([
  'INVALID_SCHEMA',
  'INCOMPATIBLE_SCHEMA',
  'INVALID_COMPATIBILITY_LEVEL',
  'INVALID_MODE',
  'OPERATION_NOT_PERMITTED',
  'REFERENCE_EXISTS',
  'SERVER_ERROR',
  'REGISTRY_ERROR',
])

/**
 * Builds the `RegistryError` for an error reply: matches on `error_code` (409 and 40901 both mean
 * incompatible), falls back to the HTTP status when the body has no code (Karapace, proxies).
 * `sentSchema` (the request carried a schema) reads Redpanda's generic 422 as an invalid schema.
 */
export function registryErrorFromReply(
  url: string,
  status: number,
  body: unknown,
  context: RequestContext,
  request: { sentSchema?: boolean } = {},
): RegistryError {
  const parsed = parseErrorBody(body)
  let errorCode = parsed.errorCode ?? status
  if (errorCode === 40901) errorCode = 409
  if (errorCode === 422 && request.sentSchema) errorCode = 42201
  // Apicurio before 2026 answers a missing subject or version with a generic 404 ("No artifact with ID 'x' …").
  if (parsed.errorCode === 404 && context.subject !== undefined && /\bartifact\b/i.test(parsed.message ?? '')) {
    errorCode = /^No version\b/i.test(parsed.message ?? '') ? 40402 : 40401
  }
  const wording = byErrorCode[errorCode] ?? byErrorCode[status] ?? (status >= 500 ? serverError : genericError)
  const where = url
  let message = wording.message(context, where)
  if (WITH_REGISTRY_MESSAGE.has(wording.code) && parsed.message) message += `: ${parsed.message}`
  message += ` (error ${parsed.errorCode ?? status})`
  return withoutStack(
    () =>
      new RegistryError(
        wording.code,
        message,
        { url, status, errorCode: parsed.errorCode ?? status, registryMessage: parsed.message, ...context },
        { hint: wording.hint },
      ),
  )
}

/**
 * Builds an error without capturing a stack: that of an error reply would show only the transport's
 * internals (the caller is an await away), and capturing it is most of the cost of a reply that is
 * expected, such as the 404 of a subject without a level of its own.
 */
export function withoutStack<E extends Error>(make: () => E): E {
  const stackTraceLimit = Error.stackTraceLimit
  Error.stackTraceLimit = 0
  try {
    return make()
  } finally {
    Error.stackTraceLimit = stackTraceLimit
  }
}

const serverError: Wording = {
  code: 'SERVER_ERROR',
  message: (_c, w) => `The registry ${w} failed with a server error`,
  hint: 'The registry or its backing store is unhealthy; retry later.',
}
const genericError: Wording = { code: 'REGISTRY_ERROR', message: (_c, w) => `The registry ${w} refused the request` }

function parseErrorBody(body: unknown): { errorCode?: number; message?: string } {
  if (body === null || typeof body !== 'object') return typeof body === 'string' && body.trim() ? { message: body.trim().slice(0, 500) } : {}
  const b = body as Record<string, unknown>
  const errorCode = typeof b.error_code === 'number' ? b.error_code : undefined
  const message = [b.message, b.reason, b.error].find((m): m is string => typeof m === 'string')
  return { errorCode, message }
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1)
}
