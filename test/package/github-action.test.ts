import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { makeGitRepo } from '../helpers/git-repo.js'
import { validateSarif } from '../helpers/sarif-validate.js'
import { record } from '../workspace/make-workspace.js'

// action.yml's steps run as GitHub runs a composite action's `shell: bash` steps: `bash -e -o
// pipefail` in the workspace, with the variables GitHub sets and each step's env, where
// `${{ inputs.* }}` is the input given or its default. The action's checkout is this repository
// (built: the install step then uses it as it is, as on a runner that cached it).
const root = fileURLToPath(new URL('../../', import.meta.url))
const { load } = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown }

interface ActionStep {
  name: string
  id?: string
  shell: string
  run: string
  env?: Record<string, string>
}
interface Action {
  inputs: Record<string, { default: string }>
  runs: { using: string; steps: ActionStep[] }
}
const action = load(readFileSync(join(root, 'action.yml'), 'utf8')) as Action

const runner = mkdtempSync(join(tmpdir(), 'schemactl-action-'))
const repo = makeGitRepo()
afterAll(() => {
  repo.remove()
  rmSync(runner, { recursive: true, force: true })
})

const v1 = record('User', [{ name: 'id', type: 'string' }])
const v2Incompatible = record('User', [{ name: 'id', type: 'long' }])
const v2Compatible = record('User', [
  { name: 'id', type: 'string' },
  { name: 'email', type: ['null', 'string'], default: null },
])
repo.commit('schemas', { 'users-value/1.avsc': v1 }, 'users v1')
repo.git('checkout', '-q', '-b', 'feature')

/** Runs every step of action.yml with `inputs`; returns each step's outcome and what the steps wrote for GitHub. */
function runAction(inputs: Record<string, string>, run: string) {
  const output = join(runner, `${run}.output`)
  const path = join(runner, `${run}.path`)
  writeFileSync(output, '')
  writeFileSync(path, '')
  const values = Object.fromEntries(Object.entries(action.inputs).map(([name, input]) => [name, inputs[name] ?? input.default]))
  const expand = (text: string) => text.replace(/\$\{\{\s*inputs\.([\w-]+)\s*\}\}/g, (_, name: string) => values[name] ?? '')
  const github: NodeJS.ProcessEnv = {
    ...process.env,
    GITHUB_ACTIONS: 'true',
    GITHUB_ACTION_PATH: root,
    GITHUB_WORKSPACE: repo.root,
    GITHUB_OUTPUT: output,
    GITHUB_PATH: path,
    RUNNER_TEMP: join(runner, run),
    NO_COLOR: '1',
  }
  delete github.FORCE_COLOR
  const steps = action.runs.steps.map((step) => {
    expect(step.shell).toBe('bash')
    const env = { ...github, ...Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, expand(String(v))])) }
    const child = spawnSync('bash', ['--noprofile', '--norc', '-e', '-o', 'pipefail', '-c', expand(step.run)], { cwd: repo.root, env, encoding: 'utf8' })
    return { name: step.name, status: child.status, stdout: child.stdout, stderr: child.stderr }
  })
  return { steps, output: readFileSync(output, 'utf8'), path: readFileSync(path, 'utf8') }
}

describe('action.yml (composite GitHub Action)', () => {
  it('is a composite action whose steps run ci/github-action.sh', () => {
    expect(action.runs.using).toBe('composite')
    expect(Object.keys(action.inputs)).toEqual(expect.arrayContaining(['path', 'against', 'level', 'format', 'fail-on', 'sarif-file']))
    for (const step of action.runs.steps) expect(step.run).toContain('"$GITHUB_ACTION_PATH/ci/github-action.sh"')
  })

  it('an incompatible change: annotations, exit 1, the exit-code output and a SARIF file', () => {
    repo.commit('schemas', { 'users-value/1.avsc': v1, 'users-value/2.avsc': v2Incompatible }, 'users v2: id becomes a long')
    const { steps, output, path } = runAction(
      { path: 'schemas', against: 'git:main', level: 'BACKWARD', 'sarif-file': 'results/schemactl.sarif' },
      'incompatible',
    )
    const [install, check] = steps

    expect(install.stdout).toMatch(/^schemactl\/\d+\.\d+\.\d+ /m)
    expect(install.status).toBe(0)
    // Later steps of the job get `schemactl` on PATH.
    const bin = path.trim()
    expect(spawnSync(join(bin, 'schemactl'), ['--version'], { encoding: 'utf8' }).stdout).toMatch(/^schemactl\//)

    expect(check.stdout).toMatch(/^::error file=schemas\/users-value\/2\.avsc,line=\d+,col=\d+,title=TYPE_MISMATCH::users-value/m)
    expect(check.status).toBe(1)
    expect(output).toContain('exit-code=1\n')
    expect(output).toContain('sarif-file=results/schemactl.sarif\n')

    const sarif = JSON.parse(readFileSync(join(repo.root, 'results', 'schemactl.sarif'), 'utf8'))
    expect(validateSarif(sarif)).toEqual([])
    const results = sarif.runs[0].results as Array<{
      ruleId: string
      level: string
      locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }>
    }>
    expect(results.map((r) => r.ruleId)).toContain('TYPE_MISMATCH')
    expect(results[0].locations[0].physicalLocation.artifactLocation.uri).toMatch(/(^|\/)schemas\/users-value\/2\.avsc$/)
  })

  it('a compatible change passes: exit 0, no annotation, exit-code 0', () => {
    repo.commit('schemas', { 'users-value/1.avsc': v1, 'users-value/2.avsc': v2Compatible }, 'users v2: optional email')
    const { steps, output } = runAction({ path: 'schemas', against: 'git:main' }, 'compatible')
    const check = steps[1]
    expect(check.stdout).not.toContain('::error')
    expect(check.status).toBe(0)
    expect(output).toBe('exit-code=0\n')
  })

  it('refuses a JavaScript config file of the checkout without running it (exit 3), unless allow-js-config', () => {
    const config = join(repo.root, 'schemas', 'schemactl.config.cjs')
    const marker = join(runner, 'js-config-ran')
    writeFileSync(config, `require('node:fs').writeFileSync(${JSON.stringify(marker)}, 'x'); module.exports = { compatibility: 'NONE' }\n`)
    try {
      const denied = runAction({ path: 'schemas', against: 'git:main' }, 'js-denied')
      expect(denied.steps[1].stderr).toMatch(/^Error: schemactl\.config\.cjs: JavaScript configuration is refused here \(SCHEMACTL_JS_CONFIG=deny\)/m)
      expect(denied.steps[1].status).toBe(3)
      expect(denied.output).toBe('exit-code=3\n')
      expect(existsSync(marker)).toBe(false)

      const allowed = runAction({ path: 'schemas', against: 'git:main', 'allow-js-config': 'true' }, 'js-allowed')
      expect(allowed.steps[1].status).toBe(0)
      expect(existsSync(marker)).toBe(true)
    } finally {
      rmSync(config, { force: true })
    }
  })

  it('a usage error (an unknown ref) fails the step with the error, not a pass', () => {
    const { steps, output } = runAction({ path: 'schemas', against: 'git:no-such-branch' }, 'usage')
    expect(steps[1].stderr).toMatch(/^Error: --against git:no-such-branch/m)
    expect(steps[1].status).toBe(2)
    expect(output).toBe('exit-code=2\n')
  })
})
