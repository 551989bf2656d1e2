import type { CompatibilityLevel, IncompatibilityType } from '../engine/types.js'
import type { FileProblemCode } from '../workspace/findings.js'

/**
 * One finding of `check`: an invalid input (exit 5) or an incompatibility (exit 1).
 * `file` is the path as the user wrote the workspace folder plus the file inside it.
 */
export interface CheckFinding {
  kind: 'invalid' | 'incompatible'
  /** A file problem code (`INVALID_SCHEMA`, `VERSION_GAP`, …) or an Avro incompatibility type. */
  code: FileProblemCode | IncompatibilityType | 'CHECK_FAILED'
  /** For incompatibilities: the registry's `{errorType:…, description:…, additionalInfo:…}` text. */
  message: string
  file?: string
  line?: number
  column?: number
  /** JSON Pointer: in the file for invalid input, in the reader schema for incompatibilities. */
  location?: string
  /** The version found incompatible, and the registered version it was checked against. */
  version?: number
  againstVersion?: number
  direction?: 'backward' | 'forward'
}

/** How a subject fared: `new` = not in the `--against` baseline, so any valid schema is accepted. */
export type SubjectVerdict = 'compatible' | 'incompatible' | 'invalid' | 'new'

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
