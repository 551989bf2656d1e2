import { execFileSync } from 'node:child_process'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import type { Tree } from '../workspace/make-workspace.js'
import { makeWorkspace } from '../workspace/make-workspace.js'

/** A temporary git repository for baseline tests; every commit is made with a fixed author and date. */
export interface GitRepo {
  root: string
  git(...args: string[]): string
  /** Replaces the files under `folder` with `tree` and commits them; returns the commit id. */
  commit(folder: string, tree: Tree, message: string): string
  remove(): void
}

/** Creates an empty repository (branch `main`) in a temporary folder. */
export function makeGitRepo(): GitRepo {
  const root = makeWorkspace({})
  const env = { ...process.env, GIT_AUTHOR_DATE: '2026-01-01T00:00:00Z', GIT_COMMITTER_DATE: '2026-01-01T00:00:00Z' }
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args], {
      cwd: root,
      env,
      encoding: 'utf8',
    })
  git('init', '-q', '-b', 'main')
  return {
    root,
    git,
    commit(folder, tree, message) {
      rmSync(join(root, folder), { recursive: true, force: true })
      for (const [file, content] of Object.entries(tree)) {
        mkdirSync(dirname(join(root, folder, file)), { recursive: true })
        writeFileSync(join(root, folder, file), typeof content === 'string' ? content : JSON.stringify(content, null, 2))
      }
      git('add', '-A')
      git('commit', '-q', '--allow-empty', '-m', message)
      return git('rev-parse', 'HEAD').trim()
    },
    remove: () => rmSync(root, { recursive: true, force: true }),
  }
}
