import { join } from 'node:path'
import { checkCompatibility, checkSubjectHistory } from '../engine/index.js'
import type { CompatibilityLevel, CompatibilityResult } from '../engine/types.js'
import { locatePointer } from '../engine/schema/locate.js'
import type { FileProblem } from '../workspace/findings.js'
import type { LoadedSubject, SchemaVersion } from '../workspace/workspace.js'
import type { CheckFinding, RefusedVersion, SubjectReport } from './check-report.js'

type ValidVersion = SchemaVersion & Required<Pick<SchemaVersion, 'parsed'>>

/** A loaded subject and the workspace folder as the user wrote it (findings name files under it). */
export interface LocatedSubject {
  loaded: LoadedSubject
  /** The workspace folder as the user wrote it, prefixed to file names in findings. */
  dir: string
}

/**
 * Checks a subject's own history: every version would have been accepted by a registry at
 * `level` after the versions before it (invalid versions are reported and left out).
 */
export function checkOwnHistory(subject: LocatedSubject, level: CompatibilityLevel): SubjectReport {
  const findings = invalidFindings(subject)
  const valid = subject.loaded.versions.filter(isValid)
  const refused: RefusedVersion[] = []
  const results = checkSubjectHistory(level, valid.map((v) => v.parsed), valid.map((v) => v.version))
  results.forEach((result, i) => {
    if (!result.compatible) refuse(refused, findings, result, valid[i], valid.slice(0, i), subject.dir, subject.dir)
  })
  return report(subject.loaded, level, findings, refused, subject.loaded.versions.map((v) => v.version))
}

/**
 * Checks a subject's newest version against a baseline's versions (the registered history).
 * A subject the baseline lacks is `new` and passes when valid.
 */
export function checkSubjectAgainst(subject: LocatedSubject, baseline: LocatedSubject | undefined, level: CompatibilityLevel): SubjectReport {
  const findings = invalidFindings(subject)
  const newest = subject.loaded.versions[subject.loaded.versions.length - 1]
  const refused: RefusedVersion[] = []
  const checked = newest === undefined ? [] : [newest.version]
  if (baseline === undefined || newest === undefined || !isValid(newest)) {
    const out = report(subject.loaded, level, findings, refused, checked)
    return baseline === undefined && out.verdict === 'compatible' ? { ...out, verdict: 'new' } : out
  }
  findings.push(...invalidFindings(baseline))
  const previous = baseline.loaded.versions.filter(isValid)
  const result = checkCompatibility(level, newest.parsed, previous.map((v) => v.parsed), { versions: previous.map((v) => v.version) })
  if (!result.compatible) refuse(refused, findings, result, newest, previous, subject.dir, baseline.dir)
  return report(subject.loaded, level, findings, refused, checked)
}

function isValid(version: SchemaVersion): version is ValidVersion {
  return version.parsed !== undefined
}

function report(
  loaded: LoadedSubject,
  level: CompatibilityLevel,
  findings: CheckFinding[],
  refused: RefusedVersion[],
  versions: number[],
): SubjectReport {
  const verdict = findings.some((f) => f.kind === 'invalid') ? 'invalid' : refused.length > 0 ? 'incompatible' : 'compatible'
  return { subject: loaded.subject, level, verdict, versions, refused, findings }
}

/** Every layout and file problem of a subject, as findings. */
function invalidFindings({ loaded, dir }: LocatedSubject): CheckFinding[] {
  const problems = [...loaded.layout.problems, ...loaded.versions.flatMap((v) => v.problems)]
  return problems.map((p) => problemFinding(p, dir))
}

/** A file problem as a check finding, its file shown under the workspace folder as given. */
export function problemFinding(problem: FileProblem, dir: string): CheckFinding {
  return {
    kind: 'invalid',
    code: problem.code,
    message: problem.message,
    file: join(dir, problem.file),
    ...(problem.line !== undefined ? { line: problem.line, column: problem.column } : {}),
    ...(problem.path !== undefined ? { location: problem.path } : {}),
  }
}

/**
 * Records a refused version and one finding per incompatibility, placed in the reader schema's
 * file: the candidate when reading backward, the old version when reading forward.
 */
function refuse(
  refused: RefusedVersion[],
  findings: CheckFinding[],
  result: CompatibilityResult,
  candidate: ValidVersion,
  previous: ValidVersion[],
  candidateDir: string,
  previousDir: string,
): void {
  const against = result.failedAgainst === null ? undefined : previous[result.failedAgainst]
  refused.push({ version: candidate.version, file: join(candidateDir, candidate.file), againstVersion: against?.version ?? null, messages: result.messages })
  // The registry lists one `{errorType:…}` message per incompatibility, in the same order.
  const texts = result.messages.filter((m) => m.startsWith('{errorType:'))
  result.incompatibilities.forEach((inc, i) => {
    const reader = inc.direction === 'backward' || against === undefined ? { version: candidate, dir: candidateDir } : { version: against, dir: previousDir }
    const position = reader.version.text === undefined ? undefined : locatePointer(reader.version.text, inc.location)
    findings.push({
      kind: 'incompatible',
      code: inc.type,
      message: texts[i] ?? inc.message,
      file: join(reader.dir, reader.version.file),
      ...position,
      location: inc.location,
      version: candidate.version,
      ...(against ? { againstVersion: against.version } : {}),
      direction: inc.direction,
    })
  })
  if (result.incompatibilities.length === 0) {
    findings.push({
      kind: 'incompatible',
      code: 'CHECK_FAILED',
      message: result.messages[0] ?? 'the compatibility check failed',
      file: join(candidateDir, candidate.file),
      version: candidate.version,
      ...(against ? { againstVersion: against.version } : {}),
    })
  }
}
