import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/config/load.js'
import { ConfigError, UsageError } from '../../src/errors.js'
import { temporaryWorkspaces } from '../workspace/make-workspace.js'

const folder = temporaryWorkspaces()

describe('loadConfig', () => {
  it.each([
    ['schemactl.config.json', '{"compatibility": "FULL"}'],
    ['schemactl.config.yaml', 'compatibility: FULL\n'],
    ['schemactl.config.yml', 'compatibility: FULL\n'],
    ['schemactl.config.mjs', 'export default { compatibility: "FULL" }\n'],
    ['schemactl.config.cjs', 'module.exports = { compatibility: "FULL" }\n'],
    ['.schemactlrc', '{"compatibility": "FULL"}'],
    ['.schemactlrc.yaml', 'compatibility: FULL\n'],
    ['package.json', '{"name": "x", "schemactl": {"compatibility": "FULL"}}'],
  ])('finds %s in the workspace folder', async (file, content) => {
    const dir = folder({ [file]: content })
    const loaded = await loadConfig(dir)
    expect(loaded.config.compatibility).toBe('FULL')
    expect(loaded.file?.endsWith(file)).toBe(true)
  })

  it('uses the defaults when there is no config file', async () => {
    const loaded = await loadConfig(folder({ 'a.avsc': '"int"' }))
    expect(loaded).toEqual({
      config: {
        compatibility: 'BACKWARD',
        subjects: {},
        registries: {},
        approvals: [],
        lint: { use: ['STANDARD'], except: [], ignore: {}, fieldCase: 'camel', piiTags: ['PII'], piiExceptions: [] },
        contracts: {},
      },
      warnings: [],
    })
  })

  it('throws a ConfigError naming the file and key for an invalid level', async () => {
    const dir = folder({ 'schemactl.config.json': '{"compatibility": "BAKWARD"}' })
    const err = await loadConfig(dir).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ConfigError)
    expect((err as Error).message).toBe(
      "schemactl.config.json: compatibility: 'BAKWARD' is not a level (NONE, BACKWARD, BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL, FULL_TRANSITIVE); did you mean 'BACKWARD'?",
    )
  })

  it('gives file:line:col for a JSON syntax error', async () => {
    const dir = folder({ 'schemactl.config.json': '{\n  "compatibility": "FULL",\n}' })
    const err = (await loadConfig(dir).catch((e: unknown) => e)) as ConfigError
    expect(err).toBeInstanceOf(ConfigError)
    expect(err.message).toMatch(/^schemactl\.config\.json:3:1: cannot be loaded: /)
  })

  it('names the file for a YAML syntax error', async () => {
    const err = (await loadConfig(folder({ 'schemactl.config.yaml': 'compatibility: [\n' })).catch((e: unknown) => e)) as ConfigError
    expect(err).toBeInstanceOf(ConfigError)
    expect(err.message).toMatch(/^schemactl\.config\.yaml: cannot be loaded: .+/)
  })

  it('returns unknown keys as warnings prefixed with the file', async () => {
    const loaded = await loadConfig(folder({ '.schemactlrc.json': '{"compatibility": "NONE", "colour": true}' }))
    expect(loaded.warnings).toEqual([
      '.schemactlrc.json: colour: unknown key (known: compatibility, compatibilityPolicy, subjects, registries, defaultRegistry, approvals, lint, contracts); ignored',
    ])
  })
})

