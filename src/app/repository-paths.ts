import { realpathSync } from 'node:fs'
import { isAbsolute, relative, resolve, sep } from 'node:path'
import { pathToFileURL } from 'node:url'
import { gitTopLevel } from '../workspace/git-source.js'
import type { CheckFinding, CheckReport, SubjectReport } from './check/report.js'

/** A check report whose finding paths are relative to the repository root, and that root. */
export interface RepositoryReport {
  report: CheckReport
  /** The repository root: git's top level, or the current directory outside a git repository. */
  root: string
  /** The root as a `file:` URI ending in `/` (SARIF's `%SRCROOT%`). */
  rootUri: string
}

/**
 * The report with each finding's file relative to the repository root, with forward slashes, as
 * GitHub annotations and code scanning expect whatever folder `check` ran in: the root is the git
 * top level of `cwd`, or `cwd` itself outside a git repository.
 */
export async function reportForRepository(report: CheckReport, cwd: string = process.cwd()): Promise<RepositoryReport> {
  const paths = await repositoryPaths(cwd)
  return {
    report: { ...report, problems: report.problems.map(paths.finding), subjects: report.subjects.map(paths.subject) },
    root: paths.root,
    rootUri: paths.rootUri,
  }
}

/** `reportForRepository` a part at a time (a streamed report): the root, and findings and subjects with their files made relative to it. */
export async function repositoryPaths(
  cwd: string = process.cwd(),
): Promise<{ root: string; rootUri: string; finding(f: CheckFinding): CheckFinding; subject(s: SubjectReport): SubjectReport }> {
  // git prints the top level with links resolved: resolve the current directory the same way.
  const here = real(cwd)
  const root = (await gitTopLevel(here)) ?? here
  const finding = (f: CheckFinding): CheckFinding =>
    f.file === undefined
      ? f
      : {
          ...f,
          file: relative(root, isAbsolute(f.file) ? real(f.file) : resolve(here, f.file))
            .split(sep)
            .join('/'),
        }
  return {
    root,
    rootUri: pathToFileURL(root.endsWith(sep) ? root : root + sep).href,
    finding,
    subject: (s) => ({ ...s, findings: s.findings.map(finding) }),
  }
}

/** The path with symbolic links resolved, or as given when it does not exist. */
function real(path: string): string {
  try {
    return realpathSync(path)
  } catch {
    return path
  }
}
