import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'

// The conventions an oclif user expects: help, "did you mean", version forms, shell completion.
// End to end through the real binary (needs a build: npm run build).
const root = fileURLToPath(new URL('../../', import.meta.url))
const BIN = join(root, 'bin/run.js')
const home = mkdtempSync(join(tmpdir(), 'schemactl-conventions-'))
afterAll(() => rmSync(home, { recursive: true, force: true }))

// oclif keeps the completion scripts in its cache folder: XDG_CACHE_HOME on Linux, here a scratch one.
const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, XDG_CACHE_HOME: join(home, 'cache'), NO_COLOR: '1' }
delete env.FORCE_COLOR
// oclif reads SCHEMACTL_CACHE_DIR as its cache folder too (vitest.config.ts sets it for check's cache): here XDG_CACHE_HOME must decide.
delete env.SCHEMACTL_CACHE_DIR

function run(...args: string[]) {
  const child = spawnSync(process.execPath, [BIN, ...args], { cwd: root, encoding: 'utf8', env })
  return { status: child.status, stdout: child.stdout, stderr: child.stderr }
}

describe('help', () => {
  it('is a command: `help` lists the commands, `help check` shows one', () => {
    const all = run('help')
    expect(all.status).toBe(0)
    expect(all.stdout).toMatch(/^COMMANDS$/m)
    for (const command of ['check', 'list', 'register', 'migrate', 'version', 'autocomplete']) expect(all.stdout).toMatch(new RegExp(`^  ${command} `, 'm'))
    const check = run('help', 'check')
    expect(check.status).toBe(0)
    expect(check.stdout).toContain('$ schemactl check [DIR]')
    expect(check.stdout).toContain('--level')
    expect(run('help', 'config', 'show').stdout).toContain('$ schemactl config show')
  })
})

describe('a mistyped command', () => {
  it('names the nearest command and exits 2', () => {
    const out = run('lst')
    expect(out.status).toBe(2)
    expect(out.stdout).toBe('')
    expect(out.stderr).toBe("Error: 'lst' is not a schemactl command\nHint: Did you mean 'schemactl list'? Run schemactl --help for the list of commands.\n")
    expect(run('regster', 'x.avsc').stderr).toContain("Did you mean 'schemactl register'?")
    expect(run('get-confg').stderr).toContain("Did you mean 'schemactl get-config'?")
  })

  it('suggests nothing when nothing is near', () => {
    const out = run('frobnicate')
    expect(out.status).toBe(2)
    expect(out.stderr).toBe("Error: 'frobnicate' is not a schemactl command\nHint: Run schemactl --help for the list of commands.\n")
  })

  it('with --json, answers with the JSON error envelope carrying the suggestion', () => {
    const out = run('lst', '--json')
    expect(out.status).toBe(2)
    expect(JSON.parse(out.stdout)).toEqual({
      status: 2,
      error: {
        code: 'COMMAND_NOT_FOUND',
        message: "'lst' is not a schemactl command",
        hint: "Did you mean 'schemactl list'? Run schemactl --help for the list of commands.",
      },
      warnings: [],
    })
  })

  it('never waits for an answer when stdin stays open (no prompt)', async () => {
    const child = spawn(process.execPath, [BIN, 'lst'], { cwd: root, env, stdio: ['pipe', 'pipe', 'pipe'] })
    let stderr = ''
    child.stderr.on('data', (chunk) => (stderr += chunk))
    // stdin is never written to nor closed: a prompt would wait until the test times out.
    const code = await new Promise((resolve) => child.on('exit', resolve))
    child.stdin.destroy()
    expect(code).toBe(2)
    expect(stderr).toContain("Did you mean 'schemactl list'?")
  })
})

describe('version', () => {
  it('`version`, `--version` and `-v` print the same line', () => {
    const lines = ['version', '--version', '-v'].map((flag) => run(flag))
    for (const out of lines) expect(out.status).toBe(0)
    expect(lines[0].stdout).toMatch(/^schemactl\/\d+\.\d+\.\d+\S* \S+-\S+ node-v\d+\.\d+\.\d+\n$/)
    expect(lines[1].stdout).toBe(lines[0].stdout)
    expect(lines[2].stdout).toBe(lines[0].stdout)
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }
    expect(lines[0].stdout.startsWith(`schemactl/${pkg.version} `)).toBe(true)
  })

  it('`version --json` and `--verbose` give the details', () => {
    const json = JSON.parse(run('version', '--json').stdout)
    expect(json).toMatchObject({ status: 0, result: { version: expect.any(String), nodeVersion: process.version, root: expect.any(String) } })
    expect(run('version', '--verbose').stdout).toContain(`node ${process.version}`)
  })
})

