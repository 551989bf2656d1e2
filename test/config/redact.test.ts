import { describe, expect, it } from 'vitest'
import { redact, redactValue, registerSecret } from '../../src/config/redact.js'

describe('redact', () => {
  it('removes a registered secret shorter than 4 characters wherever it stands alone', () => {
    registerSecret('q7')
    expect(redact('basic svc:q7 rejected')).toBe('basic svc:*** rejected')
    expect(redactValue({ error: { message: 'token "q7" expired' } })).toEqual({ error: { message: 'token "***" expired' } })
    // Inside a longer word it is not that secret: innocent text stays readable.
    expect(redact('q7x and aq7 are ids')).toBe('q7x and aq7 are ids')
  })

  it('removes longer secrets anywhere, and URL credentials by pattern', () => {
    registerSecret('s3cr3t-value')
    expect(redact('x=s3cr3t-valueY https://u:p@h/')).toBe('x=***Y https://***@h/')
  })
})
