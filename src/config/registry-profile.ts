/**
 * Resolution of the registry connection from flags, environment and config file (pure: the
 * environment comes in as a value, files are returned as paths for the caller to read).
 *
 * Precedence: flags > environment > config file > default (`http://localhost:8081`), with one
 * safety rule: credentials of a config profile are only ever sent to that profile's URLs, so
 * `SCHEMA_REGISTRY_URL` or a `--registry <url>` never receives a profile's password, and an
 * explicit `--registry <profile>` uses that profile as written (ambient env credentials, perhaps
 * meant for another registry, are ignored).
 */
import { basename } from 'node:path'
import { ConfigError, UsageError } from '../errors.js'
import { safeUrl, splitUrl, type SplitUrl } from '../registry/url.js'

/** One named registry in the config file (`registries: {name: {...}}`). Strings may use `${ENV_VAR}`. */
export interface RegistryProfileConfig {
  /** Base URL; a comma-separated list means failover URLs. */
  url?: string
  /** Failover base URLs, tried in order. */
  urls?: string[]
  /** `user:password`, as Confluent's `basic.auth.user.info`. */
  userInfo?: string
  basicAuth?: { username: string; password: string }
  bearerToken?: string
  oauth?: { tokenUrl: string; clientId: string; clientSecret: string; scope?: string }
  /** Confluent Cloud logical cluster id (`lsrc-…`), sent as `target-sr-cluster`. */
  logicalCluster?: string
  /** Confluent Cloud identity pool id (`pool-…`), sent as `Confluent-Identity-Pool-Id`. */
  identityPoolId?: string
  /** PEM file paths (relative to the working directory) and verification switch. */
  tls?: { ca?: string; cert?: string; key?: string; insecure?: boolean }
  headers?: Record<string, string>
  timeoutMs?: number
  /** Deadline of opening a connection (TCP and TLS), in ms. */
  connectTimeoutMs?: number
  retries?: number
}

/** The registry part of the config file. */
export interface RegistrySettings {
  registries?: Record<string, RegistryProfileConfig>
  defaultRegistry?: string
  /** Path of the config file these settings were read from, named in its errors. */
  file?: string
}

/** Connection flags shared by the registry commands. */
export interface RegistryFlags {
  /** A profile name or a URL (comma-separated URLs allowed). */
  registry?: string
  /** How `registry` was given, named in its errors: `--registry` (default) or the environment variable it came from. */
  registryFrom?: string
  insecure?: boolean
  timeout?: number
}

/** The auth a resolved connection uses (same shape as the client's `RegistryAuth`). */
export type ResolvedAuth =
  | { type: 'basic'; username: string; password: string }
  | { type: 'bearer'; token: string }
  | { type: 'oauth'; tokenUrl: string; clientId: string; clientSecret: string; scope?: string }

/** The effective connection settings. */
export interface ResolvedRegistry {
  /** The profile used, if any. */
  profile?: string
  /** Where the URL came from. */
  source: 'flag' | 'env' | 'config' | 'default'
  /** Base URLs, credentials removed. */
  urls: string[]
  auth?: ResolvedAuth
  tls: { caFile?: string; certFile?: string; keyFile?: string; insecure: boolean }
  headers: Record<string, string>
  timeoutMs?: number
  connectTimeoutMs?: number
  retries?: number
  /** Every secret value of this connection, for `registerSecret`. */
  secrets: string[]
}

/** The default registry URL. */
export const DEFAULT_REGISTRY_URL = 'http://localhost:8081'

type Env = Record<string, string | undefined>

/**
 * Resolves the connection. Throws `UsageError` for a `--registry` that is neither a URL nor a
 * profile, `ConfigError` (naming the key) for an invalid profile or a `${VAR}` that is not set.
 */
