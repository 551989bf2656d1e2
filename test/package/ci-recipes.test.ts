import { spawnSync } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { makeGitRepo } from '../helpers/git-repo.js'
import { record } from '../workspace/make-workspace.js'

// The CI recipes beside action.yml, run as their CI would run them, with `schemactl` being this
// build (bin/run.js): the pre-commit hooks (.pre-commit-hooks.yaml) and the GitLab job (ci/gitlab-ci.yml).
const root = fileURLToPath(new URL('../../', import.meta.url))
const { load } = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown }

const bin = mkdtempSync(join(tmpdir(), 'schemactl-bin-'))
mkdirSync(bin, { recursive: true })
writeFileSync(join(bin, 'schemactl'), `#!/bin/sh\nexec "${process.execPath}" "${join(root, 'bin/run.js')}" "$@"\n`)
chmodSync(join(bin, 'schemactl'), 0o755)
const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${bin}:${process.env.PATH}`, NO_COLOR: '1' }
delete env.FORCE_COLOR

const repo = makeGitRepo()
afterAll(() => {
  repo.remove()
  rmSync(bin, { recursive: true, force: true })
})
const v1 = record('User', [{ name: 'id', type: 'string' }])
repo.commit('schemas', { 'users-value/1.avsc': v1 }, 'users v1')
repo.git('checkout', '-q', '-b', 'feature')
repo.commit('schemas', { 'users-value/1.avsc': v1, 'users-value/2.avsc': record('User', [{ name: 'id', type: 'long' }]) }, 'users v2: id becomes a long')

const sh = (script: string, extra: NodeJS.ProcessEnv = {}) =>
  spawnSync('bash', ['-e', '-c', script], { cwd: repo.root, env: { ...env, ...extra }, encoding: 'utf8' })

describe('.pre-commit-hooks.yaml', () => {
  const hooks = load(readFileSync(join(root, '.pre-commit-hooks.yaml'), 'utf8')) as Array<{
    id: string
    entry: string
    language: string
    files: string
    pass_filenames: boolean
  }>

  it('defines schemactl-check and schemactl-lint, run on schema and config files', () => {
    expect(hooks.map((h) => h.id)).toEqual(['schemactl-check', 'schemactl-lint'])
    for (const hook of hooks) {
      expect(hook.language).toBe('node')
      expect(hook.pass_filenames).toBe(false)
      const files = new RegExp(hook.files)
      for (const staged of ['schemas/users-value/2.avsc', 'orders-value.avsc', 'schemas/schemactl.config.json', '.schemactlrc.yaml'])
        expect(files.test(staged)).toBe(true)
      expect(files.test('src/index.ts')).toBe(false)
    }
  })

  it("schemactl-check's entry, with the folder as its argument, fails on an incompatible version", () => {
    const check = hooks.find((h) => h.id === 'schemactl-check')!
    const out = sh(`${check.entry} schemas`)
    expect(out.stdout).toContain('users-value')
    expect(out.status).toBe(1)
    expect(sh(`${hooks.find((h) => h.id === 'schemactl-lint')!.entry} schemas`).status).toBe(0)
  })
})

describe('ci/gitlab-ci.yml', () => {
  const gitlab = load(readFileSync(join(root, 'ci', 'gitlab-ci.yml'), 'utf8')) as Record<
    string,
    { script?: string[]; artifacts?: { reports: { junit: string } } }
  >

  it("the job's commands, after the install, write the JUnit report and fail the merge request", () => {
    const job = gitlab['schemactl-check']
    const [install, ...commands] = job.script!
    expect(install).toContain('npm install --global')
    // The merge request's target branch is `main`, fetched from the remote as GitLab's clone has it.
    repo.git('remote', 'add', 'origin', repo.root)
    const out = sh(commands.join('\n'), { CI_MERGE_REQUEST_TARGET_BRANCH_NAME: 'main', SCHEMACTL_PATH: 'schemas' })
    expect(out.status).toBe(1)
    expect(out.stdout).toMatch(/users-value\s+BACKWARD\s+incompatible/)
    const junit = readFileSync(join(repo.root, job.artifacts!.reports.junit), 'utf8')
    expect(junit).toContain('<testsuites')
    expect(junit).toMatch(/<failure[^>]*TYPE_MISMATCH/)
  })

  it("the job's variables refuse a JavaScript config file of the merge request without running it", () => {
    const job = gitlab['schemactl-check'] as { variables?: Record<string, string | number> }
    expect(job.variables?.SCHEMACTL_JS_CONFIG).toBe('deny')
    const config = join(repo.root, 'schemas', 'schemactl.config.js')
    const marker = join(bin, 'js-config-ran')
    writeFileSync(config, `require('node:fs').writeFileSync(${JSON.stringify(marker)}, 'x'); module.exports = {}\n`)
    try {
      const vars = Object.fromEntries(Object.entries(job.variables ?? {}).map(([k, v]) => [k, String(v)]))
      const out = sh('schemactl check schemas', vars)
      expect(out.stderr).toMatch(/^Error: schemactl\.config\.js: JavaScript configuration is refused here/m)
      expect(out.status).toBe(3)
      expect(existsSync(marker)).toBe(false)
    } finally {
      rmSync(config, { force: true })
    }
  })
})
