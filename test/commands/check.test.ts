import { spawnSync } from 'node:child_process'
import { chmodSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { record, temporaryWorkspaces } from '../workspace/make-workspace.js'

// End to end through the real binary (needs a build: npm install / npm run build).
const root = fileURLToPath(new URL('../../', import.meta.url))

const folder = temporaryWorkspaces()

function run(...args: string[]) {
  return runWith({}, ...args)
}

/** Runs the binary as an unprivileged user (uid/gid 65534 through setpriv when the tests run as root, as CI does), so file modes apply. */
function runUnprivileged(...args: string[]) {
  if (process.getuid?.() !== 0) return run(...args)
  const unprivileged = ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, `${root}bin/run.js`, ...args]
  const child = spawnSync('setpriv', unprivileged, { cwd: root, encoding: 'utf8', env: { PATH: process.env.PATH, HOME: '/nonexistent' } })
  return { status: child.status, stdout: child.stdout, stderr: child.stderr }
}

function runWith(extraEnv: Record<string, string>, ...args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env }
  // The test runner may force colours; the binary must decide for itself (stdout is a pipe here).
  delete env.NO_COLOR
  delete env.FORCE_COLOR
  Object.assign(env, extraEnv)
  const child = spawnSync(process.execPath, [`${root}bin/run.js`, ...args], { cwd: root, encoding: 'utf8', env })
  return { status: child.status, stdout: child.stdout, stderr: child.stderr, json: () => JSON.parse(child.stdout) }
}

const v1 = record('User', [{ name: 'id', type: 'string' }])
const v2bad = record('User', [
  { name: 'id', type: 'string' },
  { name: 'age', type: 'int' },
])

describe('schemactl (binary)', () => {
  it('prints its version and help', () => {
    const version = run('--version')
    expect(version.status).toBe(0)
    expect(version.stdout).toMatch(/^schemactl\/\d+\.\d+\.\d+ /)
    const help = run('--help')
    expect(help.status).toBe(0)
    expect(help.stdout).toMatch(/check\s+Check that every schema/)
  })
})

