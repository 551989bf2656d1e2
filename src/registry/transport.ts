import type { Dispatcher } from 'undici'
import { AuthProvider, type RegistryAuth } from './auth.js'
import { RegistryError, registryErrorFromReply, type RequestContext } from './errors.js'
import { DEADLINE_CODE, exchange, type ExchangeReply } from './exchange.js'
import { loadUndici } from './undici.js'
import { splitUrl } from './url.js'

/** TLS settings for the connection: PEM contents (not paths); `ca` is trusted in addition to Node's roots. */
export interface RegistryTls {
  ca?: string
  cert?: string
  key?: string
  /** Skip certificate verification (the caller warns the user). */
  insecure?: boolean
}

/** Everything the client needs to talk to one registry (possibly several equivalent base URLs). */
export interface TransportOptions {
  /** Base URLs, tried in order with failover; credentials in a URL become basic auth. */
  urls: string[]
  auth?: RegistryAuth
  tls?: RegistryTls
  /** Extra headers on every request (e.g. Confluent Cloud's `target-sr-cluster`). */
  headers?: Record<string, string>
  /** Deadline of one attempt (connection, response headers and the whole body), in ms; default 10 000. */
  timeoutMs?: number
  /** Deadline of opening a connection (TCP and TLS), in ms; default 5 000 (never more than `timeoutMs`). */
  connectTimeoutMs?: number
  /** Retries after the first attempt; default 3. */
  retries?: number
  /**
   * How long a request and its retries may take in all, in ms: no attempt runs past it (the last
   * one is cut short, and none starts without the time to connect). Default the longer of 14 000
   * and `timeoutMs`, so a registry that never answers, or never accepts the connection, fails
   * within 15 s; waits a 429's `Retry-After` asks for do not count.
   */
  budgetMs?: number
  /** First backoff delay; doubles each retry, with jitter; default 250. */
  retryDelayMs?: number
  /** Upper bound of a backoff delay and of an honoured `Retry-After`; default 10 000. */
  maxRetryDelayMs?: number
  /** Keep-alive connections per origin; default 16. */
  connections?: number
  userAgent?: string
  /** Injected for tests: the undici dispatcher to use instead of a new Agent. */
  dispatcher?: Dispatcher
  random?: () => number
  sleep?: (ms: number) => Promise<void>
  now?: () => number
  /** Receives one line per HTTP exchange (for --debug); never includes credentials. */
  log?: (line: string) => void
  /** Told before each retry what failed (for progress views); never includes credentials. */
  onRetry?: (reason: string) => void
  /** Told every secret learnt at run time (OAuth access tokens), so the caller can redact it. */
  onSecret?: (value: string) => void
}

/**
 * Which failures a request may be repeated after. `safe`: connection errors, resets, timeouts,
 * 5xx and 429 (reads, PUTs, register, lookup and compatibility checks: repeating them has the
 * same effect). `once`: only failures where the server certainly did not act (connection
 * refused, DNS, 429), e.g. DELETE, whose repetition would report "already deleted".
 */
export type RetryPolicy = 'safe' | 'once'

/** One API call. */
export interface RegistryRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE'
  /** Path below the base URL, already encoded, starting with `/`. */
  path: string
  query?: Record<string, string | number | boolean | undefined>
  body?: unknown
  /** Return the body as text rather than parsed JSON (raw schema endpoints). */
  raw?: boolean
  retry: RetryPolicy
  context?: RequestContext
}

/** Defaults: a registry that never answers (or never accepts a connection) fails within 15 s. */
const DEFAULT_TIMEOUT_MS = 10_000
const DEFAULT_CONNECT_TIMEOUT_MS = 5_000
const DEFAULT_BUDGET_MS = 14_000

