import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { registerSecret } from '../../config/redact.js'
import { isUrl, resolveRegistryProfile, type RegistryFlags, type RegistrySettings, type ResolvedRegistry } from '../../config/registry-profile.js'
import { ConfigError } from '../../errors.js'
import { RegistryClient } from '../../registry/client.js'
import { hasRegistryCode } from '../../registry/errors.js'
import type { CompatibilityLevel } from '../../registry/types.js'

/** What every registry use-case needs from its caller: flags, environment and a way to warn. */
export interface RegistryContext {
  flags: RegistryFlags
  env: Record<string, string | undefined>
  /** Folder whose config file (schemactl.config.*) holds the registry profiles. */
  cwd: string
  /** `schemactl/<version>`. */
  userAgent: string
  warn: (message: string) => void
  /** Debug lines (one per HTTP exchange); never carries credentials. Leave unset unless debugging: building them costs. */
  log?: (line: string) => void
  /** Told before each retry of a request what failed. */
  onRetry?: (reason: string) => void
  /** Loads the registry part of the config file in `cwd` (injected so tests can pass settings). */
  loadSettings?: (cwd: string) => Promise<RegistrySettings | undefined>
}

/**
 * Resolves the effective connection: flags > env > config file > default. Registers every secret
 * for redaction before anything can print it.
 */
export async function resolveConnection(ctx: RegistryContext): Promise<ResolvedRegistry> {
  // A URL from --registry or SCHEMA_REGISTRY_URL never uses profiles: the config file is not even read.
  const settings = ctx.loadSettings && usesProfiles(ctx) ? await ctx.loadSettings(ctx.cwd) : undefined
  const resolved = resolveRegistryProfile({ flags: ctx.flags, env: ctx.env, config: settings })
  for (const secret of resolved.secrets) registerSecret(secret)
  return resolved
}

/**
 * Opens a client for the effective connection, runs `use` with it and closes it. TLS files are
 * read here (ConfigError naming the file when unreadable); `insecure` prints a warning.
 * `connections`: keep-alive connections to open at most (default 16).
 */
export async function withRegistry<T>(ctx: RegistryContext, use: (client: RegistryClient) => Promise<T>, options: { connections?: number } = {}): Promise<T> {
  const client = await openRegistry(ctx, options)
  try {
    return await use(client)
  } finally {
    await client.close()
  }
}

/**
 * Opens a client for the effective connection, as `withRegistry` does, for a caller whose use
 * outlives one function (a baseline read subject by subject while a check runs): it must call
 * `close()` when done.
 */
export async function openRegistry(ctx: RegistryContext, options: { connections?: number } = {}): Promise<RegistryClient> {
  const resolved = await resolveConnection(ctx)
  if (resolved.tls.insecure) ctx.warn('TLS certificate verification is off (--insecure): use it only with a registry you trust.')
  return new RegistryClient({
    urls: resolved.urls,
    auth: resolved.auth,
    headers: resolved.headers,
    timeoutMs: resolved.timeoutMs,
    connectTimeoutMs: resolved.connectTimeoutMs,
    retries: resolved.retries,
    userAgent: ctx.userAgent,
    connections: options.connections,
    log: ctx.log,
    onRetry: ctx.onRetry,
    onSecret: registerSecret,
    tls: {
      ca: await readPem(ctx.cwd, resolved.tls.caFile, 'CA bundle'),
      cert: await readPem(ctx.cwd, resolved.tls.certFile, 'client certificate'),
      key: await readPem(ctx.cwd, resolved.tls.keyFile, 'client key'),
      insecure: resolved.tls.insecure,
    },
  })
}

/** The subject's registered versions; none when the registry does not have the subject. */
export async function existingVersions(client: RegistryClient, subject: string): Promise<number[]> {
  try {
    return await client.listVersions(subject)
  } catch (err) {
    if (hasRegistryCode(err, 'SUBJECT_NOT_FOUND')) return []
    throw err
  }
}

/** The subject's effective level: its own, else the global one (undefined when the registry reports none). */
export async function effectiveLevel(client: RegistryClient, subject: string): Promise<CompatibilityLevel | undefined> {
  try {
    return (await client.getConfig(subject)).compatibilityLevel
  } catch (err) {
    if (!hasRegistryCode(err, 'SUBJECT_CONFIG_NOT_FOUND', 'SUBJECT_NOT_FOUND')) throw err
  }
  return (await client.getConfig()).compatibilityLevel
}

function usesProfiles(ctx: RegistryContext): boolean {
  if (ctx.flags.registry !== undefined) return !isUrl(ctx.flags.registry)
  return (ctx.env.SCHEMA_REGISTRY_URL ?? '').trim() === ''
}

async function readPem(cwd: string, file: string | undefined, what: string): Promise<string | undefined> {
  if (file === undefined) return undefined
  try {
    return await readFile(resolve(cwd, file), 'utf8')
  } catch (err) {
    throw new ConfigError(`Cannot read the ${what} ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, {
      code: 'TLS_FILE_UNREADABLE',
      hint: 'Check the tls paths in the profile or SCHEMA_REGISTRY_CA_FILE / _CERT_FILE / _KEY_FILE.',
    })
  }
}