describe('schemactl check', () => {
  it('passes schemas-example: exit 0, one line per subject, a summary, no colour when not a terminal', () => {
    const out = run('check', 'schemas-example')
    expect(out.stderr).toBe('')
    expect(out.status).toBe(0)
    const lines = out.stdout.trimEnd().split('\n')
    expect(lines[0]).toMatch(/^com\.acme\.common\.Address\s+BACKWARD\s+compatible\s+version 1$/)
    expect(lines[2]).toMatch(/^employee-value\s+FULL_TRANSITIVE\s+compatible\s+versions 1–3$/)
    expect(lines.at(-1)).toBe('8 subjects checked: 8 compatible, 0 incompatible, 0 invalid')
    expect(out.stdout).not.toMatch(/\u001b\[/)
  })

  it('colours when forced (as on a terminal), and --no-color or NO_COLOR turn it off', () => {
    expect(runWith({ FORCE_COLOR: '1' }, 'check', 'schemas-example').stdout).toMatch(/\u001b\[32mcompatible/)
    expect(runWith({ FORCE_COLOR: '1' }, 'check', 'schemas-example', '--no-color').stdout).not.toMatch(/\u001b\[/)
    expect(runWith({ NO_COLOR: '1' }, 'check', 'schemas-example').stdout).not.toMatch(/\u001b\[/)
  })

  it('--json: the envelope with status, result and warnings', () => {
    const out = run('check', 'schemas-example', '--json')
    expect(out.status).toBe(0)
    const envelope = out.json()
    expect(Object.keys(envelope).sort()).toEqual(['result', 'status', 'warnings'])
    expect(envelope.status).toBe(0)
    expect(envelope.result.summary).toEqual({ subjects: 8, compatible: 8, incompatible: 0, invalid: 0, new: 0 })
    expect(envelope.result.subjects.map((s: { subject: string }) => s.subject)).toContain('orders-value')
  })

  it('exit 1 with the finding as file:line:col TYPE location [RULE] message', () => {
    const dir = folder({ 'users-value/1.avsc': v1, 'users-value/2.avsc': v2bad })
    const out = run('check', dir)
    expect(out.status).toBe(1)
    expect(out.stdout).toContain(
      `    ${dir}/users-value/2.avsc:10:5  READER_FIELD_MISSING_DEFAULT_VALUE  /fields/1  [FIELD_ADDED_WITHOUT_DEFAULT]  (v2 reading v1)  The field 'age' in the new schema has no default value and is missing in the old schema.`,
    )
    expect(out.stdout).toMatch(/^users-value\s+BACKWARD\s+incompatible\s+versions 1–2, v2 refused \(against v1\)$/m)
    const json = run('check', dir, '--json')
    expect(json.status).toBe(1)
    expect(json.json().status).toBe(1)
    expect(json.json().result.subjects[0].refused[0].messages).toContain("{validateFields: 'false', compatibility: 'BACKWARD'}")
  })

  it('exit 5 for invalid input, naming the file and line:col, without a stack trace', () => {
    const dir = folder({ 'good.avsc': v1, 'broken.avsc': '{\n  "type": "record",\n  "name": }' })
    const out = run('check', dir)
    expect(out.status).toBe(5)
    expect(out.stdout).toContain(`    ${dir}/broken.avsc:3:11  INVALID_JSON  Invalid JSON: value expected near '}'`)
    expect(out.stdout).toMatch(/^good\s+BACKWARD\s+compatible/m)
    expect(out.stderr).not.toMatch(/\bat .+:\d+:\d+\)/)
  })

  it('exit 5 for a file that may not be read, and the other subjects are still reported', () => {
    const dir = folder({ 'secret.avsc': v1, 'users-value/1.avsc': v1, 'users-value/2.avsc': v2bad })
    chmodSync(dir, 0o755)
    chmodSync(join(dir, 'secret.avsc'), 0o000)
    const out = runUnprivileged('check', dir)
    expect(out.stderr).toBe('')
    expect(out.stdout.trimEnd().split('\n')).toEqual([
      'secret       BACKWARD             invalid  version 1',
      `    ${dir}/secret.avsc  FILE_UNREADABLE  cannot be read: permission denied`,
      'users-value  BACKWARD             incompatible  versions 1–2, v2 refused (against v1)',
      expect.stringContaining('READER_FIELD_MISSING_DEFAULT_VALUE'),
      '',
      '2 subjects checked: 0 compatible, 1 incompatible, 1 invalid',
    ])
    expect(out.status).toBe(5)
  })

  it('exit 5 for an empty folder, with one error line', () => {
    const dir = folder({})
    const out = run('check', dir)
    expect(out.status).toBe(5)
    expect(out.stderr.split('\n')[0]).toBe(`Error: ${dir}: no schemas found`)
    expect(run('check', dir, '--json').json()).toMatchObject({ status: 5, error: { code: 'EMPTY_WORKSPACE' } })
  })

  it('exit 2 for a folder that does not exist (a mistyped argument), with one error line', () => {
    const out = run('check', 'no-such-dir')
    expect(out.status).toBe(2)
    expect(out.stderr.split('\n')[0]).toBe('Error: no-such-dir: no such folder')
    expect(run('check', 'no-such-dir', '--json').json()).toMatchObject({ status: 2, error: { code: 'WORKSPACE_NOT_FOUND' } })
  })

  it('exit 2 for an unknown command; with --json, as the JSON error envelope', () => {
    expect(run('bogus').status).toBe(2)
    const out = run('bogus', '--json')
    expect(out.status).toBe(2)
    expect(out.json()).toEqual({
      status: 2,
      error: { code: 'COMMAND_NOT_FOUND', message: "'bogus' is not a schemactl command", hint: 'Run schemactl --help for the list of commands.' },
      warnings: [],
    })
  })

  it('exit 2 for a bad --level or an unknown flag', () => {
    const out = run('check', 'schemas-example', '--level', 'BAKWARD')
    expect(out.status).toBe(2)
    expect(out.stderr.split('\n')[0]).toBe(
      "Error: --level: 'BAKWARD' is not a level (NONE, BACKWARD, BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL, FULL_TRANSITIVE)",
    )
    expect(run('check', 'schemas-example', '--frobnicate').status).toBe(2)
    expect(run('check', 'schemas-example', '--subject', 'nothing-matches').status).toBe(2)
  })

  it('exit 3 for an invalid configuration, naming the file and key', () => {
    const dir = folder({ 'a.avsc': v1, 'schemactl.config.json': { compatibility: 'BAKWARD' } })
    const out = run('check', dir)
    expect(out.status).toBe(3)
    expect(out.stderr.split('\n')[0]).toBe(
      "Error: schemactl.config.json: compatibility: 'BAKWARD' is not a level (NONE, BACKWARD, BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL, FULL_TRANSITIVE); did you mean 'BACKWARD'?",
    )
  })

  it('puts config warnings into the --json envelope', () => {
    const dir = folder({ 'a.avsc': v1, 'schemactl.config.json': { compatibility: 'FULL', colour: true } })
    const envelope = run('check', dir, '--json').json()
    expect(envelope.warnings).toEqual([
      'schemactl.config.json: colour: unknown key (known: compatibility, compatibilityPolicy, subjects, registries, defaultRegistry, approvals, lint, contracts); ignored',
    ])
    expect(envelope.result.subjects[0].level).toBe('FULL')
  })

  it('--subject, --level and --against', () => {
    const baseline = folder({ 'users-value/1.avsc': v1 })
    const dir = folder({ 'users-value/1.avsc': v1, 'users-value/2.avsc': v2bad, 'other.avsc': v1 })
    const out = run('check', dir, '--against', baseline, '--subject', 'users-*', '--level', 'forward', '--json')
    const result = out.json().result
    expect(result.subjects.map((s: { subject: string; level: string; verdict: string }) => [s.subject, s.level, s.verdict])).toEqual([
      ['users-value', 'FORWARD', 'compatible'],
    ])
    expect(result.subjects[0].versions).toEqual([2])
    expect(out.status).toBe(0)
  })
})
