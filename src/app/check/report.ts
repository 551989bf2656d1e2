import type { CompatibilityLevel, IncompatibilityType } from '../../engine/index.js'
import type { FileProblemCode } from '../../workspace/findings.js'

/** An approval from the config that matched a finding; `expired` approvals no longer let it pass. */
export interface AppliedApproval {
  reason: string
  expires: string
  expired: boolean
}

/**
 * One finding of `check`: an invalid input (exit 5), an incompatibility or a lint finding (exit 1).
 * `file` is the path as the user wrote the workspace folder plus the file inside it.
 */
export interface CheckFinding {
  kind: 'invalid' | 'incompatible' | 'lint'
  /** A file problem code (`INVALID_SCHEMA`, `VERSION_GAP`, …), an Avro incompatibility type or a lint rule id. */
  code: FileProblemCode | IncompatibilityType | 'CHECK_FAILED' | (string & {})
  /** `warning` only for lint rules of that severity; everything else is an error. */
  severity?: 'error' | 'warning'
  /** Set when an approval in the config matches this finding. */
  approval?: AppliedApproval
  /** Lint findings recorded in the lint baseline file: reported, never blocking. */
  baselined?: boolean
  /** The catalogue rule (src/engine/rules): the finest id for an incompatibility, e.g. FIELD_ADDED_WITHOUT_DEFAULT. */
  rule?: string
  /** For incompatibilities: the registry's `{errorType:…, description:…, additionalInfo:…}` text. */
  message: string
  file?: string
  line?: number
  column?: number
  /** JSON Pointer into `file` (for incompatibilities: the candidate schema). */
  location?: string
  /** Lint findings: the node by type full name and field name (`com.acme.User.email`), stable when fields move. */
  target?: string
  /** For forward incompatibilities: Avro's pointer into the old schema (the reader), when it differs from `location`. */
  readerLocation?: string
  /** The version found incompatible, and the registered version it was checked against. */
  version?: number
  againstVersion?: number
  direction?: 'backward' | 'forward'
}

/** How a subject fared: `new` = not in the `--against` baseline, so any valid schema is accepted. */
export type SubjectVerdict = 'compatible' | 'incompatible' | 'invalid' | 'new' | 'approved'

/** A refused version with the registry's verbose messages, exactly as the registry would answer. */
export interface RefusedVersion {
  version: number
  file: string
  againstVersion: number | null
  messages: string[]
}

/** The outcome for one subject. */
export interface SubjectReport {
  subject: string
  level: CompatibilityLevel
  verdict: SubjectVerdict
  /** Version numbers checked (oldest first); with `--against`, the candidate's. */
  versions: number[]
  /** The `compatibilityGroup` metadata property applied: each version was checked only against earlier versions with its value. */
  compatibilityGroup?: string
  refused: RefusedVersion[]
  findings: CheckFinding[]
}

/** Subjects counted by verdict. */
export interface CheckSummary {
  subjects: number
  compatible: number
  incompatible: number
  invalid: number
  new: number
  /** Incompatible only in approved ways (present when approvals applied). */
  approved?: number
  /** With `--lint`: compatible or new subjects that fail only on lint (not counted as compatible or new). */
  lint?: number
}

/** The result of `checkWorkspace`: data only; rendering is in src/output/. */
export interface CheckReport {
  workspace: string
  against?: string
  /** The configuration file used, if any. */
  config?: string
  subjects: SubjectReport[]
  /** Problems that belong to no subject (e.g. a dangling link at the top level). */
  problems: CheckFinding[]
  summary: CheckSummary
  /** 0 all pass, 1 any incompatible, 5 any invalid input (invalid wins: the verdicts are incomplete). */
  exitCode: 0 | 1 | 5
}

/** A check report without its subjects: what a streamed check keeps to the end (the subjects went to its sink one by one). */
export type CheckReportEnd = Omit<CheckReport, 'subjects'>

/** What is known of a streamed report before its first subject. */
export interface CheckReportStart {
  workspace: string
  against?: string
  config?: string
  /**
   * The problems that belong to no subject known so far: all of them, unless the baseline is a
   * registry (whose problems are found as its subjects are read: the end has them all).
   */
  problems: CheckFinding[]
  /**
   * The length of the longest name of the subjects that will be reported, when they are known
   * before they are checked (not with `--changed-only`): a text report sizes its column by it.
   */
  longestSubject?: number
}

/**
 * Where a streamed check hands its report: `start` once, then each subject's report in report
 * order as soon as it (and every one before it) is decided. What it returns is awaited before the
 * next subject is handed over, so a slow reader holds the check back instead of the reports piling up.
 */
export interface CheckReportSink {
  start(head: CheckReportStart): void | Promise<void>
  subject(report: SubjectReport): void | Promise<void>
}

/** What a streamed report's head is rendered from: the start (problems) or, for a head printed last, the end (exit code, counts) too. */
export type CheckReportHead = CheckReportStart & Partial<Pick<CheckReportEnd, 'summary' | 'exitCode'>>

/**
 * A check report in parts, for printing it while its subjects are decided (src/output/check-format.ts
 * makes one per format, src/cli/report-printer.ts prints it): `head` (before the first subject),
 * `subject` for each, then `tail`. Concatenated they are the format's whole text and a final
 * newline. A stream is stateful (JUnit counts its cases, SARIF and JSON their items): one per
 * report, its subjects rendered in order.
 */
export interface CheckReportStream {
  /** The head needs the end of the report (JSON's exit status, JUnit's counts): ask for it after the last subject, print it first. */
  readonly headAtEnd: boolean
  head(report: CheckReportHead, warnings: readonly string[]): string
  subject(subject: SubjectReport): string
  tail(report: CheckReportEnd, warnings: readonly string[]): string
}

/** The whole report: the end of a streamed one with its subjects put back, in `CheckReport`'s key order. */
export function withSubjects(end: CheckReportEnd, subjects: SubjectReport[]): CheckReport {
  const { workspace, against, config, problems, summary, exitCode } = end
  return { workspace, ...(against !== undefined ? { against } : {}), ...(config !== undefined ? { config } : {}), subjects, problems, summary, exitCode }
}

/** A sink that keeps every subject, for callers that want the whole report (tests, small runs). */
export function collectingSink(): CheckReportSink & { subjects: SubjectReport[] } {
  const subjects: SubjectReport[] = []
  return { subjects, start: () => undefined, subject: (s) => void subjects.push(s) }
}
