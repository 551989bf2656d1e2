import type { Dispatcher } from 'undici'
import { RegistryError } from './errors.js'
import { DEADLINE_CODE, exchange, type ExchangeReply } from './exchange.js'
import { safeUrl } from './url.js'

/** How the client authenticates to the registry. */
export type RegistryAuth =
  | { type: 'basic'; username: string; password: string }
  | { type: 'bearer'; token: string }
  | { type: 'oauth'; tokenUrl: string; clientId: string; clientSecret: string; scope?: string }

interface CachedToken {
  token: string
  /** Epoch ms after which the token is refreshed (a margin before its real expiry). */
  refreshAt: number
}

// Refresh this long before the token expires, so a request never carries a token that expires in flight.
const REFRESH_MARGIN_MS = 60_000
const DEFAULT_TOKEN_LIFETIME_MS = 5 * 60_000

/**
 * Produces the `Authorization` header value for each request. OAuth client-credentials tokens are
 * fetched once, shared by concurrent requests, cached and refreshed before they expire.
 */
export class AuthProvider {
  private cached?: CachedToken
  private pending?: Promise<CachedToken>

  constructor(
    private readonly auth: RegistryAuth | undefined,
    private readonly dispatcher: () => Promise<Dispatcher>,
    private readonly now: () => number,
    private readonly timeoutMs: number,
    private readonly onSecret?: (value: string) => void,
  ) {}

  /** Whether a 401 may be cured by fetching a fresh token. */
  get canRefresh(): boolean {
    return this.auth?.type === 'oauth'
  }

  /** The header value, or undefined when no auth is configured. */
  async authorization(): Promise<string | undefined> {
    const auth = this.auth
    if (auth === undefined) return undefined
    if (auth.type === 'basic') return 'Basic ' + Buffer.from(`${auth.username}:${auth.password}`).toString('base64')
    if (auth.type === 'bearer') return `Bearer ${auth.token}`
    if (this.cached === undefined || this.now() >= this.cached.refreshAt) {
      this.pending ??= this.fetchToken(auth).finally(() => (this.pending = undefined))
      this.cached = await this.pending
    }
    return `Bearer ${this.cached.token}`
  }

  /** Forgets a cached OAuth token (after the registry rejected it). */
  invalidate(): void {
    this.cached = undefined
  }

  private async fetchToken(auth: Extract<RegistryAuth, { type: 'oauth' }>): Promise<CachedToken> {
    const url = new URL(auth.tokenUrl)
    const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: auth.clientId, client_secret: auth.clientSecret })
    if (auth.scope) form.set('scope', auth.scope)
    const where = safeUrl(auth.tokenUrl)
    let reply: ExchangeReply
    try {
      reply = await exchange(
        await this.dispatcher(),
        {
          origin: url.origin,
          path: url.pathname + url.search,
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
          body: form.toString(),
        },
        this.timeoutMs,
      )
    } catch (err) {
      const reason = (err as { code?: unknown }).code === DEADLINE_CODE ? `no answer within ${this.timeoutMs} ms` : (err as Error).message
      throw new RegistryError('OAUTH_FAILED', `Could not reach the OAuth token endpoint ${where}: ${reason}`, { url: where }, { cause: err })
    }
    let body: { access_token?: unknown; expires_in?: unknown } = {}
    try {
      body = JSON.parse(reply.text)
    } catch {
      // reported below as a missing token
    }
    if (reply.status !== 200 || typeof body.access_token !== 'string') {
      throw new RegistryError(
        'OAUTH_FAILED',
        `The OAuth token endpoint ${where} did not issue a token (HTTP ${reply.status})`,
        { url: where, status: reply.status },
        { hint: 'Check the OAuth client id, secret and scope.' },
      )
    }
    this.onSecret?.(body.access_token)
    const lifetime = typeof body.expires_in === 'number' ? body.expires_in * 1000 : DEFAULT_TOKEN_LIFETIME_MS
    return { token: body.access_token, refreshAt: this.now() + Math.max(lifetime - REFRESH_MARGIN_MS, lifetime / 2) }
  }
}
