import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import ConfigShow from '../../src/commands/config/show.js'
import List from '../../src/commands/list.js'
import { useTestRegistry } from '../helpers/registry-server.js'
import { json, startFaultServer } from '../registry/fault-server.js'
import { runCommand } from './run-command.js'

const open = useTestRegistry()
const guarded = useTestRegistry({ basicAuth: 'svc:guarded-pass-123' })
let dir: string
const home = process.cwd()

afterEach(() => {
  process.chdir(home)
  if (dir) rmSync(dir, { recursive: true, force: true })
})

/** A folder with this schemactl.config.json, made the working directory. */
function withConfig(config: unknown): void {
  dir = mkdtempSync(join(tmpdir(), 'schemactl-profiles-'))
  writeFileSync(join(dir, 'schemactl.config.json'), JSON.stringify(config))
  process.chdir(dir)
}

describe('registry profiles and authentication', () => {
  it('uses the default profile with ${ENV} credentials against a registry that requires basic auth', async () => {
    withConfig({ defaultRegistry: 'dev', registries: { dev: { url: guarded.url, basicAuth: { username: 'svc', password: '${SR_PASS}' } } } })
    const ok = await runCommand(List, ['--json'], { SR_PASS: 'guarded-pass-123' })
    expect(ok.code).toBe(0)
    expect(ok.json.result.registry).toBe(guarded.url)
  })

  it('an auth failure exits 4 with UNAUTHORIZED and never shows the password', async () => {
    const run = await runCommand(List, ['--registry', guarded.url, '--json', '--debug'], { SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO: 'svc:wrong-pass-456' })
    expect(run.code).toBe(4)
    expect(run.json.error.code).toBe('UNAUTHORIZED')
    expect(run.stdout + run.stderr).not.toContain('wrong-pass-456')
  })

  it('--registry <profile> picks a profile; an unknown one exits 2 listing the known ones', async () => {
    withConfig({ registries: { local: { url: open.url }, guarded: { url: guarded.url, userInfo: 'svc:guarded-pass-123' } } })
    expect((await runCommand(List, ['--registry', 'guarded', '--json'])).json.result.registry).toBe(guarded.url)
    const unknown = await runCommand(List, ['--registry', 'staging'])
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toContain('Known profiles: local, guarded.')
  })

  it('SCHEMA_REGISTRY_URL beats the config file', async () => {
    withConfig({ defaultRegistry: 'g', registries: { g: { url: guarded.url, userInfo: 'svc:guarded-pass-123' } } })
    const run = await runCommand(List, ['--json'], { SCHEMA_REGISTRY_URL: open.url })
    expect(run.json.result.registry).toBe(open.url)
  })

  it('an invalid profile exits 3 naming the file and key', async () => {
    withConfig({ registries: { dev: { url: 42 } } })
    const run = await runCommand(List, [])
    expect(run.code).toBe(3)
    expect(run.stderr).toContain('schemactl.config.json: registries.dev.url: expected a string')
  })
})

describe('profile headers', () => {
  it('sends the profile headers and the Confluent Cloud headers with every request', async () => {
    const capture = await startFaultServer((_req, res) => json(res, 200, ['a-value']))
    try {
      withConfig({
        defaultRegistry: 'cloud',
        registries: { cloud: { url: capture.url, headers: { 'X-Team': 'payments' }, logicalCluster: 'lsrc-123', identityPoolId: 'pool-9' } },
      })
      const run = await runCommand(List, ['--json'])
      expect(run.code).toBe(0)
      expect(capture.requests[0].headers).toMatchObject({ 'x-team': 'payments', 'target-sr-cluster': 'lsrc-123', 'confluent-identity-pool-id': 'pool-9' })
      const before = capture.requests.length
      const env = await runCommand(List, ['--registry', capture.url], {
        SCHEMA_REGISTRY_LOGICAL_CLUSTER: 'lsrc-env',
        SCHEMA_REGISTRY_IDENTITY_POOL_ID: 'pool-env',
      })
      expect(env.code).toBe(0)
      expect(capture.requests[before].headers).toMatchObject({ 'target-sr-cluster': 'lsrc-env', 'confluent-identity-pool-id': 'pool-env' })
    } finally {
      await capture.close()
    }
  })
})

