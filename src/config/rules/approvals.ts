import { findRule } from '../../engine/rules/index.js'
import type { Approval } from '../config.js'
import { describeValue, isPlainObject, type KeyRule } from './rule.js'

const DATE = /^\d{4}-\d{2}-\d{2}$/

/** `approvals`: intentional incompatible changes, each for one subject (or glob) and rule, with a reason and an expiry date. */
export const approvalsRule: KeyRule<'approvals'> = {
  key: 'approvals',
  purpose: 'Approved breaks: [{ "subject", "rule", "reason", "expires": "YYYY-MM-DD" }]; a matching finding is reported as approved until the date passes.',
  defaultValue: () => [],
  validate(value, context) {
    if (!Array.isArray(value)) {
      context.error('approvals', `expected a list of { subject, rule, reason, expires }, got ${describeValue(value)}`)
      return []
    }
    const out: Approval[] = []
    value.forEach((item: unknown, i) => {
      const path = `approvals.${i}`
      if (!isPlainObject(item)) return context.error(path, `expected { subject, rule, reason, expires }, got ${describeValue(item)}`)
      const { subject, rule, reason, expires } = item
      let ok = true
      const fail = (key: string, message: string) => {
        context.error(`${path}.${key}`, message)
        ok = false
      }
      if (typeof subject !== 'string' || subject === '') fail('subject', `expected a subject name or glob, got ${describeValue(subject)}`)
      if (typeof rule !== 'string' || findRule(rule)?.kind !== 'compatibility')
        fail('rule', `expected a compatibility rule id (see \`schemactl rules\`), got ${describeValue(rule)}`)
      if (typeof reason !== 'string' || reason.trim() === '') fail('reason', 'expected a reason (why this break is acceptable)')
      if (typeof expires !== 'string' || !DATE.test(expires) || Number.isNaN(Date.parse(expires)))
        fail('expires', `expected a date YYYY-MM-DD, got ${describeValue(expires)}`)
      if (ok) out.push({ subject: subject as string, rule: rule as string, reason: reason as string, expires: expires as string })
    })
    return out
  },
}
