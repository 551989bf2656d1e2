import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import Check from '../../src/commands/check.js'
import GetById from '../../src/commands/get-by-id.js'
import List from '../../src/commands/list.js'
import Serve from '../../src/commands/serve.js'
import { runBinary } from '../helpers/run-binary.js'
import { runCommand } from './run-command.js'

const home = process.cwd()
let dir: string | undefined
afterEach(() => {
  process.chdir(home)
  if (dir) rmSync(dir, { recursive: true, force: true })
  dir = undefined
})

// No registry settings from the machine running the tests.
const clean = { SCHEMA_REGISTRY_URL: undefined, SCHEMACTL_REGISTRY: undefined }

/** The error part of a run: one line on stderr (plus the hint), no stack trace, no "this is a bug". */
function expectOneLine(run: { stderr: string }, message: string): void {
  const lines = run.stderr.trim().split('\n')
  expect(lines[0]).toBe(`Error: ${message}`)
  expect(lines.slice(1).every((l) => l.startsWith('Hint: '))).toBe(true)
  expect(run.stderr).not.toContain('bug')
}

describe('a malformed registry URL is one line, exit 2 (3 from the config file), never a crash', () => {
  it.each([
    ['htp://127.0.0.1:19001', 'htp://127.0.0.1:19001'],
    ['ftp://x', 'ftp://x'],
    ['ftp://admin:s3cret-pw@x', 'ftp://x'],
    ['http://', 'http://'],
  ])('--registry %s', async (url, shown) => {
    const run = await runCommand(List, ['--registry', url], clean)
    expect(run.code).toBe(2)
    expectOneLine(run, `--registry is not a valid http(s) URL: ${shown}`)
    expect(run.stderr).not.toContain('s3cret-pw')
  })

  it('from SCHEMA_REGISTRY_URL or SCHEMACTL_REGISTRY, naming the variable', async () => {
    const fromUrl = await runCommand(List, [], { ...clean, SCHEMA_REGISTRY_URL: 'ftp://x' })
    expect(fromUrl.code).toBe(2)
    expectOneLine(fromUrl, 'SCHEMA_REGISTRY_URL is not a valid http(s) URL: ftp://x')
    const fromFlagVariable = await runCommand(List, ['--json'], { ...clean, SCHEMACTL_REGISTRY: 'ftp://x' })
    expect(fromFlagVariable.code).toBe(2)
    expect(fromFlagVariable.json.error).toMatchObject({ code: 'INVALID_REGISTRY_URL', message: 'SCHEMACTL_REGISTRY is not a valid http(s) URL: ftp://x' })
  })

  it('from the config file: exit 3 naming the file and key', async () => {
    dir = mkdtempSync(join(tmpdir(), 'schemactl-badurl-'))
    writeFileSync(join(dir, 'schemactl.config.json'), JSON.stringify({ defaultRegistry: 'x', registries: { x: { url: 'ftp://u:pw-in-file@h' } } }))
    process.chdir(dir)
    const run = await runCommand(List, [], clean)
    expect(run.code).toBe(3)
    expectOneLine(run, 'schemactl.config.json: registries.x.url is not a valid http(s) URL: ftp://h')
    expect(run.stderr).not.toContain('pw-in-file')
  })

  it('the real binary exits 2 at once (it used to run out of memory)', async () => {
    const run = await runBinary(['list', '-r', 'htp://127.0.0.1:19001'], { env: clean })
    expect(run.code).toBe(2)
    expect(run.stderr).toBe('Error: --registry is not a valid http(s) URL: htp://127.0.0.1:19001\nHint: Use http://host:port or https://host:port.\n')
  })
})

