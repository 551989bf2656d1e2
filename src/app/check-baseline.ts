import { readGitTree } from '../workspace/git-source.js'
import type { LoadedSubject } from '../workspace/workspace.js'
import { openWorkspace, type Workspace } from '../workspace/workspace.js'

/** What `--against` names: a git ref of the same folder (`git:<ref>`) or another workspace folder. */
export interface Baseline {
  workspace: Workspace
  /** Prefix of baseline files in findings: the folder as given, or `git:<ref>`. */
  label: string
}

/**
 * Opens the baseline `against` for the workspace in `dir`: `git:<ref>` reads `dir` as it was at
 * the ref from git's objects (no checkout), anything else is a workspace folder. An empty or
 * missing folder at the ref is an empty baseline (every subject is new). Throws UsageError for
 * an unknown ref (naming the fetch to run) and InputError for an unreadable folder.
 */
export async function openBaseline(dir: string, against: string): Promise<Baseline> {
  const options = { validateDefaults: false, allowEmpty: true }
  if (against.startsWith('git:')) {
    const tree = await readGitTree(dir, against.slice('git:'.length))
    return { workspace: await openWorkspace(dir, { ...options, source: tree }), label: against }
  }
  return { workspace: await openWorkspace(against, options), label: against }
}

/** Whether a subject's files differ from the baseline's (versions added or removed, or any text changed). */
export function subjectChanged(current: LoadedSubject, baseline: LoadedSubject | undefined): boolean {
  if (baseline === undefined || baseline.versions.length !== current.versions.length) return true
  return current.versions.some((v, i) => v.version !== baseline.versions[i].version || v.text === undefined || v.text !== baseline.versions[i].text)
}
