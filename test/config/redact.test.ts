import { describe, expect, it } from 'vitest'
import { redact, redactValue, registerSecret } from '../../src/config/redact.js'

describe('redact', () => {
  // First: no secret is registered yet.
  it('returns a value with nothing to redact as it is, and copies only the way to what it changes', () => {
    const report = {
      subjects: [
        { subject: 'a', findings: [{ message: 'see https://u:p@h/x' }] },
        { subject: 'b', findings: [] },
      ],
      n: 2,
    }
    const redacted = redactValue(report)
    expect(redacted).toEqual({
      subjects: [
        { subject: 'a', findings: [{ message: 'see https://***@h/x' }] },
        { subject: 'b', findings: [] },
      ],
      n: 2,
    })
    expect(report.subjects[0].findings[0].message).toBe('see https://u:p@h/x')
    expect(redacted.subjects[1]).toBe(report.subjects[1])
    const clean = { subjects: [{ subject: 'a', message: 'Authorization is fine here, no header' }] }
    expect(redactValue(clean)).toBe(clean)
    expect(redact('authorization: Bearer abc.def')).toBe('authorization: Bearer ***')
  })

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