export function resolveRegistryProfile(input: { flags?: RegistryFlags; env?: Env; config?: RegistrySettings }): ResolvedRegistry {
  const flags = input.flags ?? {}
  const env = input.env ?? {}
  const profiles = input.config?.registries ?? {}
  let resolved: ResolvedRegistry

  if (flags.registry !== undefined && !isUrl(flags.registry)) {
    const name = flags.registry
    if (!Object.hasOwn(profiles, name)) {
      const known = Object.keys(profiles)
      throw new UsageError(`${flags.registryFrom ?? '--registry'} '${name}' is neither a URL nor a profile in the config file`, {
        code: 'UNKNOWN_REGISTRY_PROFILE',
        hint: known.length
          ? `Known profiles: ${known.join(', ')}.`
          : 'Give a URL such as http://localhost:8081, or define registries in schemactl.config.json.',
      })
    }
    resolved = inFile(input.config, () => fromProfile(name, profiles[name], env))
    resolved.source = 'flag'
  } else if (flags.registry !== undefined || nonEmpty(env.SCHEMA_REGISTRY_URL)) {
    const fromFlag = flags.registry !== undefined
    const raw = fromFlag ? (flags.registry as string) : (env.SCHEMA_REGISTRY_URL as string)
    const urls = splitList(raw, fromFlag ? (flags.registryFrom ?? '--registry') : 'SCHEMA_REGISTRY_URL')
    resolved = { source: fromFlag ? 'flag' : 'env', urls: urls.map((u) => u.url), tls: { insecure: false }, headers: {}, secrets: [] }
    const urlAuth = urls.find((u) => u.username !== undefined)
    if (urlAuth) resolved.auth = { type: 'basic', username: urlAuth.username ?? '', password: urlAuth.password ?? '' }
    // Credentials written in the URL are the more explicit ones: env credentials apply only without them.
    overlayEnv(resolved, env, { auth: urlAuth === undefined })
  } else {
    const name = input.config?.defaultRegistry
    if (name !== undefined) {
      resolved = inFile(input.config, () => {
        if (!Object.hasOwn(profiles, name)) {
          throw keyError('defaultRegistry', `'${name}' is not one of the profiles under registries`, {
            hint: `Known profiles: ${Object.keys(profiles).join(', ') || 'none'}.`,
          })
        }
        return fromProfile(name, profiles[name], env)
      })
    } else {
      resolved = { source: 'default', urls: [DEFAULT_REGISTRY_URL], tls: { insecure: false }, headers: {}, secrets: [] }
    }
    overlayEnv(resolved, env)
  }

  if (flags.insecure) resolved.tls.insecure = true
  if (flags.timeout !== undefined) resolved.timeoutMs = flags.timeout
  resolved.secrets = collectSecrets(resolved)
  return resolved
}

function fromProfile(name: string, raw: RegistryProfileConfig, env: Env): ResolvedRegistry {
  const key = `registries.${name}`
  if (raw === null || typeof raw !== 'object') throw keyError(key, 'must be an object')
  const p = interpolate(raw, env, key) as RegistryProfileConfig
  const list = p.urls ?? (p.url !== undefined ? [p.url] : undefined)
  if (list === undefined || list.length === 0) throw keyError(`${key}.url`, 'is missing', { hint: `Set ${key}.url, e.g. "http://localhost:8081".` })
  const urls = list.flatMap((u, i) => splitList(String(u), p.urls ? `${key}.urls[${i}]` : `${key}.url`, true))
  const resolved: ResolvedRegistry = {
    profile: name,
    source: 'config',
    urls: urls.map((u) => u.url),
    tls: { caFile: p.tls?.ca, certFile: p.tls?.cert, keyFile: p.tls?.key, insecure: p.tls?.insecure === true },
    headers: { ...(p.headers ?? {}) },
    secrets: [],
  }
  const auths: ResolvedAuth[] = []
  if (p.userInfo !== undefined) auths.push(basicFromUserInfo(p.userInfo, `${key}.userInfo`))
  if (p.basicAuth !== undefined)
    auths.push({
      type: 'basic',
      username: req(p.basicAuth.username, `${key}.basicAuth.username`),
      password: req(p.basicAuth.password, `${key}.basicAuth.password`),
    })
  if (p.bearerToken !== undefined) auths.push({ type: 'bearer', token: req(p.bearerToken, `${key}.bearerToken`) })
  if (p.oauth !== undefined) {
    auths.push({
      type: 'oauth',
      tokenUrl: req(p.oauth.tokenUrl, `${key}.oauth.tokenUrl`),
      clientId: req(p.oauth.clientId, `${key}.oauth.clientId`),
      clientSecret: req(p.oauth.clientSecret, `${key}.oauth.clientSecret`),
      ...(p.oauth.scope ? { scope: p.oauth.scope } : {}),
    })
  }
  const urlAuth = urls.find((u) => u.username !== undefined)
  if (urlAuth) auths.push({ type: 'basic', username: urlAuth.username ?? '', password: urlAuth.password ?? '' })
  if (auths.length > 1) {
    throw keyError(key, 'sets more than one kind of authentication', { hint: 'Keep one of userInfo, basicAuth, bearerToken, oauth or credentials in the URL.' })
  }
  if (auths[0]) resolved.auth = auths[0]
  if (p.logicalCluster) resolved.headers['target-sr-cluster'] = p.logicalCluster
  if (p.identityPoolId) resolved.headers['Confluent-Identity-Pool-Id'] = p.identityPoolId
  if (p.timeoutMs !== undefined) resolved.timeoutMs = positive(p.timeoutMs, `${key}.timeoutMs`)
  if (p.connectTimeoutMs !== undefined) resolved.connectTimeoutMs = positive(p.connectTimeoutMs, `${key}.connectTimeoutMs`)
  if (p.retries !== undefined) resolved.retries = nonNegative(p.retries, `${key}.retries`)
  return resolved
}