describe('shell completion (autocomplete)', () => {
  const cache = join(home, 'cache', 'schemactl', 'autocomplete')

  it('prints the setup for each shell and writes the scripts into the cache folder', () => {
    for (const shell of ['bash', 'zsh', 'powershell']) {
      const out = run('autocomplete', shell)
      expect(out.status).toBe(0)
      expect(out.stdout).toContain(`schemactl autocomplete script ${shell}`)
    }
    expect(run('autocomplete', 'script', 'bash').stdout).toContain(`SCHEMACTL_AC_BASH_SETUP_PATH=${join(cache, 'bash_setup')} && test -f`)
    expect(run('autocomplete', 'script', 'zsh').stdout).toContain(`SCHEMACTL_AC_ZSH_SETUP_PATH=${join(cache, 'zsh_setup')} && test -f`)
    expect(run('autocomplete', 'script', 'powershell').stdout.trim()).toBe(`. ${join(cache, 'functions', 'powershell', 'schemactl.ps1')}`)
  })

  it('bash: the script completes commands, subcommands and flags', () => {
    run('autocomplete', '--refresh-cache')
    const setup = run('autocomplete', 'script', 'bash').stdout
    const complete = (...words: string[]) => {
      const script = `${setup}\nCOMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _schemactl_autocomplete; printf '%s\\n' "\${COMPREPLY[@]}"`
      const out = spawnSync('bash', ['-c', script], { encoding: 'utf8', env })
      expect(out.stderr).toBe('')
      return out.stdout.trim().split('\n')
    }
    expect(complete('schemactl', 'li')).toEqual(['lint', 'list'])
    expect(complete('schemactl', 'check', '--le')).toEqual(['--level'])
    expect(complete('schemactl', 'config', 's')).toEqual(['show'])
    // Hidden commands are not offered.
    expect(complete('schemactl', 'autocomplete', '')).not.toContain('create')
  })

  it('zsh and PowerShell: the scripts describe every command and its flags', () => {
    run('autocomplete', '--refresh-cache')
    const zsh = readFileSync(join(cache, 'functions', 'zsh', '_schemactl'), 'utf8')
    expect(zsh.startsWith('#compdef schemactl')).toBe(true)
    expect(zsh).toContain('"list[')
    expect(zsh).toMatch(/^check\)$/m)
    expect(zsh).toContain('--level"[')
    const hasZsh = spawnSync('zsh', ['--version']).status === 0
    if (hasZsh) expect(spawnSync('zsh', ['-n', join(cache, 'functions', 'zsh', '_schemactl')], { encoding: 'utf8' }).stderr).toBe('')
    const pwsh = readFileSync(join(cache, 'functions', 'powershell', 'schemactl.ps1'), 'utf8')
    expect(pwsh).toContain('Register-ArgumentCompleter')
    expect(pwsh).toContain('"check" = @{')
    expect(pwsh).toContain('"level" = @{')
    expect(pwsh).not.toContain('"create"')
  })
})

describe('usage mistakes', () => {
  it('a missing argument is named, with the help to read', () => {
    const out = run('versions')
    expect(out.status).toBe(2)
    expect(out.stderr.trim()).toBe("Error: Missing SUBJECT. See 'schemactl versions --help'.")
  })

  it('a mistyped flag value or level gets the nearest value suggested', () => {
    const format = run('check', 'schemas-example', '--format', 'sarf')
    expect(format.status).toBe(2)
    expect(format.stderr).toContain("--format: 'sarf' is not one of text, json, github, junit, sarif")
    expect(format.stderr).toContain('Hint: Did you mean sarif?')
    const level = run('check', 'schemas-example', '--level', 'backwrd')
    expect(level.status).toBe(2)
    expect(level.stderr).toContain('Hint: Did you mean BACKWARD?')
  })

  it('no command argument is called FIRST or SECOND', () => {
    const manifest = JSON.parse(readFileSync(join(root, 'oclif.manifest.json'), 'utf8')) as { commands: Record<string, { args?: Record<string, unknown> }> }
    const names = Object.values(manifest.commands).flatMap((command) => Object.keys(command.args ?? {}))
    expect(names.filter((name) => /^(first|second)$/i.test(name))).toEqual([])
  })
})
