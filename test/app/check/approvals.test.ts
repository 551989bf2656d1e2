import { describe, expect, it } from 'vitest'
import { applyApprovals, isBlocking } from '../../../src/app/check/approvals.js'
import type { CheckFinding, SubjectReport } from '../../../src/app/check/report.js'
import { checkGate } from '../../../src/app/check/gate.js'
import { validateConfig } from '../../../src/config/validate.js'
import { record, temporaryWorkspaces } from '../../workspace/make-workspace.js'

const folder = temporaryWorkspaces()
const v1 = record('User', [{ name: 'id', type: 'string' }])
const v2 = record('User', [
  { name: 'id', type: 'string' },
  { name: 'age', type: 'int' },
])

const finding: CheckFinding = { kind: 'incompatible', code: 'READER_FIELD_MISSING_DEFAULT_VALUE', rule: 'FIELD_ADDED_WITHOUT_DEFAULT', message: 'm' }
const subject = (name: string): SubjectReport => ({
  subject: name,
  level: 'BACKWARD',
  verdict: 'incompatible',
  versions: [2],
  refused: [],
  findings: [finding],
})
const approval = { subject: 'users-*', rule: 'FIELD_ADDED_WITHOUT_DEFAULT', reason: 'migration', expires: '2026-03-31' }

describe('approved breaks', () => {
  it('approve a matching finding through its expiry day, by finer rule id or by Avro type, for a subject glob', () => {
    for (const rule of ['FIELD_ADDED_WITHOUT_DEFAULT', 'READER_FIELD_MISSING_DEFAULT_VALUE']) {
      const { subjects } = applyApprovals([subject('users-value'), subject('orders-value')], [{ ...approval, rule }], '2026-03-31')
      expect(subjects[0].verdict).toBe('approved')
      expect(subjects[0].findings[0].approval).toEqual({ reason: 'migration', expires: '2026-03-31', expired: false })
      expect(isBlocking(subjects[0].findings[0], 'error')).toBe(false)
      expect(subjects[1].verdict).toBe('incompatible')
    }
  })

  it('an expired approval is shown and no longer lets the finding pass; an unused expired one is reported stale', () => {
    const { subjects, staleExpired } = applyApprovals([subject('users-value')], [approval, { ...approval, subject: 'gone-value' }], '2026-04-01')
    expect(subjects[0].verdict).toBe('incompatible')
    expect(subjects[0].findings[0].approval?.expired).toBe(true)
    expect(isBlocking(subjects[0].findings[0], 'error')).toBe(true)
    expect(staleExpired.map((a) => a.subject)).toEqual(['gone-value'])
  })

  it('check: exit 0 with the approval printed while it holds, exit 1 once it expired (the clock is passed in)', async () => {
    const dir = folder({
      'schemactl.config.json': { approvals: [{ ...approval, subject: 'users-value' }] },
      'users-value/1.avsc': v1,
      'users-value/2.avsc': v2,
    })
    const before = await checkGate({ dir, today: '2026-03-01' })
    expect(before.report.exitCode).toBe(0)
    expect(before.report.summary).toMatchObject({ incompatible: 0, approved: 1 })
    const after = await checkGate({ dir, today: '2026-04-01' })
    expect(after.report.exitCode).toBe(1)
    expect(after.report.subjects[0].findings[0].approval).toMatchObject({ expired: true })
  })

  it('the config refuses approvals without a known compatibility rule, a reason or a valid date', () => {
    const result = validateConfig({ approvals: [{ subject: 's', rule: 'NAMESPACE_REQUIRED', reason: '', expires: '31/03/2026' }] })
    expect(result.ok).toBe(false)
    expect(!result.ok && result.errors.map((e) => e.path)).toEqual(['approvals.0.rule', 'approvals.0.reason', 'approvals.0.expires'])
  })
})