/**
 * Runs a resolution step over the config file's profiles; its ConfigErrors are re-thrown prefixed
 * with the file name (`schemactl.config.json: registries.dev.url …`) and carry `data.file`.
 */
function inFile<T>(settings: RegistrySettings | undefined, step: () => T): T {
  try {
    return step()
  } catch (err) {
    if (!(err instanceof ConfigError) || settings?.file === undefined) throw err
    const file = settings.file
    throw new ConfigError(`${basename(file)}: ${err.message}`, {
      code: err.code,
      hint: err.hint,
      data: { file, ...(err.data as object | undefined) },
      cause: err,
    })
  }
}

/** A ConfigError about one key of the config file: `<key> <problem>`, the key also in `data.key`. */
function keyError(key: string, problem: string, options: { code?: string; hint?: string } = {}): ConfigError {
  return new ConfigError(`${key} ${problem}`, { code: 'CONFIG_INVALID', ...options, data: { key } })
}

/** Environment variables overlay a non-explicit connection (documented in the README's table). */
function overlayEnv(resolved: ResolvedRegistry, env: Env, apply: { auth: boolean } = { auth: true }): void {
  const envAuth = apply.auth ? authFromEnv(env) : undefined
  if (envAuth) resolved.auth = envAuth
  if (nonEmpty(env.SCHEMA_REGISTRY_LOGICAL_CLUSTER)) resolved.headers['target-sr-cluster'] = env.SCHEMA_REGISTRY_LOGICAL_CLUSTER as string
  if (nonEmpty(env.SCHEMA_REGISTRY_IDENTITY_POOL_ID)) resolved.headers['Confluent-Identity-Pool-Id'] = env.SCHEMA_REGISTRY_IDENTITY_POOL_ID as string
  if (nonEmpty(env.SCHEMA_REGISTRY_CA_FILE)) resolved.tls.caFile = env.SCHEMA_REGISTRY_CA_FILE
  if (nonEmpty(env.SCHEMA_REGISTRY_CERT_FILE)) resolved.tls.certFile = env.SCHEMA_REGISTRY_CERT_FILE
  if (nonEmpty(env.SCHEMA_REGISTRY_KEY_FILE)) resolved.tls.keyFile = env.SCHEMA_REGISTRY_KEY_FILE
  if (/^(1|true|yes)$/i.test(env.SCHEMA_REGISTRY_INSECURE ?? '')) resolved.tls.insecure = true
  if (nonEmpty(env.SCHEMA_REGISTRY_TIMEOUT_MS)) resolved.timeoutMs = positive(Number(env.SCHEMA_REGISTRY_TIMEOUT_MS), 'SCHEMA_REGISTRY_TIMEOUT_MS')
  if (nonEmpty(env.SCHEMA_REGISTRY_CONNECT_TIMEOUT_MS))
    resolved.connectTimeoutMs = positive(Number(env.SCHEMA_REGISTRY_CONNECT_TIMEOUT_MS), 'SCHEMA_REGISTRY_CONNECT_TIMEOUT_MS')
}

