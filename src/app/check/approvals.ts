import type { Approval } from '../../config/config.js'
import { matchesSubject } from '../../config/subject-glob.js'
import type { CheckFinding, SubjectReport } from './report.js'

/** What `applyApprovals` did: the subjects with approvals marked, and expired approvals that matched nothing. */
export interface ApprovalOutcome {
  subjects: SubjectReport[]
  /** Expired approvals no finding used: safe to delete from the config. */
  staleExpired: Approval[]
}

/**
 * Marks every incompatibility an approval covers (same subject or glob; the approval's rule is
 * the finding's rule or its Avro type) with that approval. `today` (YYYY-MM-DD, from the caller's
 * clock) decides expiry: an approval applies through its `expires` day. A subject whose every
 * incompatibility is covered by an unexpired approval gets the verdict `approved`. Pure.
 */
export function applyApprovals(subjects: readonly SubjectReport[], approvals: readonly Approval[], today: string): ApprovalOutcome {
  const marker = approvalMarker(approvals, today)
  return { subjects: subjects.map(marker.mark), staleExpired: marker.staleExpired() }
}

/**
 * `applyApprovals` one subject at a time (a streamed check): `mark` a subject, and once every
 * subject was marked, `staleExpired` lists the expired approvals none of them used.
 */
export function approvalMarker(approvals: readonly Approval[], today: string): { mark(subject: SubjectReport): SubjectReport; staleExpired(): Approval[] } {
  const used = new Set<Approval>()
  const mark = (subject: SubjectReport): SubjectReport => {
    // Without approvals nothing changes (20,000 subjects' copies are a measurable part of a big check).
    if (approvals.length === 0) return subject
    const findings = subject.findings.map((finding): CheckFinding => {
      if (finding.kind !== 'incompatible') return finding
      const approval = approvals.find((a) => matchesSubject(a.subject, subject.subject) && (a.rule === finding.rule || a.rule === finding.code))
      if (approval === undefined) return finding
      used.add(approval)
      return { ...finding, approval: { reason: approval.reason, expires: approval.expires, expired: today > approval.expires } }
    })
    const incompatible = findings.filter((f) => f.kind === 'incompatible' && f.severity !== 'warning')
    const approved = subject.verdict === 'incompatible' && incompatible.length > 0 && incompatible.every((f) => f.approval !== undefined && !f.approval.expired)
    return { ...subject, findings, verdict: approved ? ('approved' as const) : subject.verdict }
  }
  return { mark, staleExpired: () => approvals.filter((a) => !used.has(a) && today > a.expires) }
}

/** Whether a finding blocks the gate: an unapproved (or expired-approval) incompatibility (a warning one only with `failOn: warning`), or a lint finding at or above `failOn`. */
export function isBlocking(finding: CheckFinding, failOn: 'error' | 'warning'): boolean {
  if (finding.kind === 'incompatible')
    return (finding.severity !== 'warning' || failOn === 'warning') && (finding.approval === undefined || finding.approval.expired)
  if (finding.kind === 'lint') return finding.baselined !== true && (finding.severity === 'error' || failOn === 'warning')
  return true
}
