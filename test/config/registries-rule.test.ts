import { describe, expect, it } from 'vitest'
import { validateConfig } from '../../src/config/validate.js'

describe('registries and defaultRegistry keys', () => {
  it('accepts profiles as written, ${ENV} references included', () => {
    const registries = {
      dev: { url: 'http://localhost:8081' },
      prod: {
        urls: ['https://a', 'https://b'],
        basicAuth: { username: 'u', password: '${SR_PASS}' },
        tls: { ca: 'ca.pem', insecure: false },
        timeoutMs: 5000,
        retries: 2,
      },
    }
    const result = validateConfig({ registries, defaultRegistry: 'prod' })
    expect(result.ok && result.config.registries).toEqual(registries)
    expect(result.ok && result.config.defaultRegistry).toBe('prod')
  })

  it('names the key of each mistake', () => {
    const result = validateConfig({
      registries: { a: { url: 42 }, b: { basicAuth: { username: 'u' }, url: 'http://b' }, c: { timeoutMs: -1, url: 'http://c' }, d: {} },
      defaultRegistry: 'nope',
    })
    expect(result.ok).toBe(false)
    expect(!result.ok && result.errors.map((e) => e.path)).toEqual([
      'registries.a.url',
      'registries.b.basicAuth.password',
      'registries.c.timeoutMs',
      'registries.d.url',
      'defaultRegistry',
    ])
  })

  it('warns about unknown profile keys', () => {
    const result = validateConfig({ registries: { a: { url: 'http://a', passwd: 'x' } } })
    expect(result.ok).toBe(true)
    expect(result.warnings.map((w) => w.path)).toEqual(['registries.a.passwd'])
  })

  it('describes a wrong secret value by its type only, never the value', () => {
    const result = validateConfig({
      registries: {
        a: { url: 'http://a', basicAuth: 'alice:Passw0rdXYZ' },
        b: { url: 'http://b', oauth: { tokenUrl: 'http://t', clientId: 'c', clientSecret: 918273645 } },
        c: { url: 'http://c', userInfo: 5550123, bearerToken: { t: 'tok-abcdef' } },
        d: { urls: ['http://u:UrlPass987@d', 3], headers: { Authorization: 12345678, 'X-Api-Key': ['key-zyxw'], 'X-Trace': 42 } },
        e: 'http://e:ProfPass654@e',
      },
    })
    expect(result.ok).toBe(false)
    const text = JSON.stringify(!result.ok && result.errors)
    for (const secret of ['Passw0rdXYZ', '918273645', '5550123', 'tok-abcdef', 'UrlPass987', '12345678', 'key-zyxw', 'ProfPass654'])
      expect(text).not.toContain(secret)
    expect(!result.ok && result.errors).toContainEqual({ path: 'registries.a.basicAuth', message: 'expected an object, got a string' })
    expect(!result.ok && result.errors).toContainEqual({ path: 'registries.b.oauth.clientSecret', message: 'expected a string, got a number' })
    // A header that is not a credential keeps the full description.
    expect(!result.ok && result.errors).toContainEqual({ path: 'registries.d.headers.X-Trace', message: 'expected a string, got 42' })
  })
})