describe('loadConfig of an untrusted folder', () => {
  /** A folder holding `link` → `target` (a file beside it, outside the folder), plus `tree`. */
  function linkedOut(link: string, targetText: string, tree: Record<string, string> = {}): { dir: string; target: string } {
    const parent = folder({ 'secret.txt': targetText })
    const dir = join(parent, 'workspace')
    mkdirSync(dir)
    for (const [file, content] of Object.entries(tree)) writeFileSync(join(dir, file), content)
    symlinkSync(join(parent, 'secret.txt'), join(dir, link))
    return { dir, target: join(parent, 'secret.txt') }
  }

  it.each(['schemactl.config.json', '.schemactlrc', '.schemactlrc.yaml', 'package.json'])(
    'refuses %s as a link leaving the folder, naming the file but not the target',
    async (file) => {
      const { dir, target } = linkedOut(file, 'root:x:0:0:secret-content')
      const err = (await loadConfig(dir).catch((e: unknown) => e)) as ConfigError
      expect(err).toBeInstanceOf(ConfigError)
      expect(err.code).toBe('CONFIG_LINK_OUTSIDE')
      expect(err.message).toBe(`${file}: is a symbolic link that leads outside the folder: not read`)
      expect(`${err.message} ${err.hint}`).not.toContain(target)
      expect(`${err.message} ${err.hint}`).not.toContain('secret')
      expect(err.hint).toContain('SCHEMACTL_FOLLOW_EXTERNAL_LINKS=true')
    },
  )

  it('reads a link that stays inside the folder', async () => {
    const dir = folder({ 'configs/shared.json': '{"compatibility": "FULL"}' })
    symlinkSync('configs/shared.json', join(dir, 'schemactl.config.json'))
    expect((await loadConfig(dir)).config.compatibility).toBe('FULL')
  })

  it('follows a link out of the folder with followExternalLinks or SCHEMACTL_FOLLOW_EXTERNAL_LINKS=true', async () => {
    const { dir } = linkedOut('schemactl.config.json', '{"compatibility": "FULL"}')
    expect((await loadConfig(dir, { followExternalLinks: true })).config.compatibility).toBe('FULL')
    const loaded = await withEnv({ SCHEMACTL_FOLLOW_EXTERNAL_LINKS: 'true' }, () => loadConfig(dir))
    expect(loaded.config.compatibility).toBe('FULL')
  })

  it('does not look at a link past the file it uses', async () => {
    const { dir } = linkedOut('.schemactlrc.yaml', 'compatibility: NONE\n', { 'schemactl.config.json': '{"compatibility": "FULL"}' })
    expect((await loadConfig(dir)).config.compatibility).toBe('FULL')
  })

  it.each(['schemactl.config.mjs', 'schemactl.config.cjs', 'schemactl.config.js', '.schemactlrc.cjs'])(
    'refuses %s with jsConfig deny, without running it',
    async (file) => {
      const dir = folder({})
      const marker = join(dir, 'ran')
      const code = `require('node:fs').writeFileSync(${JSON.stringify(marker)}, 'x'); module.exports = { compatibility: 'FULL' }\n`
      writeFileSync(
        join(dir, file),
        file.endsWith('.mjs') ? `import { writeFileSync } from 'node:fs'; writeFileSync(${JSON.stringify(marker)}, 'x'); export default {}\n` : code,
      )
      const err = (await loadConfig(dir, { jsConfig: 'deny' }).catch((e: unknown) => e)) as ConfigError
      expect(err).toBeInstanceOf(ConfigError)
      expect(err.code).toBe('CONFIG_JS_DENIED')
      expect(err.message).toBe(`${file}: JavaScript configuration is refused here (SCHEMACTL_JS_CONFIG=deny): loading it would run its code`)
      expect(err.hint).toMatch(/JSON or YAML/)
      expect(existsSync(marker)).toBe(false)
    },
  )

  it('SCHEMACTL_JS_CONFIG=deny refuses a JavaScript config; a JSON config beside one is still read', async () => {
    const js = folder({ 'schemactl.config.cjs': 'module.exports = { compatibility: "FULL" }\n' })
    const err = await withEnv({ SCHEMACTL_JS_CONFIG: 'deny' }, () => loadConfig(js)).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ConfigError)
    const both = folder({ 'schemactl.config.json': '{"compatibility": "NONE"}', 'schemactl.config.cjs': 'module.exports = { compatibility: "FULL" }\n' })
    expect((await withEnv({ SCHEMACTL_JS_CONFIG: 'deny' }, () => loadConfig(both))).config.compatibility).toBe('NONE')
  })

  it('a bad SCHEMACTL_JS_CONFIG or SCHEMACTL_FOLLOW_EXTERNAL_LINKS is a usage error naming the variable', async () => {
    const dir = folder({ 'schemactl.config.json': '{}' })
    const js = await withEnv({ SCHEMACTL_JS_CONFIG: 'nope' }, () => loadConfig(dir)).catch((e: unknown) => e)
    expect(js).toBeInstanceOf(UsageError)
    expect((js as Error).message).toBe('SCHEMACTL_JS_CONFIG=nope: expected allow or deny')
    const follow = await withEnv({ SCHEMACTL_FOLLOW_EXTERNAL_LINKS: 'sure' }, () => loadConfig(dir)).catch((e: unknown) => e)
    expect(follow).toBeInstanceOf(UsageError)
    expect((follow as Error).message).toMatch(/^SCHEMACTL_FOLLOW_EXTERNAL_LINKS=sure: expected true or false/)
  })

  it('does not follow $import to another file (cosmiconfig would, and run it)', async () => {
    const parent = folder({ 'evil.cjs': "require('node:fs').writeFileSync(__dirname + '/ran', 'x'); module.exports = {}\n" })
    const dir = join(parent, 'workspace')
    mkdirSync(dir)
    writeFileSync(join(dir, 'schemactl.config.json'), '{"$import": "../evil.cjs", "compatibility": "FULL"}')
    const loaded = await loadConfig(dir)
    expect(loaded.config.compatibility).toBe('FULL')
    expect(loaded.warnings).toEqual([expect.stringMatching(/^schemactl\.config\.json: \$import: unknown key/)])
    expect(existsSync(join(parent, 'ran'))).toBe(false)
  })
})

describe('loadConfig and the current folder', () => {
  it("never runs cosmiconfig's meta configuration (.config/config.cjs of the current folder)", async () => {
    const cwd = folder({ 'schemas/schemactl.config.json': '{"compatibility": "FULL"}' })
    mkdirSync(join(cwd, '.config'))
    writeFileSync(join(cwd, '.config', 'config.cjs'), "require('node:fs').writeFileSync(__dirname + '/../ran', 'x'); module.exports = {}\n")
    const before = process.cwd()
    process.chdir(cwd)
    try {
      expect((await loadConfig('schemas')).config.compatibility).toBe('FULL')
    } finally {
      process.chdir(before)
    }
    expect(existsSync(join(cwd, 'ran'))).toBe(false)
  })
})

/** Runs `fn` with `vars` set in process.env (loadConfig reads its defaults there), then restores them. */
async function withEnv<T>(vars: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]))
  Object.assign(process.env, vars)
  try {
    return await fn()
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k]
      else process.env[k] = v
    }
  }
}
