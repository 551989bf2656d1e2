import type { Config } from '../../config/config.js'
import { loadConfig } from '../../config/load.js'
import type { RegistryProfileConfig, ResolvedRegistry } from '../../config/registry-profile.js'
import { resolveConnection, type RegistryContext } from '../registry/session.js'

const MASK = '***'

/** The effective configuration, secrets replaced by `***`. */
export interface ConfigShowResult {
  /** The config file read, or null when none was found (all defaults). */
  file: string | null
  /** The registry connection commands would use, with where it came from. */
  registry: Omit<ResolvedRegistry, 'secrets' | 'auth'> & { auth: Record<string, string> | null }
  /** The validated config file content, with defaults filled in. */
  config: Config
}

/**
 * Loads the config file of `ctx.cwd` and resolves the registry connection as the registry
 * commands would (flags > env > file > defaults). Throws ConfigError (exit 3) naming file and key.
 */
export async function showConfig(ctx: RegistryContext): Promise<ConfigShowResult> {
  const loaded = await loadConfig(ctx.cwd)
  for (const warning of loaded.warnings) ctx.warn(warning)
  const { secrets: _secrets, auth, ...connection } = await resolveConnection({ ...ctx, loadSettings: async () => ({ ...loaded.config, file: loaded.file }) })
  return {
    file: loaded.file ?? null,
    registry: { ...connection, headers: maskHeaders(connection.headers), auth: auth ? maskAuth(auth) : null },
    config: { ...loaded.config, registries: maskProfiles(loaded.config.registries) },
  }
}

function maskAuth(auth: NonNullable<ResolvedRegistry['auth']>): Record<string, string> {
  if (auth.type === 'basic') return { type: 'basic', username: auth.username, password: MASK }
  if (auth.type === 'bearer') return { type: 'bearer', token: MASK }
  return { type: 'oauth', tokenUrl: auth.tokenUrl, clientId: auth.clientId, clientSecret: MASK, ...(auth.scope ? { scope: auth.scope } : {}) }
}

function maskHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, /auth|token|secret|key|password|cookie/i.test(k) ? MASK : v]))
}

// Values written literally in the file are secrets too; `${VAR}` references are shown as written.
function maskProfiles(profiles: Record<string, RegistryProfileConfig>): Record<string, RegistryProfileConfig> {
  const secret = (v: string | undefined) => (v === undefined || /^\$\{[A-Za-z_][A-Za-z0-9_]*\}$/.test(v) ? v : MASK)
  return Object.fromEntries(
    Object.entries(profiles).map(([name, p]) => [
      name,
      {
        ...p,
        ...(p.url ? { url: maskUrl(p.url) } : {}),
        ...(p.urls ? { urls: p.urls.map(maskUrl) } : {}),
        ...(p.userInfo !== undefined ? { userInfo: secret(p.userInfo) } : {}),
        ...(p.basicAuth ? { basicAuth: { username: p.basicAuth.username, password: secret(p.basicAuth.password) as string } } : {}),
        ...(p.bearerToken !== undefined ? { bearerToken: secret(p.bearerToken) } : {}),
        ...(p.oauth ? { oauth: { ...p.oauth, clientSecret: secret(p.oauth.clientSecret) as string } } : {}),
        ...(p.headers ? { headers: maskHeaders(p.headers) } : {}),
      },
    ]),
  )
}

function maskUrl(url: string): string {
  return url.replace(/\/\/[^/@\s]*@/, `//${MASK}@`)
}