function authFromEnv(env: Env): ResolvedAuth | undefined {
  if (nonEmpty(env.SCHEMA_REGISTRY_OAUTH_TOKEN_URL)) {
    return {
      type: 'oauth',
      tokenUrl: env.SCHEMA_REGISTRY_OAUTH_TOKEN_URL as string,
      clientId: reqEnv(env, 'SCHEMA_REGISTRY_OAUTH_CLIENT_ID'),
      clientSecret: reqEnv(env, 'SCHEMA_REGISTRY_OAUTH_CLIENT_SECRET'),
      ...(nonEmpty(env.SCHEMA_REGISTRY_OAUTH_SCOPE) ? { scope: env.SCHEMA_REGISTRY_OAUTH_SCOPE } : {}),
    }
  }
  if (nonEmpty(env.SCHEMA_REGISTRY_BEARER_TOKEN)) return { type: 'bearer', token: env.SCHEMA_REGISTRY_BEARER_TOKEN as string }
  if (nonEmpty(env.SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO))
    return basicFromUserInfo(env.SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO as string, 'SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO')
  if (nonEmpty(env.SCHEMA_REGISTRY_API_KEY))
    return { type: 'basic', username: env.SCHEMA_REGISTRY_API_KEY as string, password: reqEnv(env, 'SCHEMA_REGISTRY_API_SECRET') }
  return undefined
}

/** Replaces `${VAR}` in every string of `value`; an unset variable is a ConfigError naming the key. */
function interpolate(value: unknown, env: Env, key: string): unknown {
  if (typeof value === 'string') {
    return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_m, name: string) => {
      const v = env[name]
      if (v === undefined) {
        throw keyError(key, `uses \${${name}}, but the environment variable ${name} is not set`, {
          code: 'CONFIG_ENV_MISSING',
          hint: `Export ${name} or change ${key}.`,
        })
      }
      return v
    })
  }
  if (Array.isArray(value)) return value.map((v, i) => interpolate(v, env, `${key}[${i}]`))
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolate(v, env, `${key}.${k}`)]))
  }
  return value
}

/**
 * Splits a comma-separated URL list. `where` names its origin: a config key when `inConfig` (a bad
 * value is then a ConfigError, exit 3), else a flag or environment variable (UsageError, exit 2).
 */
function splitList(raw: string, where: string, inConfig = false): SplitUrl[] {
  const invalid = (problem: string, hint: string) =>
    inConfig ? keyError(where, problem, { code: 'INVALID_REGISTRY_URL', hint }) : new UsageError(`${where} ${problem}`, { code: 'INVALID_REGISTRY_URL', hint })
  const parts = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
  if (parts.length === 0) throw invalid('is empty', 'Set it to a URL such as "http://localhost:8081".')
  return parts.map((part) => {
    try {
      return splitUrl(part)
    } catch {
      throw invalid(`is not a valid http(s) URL: ${safeUrl(part)}`, 'Use http://host:port or https://host:port.')
    }
  })
}

function basicFromUserInfo(userInfo: string, where: string): ResolvedAuth {
  const at = userInfo.indexOf(':')
  if (at < 0) throw keyError(where, "must be 'user:password'")
  return { type: 'basic', username: userInfo.slice(0, at), password: userInfo.slice(at + 1) }
}

function collectSecrets(r: ResolvedRegistry): string[] {
  const out: string[] = []
  if (r.auth?.type === 'basic') out.push(r.auth.password, Buffer.from(`${r.auth.username}:${r.auth.password}`).toString('base64'))
  if (r.auth?.type === 'bearer') out.push(r.auth.token)
  if (r.auth?.type === 'oauth') out.push(r.auth.clientSecret)
  for (const [k, v] of Object.entries(r.headers)) if (/auth|token|secret|key|password/i.test(k)) out.push(v)
  return out.filter((s) => s.length > 0)
}

/** Whether a `--registry` value is a URL (rather than a profile name). */
export function isUrl(s: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(s.trim())
}

function nonEmpty(v: string | undefined): boolean {
  return v !== undefined && v.trim() !== ''
}

function req(v: unknown, where: string): string {
  if (typeof v !== 'string' || v === '') throw keyError(where, 'must be a non-empty string')
  return v
}

function reqEnv(env: Env, name: string): string {
  const v = env[name]
  if (!nonEmpty(v)) throw new ConfigError(`${name} must be set as well`, { code: 'CONFIG_ENV_MISSING' })
  return v as string
}

/** The longest timer Node sets (a longer one would fire at once). */
const MAX_TIMER_MS = 2 ** 31 - 1

function positive(v: unknown, where: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0 || v > MAX_TIMER_MS)
    throw keyError(where, `must be a positive number of milliseconds, at most ${MAX_TIMER_MS}`)
  return v
}

function nonNegative(v: unknown, where: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw keyError(where, 'must be a non-negative integer')
  return v
}
