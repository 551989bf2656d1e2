import { realpathSync } from 'node:fs'
import { isAbsolute, relative, resolve, sep } from 'node:path'
import { pathToFileURL } from 'node:url'
import { gitTopLevel } from '../workspace/git-source.js'
import type { CheckFinding, CheckReport } from './check/report.js'

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
  // git prints the top level with links resolved: resolve the current directory the same way.
  const here = real(cwd)
  const root = (await gitTopLevel(here)) ?? here
  const rebase = (f: CheckFinding): CheckFinding =>
    f.file === undefined
      ? f
      : {
          ...f,
          file: relative(root, isAbsolute(f.file) ? real(f.file) : resolve(here, f.file))
            .split(sep)
            .join('/'),
        }
  return {
    report: { ...report, problems: report.problems.map(rebase), subjects: report.subjects.map((s) => ({ ...s, findings: s.findings.map(rebase) })) },
    root,
    rootUri: pathToFileURL(root.endsWith(sep) ? root : root + sep).href,
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