const ACCEPT = 'application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json, application/json'
const CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json'
const CONNECT_FAILURES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT'])
const TIMEOUTS = new Set([DEADLINE_CODE, 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT'])
const RETRYABLE_STATUS = new Set([500, 502, 503, 504])
const NETWORK_REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'name lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ECONNRESET: 'connection reset',
  EPIPE: 'connection closed',
  UND_ERR_SOCKET: 'connection closed',
}

type Failure =
  | { kind: 'connect'; error: RegistryError; permanent?: boolean }
  | { kind: 'transient'; error: RegistryError; delayMs?: number }
  | { kind: 'final'; error: RegistryError }

/**
 * The HTTP layer of `RegistryClient`: keep-alive pool, headers, auth, timeouts, retries with
 * exponential backoff and jitter, failover across base URLs, and error replies → `RegistryError`.
 * Redirects are never followed, so credentials cannot reach another origin.
 */
export class Transport {
  /** Base URLs without credentials. */
  readonly urls: string[]
  private current = 0
  private readonly auth: AuthProvider
  private readonly headers: Record<string, string>
  private readonly timeoutMs: number
  private readonly connectTimeoutMs: number
  private readonly budgetMs: number
  private readonly retries: number
  private readonly retryDelayMs: number
  private readonly maxRetryDelayMs: number
  private readonly random: () => number
  private readonly sleep: (ms: number) => Promise<void>
  private readonly now: () => number
  private dispatcherPromise?: Promise<Dispatcher>
  // The dispatcher once created: later requests skip awaiting it.
  private loaded?: Dispatcher
  private ownsDispatcher = false

  constructor(private readonly options: TransportOptions) {
    if (options.urls.length === 0) throw new TypeError('at least one registry URL is required')
    const split = options.urls.map((u) => splitUrl(u))
    this.urls = split.map((s) => s.url)
    const fromUrl = split.find((s) => s.username !== undefined)
    // Credentials in the URL are the basic auth of last resort (Confluent's credentials source URL).
    const auth = options.auth ?? (fromUrl ? { type: 'basic' as const, username: fromUrl.username ?? '', password: fromUrl.password ?? '' } : undefined)
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
    this.connectTimeoutMs = Math.min(options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS, this.timeoutMs)
    this.budgetMs = options.budgetMs ?? Math.max(DEFAULT_BUDGET_MS, this.timeoutMs)
    this.retries = options.retries ?? 3
    this.retryDelayMs = options.retryDelayMs ?? 250
    this.maxRetryDelayMs = options.maxRetryDelayMs ?? 10_000
    this.random = options.random ?? Math.random
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)))
    this.now = options.now ?? Date.now
    this.auth = new AuthProvider(auth, () => this.dispatcher(), this.now, this.timeoutMs, options.onSecret)
    this.headers = {
      accept: ACCEPT,
      'confluent-accept-unknown-properties': 'true',
      'user-agent': options.userAgent ?? 'schemactl',
      ...lowerKeys(options.headers ?? {}),
    }
  }

  /** The base URL currently in use (without credentials). */
  get url(): string {
    return this.urls[this.current]
  }

  /**
   * Sends `req`, retrying and failing over per its policy within the time budget; resolves to the
   * parsed reply body.
   */
  async send<T>(req: RegistryRequest): Promise<T> {
    let refreshedToken = false
    let untried = this.urls.length - 1
    let tries = 0
    let deadline = this.now() + this.budgetMs
    for (let attempt = 0; ;) {
      tries++
      const outcome = await this.attempt(this.url, req, Math.max(this.connectTimeoutMs, Math.min(this.timeoutMs, deadline - this.now())))
      if (outcome.ok) return outcome.value as T
      const failure = outcome.failure
      const giveUp = () => (failure.error.code === 'TIMEOUT' ? this.timeoutError(failure.error, tries) : failure.error)
      // An attempt needs time to connect at least: a connection attempt cannot be cancelled, and one
      // cut short by the budget would linger and keep the process from exiting.
      const fits = (delay: number) => deadline - (this.now() + delay) >= this.connectTimeoutMs
      const spent = !fits(0)
      if (failure.error.code === 'UNAUTHORIZED' && this.auth.canRefresh && !refreshedToken) {
        refreshedToken = true
        this.auth.invalidate()
        continue
      }
      // Failing over to a base URL not yet tried is immediate and not counted as a retry.
      if (failure.kind === 'connect' && untried > 0 && !spent) {
        untried--
        this.rotate()
        continue
      }
      const retryable =
        (failure.kind === 'connect' && !failure.permanent) || (failure.kind === 'transient' && (req.retry === 'safe' || failure.error.code === 'RATE_LIMITED'))
      if (!retryable || attempt >= this.retries) throw giveUp()
      const delay = failure.kind === 'transient' && failure.delayMs !== undefined ? failure.delayMs : this.backoff(attempt)
      // Waiting as the registry asked (429) is not the registry failing to answer: it does not count.
      if (failure.error.code === 'RATE_LIMITED') deadline += delay
      else if (!fits(delay)) throw giveUp()
      if (failure.error.code !== 'RATE_LIMITED') this.rotate()
      untried = this.urls.length - 1
      this.options.onRetry?.(`${req.method} ${req.path}: ${failure.error.message}`)
      await this.sleep(delay)
      attempt++
    }
  }

  /** The final TIMEOUT, worded with the number of attempts the deadline applied to. */
  private timeoutError(last: RegistryError, tries: number): RegistryError {
    const base = last.details.url ?? this.url
    return new RegistryError(
      'TIMEOUT',
      `The registry ${base} gave no answer within ${this.timeoutMs} ms, ${tries} attempt${tries === 1 ? '' : 's'}`,
      last.details,
      {
        hint: 'Raise the timeout (--timeout, SCHEMA_REGISTRY_TIMEOUT_MS or timeoutMs in the profile) or check the registry.',
        cause: last.cause,
      },
    )
  }

  private rotate(): void {
    this.current = (this.current + 1) % this.urls.length
  }

  /**
   * Closes the connections (only those of a dispatcher this transport created). Every request has
   * been answered or given up on by then, so they are destroyed rather than closed: closing would
   * wait for a connection attempt the deadline already gave up on.
   */
  async close(): Promise<void> {
    if (this.ownsDispatcher && this.dispatcherPromise) await (await this.dispatcherPromise).destroy()
  }

  private backoff(attempt: number): number {
    const ceiling = Math.min(this.maxRetryDelayMs, this.retryDelayMs * 2 ** attempt)
    // "Equal jitter": at least half the ceiling, so retries from many clients spread out but still wait.
    return Math.round(ceiling / 2 + (this.random() * ceiling) / 2)
  }

  private dispatcher(): Promise<Dispatcher> {
    if (this.options.dispatcher) return Promise.resolve(this.options.dispatcher)
    this.dispatcherPromise ??= loadUndici().then((Agent) => {
      this.ownsDispatcher = true
      const tls = this.options.tls ?? {}
      return new Agent({
        connections: this.options.connections ?? 16,
        keepAliveTimeout: 10_000,
        connect: {
          timeout: this.connectTimeoutMs,
          // Added to Node's trusted roots rather than replacing them, so an OAuth token endpoint with a
          // public certificate stays reachable beside a registry with a private CA.
          // node:tls is loaded only then: a plain-HTTP run does not need it (~5 ms of start-up).
          ...(tls.ca ? { ca: [...process.getBuiltinModule('node:tls').rootCertificates, tls.ca] } : {}),
          ...(tls.cert ? { cert: tls.cert } : {}),
          ...(tls.key ? { key: tls.key } : {}),
          rejectUnauthorized: tls.insecure !== true,
        },
      })
    })
    return this.dispatcherPromise
  }

  private async attempt(base: string, req: RegistryRequest, timeoutMs: number): Promise<{ ok: true; value: unknown } | { ok: false; failure: Failure }> {
    const target = new URL(base + req.path + queryString(req.query))
    const headers: Record<string, string> = { ...this.headers }
    const context = req.context ?? {}
    let authorization: string | undefined
    try {
      authorization = await this.auth.authorization()
    } catch (err) {
      return { ok: false, failure: { kind: 'final', error: err as RegistryError } }
    }
    if (authorization) headers.authorization = authorization
    let body: string | undefined
    if (req.body !== undefined) {
      body = JSON.stringify(req.body)
      headers['content-type'] = CONTENT_TYPE
    }
    const started = this.now()
    let reply: ExchangeReply
    try {
      const dispatcher = (this.loaded ??= await this.dispatcher())
      reply = await exchange(dispatcher, { origin: target.origin, path: target.pathname + target.search, method: req.method, headers, body }, timeoutMs)
    } catch (err) {
      this.options.log?.(`${req.method} ${target.href} failed: ${errorCode(err) ?? (err as Error).message}`)
      return { ok: false, failure: this.networkFailure(base, err, context) }
    }
    const { status, text } = reply
    this.options.log?.(`${req.method} ${target.href} → ${status} (${this.now() - started} ms)`)
    if (status >= 200 && status < 300) {
      if (req.raw) return { ok: true, value: text }
      if (text.trim() === '') return { ok: true, value: undefined }
      try {
        return { ok: true, value: JSON.parse(text) }
      } catch {
        return {
          ok: false,
          failure: {
            kind: 'final',
            error: new RegistryError(
              'INVALID_RESPONSE',
              `The registry ${base} sent a reply that is not JSON`,
              { url: base, status, ...context },
              { hint: 'Check that the URL points at a schema registry API.' },
            ),
          },
        }
      }
    }
    if (status >= 300 && status < 400) {
      const location = reply.header('location')
      return {
        ok: false,
        failure: {
          kind: 'final',
          error: new RegistryError(
            'REDIRECT',
            `The registry ${base} redirected the request${location ? ` to ${redirectTarget(target, location)}` : ''} (HTTP ${status})`,
            { url: base, status, ...context },
            { hint: 'Use the final URL as the registry URL: schemactl does not follow redirects, so credentials never reach another server.' },
          ),
        },
      }
    }
    let parsed: unknown = text
    try {
      parsed = JSON.parse(text)
    } catch {
      // a proxy's HTML or plain-text error: described by its status
    }
    const error = registryErrorFromReply(base, status, parsed, context, {
      sentSchema: typeof (req.body as { schema?: unknown } | undefined)?.schema === 'string',
    })
    if (status === 429) return { ok: false, failure: { kind: 'transient', error, delayMs: this.retryAfter(reply.header('retry-after')) } }
    if (RETRYABLE_STATUS.has(status)) return { ok: false, failure: { kind: 'transient', error } }
    return { ok: false, failure: { kind: 'final', error } }
  }

  private retryAfter(value: string | undefined): number | undefined {
    if (value === undefined) return undefined
    const seconds = Number(value)
    const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(value) - this.now()
    if (!Number.isFinite(ms)) return undefined
    return Math.min(Math.max(ms, 0), this.maxRetryDelayMs)
  }

  private networkFailure(base: string, err: unknown, context: RequestContext): Failure {
    // The deadline passed before any connection carried the request: a connection that timed out.
    const code = errorCode(err) === DEADLINE_CODE && (err as { connected?: boolean }).connected === false ? 'UND_ERR_CONNECT_TIMEOUT' : errorCode(err)
    const details = { url: base, ...context }
    if (code && TIMEOUTS.has(code) && code !== 'UND_ERR_CONNECT_TIMEOUT') {
      return {
        kind: 'transient',
        error: new RegistryError('TIMEOUT', `The registry ${base} did not answer within ${this.timeoutMs} ms`, details, {
          hint: 'Raise the timeout (--timeout, SCHEMA_REGISTRY_TIMEOUT_MS or timeoutMs in the profile) or check the registry.',
          cause: err,
        }),
      }
    }
    if (
      code &&
      (code.startsWith('CERT_') ||
        code.includes('SELF_SIGNED') ||
        code.startsWith('UNABLE_TO_') ||
        code.startsWith('ERR_TLS') ||
        code === 'ERR_SSL_WRONG_VERSION_NUMBER')
    ) {
      return {
        kind: 'final',
        error: new RegistryError('TLS_ERROR', `TLS connection to registry ${base} failed: ${code}`, details, {
          hint: 'Provide the CA bundle (tls.ca in the profile or SCHEMA_REGISTRY_CA_FILE), or use --insecure for a trusted test registry.',
          cause: err,
        }),
      }
    }
    const known = code === 'UND_ERR_CONNECT_TIMEOUT' ? `no connection within ${this.connectTimeoutMs} ms` : code && NETWORK_REASONS[code]
    const reason = code ? `${known ?? 'network error'} (${code})` : (err as Error).message
    const error = new RegistryError('UNREACHABLE', `Cannot reach registry ${base}: ${reason}`, details, {
      hint:
        'Check that the registry is running and the URL (--registry, SCHEMA_REGISTRY_URL or the config file) is right.' +
        (code === 'UND_ERR_CONNECT_TIMEOUT'
          ? ' A slow network may need a longer connect timeout (SCHEMA_REGISTRY_CONNECT_TIMEOUT_MS or connectTimeoutMs in the profile).'
          : ''),
      cause: err,
    })
    // An unknown host stays unknown: try the other URLs, but do not wait and retry.
    if (code && CONNECT_FAILURES.has(code)) return { kind: 'connect', error, permanent: code === 'ENOTFOUND' }
    return { kind: 'transient', error }
  }
}

function errorCode(err: unknown): string | undefined {
  const e = err as { code?: unknown; cause?: { code?: unknown } }
  if (typeof e?.code === 'string' && e.code !== 'UND_ERR_SOCKET') return e.code
  if (typeof e?.cause?.code === 'string') return e.cause.code
  return typeof e?.code === 'string' ? e.code : undefined
}

function queryString(query: RegistryRequest['query']): string {
  if (!query) return ''
  const params = new URLSearchParams()
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== false) params.set(k, String(v))
  const s = params.toString()
  return s ? `?${s}` : ''
}

function lowerKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]))
}

function redirectTarget(from: URL, location: string): string {
  try {
    const u = new URL(location, from)
    u.username = ''
    u.password = ''
    return u.toString()
  } catch {
    return '(invalid location)'
  }
}
