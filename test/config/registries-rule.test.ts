import { describe, expect, it } from 'vitest'
import { validateConfig } from '../../src/config/validate.js'

describe('registries and defaultRegistry keys', () => {
  it('accepts profiles as written, ${ENV} references included', () => {
    const registries = {
      dev: { url: 'http://localhost:8081' },
      prod: { urls: ['https://a', 'https://b'], basicAuth: { username: 'u', password: '${SR_PASS}' }, tls: { ca: 'ca.pem', insecure: false }, timeoutMs: 5000, retries: 2 },
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
})
