import { describe, expect, it } from 'vitest'
import { resolveRegistryProfile, type RegistrySettings } from '../../src/config/registry-profile.js'
import { ConfigError, UsageError } from '../../src/errors.js'

const config: RegistrySettings = {
  defaultRegistry: 'dev',
  registries: {
    dev: { url: 'http://dev:8081', basicAuth: { username: 'dev', password: '${DEV_PASSWORD}' }, timeoutMs: 5000 },
    prod: {
      urls: ['https://sr1.example.com', 'https://sr2.example.com/'],
      oauth: { tokenUrl: 'https://idp/token', clientId: 'c', clientSecret: '${PROD_SECRET}', scope: 'sr' },
      logicalCluster: 'lsrc-123',
      identityPoolId: 'pool-9',
      tls: { ca: 'ca.pem' },
    },
  },
}

describe('resolveRegistryProfile', () => {
  it('defaults to http://localhost:8081 with no auth', () => {
    const r = resolveRegistryProfile({})
    expect(r).toMatchObject({ source: 'default', urls: ['http://localhost:8081'], tls: { insecure: false } })
    expect(r.auth).toBeUndefined()
  })

  it('uses the default profile with ${ENV} interpolation and registers its secrets', () => {
    const r = resolveRegistryProfile({ config, env: { DEV_PASSWORD: 'pw-from-env' } })
    expect(r).toMatchObject({ profile: 'dev', source: 'config', urls: ['http://dev:8081'], timeoutMs: 5000 })
    expect(r.auth).toEqual({ type: 'basic', username: 'dev', password: 'pw-from-env' })
    expect(r.secrets).toContain('pw-from-env')
  })

  it('names the key and variable when an interpolated variable is unset (exit 3)', () => {
    expect(() => resolveRegistryProfile({ config, env: {} })).toThrow(ConfigError)
    expect(() => resolveRegistryProfile({ config, env: {} })).toThrow(/registries\.dev\.basicAuth\.password uses \$\{DEV_PASSWORD\}/)
  })

  it('environment beats the config file: SCHEMA_REGISTRY_URL with env credentials, never the profile password', () => {
    const r = resolveRegistryProfile({
      config,
      env: { DEV_PASSWORD: 'pw', SCHEMA_REGISTRY_URL: 'http://a:1, http://b:2', SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO: 'u:p:with:colons' },
    })
    expect(r.urls).toEqual(['http://a:1', 'http://b:2'])
    expect(r.source).toBe('env')
    expect(r.auth).toEqual({ type: 'basic', username: 'u', password: 'p:with:colons' })
  })

  it('env credentials overlay the default profile', () => {
    const r = resolveRegistryProfile({ config, env: { DEV_PASSWORD: 'pw', SCHEMA_REGISTRY_BEARER_TOKEN: 'tok-abc' } })
    expect(r.urls).toEqual(['http://dev:8081'])
    expect(r.auth).toEqual({ type: 'bearer', token: 'tok-abc' })
  })

  it('flags beat everything; --registry <profile> uses the profile as written', () => {
    const r = resolveRegistryProfile({
      flags: { registry: 'prod', insecure: true },
      config,
      env: { PROD_SECRET: 'shh-secret', SCHEMA_REGISTRY_BEARER_TOKEN: 'dev-token' },
    })
    expect(r.urls).toEqual(['https://sr1.example.com', 'https://sr2.example.com'])
    expect(r.auth).toEqual({ type: 'oauth', tokenUrl: 'https://idp/token', clientId: 'c', clientSecret: 'shh-secret', scope: 'sr' })
    expect(r.headers).toEqual({ 'target-sr-cluster': 'lsrc-123', 'Confluent-Identity-Pool-Id': 'pool-9' })
    expect(r.tls).toEqual({ caFile: 'ca.pem', certFile: undefined, keyFile: undefined, insecure: true })
  })

  it('--registry <url> takes credentials out of the URL', () => {
    const r = resolveRegistryProfile({ flags: { registry: 'https://key:se%2Fcret@sr.example.com/' }, config, env: { DEV_PASSWORD: 'pw' } })
    expect(r.urls).toEqual(['https://sr.example.com'])
    expect(r.auth).toEqual({ type: 'basic', username: 'key', password: 'se/cret' })
    expect(r.secrets).toContain('se/cret')
  })

  it('rejects an unknown profile as a usage error listing the known ones', () => {
    expect(() => resolveRegistryProfile({ flags: { registry: 'staging' }, config })).toThrow(UsageError)
    expect(() => resolveRegistryProfile({ flags: { registry: 'staging' }, config })).toThrow(/neither a URL nor a profile/)
  })

  it('rejects a profile with two kinds of auth', () => {
    const bad: RegistrySettings = { registries: { x: { url: 'http://x', bearerToken: 't', userInfo: 'a:b' } } }
    expect(() => resolveRegistryProfile({ flags: { registry: 'x' }, config: bad })).toThrow(/registries\.x sets more than one kind of authentication/)
  })

  it('reads the API key pair and Confluent Cloud headers from the environment', () => {
    const r = resolveRegistryProfile({
      env: {
        SCHEMA_REGISTRY_API_KEY: 'KEY',
        SCHEMA_REGISTRY_API_SECRET: 'SECRET',
        SCHEMA_REGISTRY_LOGICAL_CLUSTER: 'lsrc-1',
        SCHEMA_REGISTRY_TIMEOUT_MS: '1500',
      },
    })
    expect(r.auth).toEqual({ type: 'basic', username: 'KEY', password: 'SECRET' })
    expect(r.headers['target-sr-cluster']).toBe('lsrc-1')
    expect(r.timeoutMs).toBe(1500)
  })
})