describe('integer arguments and flags: a bad value is a usage error (exit 2)', () => {
  it.each(['abc', '-1', '1.5', '2147483648', '1e3'])('get-by-id %s', async (id) => {
    const run = await runCommand(GetById, [id, '--registry', 'http://127.0.0.1:1', '--json'], clean)
    expect(run.code).toBe(2)
    expect(run.json.error).toMatchObject({ code: 'INVALID_SCHEMA_ID', message: `'${id}' is not a schema id` })
  })

  it.each([
    [['--timeout', 'abc'], '--timeout: Expected an integer but received: abc'],
    [['--timeout', '0'], '--timeout: Expected an integer greater than or equal to 1 but received: 0'],
    [['--timeout', '99999999999'], '--timeout: Expected an integer less than or equal to 2147483647 but received: 99999999999'],
  ])('list %j', async (argv, message) => {
    const run = await runCommand(List, ['--registry', 'http://127.0.0.1:1', ...argv], clean)
    expect(run.code).toBe(2)
    expectOneLine(run, message)
  })

  it('SCHEMA_REGISTRY_TIMEOUT_MS beyond what a timer takes is refused, naming it (a longer timer would fire at once)', async () => {
    const run = await runCommand(List, ['--registry', 'http://127.0.0.1:1'], { ...clean, SCHEMA_REGISTRY_TIMEOUT_MS: '99999999999' })
    expect(run.code).toBe(3)
    expect(run.stderr).toContain('SCHEMA_REGISTRY_TIMEOUT_MS must be a positive number of milliseconds, at most 2147483647')
  })
})

describe('a flag value from an environment variable is blamed on that variable', () => {
  it.each([
    ['SCHEMACTL_FORMAT', 'xml', 'SCHEMACTL_FORMAT=xml: expected one of text, json, github, junit, sarif (the environment variable sets --format)'],
    ['SCHEMACTL_FAIL_ON', 'never', 'SCHEMACTL_FAIL_ON=never: expected one of error, warning (the environment variable sets --fail-on)'],
    [
      'SCHEMACTL_LEVEL',
      'STRICT',
      "SCHEMACTL_LEVEL=STRICT: 'STRICT' is not a level (NONE, BACKWARD, BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL, FULL_TRANSITIVE) (the environment variable sets --level)",
    ],
    [
      'SCHEMACTL_CHANGED_ONLY',
      'maybe',
      'SCHEMACTL_CHANGED_ONLY=maybe: expected true or false (1 or 0, yes or no) (the environment variable sets --changed-only)',
    ],
    ['SCHEMACTL_AGAINST', 'no-such-baseline', "SCHEMACTL_AGAINST 'no-such-baseline': no such folder, and not a registry URL or profile"],
    ['SCHEMACTL_REGISTRY', 'no-such-profile', "SCHEMACTL_REGISTRY 'no-such-profile' is neither a URL nor a profile in the config file"],
  ])('check with %s=%s', async (variable, value, message) => {
    const extra = variable === 'SCHEMACTL_REGISTRY' ? ['--against', 'registry'] : []
    const run = await runCommand(Check, ['schemas-example', ...extra], { ...clean, [variable]: value })
    expect(run.code).toBe(2)
    expectOneLine(run, message)
  })

  it('the same value on the command line is blamed on the flag', async () => {
    const run = await runCommand(Check, ['schemas-example', '--format', 'xml'], { SCHEMACTL_FORMAT: 'text' })
    expect(run.code).toBe(2)
    expectOneLine(run, "--format: 'xml' is not one of text, json, github, junit, sarif")
  })

  it('serve with SCHEMACTL_SERVE_PORT=abc', async () => {
    const run = await runCommand(Serve, ['--memory'], { SCHEMACTL_SERVE_PORT: 'abc' })
    expect(run.code).toBe(2)
    expectOneLine(run, 'SCHEMACTL_SERVE_PORT=abc: Expected an integer but received: abc (the environment variable sets --port)')
  })

  it('a boolean variable that says true or false is taken as such', async () => {
    const off = await runCommand(Check, ['schemas-example', '--json'], { SCHEMACTL_LINT: 'No', SCHEMACTL_CHANGED_ONLY: '0' })
    const lintFindings = (run: typeof off) =>
      run.json.result.subjects.flatMap((s: { findings: Array<{ kind: string }> }) => s.findings).filter((f: { kind: string }) => f.kind === 'lint')
    expect(off.code).toBe(0)
    expect(lintFindings(off)).toEqual([])
    const on = await runCommand(Check, ['schemas-example', '--json'], { SCHEMACTL_LINT: 'yes' })
    expect(lintFindings(on).length).toBeGreaterThan(0)
  })
})
