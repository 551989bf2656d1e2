import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { makeGitRepo } from '../helpers/git-repo.js'
import { record } from '../workspace/make-workspace.js'

// End to end through the real binary (needs a build: npm run build).
const root = fileURLToPath(new URL('../../', import.meta.url))

function run(cwd: string, ...args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env }
  delete env.FORCE_COLOR
  const child = spawnSync(process.execPath, [`${root}bin/run.js`, ...args], { cwd, encoding: 'utf8', env })
  return { status: child.status, stdout: child.stdout, stderr: child.stderr }
}

const repo = makeGitRepo()
afterAll(() => repo.remove())
repo.commit('schemas', { 'users-value.avsc': record('User', [{ name: 'id', type: 'string' }]) }, 'first')
repo.git('checkout', '-q', '-b', 'change')
repo.commit(
  'schemas',
  {
    'users-value.avsc': record('User', [
      { name: 'id', type: 'string' },
      { name: 'age', type: 'int' },
    ]),
  },
  'break',
)

describe('schemactl check as a CI gate (binary)', () => {
  it('--against git:main --format github: exit 1 and an annotation at the new field', () => {
    const out = run(repo.root, 'check', 'schemas', '--against', 'git:main', '--format', 'github')
    expect(out.status).toBe(1)
    expect(out.stdout.split('\n')[0]).toMatch(
      /^::error file=schemas\/users-value\.avsc,line=10,col=5,title=FIELD_ADDED_WITHOUT_DEFAULT::users-value: \/fields\/\d+: The field '\w+' in the new schema has no default value/,
    )
  })

  it('--format json is the --json envelope; --format sarif is SARIF', () => {
    const json = JSON.parse(run(repo.root, 'check', 'schemas', '--against', 'git:HEAD~1', '--format', 'json').stdout) as {
      status: number
      result: { exitCode: number }
    }
    expect(json.result.exitCode).toBe(1)
    const sarif = JSON.parse(run(repo.root, 'check', 'schemas', '--against', 'git:main', '--format=sarif').stdout) as {
      version: string
      runs: Array<{ results: unknown[] }>
    }
    expect(sarif.version).toBe('2.1.0')
    expect(sarif.runs[0].results).toHaveLength(1)
  })

  it('an unknown ref: exit 2 with the fetch to run, no stack trace', () => {
    // The repository is its own origin: origin/main is then a branch the remote has but the clone lacks.
    repo.git('remote', 'add', 'origin', repo.root)
    const out = run(join(repo.root, 'schemas'), 'check', '.', '--against', 'git:origin/main')
    expect(out.status).toBe(2)
    expect(out.stderr).toContain("git has no commit 'origin/main'")
    expect(out.stderr).toContain('`git fetch origin main:refs/remotes/origin/main`')
    expect(out.stderr).not.toMatch(/\n\s+at /)
  })

  it('lint and rules run as commands', () => {
    const lint = run(repo.root, 'lint', 'schemas')
    expect(lint.status).toBe(0)
    expect(lint.stdout).toContain('1 subject linted')
    expect(run(repo.root, 'rules').stdout).toMatch(/^FIELD_ADDED_WITHOUT_DEFAULT\s+compat backward\s+avro\s+The new schema adds a field/m)
    const long = run(repo.root, 'rules', '--long', '--kind', 'history').stdout
    expect(long).toMatch(
      /^REGISTERED_VERSION_CHANGED\s+history\s+all\s+A version that the baseline already has was changed in the workspace\.\n {4}error\. A registered version is history/m,
    )
    expect(long).toMatch(/^REGISTERED_VERSION_DELETED\s+history\s+all\s+.*\n {4}warning\. Deleting a version file/m)
  })
})