describe('configuration errors', () => {
  it('never echo a secret of a wrongly shaped profile, in text or --json', async () => {
    withConfig({
      registries: {
        dev: { url: 'http://localhost:1', basicAuth: 'alice:Passw0rdXYZ' },
        ci: { url: 'http://localhost:1', oauth: { tokenUrl: 'http://t', clientId: 'c', clientSecret: 86420975 } },
      },
    })
    for (const argv of [[], ['--json']]) {
      const run = await runCommand(ConfigShow, argv)
      expect(run.code).toBe(3)
      expect(run.stdout + run.stderr).toContain('registries.dev.basicAuth: expected an object, got a string')
      expect(run.stdout + run.stderr).toContain('registries.ci.oauth.clientSecret: expected a string, got a number')
      expect(run.stdout + run.stderr).not.toContain('Passw0rdXYZ')
      expect(run.stdout + run.stderr).not.toContain('86420975')
    }
  })

  it.each([
    [
      'an unset ${VAR}',
      { defaultRegistry: 'dev', registries: { dev: { url: '${NO_SUCH_SR_URL}' } } },
      'registries.dev.url uses ${NO_SUCH_SR_URL}',
      'CONFIG_ENV_MISSING',
    ],
    [
      "a userInfo that is not 'user:password'",
      { defaultRegistry: 'dev', registries: { dev: { url: 'http://a', userInfo: 'just-a-user' } } },
      "registries.dev.userInfo must be 'user:password'",
      'CONFIG_INVALID',
    ],
    ['an empty url', { defaultRegistry: 'dev', registries: { dev: { url: '' } } }, 'registries.dev.url is empty', 'INVALID_REGISTRY_URL'],
    [
      'two kinds of auth',
      { defaultRegistry: 'dev', registries: { dev: { url: 'http://a', userInfo: 'u:p', bearerToken: 't' } } },
      'registries.dev sets more than one kind of authentication',
      'CONFIG_INVALID',
    ],
    // These two are caught by validation before resolution; same file naming.
    [
      'a timeoutMs that is not positive',
      { defaultRegistry: 'dev', registries: { dev: { url: 'http://a', timeoutMs: -1 } } },
      'registries.dev.timeoutMs: expected a positive number',
      'CONFIG_INVALID',
    ],
    [
      'a defaultRegistry that is not a profile',
      { defaultRegistry: 'prod', registries: { dev: { url: 'http://a' } } },
      "defaultRegistry: 'prod' is not a profile",
      'CONFIG_INVALID',
    ],
  ])('%s exits 3 naming the file and key', async (_what, config, message, code) => {
    withConfig(config)
    const text = await runCommand(List, [])
    expect(text.code).toBe(3)
    expect(text.stderr).toContain(`schemactl.config.json: ${message}`)
    const json = await runCommand(List, ['--json'])
    expect(json.code).toBe(3)
    expect(json.json.error.code).toBe(code)
    expect(json.json.error.data.file).toBe(join(dir, 'schemactl.config.json'))
  })
})

describe('credentials in the --registry URL', () => {
  it('beat SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO (flags > env)', async () => {
    const at = new URL(guarded.url)
    at.username = 'svc'
    at.password = 'guarded-pass-123'
    const run = await runCommand(List, ['--registry', at.href, '--json'], { SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO: 'bob:env-pass-999' })
    expect(run.code).toBe(0)
    expect(run.stdout + run.stderr).not.toContain('guarded-pass-123')
  })

  it('leave the environment credentials in force when the URL has none', async () => {
    const run = await runCommand(List, ['--registry', guarded.url, '--json'], { SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO: 'svc:guarded-pass-123' })
    expect(run.code).toBe(0)
  })
})

describe('config show', () => {
  it('prints the effective connection with every secret redacted', async () => {
    withConfig({
      defaultRegistry: 'prod',
      registries: {
        prod: { url: 'https://sr.example.com', oauth: { tokenUrl: 'https://idp.example.com/token', clientId: 'ci', clientSecret: 'literal-client-secret' } },
        other: { url: 'https://key:url-secret-789@sr2.example.com', headers: { 'X-Api-Key': 'header-secret-000' } },
      },
    })
    const json = await runCommand(ConfigShow, ['--json'])
    expect(json.code).toBe(0)
    expect(json.json.result.registry).toMatchObject({
      profile: 'prod',
      source: 'config',
      urls: ['https://sr.example.com'],
      auth: { type: 'oauth', clientId: 'ci', clientSecret: '***' },
    })
    expect(json.json.result.file).toContain('schemactl.config.json')
    const text = await runCommand(ConfigShow, [])
    for (const out of [json.stdout, text.stdout]) {
      expect(out).not.toContain('literal-client-secret')
      expect(out).not.toContain('url-secret-789')
      expect(out).not.toContain('header-secret-000')
    }
    expect(text.stdout).toContain('Registry:    https://sr.example.com')
  })

  it('shows the environment as the source when SCHEMA_REGISTRY_URL is set', async () => {
    withConfig({})
    const run = await runCommand(ConfigShow, ['--json'], { SCHEMA_REGISTRY_URL: 'http://a:1,http://b:2', SCHEMA_REGISTRY_BEARER_TOKEN: 'env-token-abc' })
    expect(run.json.result.registry).toMatchObject({ source: 'env', urls: ['http://a:1', 'http://b:2'], auth: { type: 'bearer', token: '***' } })
    expect(run.stdout).not.toContain('env-token-abc')
  })
})
